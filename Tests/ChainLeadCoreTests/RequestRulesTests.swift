import Testing

@testable import ChainLeadCore

/// One definition of open and overdue (Policy S6), used by the queue, the page, the digest and escalation.
@Suite(.tags(.s6)) struct RequestRulesTests {
    let deadline = SimpleDate(iso: "2026-11-10")!

    @Test func openMeansWaitingForAnAnswer() {
        #expect(RequestClock.openStatuses == [.submitted, .assigned, .accepted, .inProgress, .reopened, .returned])
        #expect(!RequestClock.isOpen(.answered) && !RequestClock.isOpen(.closed))
    }

    @Test func overdueIsOpenPastTheCurrentDeadline() {
        let after = SimpleDate(iso: "2026-11-11")!
        #expect(RequestClock.isOverdue(status: .inProgress, answerBy: deadline, on: after))
        #expect(!RequestClock.isOverdue(status: .inProgress, answerBy: deadline, on: deadline))
        // answered: not overdue whatever the date; reopened runs on its (new) deadline
        #expect(!RequestClock.isOverdue(status: .answered, answerBy: deadline, on: after))
        #expect(RequestClock.isOverdue(status: .reopened, answerBy: deadline, on: after))
    }

    @Test func aFiledRequestNeedsATitleAndATextWithinTheirLimits() {
        func input(_ title: String, _ text: String) -> RequestInput {
            RequestInput(enterprise: "91350200776049653A", category: .land, title: title, description: text, urgency: .normal)
        }
        #expect(input("用地", "需要50亩").problem == nil)
        #expect(input("  ", "x").problem?.field == "title")
        #expect(input(String(repeating: "长", count: 101), "x").problem?.code == "too_long")
        #expect(input("用地", "").problem?.field == "description")
    }

    @Test func whoPlaysWhichPart() {
        let kinds = RequestWorkflow.actorKinds(
            [Grant(.department, .department("市财政局", head: false)), Grant(.official, .city)],
            enterprise: "X", lead: "市委金融办", co: ["市财政局"])
        #expect(kinds == [.coDepartment, .dispatcher])
        #expect(Policy.mayFileRequests([Grant(.district, .district("320214"))]))
        #expect(!Policy.mayFileRequests([Grant(.department, .department("市财政局", head: false))]))
    }
}
