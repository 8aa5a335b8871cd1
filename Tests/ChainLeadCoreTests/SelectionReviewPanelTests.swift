import Testing

@testable import ChainLeadCore

/// Selection II's rules (Policy S1, S2): expert calibration, the final score, the public notice's
/// working days, conflicts found without the expert's word.
@Suite(.tags(.s2)) struct CalibrationTests {
    func scores(_ expert: String, _ raws: [Double], from first: Int64 = 1) -> [ExpertScore] {
        raws.enumerated().map { ExpertScore(expert: expert, application: first + Int64($0.offset), raw: $0.element) }
    }

    @Test func twoExpertsWhoseScoresDifferOnlyByAnOffsetEndEqual() {
        // setup: B scores every application 10 points above A
        let a = scores("a", [60, 70, 80, 90, 65])
        let b = scores("b", [70, 80, 90, 100, 75])
        // act
        let out = Calibration.calibrate(a + b)
        // check: each application gets the same calibrated score from both, and each is used
        for app in Int64(1)...5 {
            let pair = out.filter { $0.application == app }
            #expect(pair.count == 2)
            #expect(abs(pair[0].calibrated - pair[1].calibrated) < 1e-9)
        }
        #expect(out.allSatisfy { $0.calibratedUsed })
        // the panel's mean is kept: (mean 73 of A + mean 83 of B) / 2 = 78
        let mean = out.map(\.calibrated).reduce(0, +) / Double(out.count)
        #expect(abs(mean - 78) < 1e-9)
    }

    @Test func fewerThanFiveScoresOrAllEqualKeepTheirRawScores() {
        // setup: c scored four, d scored five all alike, e scored five that vary
        let c = scores("c", [50, 60, 70, 80])
        let d = scores("d", [70, 70, 70, 70, 70], from: 10)
        let e = scores("e", [40, 50, 60, 70, 80], from: 20)
        // act
        let out = Calibration.calibrate(c + d + e)
        // check
        #expect(out.filter { $0.expert != "e" }.allSatisfy { !$0.calibratedUsed && $0.calibrated == $0.raw })
        #expect(out.filter { $0.expert == "e" }.allSatisfy { $0.calibratedUsed })
    }

    @Test func oneExpertAloneMapsOntoItself() {
        // setup: the panel is the expert
        let only = scores("f", [55, 65, 75, 85, 95])
        // act
        let out = Calibration.calibrate(only)
        // check: z against itself, back onto itself
        for s in out { #expect(abs(s.calibrated - s.raw) < 1e-9) }
    }

    @Test func theFinalScoreWeighsIndicatorsAndExperts() {
        // setup: 70/30 by default
        let weights = SelectionScheme.Final()
        // act + check: 0.7 · 80 + 0.3 · 60 = 74; an expert score missing leaves it open
        #expect(Calibration.finalScore(indicator: 80, expert: 60, weights: weights) == 74)
        #expect(Calibration.finalScore(indicator: 80, expert: nil, weights: weights) == nil)
        var noExperts = SelectionScheme.Final()
        noExperts.indicator = 100
        noExperts.expert = 0
        #expect(Calibration.finalScore(indicator: 80, expert: nil, weights: noExperts) == 80)
        #expect(Calibration.isValidScore(87.5) && !Calibration.isValidScore(87.55) && !Calibration.isValidScore(101))
    }

    @Test func aSchemeWithExpertsNeedsFinalWeightsSummingTo100() throws {
        // setup
        var scheme = SelectionScheme.standard
        scheme.stages.experts = true
        scheme.final.indicator = 60
        scheme.final.expert = 30
        // act + check
        #expect(scheme.problem()?.field == "final")
        scheme.final.expert = 40
        #expect(scheme.problem() == nil)
    }
}

@Suite(.tags(.s2)) struct NoticeAndConflictTests {
    func day(_ iso: String) -> SimpleDate { SimpleDate(iso: iso) ?? .first }

    @Test func theNoticeCountsWorkingDaysFromItsFirstDayInclusiveAcrossHolidays() {
        // setup: 2026's National Day week (1–7 October) and the make-up Saturday 10 October
        let calendar = WorkingCalendar.china2026
        // act: from Wednesday 30 September, 5 working days: 30/9, 8/10, 9/10, 10/10 (Sat, make-up), 12/10
        let period = NoticePeriod.compute(from: day("2026-09-30"), workingDays: 5, calendar: calendar)
        // check
        #expect(period.startsOn == day("2026-09-30"))
        #expect(period.until == day("2026-10-12"))
        // a notice dated in the holiday starts on the next working day: 8, 9, 10, 12, 13 October
        let late = NoticePeriod.compute(from: day("2026-10-03"), workingDays: 5, calendar: calendar)
        #expect(late.startsOn == day("2026-10-08"))
        #expect(late.until == day("2026-10-13"))
    }

    @Test func conflictsAreFoundFromTheEmployerTradeAndGroup() {
        // setup
        let applicant = "91320214MA1XXXXX11"
        let employer = "91320214MA1YYYYY22"
        // act + check: the applicant itself; a trading partner; the same name root; none
        #expect(
            ConflictRules.detect(employer: applicant, employerName: nil, applicant: applicant, applicantName: "甲", tradingPartners: [])
                != nil)
        #expect(
            ConflictRules.detect(
                employer: employer, employerName: "乙公司", applicant: applicant, applicantName: "甲", tradingPartners: [employer]) != nil)
        #expect(
            ConflictRules.detect(
                employer: employer, employerName: "无锡华光电子有限公司", applicant: applicant, applicantName: "华光电子股份有限公司",
                tradingPartners: []) != nil)
        #expect(
            ConflictRules.detect(
                employer: employer, employerName: "无锡远景科技有限公司", applicant: applicant, applicantName: "江阴华宏特钢股份有限公司",
                tradingPartners: []) == nil)
        #expect(
            ConflictRules.detect(employer: nil, employerName: nil, applicant: applicant, applicantName: "甲", tradingPartners: []) == nil)
    }
}

@Suite(.tags(.s2)) struct ExpertAssignmentTests {
    @Test func thePanelIsSpreadEvenlyAndSkipsConflictsAndHolders() {
        // setup: 7 applications × 3 experts from a panel of 5; application 3 conflicts with "a"
        let slots = (1...7).map { ExpertAssignment.Slot(application: Int64($0), needed: 3, excluded: $0 == 3 ? ["a"] : []) }
        // act
        let plan = ExpertAssignment.plan(slots, experts: ["a", "b", "c", "d", "e"], load: [:])
        // check: 21 assignments, no expert more than one above another, none twice on one application
        #expect(plan.pairs.count == 21 && plan.short.isEmpty)
        let loads = Dictionary(grouping: plan.pairs, by: \.expert).mapValues(\.count)
        #expect((loads.values.max() ?? 0) - (loads.values.min() ?? 0) <= 1)
        for app in Int64(1)...7 {
            let experts = plan.pairs.filter { $0.application == app }.map(\.expert)
            #expect(Set(experts).count == 3)
        }
        #expect(!plan.pairs.contains { $0.application == 3 && $0.expert == "a" })
    }

    @Test func anApplicationIsShortWhenTooFewExpertsAreFree() {
        // setup: two experts, one of whom already holds the application
        let slots = [ExpertAssignment.Slot(application: 9, needed: 2, excluded: ["a"])]
        // act
        let plan = ExpertAssignment.plan(slots, experts: ["a", "b"], load: ["b": 4])
        // check
        #expect(plan.pairs.map(\.expert) == ["b"])
        #expect(plan.short == [9: 1])
    }
}
