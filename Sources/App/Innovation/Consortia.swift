import ChainLeadCore
import Foundation
import SQLKit

/// An innovation consortium (创新联合体, Policy L1, G4) as shown.
struct ConsortiumView: Sendable, Codable {
    struct Member: Sendable, Codable {
        var enterprise: String?
        var enterpriseName: String?
        var institution: String?
        var role: String
    }

    var id: Int64
    var name: String
    var lead: String
    var leadName: String
    var type: String
    var level: String
    var approvedOn: String
    var chains: [String]
    var members: [Member]
    var projects: String?
    var outcomes: String?
}

struct ConsortiumInput: Sendable {
    struct Member: Sendable {
        var enterprise: String?
        var institution: String?
        var role: String
    }

    var name: String
    var lead: String
    var members: [Member]
    var type: String
    var chains: [String]
    var level: String
    var approvedOn: SimpleDate
    var projects: String?
    var outcomes: String?
}

/// Consortia as kept by city officials; read like the honours (public lists).
struct Consortia {
    let db: any SQLDatabase
    let caller: Caller

    static let types = ["ecosystem", "task", "platform"]

    func create(_ input: ConsortiumInput) async throws -> ConsortiumView {
        try await Access.require(.create, .honours, caller: caller, db: db)
        let checked = try await check(input)
        let caller = self.caller
        let id = try await db.withTransaction { tx in try await Self.insert(checked, caller: caller, tx: tx) }
        guard let made = try await list(id: id).first else { throw DomainError.internal }
        return made
    }

