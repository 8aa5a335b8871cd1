import Foundation
import Testing

@testable import ChainLeadCore

// Policy S2: scheme validation and its JSON, eligibility reasons, the two-year review, early warnings.

private typealias Band = SelectionScheme.Band

private func date(_ iso: String) -> SimpleDate { SimpleDate(iso: iso)! }

/// Contains at least one CJK ideograph.
private func isChinese(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

/// The first problem of the standard scheme after `change`.
private func problem(_ change: (inout SelectionScheme) -> Void) -> FieldError? {
    var scheme = SelectionScheme.standard
    change(&scheme)
    return scheme.problem()
}

@Suite(.tags(.s2)) struct SelectionSchemeTests {
    @Test func theStandardSchemeIsValid() {
        #expect(SelectionScheme.standard.problem() == nil)
        // 30 + 10 + 20 + 20 + 10 + 10
        #expect(SelectionScheme.standard.indicators.reduce(0) { $0 + $1.weight } == 100)
    }

    @Test func weightsMustSumToHundred() throws {
        // act: 29 + 10 + 20 + 20 + 10 + 10 = 99
        let p = try #require(problem { $0.indicators[0].weight = 29 })
        // check
        #expect(p.field == "indicators")
        #expect(p.code == "weights_sum")
        #expect(p.message.contains("当前为99"))
    }

    @Test func aWeightOutsideZeroToHundredNamesTheIndicator() {
        #expect(problem { $0.indicators[1].weight = 101 }?.field == "indicators[1].weight")
        #expect(problem { $0.indicators[1].weight = -1 }?.code == "out_of_range")
        // 0 is allowed when the others still make 100
        #expect(problem { $0.indicators.append(.init(.exports, weight: 0, .minmax)) } == nil)
    }

    @Test func anIndicatorMayAppearOnlyOnce() throws {
        // act: weight 0 keeps the sum at 100, so only the duplicate is wrong
        let p = try #require(problem { $0.indicators.append(.init(.outputValue, weight: 0, .percentile)) })
        // check
        #expect(p == FieldError("indicators[6].code", "duplicate", "指标 产值 重复"))
    }

    @Test func bandsNormalisationNeedsBands() {
        // standard indicator 2 is R&D intensity by bands
        #expect(problem { $0.indicators[2].bands = nil }?.field == "indicators[2].bands")
        #expect(problem { $0.indicators[2].bands = [] }?.code == "invalid")
        #expect(problem { $0.indicators[2].bands = Array(repeating: Band(0, 0), count: 21) }?.field == "indicators[2].bands")
        #expect(problem { $0.indicators[2].bands = [Band(0.02, 101)] }?.field == "indicators[2].bands")
        #expect(problem { $0.indicators[2].bands = [Band(.infinity, 50)] }?.field == "indicators[2].bands")
        #expect(problem { $0.indicators[2].bands = [Band(0.05, 100), Band(0.02, 0)] } == nil)
    }

    @Test func bandsMustNotLoseRankWithHigherThresholds() {
        // a higher R&D intensity must not earn fewer points; a threshold must not repeat
        #expect(problem { $0.indicators[2].bands = [Band(0.02, 70), Band(0.03, 40)] }?.field == "indicators[2].bands")
        #expect(problem { $0.indicators[2].bands = [Band(0.03, 40), Band(0.02, 70)] }?.code == "invalid")
        #expect(problem { $0.indicators[2].bands = [Band(0.02, 40), Band(0.02, 70)] }?.field == "indicators[2].bands")
        // equal points on rising thresholds are fine
        #expect(problem { $0.indicators[2].bands = [Band(0.02, 50), Band(0.03, 50)] } == nil)
    }

    @Test func onlyBandsNormalisationMayHaveBands() throws {
        // act: standard indicator 0 is output value by minmax
        let p = try #require(problem { $0.indicators[0].bands = [Band(1e9, 50)] })
        // check
        #expect(p.field == "indicators[0].bands")
        #expect(p.code == "invalid")
    }

    @Test func poolFloorsMustBeInOrder() throws {
        // act: backbone 70 above candidate 60
        let p = try #require(problem { $0.pools.backbone = 70 })
        // check
        #expect(p.field == "pools")
        #expect(p.code == "invalid")
        #expect(problem { $0.pools.emerging = 45 }?.field == "pools")
        #expect(problem { $0.pools.candidate = 101 }?.field == "pools.candidate")
        // equal floors are in order
        let equal = problem {
            $0.pools.backbone = 60
            $0.pools.emerging = 60
        }
        #expect(equal == nil)
    }

    @Test func otherFieldsAreCheckedByName() {
        #expect(problem { $0.recognition.quotaPerChain = 0 }?.field == "recognition.quotaPerChain")
        #expect(problem { $0.recognition.quotaPerChain = 0 }?.code == "out_of_range")
        #expect(problem { $0.recognition.quotaPerChain = 100 } == nil)
        #expect(problem { $0.recognition.minScore = .nan }?.field == "recognition.minScore")
        #expect(problem { $0.name = "  " }?.field == "name")
        #expect(problem { $0.indicators = [] }?.field == "indicators")
        #expect(problem { $0.eligibility.figureYears = 0 }?.field == "eligibility.figureYears")
        #expect(problem { $0.eligibility.minOutputValue = Money.ceiling + 1 }?.field == "eligibility.minOutputValue")
        #expect(problem { $0.eligibility.maxOpenSeriousViolations = -1 }?.field == "eligibility.maxOpenSeriousViolations")
        #expect(problem { $0.maxChainsPerFirm = 0 }?.field == "maxChainsPerFirm")
        #expect(problem { $0.maxChainsPerFirm = 11 }?.field == "maxChainsPerFirm")
    }

    @Test func decodesTheOfficialsJSONWithDefaults() throws {
        // setup: bands as [threshold, points]; districtReview, requirePledge, maxChainsPerFirm, stages left out
        let json = """
            {
              "name": "2025年集成电路产业链链主遴选方案",
              "eligibility": {"minOutputValue": 500000000, "figureYears": 2, "maxOpenSeriousViolations": 0,
                              "activeOnly": true, "aboveScaleOnly": true},
              "indicators": [
                {"code": "outputValue", "weight": 40, "normalisation": "minmax"},
                {"code": "rdIntensity", "weight": 30, "normalisation": "bands", "bands": [[0.02, 40], [0.03, 70]]},
                {"code": "patents", "weight": 30, "normalisation": "percentile"}
              ],
              "recognition": {"quotaPerChain": 2, "minScore": 65},
              "pools": {"candidate": 60, "backbone": 40, "emerging": 25}
            }
            """
        // act
        let s = try JSONDecoder().decode(SelectionScheme.self, from: Data(json.utf8))
        // check
        #expect(s.problem() == nil)
        #expect(s.indicators.map(\.code) == [.outputValue, .rdIntensity, .patents])
        #expect(s.indicators[1].bands == [Band(0.02, 40), Band(0.03, 70)])
        #expect(s.indicators[0].bands == nil)
        #expect(s.eligibility.minOutputValue == 500_000_000)
        #expect(s.eligibility.aboveScaleOnly)
        #expect(s.recognition.quotaPerChain == 2)
        #expect(s.districtReview == true)
        #expect(s.requirePledge == false)
        #expect(s.maxChainsPerFirm == 3)
        #expect(s.stages == SelectionScheme.Stages())
        #expect(!s.stages.experts && !s.stages.chiefApproval && !s.stages.notice)
        // and back: encoded bands are pairs again
        let again = try JSONDecoder().decode(SelectionScheme.self, from: JSONEncoder().encode(s))
        #expect(again == s)
    }

    @Test func absentSectionsTakeTheirDefaults() throws {
        // setup
        let json = #"{"name": "最简方案", "indicators": [{"code": "revenue", "weight": 100, "normalisation": "minmax"}]}"#
        // act
        let s = try JSONDecoder().decode(SelectionScheme.self, from: Data(json.utf8))
        // check
        #expect(s == SelectionScheme(name: "最简方案", indicators: [.init(.revenue, weight: 100, .minmax)]))
        #expect(s.eligibility.minOutputValue == 1_000_000_000)
        #expect(s.pools.candidate == 60)
    }

    @Test func aBandIsExactlyTwoNumbers() {
        // setup
        func scheme(_ bands: String) -> Data {
            let ind = #"{"code": "rdIntensity", "weight": 100, "normalisation": "bands", "bands": \#(bands)}"#
            return Data(#"{"name": "x", "indicators": [\#(ind)]}"#.utf8)
        }
        // act / check
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SelectionScheme.self, from: scheme("[[0.02, 40, 1]]")) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SelectionScheme.self, from: scheme("[[0.02]]")) }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SelectionScheme.self, from: scheme(#"[{"threshold": 0.02, "points": 40}]"#))
        }
        #expect(throws: Never.self) { try JSONDecoder().decode(SelectionScheme.self, from: scheme("[[0.02, 40]]")) }
    }
}

