// How many working days a department has to accept and to answer a request (Policy S6).

public struct DeadlinePolicy: Hashable, Sendable {
    public struct Limits: Hashable, Sendable, Codable {
        public var acceptDays: Int
        public var answerDays: Int

        /// Negative values are read as 0: a deadline cannot come before the filing day.
        public init(acceptDays: Int, answerDays: Int) {
            self.acceptDays = max(0, acceptDays)
            self.answerDays = max(0, answerDays)
        }
    }

    public var normal: Limits
    public var urgent: Limits
    public var overrides: [RequestCategory: [Urgency: Limits]]

    public init(
        normal: Limits = Limits(acceptDays: 1, answerDays: 10),
        urgent: Limits = Limits(acceptDays: 1, answerDays: 5),
        overrides: [RequestCategory: [Urgency: Limits]] = [:]
    ) {
        self.normal = normal
        self.urgent = urgent
        self.overrides = overrides
    }

    public static let `default` = DeadlinePolicy()

    public func limits(category: RequestCategory, urgency: Urgency) -> Limits {
        overrides[category]?[urgency] ?? (urgency == .urgent ? urgent : normal)
    }

    /// Both clocks start on the filing day, so a late acceptance does not buy answering time.
    /// For a reopened request, pass the reopening day as `filedOn` to get the new round's deadlines.
    public func deadlines(
        filedOn: SimpleDate, category: RequestCategory, urgency: Urgency,
        calendar: WorkingCalendar
    ) -> (acceptBy: SimpleDate, answerBy: SimpleDate) {
        let l = limits(category: category, urgency: urgency)
        return (
            calendar.addWorkingDays(from: filedOn, days: l.acceptDays),
            calendar.addWorkingDays(from: filedOn, days: l.answerDays)
        )
    }
}