    /// Every check of a consortium, its firms and chains in the registry included; answers it as stored.
    func check(_ input: ConsortiumInput) async throws -> ConsortiumInput {
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw DomainError.invalid("name", "请填写联合体名称（不超过200字）") }
        guard Self.types.contains(input.type) else { throw DomainError.invalid("type", "类型应为 ecosystem、task 或 platform") }
        guard HonourLevel(rawValue: input.level) != nil else { throw DomainError.invalid("level", "级别应为 national、provincial 或 city") }
        guard AnnualFigures.validYears.contains(input.approvedOn.year) else {
            throw DomainError.invalid("approvedOn", "批准日期的年份应在1949至2100之间", code: "out_of_range")
        }
        guard input.members.count <= 200 else { throw DomainError.invalid("members", "成员不超过200个") }
        guard input.chains.count <= 30 else { throw DomainError.invalid("chains", "产业链不超过30条") }
        if let p = input.projects, p.count > 4000 { throw DomainError.invalid("projects", "项目不超过4000字") }
        if let o = input.outcomes, o.count > 4000 { throw DomainError.invalid("outcomes", "成果不超过4000字") }
        let firms = Set([input.lead] + input.members.compactMap(\.enterprise))
        let known = Set(
            try await db.raw("SELECT uscc FROM enterprises WHERE uscc IN \(SQLBind.group(firms.sorted()))").all(
                decodingColumn: "uscc", as: String.self))
        if !known.contains(input.lead) { throw DomainError.invalid("lead", "牵头企业 \(input.lead) 不在企业库中", code: "unknown_enterprise") }
        if let missing = firms.subtracting(known).sorted().first {
            throw DomainError.invalid("members", "成员企业 \(missing) 不在企业库中", code: "unknown_enterprise")
        }
        for m in input.members {
            guard (m.enterprise == nil) != (m.institution?.nilIfBlank == nil) else {
                throw DomainError.invalid("members", "每个成员填写企业（统一社会信用代码）或机构名称，二选一")
            }
            guard !m.role.isEmpty, m.role.count <= 100, (m.institution ?? "").count <= 200 else {
                throw DomainError.invalid("members", "成员角色不超过100字、机构名称不超过200字，且角色不能为空")
            }
        }
        let chains = Array(Set(input.chains)).sorted()
        if !chains.isEmpty {
            let knownChains = Set(
                try await db.raw("SELECT code FROM chains WHERE code IN \(SQLBind.group(chains))").all(
                    decodingColumn: "code", as: String.self))
            if let unknown = chains.first(where: { !knownChains.contains($0) }) {
                throw DomainError.invalid("chains", "产业链 \(unknown) 不存在", code: "unknown_chain")
            }
        }
        var out = input
        out.name = name
        out.chains = chains
        return out
    }

    /// Inside a transaction: the checked consortium, its members and the audit entry; its id.
    static func insert(_ input: ConsortiumInput, caller: Caller, tx: any SQLDatabase) async throws -> Int64 {
        let name = input.name
        let chains = input.chains
        let id = try await tx.insert(into: "consortia")
            .columns(
                "name", "lead_uscc", "type", "level", "approved_on", "approved_year", "chains", "projects", "outcomes", "created_by",
                "created_at"
            )
            .values(
                SQLBind(name), SQLBind(input.lead), SQLBind(input.type), SQLBind(input.level), SQLBind(input.approvedOn.description),
                SQLBind(input.approvedOn.year), SQLBind(chains.joined(separator: ",")), SQLBind(input.projects?.nilIfBlank),
                SQLBind(input.outcomes?.nilIfBlank), SQLBind(caller.username), SQLBind(Date.nowSeconds())
            )
            .runReturningID()
        if !input.members.isEmpty {
            var insert = tx.insert(into: "consortium_members").columns("consortium_id", "enterprise_uscc", "institution", "role")
            for m in input.members {
                insert = insert.values(SQLBind(id), SQLBind(m.enterprise), SQLBind(m.institution?.nilIfBlank), SQLBind(m.role))
            }
            try await insert.run()
        }
        try await AuditLog(db: tx, caller: caller).record(
            entity: "consortium", key: "\(id)", action: "create",
            changes: [
                "name": .init(from: nil, to: name), "lead": .init(from: nil, to: input.lead),
                "level": .init(from: nil, to: input.level),
            ])
        return id
    }

    /// By approval year, level, chain or firm (lead or member); one consortium by `id`.
    func list(
        year: Int? = nil, level: String? = nil, chain: String? = nil, enterprise: String? = nil, id: Int64? = nil, limit: Int = 1000
    ) async throws -> [ConsortiumView] {
        try await Access.require(.read, .honours, caller: caller, db: db)
        struct Row: Decodable {
            var id: Int64
            var name, leadUscc, leadName, type, level, approvedOn, chains: String
            var projects, outcomes: String?
        }
        var filter: SQLQueryString = "1 = 1"
        if let id { filter = filter + " AND c.id = \(bind: id)" }
        if let year { filter = filter + " AND c.approved_year = \(bind: year)" }
        if let level { filter = filter + " AND c.level = \(bind: level)" }
        if let chain { filter = filter + " AND (',' || c.chains || ',') LIKE \(bind: "%," + chain + ",%")" }
        if let enterprise {
            filter =
                filter
                + " AND (c.lead_uscc = \(bind: enterprise) OR c.id IN (SELECT consortium_id FROM consortium_members WHERE enterprise_uscc = \(bind: enterprise)))"
        }
        let rows = try await db.raw(
            """
            SELECT c.id, c.name, c.lead_uscc, e.name AS lead_name, c.type, c.level, c.approved_on, c.chains, c.projects, c.outcomes
            FROM consortia c JOIN enterprises e ON e.uscc = c.lead_uscc WHERE \(filter) ORDER BY c.approved_on DESC, c.id DESC LIMIT \(bind: limit)
            """
        ).rows(Row.self)
        guard !rows.isEmpty else { return [] }
        struct MemberRow: Decodable {
            var consortiumId: Int64
            var enterpriseUscc: String?
            var enterpriseName: String?
            var institution: String?
            var role: String
        }
        let members = try await db.raw(
            """
            SELECT m.consortium_id, m.enterprise_uscc, e.name AS enterprise_name, m.institution, m.role
            FROM consortium_members m LEFT JOIN enterprises e ON e.uscc = m.enterprise_uscc
            WHERE m.consortium_id IN \(SQLBind.group(rows.map(\.id)))
            """
        ).rows(MemberRow.self)
        let byConsortium = Dictionary(grouping: members, by: \.consortiumId)
        return rows.map { r in
            ConsortiumView(
                id: r.id, name: r.name, lead: r.leadUscc, leadName: r.leadName, type: r.type, level: r.level, approvedOn: r.approvedOn,
                chains: r.chains.split(separator: ",").map(String.init),
                members: (byConsortium[r.id] ?? []).map {
                    .init(enterprise: $0.enterpriseUscc, enterpriseName: $0.enterpriseName, institution: $0.institution, role: $0.role)
                }, projects: r.projects, outcomes: r.outcomes)
        }
    }
}
