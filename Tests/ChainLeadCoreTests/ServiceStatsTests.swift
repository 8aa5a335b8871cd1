import Testing

@testable import ChainLeadCore

private func d(_ iso: String) -> SimpleDate { SimpleDate(iso: iso)! }

@Suite(.tags(.s6)) struct ServiceStatsTests {
    let cal = WorkingCalendar.china2026
    let asOf = d("2026-03-20")

    /// Filed Mon 2026-03-02 unless said otherwise: accept by 03-03, answer by Mon 03-16.
    func filed(
        _ status: RequestStatus, on filedOn: String = "2026-03-02", acceptBy: String = "2026-03-03",
        answerBy: String = "2026-03-16", accepted: String? = nil, answered: String? = nil, reopens: Int = 0,
        satisfied: Bool? = nil
    ) -> RequestFacts {
        RequestFacts(
            filedOn: d(filedOn), acceptBy: d(acceptBy), answerBy: d(answerBy), acceptedOn: accepted.map(d),
            answeredOn: answered.map(d), reopenCount: reopens, satisfied: satisfied, status: status)
    }

    var sample: [RequestFacts] {
        [
            // 3 answered on time (the deadline day itself is on time) …
            filed(.closed, accepted: "2026-03-03", answered: "2026-03-10", satisfied: true),
            filed(.closed, accepted: "2026-03-02", answered: "2026-03-16", reopens: 1, satisfied: true),
            filed(.answered, accepted: "2026-03-04", answered: "2026-03-05"),
            // … 1 answered late …
            filed(.reopened, accepted: "2026-03-05", answered: "2026-03-18", reopens: 1, satisfied: false),
            // … 2 open and overdue on 03-20 …
            filed(.inProgress, accepted: "2026-03-03"),
            filed(.returned),
            // … and 1 open, not yet due.
            filed(.accepted, on: "2026-03-16", acceptBy: "2026-03-17", answerBy: "2026-03-30", accepted: "2026-03-17"),
        ]
    }

    @Test func onTimeRateCountsOpenOverdueRequestsAgainstTheDepartment() {
        let s = ServiceStats.compute(requests: sample, asOf: asOf, calendar: cal)
        #expect(s.volume == 7)
        #expect(s.answered == 4)
        #expect(s.answeredOnTime == 3)
        #expect(s.openOverdue == 2)
        #expect(s.onTimeRate == 0.5)  // 3 ÷ (4 + 2); the request not yet due is not counted
        #expect(s.openNow == 4)  // reopened, inProgress, returned, accepted
    }

    @Test func mediansAreInWorkingDays() {
        let s = ServiceStats.compute(requests: sample, asOf: asOf, calendar: cal)
        // To accept: 1, 0, 2, 3, 1, 1 → sorted 0 1 1 1 2 3 → 1.
        #expect(s.medianDaysToAccept == 1)
        // To answer: 6 (Mar 3–6, 9, 10), 10, 3, 12 → sorted 3 6 10 12 → (6 + 10) ÷ 2.
        #expect(s.medianDaysToAnswer == 8)
    }

    @Test func reopenAndSatisfactionRates() {
        let s = ServiceStats.compute(requests: sample, asOf: asOf, calendar: cal)
        #expect(s.reopened == 2)
        #expect(s.reopenRate == 0.5)  // 2 ÷ 4 answered
        #expect(s.confirmed == 3)
        #expect(s.satisfied == 2)
        #expect(s.satisfaction == 2.0 / 3.0)
    }

    @Test func noDataGivesNoRatesRatherThanZero() {
        let empty = ServiceStats.compute(requests: [], asOf: asOf, calendar: cal)
        #expect(empty.volume == 0)
        #expect(empty.onTimeRate == nil)
        #expect(empty.reopenRate == nil)
        #expect(empty.satisfaction == nil)
        #expect(empty.medianDaysToAccept == nil)
        #expect(empty.medianDaysToAnswer == nil)
        // One fresh request, not yet due: nothing to judge.
        let fresh = ServiceStats.compute(
            requests: [filed(.assigned, on: "2026-03-19", acceptBy: "2026-03-20", answerBy: "2026-04-02")],
            asOf: asOf, calendar: cal)
        #expect(fresh.onTimeRate == nil)
        #expect(fresh.openNow == 1)
    }

    @Test func aStatusCannotHideAnUnansweredRequest() {
        // Closed without an answer date (bad data or a bypass): still counts as open and overdue.
        let s = ServiceStats.compute(requests: [filed(.closed)], asOf: asOf, calendar: cal)
        #expect(s.openOverdue == 1)
        #expect(s.onTimeRate == 0)
    }

    @Test func monthlyBucketsByFilingMonth() {
        let requests =
            sample + [
                filed(
                    .closed, on: "2026-02-10", acceptBy: "2026-02-11", answerBy: "2026-02-28", accepted: "2026-02-11",
                    answered: "2026-02-27"),
                filed(.inProgress, on: "2025-12-30", acceptBy: "2025-12-31", answerBy: "2026-01-14"),
            ]
        let months = ServiceStats.monthly(requests: requests, asOf: asOf, calendar: cal)
        #expect(months.map(\.month.description) == ["2025-12", "2026-02", "2026-03"])
        #expect(months.map(\.stats.volume) == [1, 1, 7])
        #expect(months[0].stats.onTimeRate == 0)
        #expect(months[1].stats.onTimeRate == 1)
        #expect(months[2].stats == ServiceStats.compute(requests: sample, asOf: asOf, calendar: cal))
    }
}
