// The service express workflow (Policy S6): who may move a request from which status to which.

public enum RequestAction: Hashable, Sendable {
    /// Intake routing to the lead department (by the dispatcher, or the system from the routing table).
    case assign(department: String)
    case accept
    case start
    case answer(text: String)
    /// The lead department sends the request back to the dispatcher: not ours.
    case `return`(reason: String)
    case reroute(department: String, reason: String)
    /// The enterprise's verdict on the answer; a reason is required when not satisfied.
    case confirm(satisfied: Bool, reason: String?)
    case close
    /// A co-department's note; the status does not change.
    case contribute(note: String)

    public var nameZh: String {
        switch self {
        case .assign: "交办"
        case .accept: "受理"
        case .start: "开始办理"
        case .answer: "答复"
        case .return: "退回"
        case .reroute: "改派"
        case .confirm: "评价"
        case .close: "办结"
        case .contribute: "协办意见"
        }
    }
}

public enum WorkflowError: Error, Hashable, Sendable, CustomStringConvertible {
    /// This kind of actor may never take the action.
    case notPermitted(String)
    /// The action does not apply in the current status.
    case notNow(String)
    /// A required text (reason, answer, department) is empty.
    case missingInput(String)

    /// In Chinese, for the user.
    public var message: String {
        switch self {
        case .notPermitted(let m), .notNow(let m), .missingInput(let m): m
        }
    }

    public var description: String { message }
}

public enum RequestWorkflow {
    /// The status after `action`, or why it is refused. Checked in order: actor, status, inputs.
    public static func apply(_ action: RequestAction, to status: RequestStatus, actor: ActorKind) -> Result<RequestStatus, WorkflowError> {
        guard allowedActors(action).contains(actor) else {
            return .failure(.notPermitted("\(actor.nameZh)不能\(action.nameZh)诉求"))
        }
        guard let next = next(action, from: status) else {
            return .failure(.notNow("诉求\(status.nameZh)，不能\(action.nameZh)"))
        }
        if let missing = missingInput(action) { return .failure(.missingInput(missing)) }
        return .success(next)
    }

    static func allowedActors(_ action: RequestAction) -> Set<ActorKind> {
        switch action {
        case .assign: [.dispatcher, .system]
        case .accept, .start, .answer, .return: [.leadDepartment]
        case .reroute: [.dispatcher]
        case .confirm: [.enterprise]
        // The system closes answered requests the firm never rated, after the waiting period.
        case .close: [.dispatcher, .system]
        case .contribute: [.coDepartment]
        }
    }

    static func next(_ action: RequestAction, from status: RequestStatus) -> RequestStatus? {
        // A reopened request goes back to the same department and is handled like an accepted one.
        let handling: Set<RequestStatus> = [.accepted, .inProgress, .reopened]
        switch action {
        case .assign: return status == .submitted ? .assigned : nil
        case .accept: return status == .assigned ? .accepted : nil
        case .start: return status == .accepted || status == .reopened ? .inProgress : nil
        case .answer: return handling.contains(status) ? .answered : nil
        case .return: return status == .assigned || handling.contains(status) ? .returned : nil
        case .reroute: return status == .returned || status == .assigned || handling.contains(status) ? .assigned : nil
        case .confirm(let satisfied, _): return status == .answered ? (satisfied ? .closed : .reopened) : nil
        // Only after an answer: closing must not hide an unanswered request from the figures.
        case .close: return status == .answered ? .closed : nil
        case .contribute: return status == .assigned || handling.contains(status) ? status : nil
        }
    }

    static func missingInput(_ action: RequestAction) -> String? {
        func blank(_ s: String?) -> Bool { (s ?? "").allSatisfy(\.isWhitespace) }
        switch action {
        case .assign(let department): return blank(department) ? "请选择交办部门" : nil
        case .answer(let text): return blank(text) ? "答复内容不能为空" : nil
        case .return(let reason): return blank(reason) ? "退回须说明理由" : nil
        case .reroute(let department, let reason):
            if blank(department) { return "请选择改派部门" }
            return blank(reason) ? "改派须说明理由" : nil
        case .confirm(false, let reason): return blank(reason) ? "不满意时请说明原因" : nil
        case .contribute(let note): return blank(note) ? "协办意见不能为空" : nil
        case .accept, .start, .confirm, .close: return nil
        }
    }
}
