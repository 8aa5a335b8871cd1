import Testing

@testable import ChainLeadCore

private func d(_ iso: String) -> SimpleDate { SimpleDate(iso: iso)! }

@Suite(.tags(.s6)) struct ServiceDeadlineTests {
    let cal = WorkingCalendar.china2026

    @Test func defaultsAreOneDayToAcceptAndTenOrFiveToAnswer() {
        // Filed Mon 2026-03-02.
        let normal = DeadlinePolicy.default.deadlines(filedOn: d("2026-03-02"), category: .land, urgency: .normal, calendar: cal)
        #expect(normal.acceptBy == d("2026-03-03"))
        #expect(normal.answerBy == d("2026-03-16"))
        let urgent = DeadlinePolicy.default.deadlines(filedOn: d("2026-03-02"), category: .land, urgency: .urgent, calendar: cal)
        #expect(urgent.acceptBy == d("2026-03-03"))
        #expect(urgent.answerBy == d("2026-03-09"))
    }

    @Test func deadlinesSkipTheSpringFestival() {
        // Filed Thu Feb 12: Fri 13 → 1, make-up Sat 14 → 2, Feb 15–23 off, Tue 24 → 3 … Fri 27 → 6,
        // make-up Sat 28 → 7, Mon Mar 2 → 8, Tue 3 → 9, Wed 4 → 10.
        let due = DeadlinePolicy.default.deadlines(filedOn: d("2026-02-12"), category: .power, urgency: .normal, calendar: cal)
        #expect(due.acceptBy == d("2026-02-13"))
        #expect(due.answerBy == d("2026-03-04"))
    }

    @Test func overridesApplyPerCategoryAndUrgency() {
        let policy = DeadlinePolicy(overrides: [.power: [.urgent: .init(acceptDays: 0, answerDays: 2)]])
        #expect(policy.limits(category: .power, urgency: .urgent) == .init(acceptDays: 0, answerDays: 2))
        #expect(policy.limits(category: .power, urgency: .normal) == .init(acceptDays: 1, answerDays: 10))
        #expect(policy.limits(category: .land, urgency: .urgent) == .init(acceptDays: 1, answerDays: 5))
        // Filed on a Saturday with 0 days: due the next working day.
        let due = policy.deadlines(filedOn: d("2026-03-07"), category: .power, urgency: .urgent, calendar: cal)
        #expect(due.acceptBy == d("2026-03-09"))
        #expect(due.answerBy == d("2026-03-10"))  // Mon 9 → 1, Tue 10 → 2
        #expect(DeadlinePolicy.Limits(acceptDays: -3, answerDays: -1) == .init(acceptDays: 0, answerDays: 0))
    }
}

@Suite(.tags(.s6)) struct ServiceEscalationTests {
    let cal = WorkingCalendar.china2026
    // Filed Mon 2026-03-02: accept by Tue 03-03, answer by Mon 03-16.
    let acceptBy = d("2026-03-03")
    let answerBy = d("2026-03-16")

    func level(_ now: String, _ status: RequestStatus) -> EscalationLevel {
        Escalation.level(now: d(now), acceptBy: acceptBy, answerBy: answerBy, status: status, calendar: cal)
    }

    @Test func notAcceptedStepsUpDayByDay() {
        #expect(level("2026-03-03", .assigned) == .none)  // due today
        #expect(level("2026-03-04", .assigned) == .departmentHead)  // 1 working day late
        #expect(level("2026-03-05", .assigned) == .departmentHead)  // 2
        #expect(level("2026-03-06", .assigned) == .dispatcherAndChief)  // 3 > 2
        #expect(level("2026-03-06", .returned) == .dispatcherAndChief)  // the clock runs while returned
        #expect(level("2026-03-06", .submitted) == .dispatcherAndChief)
    }

    @Test func acceptedRequestsWatchOnlyTheAnswerDeadline() {
        #expect(level("2026-03-06", .accepted) == .none)
        #expect(level("2026-03-16", .inProgress) == .none)
        #expect(level("2026-03-17", .inProgress) == .departmentHead)
        #expect(level("2026-03-18", .reopened) == .departmentHead)
        #expect(level("2026-03-19", .inProgress) == .dispatcherAndChief)
    }

    @Test func answeredAndClosedDoNotEscalate() {
        #expect(level("2026-06-01", .answered) == .none)
        #expect(level("2026-06-01", .closed) == .none)
    }

    @Test func weekendsAndHolidaysDoNotCountTowardTheSevereStep() {
        // Answer due Wed 2026-09-30; Oct 1–7 are off, so Oct 8 and 9 are 1 and 2 working days late.
        let level = { (now: String) in
            Escalation.level(now: d(now), acceptBy: d("2026-09-21"), answerBy: d("2026-09-30"), status: .inProgress, calendar: cal)
        }
        #expect(level("2026-10-01") == .departmentHead)  // overdue, 0 working days late
        #expect(level("2026-10-09") == .departmentHead)  // 2 working days late
        #expect(level("2026-10-10") == .dispatcherAndChief)  // make-up Saturday: 3
        #expect(
            Escalation.level(
                now: d("2026-10-09"), acceptBy: d("2026-09-21"), answerBy: d("2026-09-30"),
                status: .inProgress, calendar: cal, severeAfter: 1) == .dispatcherAndChief)
    }
}
