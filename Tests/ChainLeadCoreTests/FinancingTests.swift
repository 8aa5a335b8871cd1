import ChainLeadCore
import Foundation
import Testing

/// Financing needs, banks' answers and the green channel's clock (Policy S5), by hand.
@Suite struct FinancingTests {
    @Test func anAnswerMovesForwardOnlyAndEndsAtApprovedOrDeclined() {
        // check
        #expect(AnswerStatus.recommended.mayMove(to: .contacted) && AnswerStatus.recommended.mayMove(to: .approved))
        #expect(AnswerStatus.contacted.mayMove(to: .declined))
        #expect(!AnswerStatus.contacted.mayMove(to: .recommended) && !AnswerStatus.contacted.mayMove(to: .contacted))
        for final in [AnswerStatus.approved, .declined] {
            #expect(final.isFinal)
            #expect(AnswerStatus.allCases.allSatisfy { !final.mayMove(to: $0) })
        }
        #expect(TalentStatus.nominated.mayMove(to: .recommended) && !TalentStatus.selected.mayMove(to: .recommended))
    }

    @Test func figuresCountANeedOnceInTheWholeAndOnceInEachBankAndChain() {
        // setup: need 1 (500万, chains a and b) to banks X and Y; need 2 (200万, chain a) to X
        let facts = [
            RecommendationFact(
                need: 1, bank: "X", chains: ["a", "b"], asked: 5_000_000, status: .approved, approvedAmount: 3_000_000,
                daysToFirstAnswer: 2,
                declineReason: nil),
            RecommendationFact(
                need: 1, bank: "Y", chains: ["a", "b"], asked: 5_000_000, status: .declined, approvedAmount: nil, daysToFirstAnswer: 4,
                declineReason: "抵押不足"),
            RecommendationFact(
                need: 2, bank: "X", chains: ["a"], asked: 2_000_000, status: .declined, approvedAmount: nil, daysToFirstAnswer: nil,
                declineReason: "抵押不足"),
            RecommendationFact(
                need: 2, bank: "Y", chains: ["a"], asked: 2_000_000, status: .recommended, approvedAmount: nil, daysToFirstAnswer: nil,
                declineReason: nil),
        ]
        // act
        let t = FinanceFigures.tally(facts)
        // check: the whole
        #expect(t.total.needs == 2 && t.total.recommendations == 4)
        #expect(t.total.askedYuan == 7_000_000 && t.total.approvedYuan == 3_000_000)
        #expect(t.total.approved == 1 && t.total.declined == 2 && t.total.answered == 2)
        #expect(t.total.meanDaysToFirstAnswer == 3)
        #expect(t.total.declineReasons.map(\.reason) == ["抵押不足"] && t.total.declineReasons.map(\.count) == [2])
        // check: per bank and chain
        #expect(t.banks.map(\.key) == ["X", "Y"])
        #expect(t.banks.map(\.askedYuan) == [7_000_000, 7_000_000])
        #expect(t.chains.map(\.key) == ["a", "b"])
        #expect(t.chains.map(\.askedYuan) == [7_000_000, 5_000_000])
        #expect(t.chains.first { $0.key == "b" }?.meanDaysToFirstAnswer == 3)
    }

    @Test func figuresOfTheLargestAmountsDoNotTrap() {
        // setup
        let facts = (0..<4).map {
            RecommendationFact(
                need: Int64($0), bank: "X", chains: [], asked: .max, status: .approved, approvedAmount: .max, daysToFirstAnswer: 0,
                declineReason: nil)
        }
        // act
        let t = FinanceFigures.tally(facts)
        // check: Double sums, bounded by the caller when turned back into yuan
        #expect(t.total.askedYuan == 4 * Double(Int64.max))
    }

    @Test func aStepIsLateByWorkingDaysNotCalendarDays() throws {
        // setup: 30 September 2026 (Wed); 1–7 October are holidays, 10 October (Sat) is worked
        let calendar = WorkingCalendar.china2026
        let target = try #require(SimpleDate(iso: "2026-09-30"))
        // act
        let onTheEighth = GreenChannel.overdue(
            target: target, done: nil, today: try #require(SimpleDate(iso: "2026-10-07")), calendar: calendar)
        let doneOnTheTwelfth = GreenChannel.overdue(
            target: target, done: SimpleDate(iso: "2026-10-12"), today: try #require(SimpleDate(iso: "2026-12-01")), calendar: calendar)
        let early = GreenChannel.overdue(
            target: target, done: SimpleDate(iso: "2026-09-01"), today: try #require(SimpleDate(iso: "2026-12-01")), calendar: calendar)
        // check
        #expect(onTheEighth == 0, "the National Day holidays are not working days")
        #expect(doneOnTheTwelfth == 4, "8, 9, 10 (make-up) and 12 October")
        #expect(early == 0)
    }

    @Test func workingDaysCountedByArithmeticAgreeWithWalkingDayByDay() throws {
        // setup: a reference that walks each day, and ranges around 2026's holidays, both ways
        let calendar = WorkingCalendar.china2026
        func walk(_ a: SimpleDate, _ b: SimpleDate) -> Int {
            if b < a { return -walk(b, a) }
            var n = 0
            var d = a
            while d < b {
                d = d.adding(days: 1)
                if calendar.isWorkingDay(d) { n += 1 }
            }
            return n
        }
        let start = try #require(SimpleDate(iso: "2025-12-20"))
        // act and check
        for offset in stride(from: 0, through: 400, by: 7) {
            for length in [0, 1, 2, 5, 6, 13, 40, 300] {
                let a = start.adding(days: offset)
                let b = start.adding(days: offset + length)
                #expect(calendar.workingDays(from: a, to: b) == walk(a, b), "\(a) → \(b)")
                #expect(calendar.workingDays(from: b, to: a) == walk(b, a))
            }
        }
        // a far-off stored date costs nothing and still counts weekdays
        let far = calendar.workingDays(from: try #require(SimpleDate(iso: "0001-01-01")), to: try #require(SimpleDate(iso: "9999-12-31")))
        #expect(far > 2_000_000 && far < 2_700_000)
    }

    @Test func whitelistRulesThatDoNotReadNameTheirField() {
        #expect(WhitelistRules().problem == nil)
        #expect(WhitelistRules(minShare: 0).problem?.field == "rules.minShare")
        #expect(WhitelistRules(minShare: .nan).problem?.field == "rules.minShare")
        #expect(WhitelistRules(minAmount: -1).problem?.field == "rules.minAmount")
        #expect(WhitelistRules(maxDebtRatio: 1.5).problem?.field == "rules.maxDebtRatio")
        #expect(WhitelistRules(maxDebtRatio: nil).problem == nil)
    }
}
