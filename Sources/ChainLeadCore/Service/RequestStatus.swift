// Where a request stands in the service express (Policy S6).

/// `returned` is a status of its own, not `assigned` with a flag: a returned request waits
/// on the dispatcher, not on a department, so the two queues stay separate and
/// "waiting for rerouting" is one query. It is never a dead end: the dispatcher reroutes it.
public enum RequestStatus: String, Sendable, CaseIterable, Codable {
    case submitted, assigned, accepted, inProgress, answered, closed, reopened, returned

    public var nameZh: String {
        switch self {
        case .submitted: "已提交"
        case .assigned: "已交办"
        case .accepted: "已受理"
        case .inProgress: "办理中"
        case .answered: "已答复"
        case .closed: "已办结"
        case .reopened: "重新办理"
        case .returned: "退回待改派"
        }
    }

    /// Not yet accepted by a department: the accept clock runs.
    public var awaitsAcceptance: Bool {
        self == .submitted || self == .assigned || self == .returned
    }

    /// Waiting for an answer (this round): the answer clock runs.
    public var awaitsAnswer: Bool {
        self != .answered && self != .closed
    }
}

/// Who acts on a request.
public enum ActorKind: String, Sendable, CaseIterable, Codable {
    case enterprise, leadDepartment, coDepartment, dispatcher, system

    public var nameZh: String {
        switch self {
        case .enterprise: "企业"
        case .leadDepartment: "牵头部门"
        case .coDepartment: "协办部门"
        case .dispatcher: "调度员"
        case .system: "系统"
        }
    }
}
