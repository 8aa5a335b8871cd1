// Overdue requests go up (Policy S6: departments act together; S1: the chain chief coordinates).

public enum EscalationLevel: Int, Sendable, CaseIterable, Codable, Comparable {
    case none = 0
    /// Past the accept or answer deadline: the department's head is reminded.
    case departmentHead = 1
    /// More than a few working days past: the dispatcher and the chain chief (链长) step in.
    case dispatcherAndChief = 2

    public static func < (a: EscalationLevel, b: EscalationLevel) -> Bool { a.rawValue < b.rawValue }

    public var nameZh: String {
        switch self {
        case .none: "未超期"
        case .departmentHead: "超期，提醒部门负责人"
        case .dispatcherAndChief: "严重超期，报调度员和链长"
        }
    }
}

public enum Escalation {
    /// Overdue means `now` is after the deadline day. A request filed but not yet accepted is
    /// checked against both deadlines; an accepted one against the answer deadline only;
    /// answered and closed requests do not escalate. The clocks keep running while a request
    /// is returned or rerouted: the firm is still waiting.
    /// `severeAfter`: working days past a deadline beyond which it goes to the dispatcher and chief.
    public static func level(
        now: SimpleDate, acceptBy: SimpleDate, answerBy: SimpleDate, status: RequestStatus,
        calendar: WorkingCalendar, severeAfter: Int = 2
    ) -> EscalationLevel {
        var deadlines: [SimpleDate] = []
        if status.awaitsAcceptance { deadlines.append(acceptBy) }
        if status.awaitsAnswer { deadlines.append(answerBy) }
        return deadlines.map { deadline -> EscalationLevel in
            guard now > deadline else { return .none }
            return calendar.workingDays(from: deadline, to: now) > severeAfter ? .dispatcherAndChief : .departmentHead
        }.max() ?? .none
    }
}
