// The service express's rules that need no database (Policy S6): what a filed request must hold,
// when a request is open or overdue, and which parts a user plays on one.

/// A request as filed (the API, a page, a visit), before it is routed.
public struct RequestInput: Sendable {
    public var enterprise: String
    public var category: RequestCategory
    public var title: String
    public var description: String
    public var urgency: Urgency
    public var filedVia: String
    public var visitID: Int64?

    public init(
        enterprise: String, category: RequestCategory, title: String, description: String, urgency: Urgency,
        filedVia: String = "enterprise", visitID: Int64? = nil
    ) {
        self.enterprise = enterprise
        self.category = category
        self.title = title
        self.description = description
        self.urgency = urgency
        self.filedVia = filedVia
        self.visitID = visitID
    }

    public static let titleLimit = 100, textLimit = 4000

    /// The first rule it breaks, with the field at fault; nil when it may be filed.
    public var problem: FieldError? {
        let title = self.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { return FieldError("title", "required", "请填写诉求标题") }
        if title.unicodeScalars.count > Self.titleLimit { return FieldError("title", "too_long", "标题不能超过\(Self.titleLimit)个字符") }
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return FieldError("description", "required", "请描述诉求的具体内容") }
        if text.unicodeScalars.count > Self.textLimit { return FieldError("description", "too_long", "诉求内容不能超过\(Self.textLimit)个字符") }
        return nil
    }
}

/// When a request is open and when it is overdue: one definition for the queue, its filter, the
/// request page, the daily digest and escalation. (The department figures judge on-time by the
/// first answer instead: `ServiceStats`.)
public enum RequestClock {
    /// Waiting for an answer this round: neither answered nor closed.
    public static func isOpen(_ status: RequestStatus) -> Bool { status.awaitsAnswer }

    /// Open and past its current answer deadline on `day`; a reopened request runs on its new deadline.
    public static func isOverdue(status: RequestStatus, answerBy: SimpleDate, on day: SimpleDate) -> Bool {
        isOpen(status) && day > answerBy
    }

    /// The statuses `isOpen` accepts, for queries.
    public static var openStatuses: [RequestStatus] { RequestStatus.allCases.filter(isOpen) }
}

extension RequestWorkflow {
    /// The parts these grants play on a request of `enterprise` routed to `lead` and `co`.
    public static func actorKinds(_ grants: [Grant], enterprise: String, lead: String, co: [String]) -> [ActorKind] {
        var kinds: [ActorKind] = []
        for g in grants {
            switch (g.role, g.scope) {
            case (.enterprise, .enterprise(let u)) where u == enterprise: kinds.append(.enterprise)
            case (.department, .department(let d, _)) where d == lead: kinds.append(.leadDepartment)
            case (.department, .department(let d, _)) where co.contains(d): kinds.append(.coDepartment)
            case (.official, .city): kinds.append(.dispatcher)
            default: break
            }
        }
        return kinds
    }
}

extension Policy {
    /// Who files requests: a firm for itself, an official or a district officer on its behalf.
    public static func mayFileRequests(_ grants: [Grant]) -> Bool {
        grants.contains { $0.role == .enterprise || $0.role == .official || $0.role == .district }
    }
}
