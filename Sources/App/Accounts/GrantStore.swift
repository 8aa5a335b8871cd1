import ChainLeadCore
import Foundation
import SQLKit

/// The roles and scopes of users.
struct GrantStore: Sendable {
    let db: any SQLDatabase

    func grants(of userID: Int64) async throws -> [Grant] {
        struct Row: Decodable {
            var role: String
            var scope: String
        }
        return try await db.raw("SELECT role, scope FROM user_grants WHERE user_id = \(bind: userID) ORDER BY id").rows(Row.self)
            .compactMap { Self.grant(role: $0.role, scope: $0.scope) }
    }

    static func grant(role: String, scope: String) -> Grant? {
        Role(rawValue: role).flatMap { Grant.parse(role: $0, scope: scope) }
    }

    /// The grants of rows joined to `user_grants` (nil where the user holds none).
    static func grants(_ rows: [(role: String?, scope: String?)]) -> [Grant] {
        rows.compactMap { row in
            guard let role = row.role, let scope = row.scope else { return nil }
            return grant(role: role, scope: scope)
        }
    }

    /// The grants a signed-in caller acts with: a cluster chief's `clusters:…` becomes the chains
    /// of those clusters as they are now (read at each request, so a chain added to the cluster is
    /// covered at once), and every rule written for chain chiefs applies unchanged.
    func effectiveGrants(of userID: Int64) async throws -> [Grant] {
        try await effective(try await grants(of: userID))
    }

    func effective(_ grants: [Grant]) async throws -> [Grant] {
        var out: [Grant] = []
        for g in grants {
            guard g.role == .chief, case .clusters(let clusters) = g.scope else {
                out.append(g)
                continue
            }
            let chains = try await db.raw("SELECT code FROM chains WHERE cluster_code IN \(SQLBind.group(clusters.sorted()))")
                .all(decodingColumn: "code", as: String.self)
            if !chains.isEmpty { out.append(Grant(.chief, .chains(Set(chains)))) }
        }
        return out
    }

    /// Why this grant's scope names something that does not exist, or nil. Scope values are checked
    /// when granted — departments against the routing table's, districts, clusters, chains and USCCs
    /// against the registry — and used as exact values afterwards, never as patterns.
    func unknownScopeValue(_ grant: Grant) async throws -> String? {
        func missing(_ table: String, _ column: String, _ values: Set<String>) async throws -> [String] {
            guard !values.isEmpty else { return [] }
            let found = Set(
                try await db.raw(
                    """
                    SELECT \(ident: column) AS v FROM \(ident: table) WHERE \(ident: column) IN \(SQLBind.group(values.sorted()))
                    """
                ).all(decodingColumn: "v", as: String.self))
            return values.subtracting(found).sorted()
        }
        switch grant.scope {
        case .city: return nil
        case .clusters(let codes):
            let unknown = try await missing("clusters", "code", codes)
            return unknown.isEmpty ? nil : "产业集群代码不存在：\(unknown.joined(separator: "、").prefix(100))"
        case .chains(let codes):
            let unknown = try await missing("chains", "code", codes)
            return unknown.isEmpty ? nil : "产业链代码不存在：\(unknown.joined(separator: "、").prefix(100))"
        case .department(let name, _):
            return try await ServiceSettings(db: db).knows(department: name) ? nil : "部门“\(name.prefix(30))”不在交办规则的部门名单中"
        case .district(let code):
            return District.named(code: code) == nil ? "区县代码“\(code.prefix(20))”不存在" : nil
        case .enterprise(let uscc):
            return try await missing("enterprises", "uscc", [uscc]).isEmpty ? nil : "企业 \(uscc.prefix(18)) 不在企业库中"
        case .expert(let employer):
            guard let employer else { return nil }
            return try await missing("enterprises", "uscc", [employer]).isEmpty ? nil : "专家所在单位 \(employer.prefix(18)) 不在企业库中"
        case .bank(let name):
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.unicodeScalars.count > 50 { return "银行名称应为1至50个字符" }
            return try await missing("banks", "name", [name]).isEmpty ? nil : "银行“\(name.prefix(50))”不在金融机构名录中，请先登记"
        }
    }

    /// Adds a grant (idempotent).
    func add(_ grant: Grant, to userID: Int64) async throws {
        let existing = try await grants(of: userID)
        guard !existing.contains(grant) else { return }
        try await db.insert(into: "user_grants").columns("user_id", "role", "scope", "created_at")
            .values(SQLBind(userID), SQLBind(grant.role.rawValue), SQLBind(grant.scopeText), SQLBind(Date.nowSeconds())).run()
    }
}
