// Open labs and testing platforms (Policy L1): a chain leader lists a lab, equipment or testing
// service; an SME asks for a booking; the owner approves or declines with a reason; an approved
// booking is completed (counted per platform and per owner) or cancelled.

public enum LabKind: String, Sendable, CaseIterable, Codable {
    case lab, equipment, testing

    public var nameZh: String {
        switch self {
        case .lab: "实验室"
        case .equipment: "仪器设备"
        case .testing: "检验检测服务"
        }
    }
}

public enum BookingStatus: String, Sendable, CaseIterable, Codable {
    case requested, approved, declined, completed, cancelled

    public var nameZh: String {
        switch self {
        case .requested: "待审核"
        case .approved: "已同意"
        case .declined: "已婉拒"
        case .completed: "已完成"
        case .cancelled: "已取消"
        }
    }

    /// The owner decides a request and completes an approved booking; the requester may cancel
    /// until it is completed.
    public func canMove(to next: BookingStatus, asOwner: Bool, asRequester: Bool) -> Bool {
        switch (self, next) {
        case (.requested, .approved), (.requested, .declined), (.approved, .completed): asOwner
        case (.requested, .cancelled), (.approved, .cancelled): asRequester || asOwner
        default: false
        }
    }

    /// Declining and cancelling say why.
    public var needsReason: Bool { self == .declined || self == .cancelled }
}

public enum LabResource: Sendable, Equatable {
    /// The list of labs and bookings (rows scoped in the query).
    case lists
    /// A firm's labs: listing one, changing it.
    case lab(owner: String)
    /// A booking between the lab's owner and the requesting firm.
    case booking(owner: String, requester: String)
}

extension Policy {
    static func decideLabs(_ g: Grant, _ action: Action, _ what: LabResource) -> Decision? {
        switch (g.role, action, what) {
        case (.official, .read, _), (.chief, .read, .lists), (.district, .read, .lists), (.department, .read, .lists),
            (.enterprise, .read, .lists):
            return .allow("开放的实验室和检验检测平台对企业和政府工作人员公开")
        case (.official, _, _): return g.scope == .city ? .allow("市级工作人员代企业办理开放共享") : nil
        case (.enterprise, _, .lab(let owner)):
            if case .enterprise(let mine) = g.scope, mine == owner { return .allow("本企业的开放平台") }
            return nil
        case (.enterprise, _, .booking(let owner, let requester)):
            if case .enterprise(let mine) = g.scope, mine == owner || mine == requester { return .allow("本企业参与的预约") }
            return nil
        default: return nil
        }
    }
}
