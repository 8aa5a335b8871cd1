// Honest figures for the service express (Policy S6): late and unanswered requests count
// against the departments; nothing drops out of a denominator by changing status.

/// What the figures need to know about one request.
public struct RequestFacts: Hashable, Sendable {
    public var filedOn: SimpleDate
    public var acceptBy: SimpleDate
    /// The first round's deadline: on-time is judged on the first answer.
    public var answerBy: SimpleDate
    public var acceptedOn: SimpleDate?
    /// The first answer.
    public var answeredOn: SimpleDate?
    public var reopenCount: Int
    /// The firm's latest verdict; nil when it has not rated the answer.
    public var satisfied: Bool?
    public var status: RequestStatus

    public init(
        filedOn: SimpleDate, acceptBy: SimpleDate, answerBy: SimpleDate, acceptedOn: SimpleDate? = nil,
        answeredOn: SimpleDate? = nil, reopenCount: Int = 0, satisfied: Bool? = nil, status: RequestStatus
    ) {
        self.filedOn = filedOn
        self.acceptBy = acceptBy
        self.answerBy = answerBy
        self.acceptedOn = acceptedOn
        self.answeredOn = answeredOn
        self.reopenCount = reopenCount
        self.satisfied = satisfied
        self.status = status
    }
}

public struct ServiceStats: Hashable, Sendable {
    public var volume: Int
    /// Waiting on a department now (status not answered or closed), reopened ones included.
    public var openNow: Int
    /// Working days from filing to acceptance / first answer; nil when none.
    public var medianDaysToAccept: Double?
    public var medianDaysToAnswer: Double?
    public var answered: Int
    public var answeredOnTime: Int
    /// Not answered yet and past the answer deadline on `asOf`.
    public var openOverdue: Int
    /// answeredOnTime ÷ (answered + openOverdue); nil when that is 0.
    public var onTimeRate: Double?
    /// Requests reopened at least once.
    public var reopened: Int
    /// reopened ÷ answered.
    public var reopenRate: Double?
    /// Requests the firm rated, and those it rated satisfied.
    public var confirmed: Int
    public var satisfied: Int
    /// satisfied ÷ confirmed.
    public var satisfaction: Double?

    /// The facts are taken as known on `asOf`; `asOf` decides which unanswered requests are overdue.
    /// A request without a first-answer date counts as unanswered whatever its status says.
    public static func compute(requests: [RequestFacts], asOf: SimpleDate, calendar: WorkingCalendar) -> ServiceStats {
        let answered = requests.filter { $0.answeredOn != nil }
        let onTime = answered.filter { r in r.answeredOn.map { $0 <= r.answerBy } ?? false }.count
        let openOverdue = requests.filter { $0.answeredOn == nil && asOf > $0.answerBy }.count
        let reopened = requests.filter { $0.reopenCount > 0 }.count
        let confirmed = requests.compactMap(\.satisfied)
        let satisfied = confirmed.filter { $0 }.count
        return ServiceStats(
            volume: requests.count,
            openNow: requests.filter { $0.status.awaitsAnswer }.count,
            medianDaysToAccept: median(
                requests.compactMap { f in
                    f.acceptedOn.map { calendar.workingDays(from: f.filedOn, to: $0) }
                }),
            medianDaysToAnswer: median(
                requests.compactMap { f in
                    f.answeredOn.map { calendar.workingDays(from: f.filedOn, to: $0) }
                }),
            answered: answered.count,
            answeredOnTime: onTime,
            openOverdue: openOverdue,
            onTimeRate: ratio(onTime, answered.count + openOverdue),
            reopened: reopened,
            reopenRate: ratio(reopened, answered.count),
            confirmed: confirmed.count,
            satisfied: satisfied,
            satisfaction: ratio(satisfied, confirmed.count)
        )
    }

    /// One bucket per month in which requests were filed, oldest first.
    public static func monthly(requests: [RequestFacts], asOf: SimpleDate, calendar: WorkingCalendar) -> [MonthlyStats] {
        Dictionary(grouping: requests) { YearMonth($0.filedOn) }
            .map { MonthlyStats(month: $0.key, stats: compute(requests: $0.value, asOf: asOf, calendar: calendar)) }
            .sorted { $0.month < $1.month }
    }

    static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
    }

    static func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole)
    }
}

public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init(_ date: SimpleDate) {
        year = date.year
        month = date.month
    }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

public struct MonthlyStats: Hashable, Sendable {
    public var month: YearMonth
    public var stats: ServiceStats
}
