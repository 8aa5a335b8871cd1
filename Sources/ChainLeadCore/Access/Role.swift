// Who may do what (the identity issue): roles, each held with a scope.

public enum Role: String, Sendable, CaseIterable, Codable {
    case admin  // system administrator: users, taxonomy, configuration
    case security  // security administrator: assigns and revokes roles and scopes
    case auditor  // reads the audit trail; changes nothing
    case official  // city official: reads all (or some clusters/chains); runs selection etc.
    case department  // a department of the policy's list; handles requests routed to it
    case district  // a district's officer: reads and edits that district's enterprises
    case chief  // Policy S1: chain chief (链长) / task force: everything about some chains (or clusters)
    case enterprise  // one enterprise's user
    case bank  // one bank's user
    case expert  // an expert reviewer

    public var nameZh: String {
        switch self {
        case .admin: "系统管理员"
        case .security: "安全管理员"
        case .auditor: "审计员"
        case .official: "市级工作人员"
        case .department: "部门工作人员"
        case .district: "区县工作人员"
        case .chief: "链长及工作专班"
        case .enterprise: "企业用户"
        case .bank: "银行用户"
        case .expert: "评审专家"
        }
    }
}

/// What part of the city a role covers.
public enum Scope: Hashable, Sendable {
    case city
    case clusters(Set<String>)
    case chains(Set<String>)
    case department(String, head: Bool)
    case district(String)
    case enterprise(String)
    case bank(String)
    case expert(employer: String?)
}

/// One role held with its scope.
public struct Grant: Hashable, Sendable {
    public var role: Role
    public var scope: Scope

    public init(_ role: Role, _ scope: Scope) {
        self.role = role
        self.scope = scope
    }

    /// The stored form of a scope: `city`, `clusters:a,b`, `chains:a,b`, `department:NAME[:head]`,
    /// `district:CODE`, `enterprise:USCC`, `bank:NAME`, `expert[:USCC]`.
    public var scopeText: String {
        switch scope {
        case .city: "city"
        case .clusters(let s): "clusters:" + s.sorted().joined(separator: ",")
        case .chains(let s): "chains:" + s.sorted().joined(separator: ",")
        case .department(let d, let head): "department:\(d)" + (head ? ":head" : "")
        case .district(let d): "district:\(d)"
        case .enterprise(let u): "enterprise:\(u)"
        case .bank(let b): "bank:\(b)"
        case .expert(let e): "expert" + (e.map { ":\($0)" } ?? "")
        }
    }

    /// Parses a role with its scope text; nil when the scope does not fit the role.
    public static func parse(role: Role, scope text: String) -> Grant? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let head = parts.first ?? ""
        let rest = parts.count > 1 ? parts[1] : ""
        let list = Set(rest.split(separator: ",").map { String($0) }.filter { !$0.isEmpty })
        let scope: Scope
        switch (role, head) {
        case (.admin, "city"), (.security, "city"), (.auditor, "city"), (.official, "city"): scope = .city
        case (.official, "clusters") where !list.isEmpty, (.chief, "clusters") where !list.isEmpty: scope = .clusters(list)
        case (.official, "chains") where !list.isEmpty, (.chief, "chains") where !list.isEmpty: scope = .chains(list)
        case (.department, "department") where !rest.isEmpty:
            let isHead = rest.hasSuffix(":head")
            scope = .department(isHead ? String(rest.dropLast(5)) : rest, head: isHead)
        case (.district, "district") where District.named(code: rest) != nil: scope = .district(rest)
        case (.enterprise, "enterprise") where (try? USCC.checkFormat(rest).get()) != nil: scope = .enterprise(rest)
        case (.bank, "bank") where !rest.isEmpty: scope = .bank(rest)
        case (.expert, "expert"): scope = .expert(employer: rest.isEmpty ? nil : rest)
        default: return nil
        }
        return Grant(role, scope)
    }
}