@Suite(.tags(.s2)) struct SelectionEligibilityTests {
    /// Eligible for a 2025 campaign under the standard scheme (threshold 10亿元, figures 2023 and 2024).
    let ok = EligibilityFacts(
        districtInCity: true, status: .active, outputLastYear: 2_000_000_000, yearsWithFigures: [2023, 2024],
        openSeriousViolations: 0, inChain: true, aboveScaleYear: nil)
    let standard = SelectionScheme.standard

    private func rules(_ change: (inout EligibilityFacts) -> Void, scheme: SelectionScheme = .standard) -> [String] {
        var f = ok
        change(&f)
        return EligibilityRules.check(f, scheme: scheme, year: 2025).map(\.rule)
    }

    @Test func anEligibleFirmHasNoReasons() {
        #expect(EligibilityRules.check(ok, scheme: standard, year: 2025) == [])
        // exactly at the threshold is enough
        #expect(rules { $0.outputLastYear = 1_000_000_000 } == [])
    }

    @Test func eachRuleFailsAlone() {
        #expect(rules { $0.districtInCity = false } == ["district"])
        #expect(rules { $0.status = .deregistered } == ["active"])
        #expect(rules { $0.yearsWithFigures = [2024] } == ["figures"])
        #expect(rules { $0.yearsWithFigures = [2023, 2025] } == ["figures"])
        #expect(rules { $0.outputLastYear = 999_999_999 } == ["minOutputValue"])
        #expect(rules { $0.outputLastYear = nil } == ["minOutputValue"])
        #expect(rules { $0.openSeriousViolations = 1 } == ["violations"])
        #expect(rules { $0.inChain = false } == ["chain"])
    }

    @Test func theSchemeLoosensOrTightensRules() {
        // setup
        var loose = standard
        loose.eligibility.activeOnly = false
        loose.eligibility.maxOpenSeriousViolations = 2
        var strict = standard
        strict.eligibility.figureYears = 3
        // check
        #expect(rules({ $0.status = .movedOut }, scheme: loose) == [])
        #expect(rules({ $0.openSeriousViolations = 2 }, scheme: loose) == [])
        #expect(rules({ $0.openSeriousViolations = 3 }, scheme: loose) == ["violations"])
        // three years: 2022 is needed too
        #expect(rules({ _ in }, scheme: strict) == ["figures"])
        #expect(rules({ $0.yearsWithFigures = [2022, 2023, 2024] }, scheme: strict) == [])
    }

    @Test func aboveScaleMustBeConfirmedByTheYearBeforeTheCampaign() {
        // setup
        var scheme = standard
        scheme.eligibility.aboveScaleOnly = true
        // check: never flagged, flagged only in 2025 → fail; 2024 or earlier → pass
        #expect(rules({ $0.aboveScaleYear = nil }, scheme: scheme) == ["aboveScale"])
        #expect(rules({ $0.aboveScaleYear = 2025 }, scheme: scheme) == ["aboveScale"])
        #expect(rules({ $0.aboveScaleYear = 2024 }, scheme: scheme) == [])
        #expect(rules({ $0.aboveScaleYear = 2019 }, scheme: scheme) == [])
        // not asked for: no flag is fine
        #expect(rules { $0.aboveScaleYear = nil } == [])
    }

    @Test func reasonsAreChineseAndSayWhatIsWrong() throws {
        // setup: everything wrong at once
        let bad = EligibilityFacts(
            districtInCity: false, status: .deregistered, outputLastYear: 900_000_000, yearsWithFigures: [],
            openSeriousViolations: 2, inChain: false, aboveScaleYear: nil)
        var scheme = standard
        scheme.eligibility.aboveScaleOnly = true
        // act
        let reasons = EligibilityRules.check(bad, scheme: scheme, year: 2025)
        // check
        #expect(reasons.map(\.rule) == ["district", "active", "figures", "minOutputValue", "violations", "chain", "aboveScale"])
        #expect(reasons.allSatisfy { !$0.message.isEmpty && isChinese($0.message) })
        #expect(reasons[1].message.contains("注销"))
        #expect(reasons[2].message == "缺少2023年、2024年的经营数据")
        // 9亿元 below 10亿元
        #expect(reasons[3].message == "2024年产值9亿元低于门槛10亿元")
        #expect(reasons[4].message.contains("2条"))
        let missing = EligibilityRules.check(
            EligibilityFacts(
                districtInCity: true, status: .active, outputLastYear: nil, yearsWithFigures: [2023, 2024],
                openSeriousViolations: 0, inChain: true, aboveScaleYear: nil),
            scheme: standard, year: 2025)
        #expect(try #require(missing.first).message.contains("缺少2024年产值"))
    }
}

@Suite(.tags(.s2)) struct SelectionReviewTests {
    @Test func reviewIsDueTwoYearsOnTheSameDay() {
        #expect(ReviewRules.reviewDue(after: date("2024-03-15")) == date("2026-03-15"))
        #expect(ReviewRules.reviewDue(after: date("2025-12-31")) == date("2027-12-31"))
    }

    @Test func leapDayReviewFallsOnTheTwentyEighth() {
        #expect(ReviewRules.reviewDue(after: date("2024-02-29")) == date("2026-02-28"))
        // a 28 February stays the 28th even when the due year is a leap year
        #expect(ReviewRules.reviewDue(after: date("2026-02-28")) == date("2028-02-28"))
    }
}

@Suite(.tags(.s2)) struct SelectionEarlyWarningTests {
    /// Recognised 2024-05-01; output flat at 100 in 2023 and 2024; R&D 4%; nothing open.
    let fine = WarningFacts(
        status: .active, output: [2023: 100, 2024: 100], rdIntensity: [2024: 0.04], recognisedOn: date("2024-05-01"),
        openSeriousViolations: [])

    private func kinds(_ change: (inout WarningFacts) -> Void, today: String = "2025-05-01") -> [WarningKind] {
        var f = fine
        change(&f)
        return EarlyWarnings.detect(f, today: date(today), firstBand: 0.02).map(\.kind)
    }

    @Test func aHealthyLeaderHasNoWarnings() {
        #expect(EarlyWarnings.detect(fine, today: date("2025-08-01"), firstBand: 0.02) == [])
    }

    @Test func outputDownMoreThanTwentyPercentWarns() throws {
        // setup: 100 → 79 is −21%
        var f = fine
        f.output[2024] = 79
        // act
        let w = try #require(EarlyWarnings.detect(f, today: date("2025-05-01"), firstBand: 0.02).first)
        // check
        #expect(w.kind == .outputDrop)
        #expect(approx(w.numbers["change"], -0.21))
        #expect(w.numbers["year"] == 2024 && w.numbers["previous"] == 100 && w.numbers["current"] == 79)
        #expect(w.message == "2024年产值同比下降21%")
    }

    @Test func outputDownExactlyTwentyPercentDoesNotWarn() {
        #expect(kinds { $0.output[2024] = 80 } == [])
        #expect(kinds { $0.output = [2023: 1_000_000_000, 2024: 800_000_000] } == [])
        // one yuan more down (−20.0000001%) warns
        #expect(kinds { $0.output = [2023: 1_000_000_000, 2024: 799_999_999] } == [.outputDrop])
        // no previous year, or a previous year of 0: nothing to compare
        #expect(kinds { $0.output = [2022: 100, 2024: 10] } == [])
        #expect(kinds { $0.output = [2023: 0, 2024: 10] } == [])
    }

    @Test func rdIntensityBelowTheFirstBandWarns() throws {
        // setup
        var f = fine
        f.rdIntensity = [2023: 0.05, 2024: 0.015]
        // act
        let w = EarlyWarnings.detect(f, today: date("2025-05-01"), firstBand: 0.02)
        // check: the latest year counts
        #expect(w.map(\.kind) == [.lowRdIntensity])
        #expect(try #require(w.first).numbers == ["year": 2024, "rdIntensity": 0.015, "threshold": 0.02])
        #expect(kinds { $0.rdIntensity = [2024: 0.02] } == [])
        #expect(kinds { $0.rdIntensity = [2023: 0.01, 2024: 0.03] } == [])
        #expect(EarlyWarnings.detect(f, today: date("2025-05-01"), firstBand: nil) == [])
    }

    @Test func onlyViolationsSinceRecognitionWarn() throws {
        // check: the day before recognition does not count; the day itself does
        #expect(kinds { $0.openSeriousViolations = [date("2024-04-30")] } == [])
        #expect(kinds { $0.openSeriousViolations = [date("2024-05-01")] } == [.seriousViolation])
        // act
        var f = fine
        f.openSeriousViolations = [date("2023-01-01"), date("2024-05-01"), date("2025-02-01")]
        let w = try #require(EarlyWarnings.detect(f, today: date("2025-05-01"), firstBand: 0.02).first)
        #expect(w.numbers["count"] == 2)
    }

    @Test func anInactiveLeaderWarns() {
        #expect(kinds { $0.status = .merged } == [.inactive])
    }

    @Test func lastYearsFiguresAreDueByThirtiethOfJune() {
        // setup: 2024 not on record
        let change: (inout WarningFacts) -> Void = { $0.output = [2023: 100] }
        // check
        #expect(kinds(change, today: "2025-06-30") == [])
        #expect(kinds(change, today: "2025-07-01") == [.figuresMissing])
        #expect(kinds({ _ in }, today: "2025-07-01") == [])
    }
}
