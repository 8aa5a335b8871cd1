import ChainLeadCore
import Foundation
import SQLKit

/// A project as shown (Policy L1, L4, S5): one record whatever its kind, so a chain project, a
/// landed lead's project and a green-channel project are never three.
struct ProjectView: Sendable, Codable {
    var id: Int64
    var kind: String
    var name: String
    var enterprise: String?
    var enterpriseName: String?
    var investor: String?
    var programme: String?
    var year: Int
    var amount: Int64?
    var chain: String?
    var segment: String?
    var segmentName: String?
    var action: String?
    var stage: String
    var caseByCase: Bool
    var greenChannel: Bool
    var lead: Int64?
}

struct ProjectInput: Sendable {
    var kind: ProjectKind
    var name: String
    var enterprise: String?
    var investor: String?
    var programme: String?
    var year: Int
    var amount: Int64?
    var chain: String?
    var segment: String?
    var action: ChainAction?
    var stage: ProjectStage = .planned
    var caseByCase = false
    var greenChannel = false
    /// The investment-attraction lead it landed from (Policy L2).
    var lead: Int64?
}

struct ProjectFilter: Sendable {
    var kind: ProjectKind?
    var year: Int?
    var chain: String?
    var segment: String?
    var enterprise: String?
}

/// Projects as kept by city officials; read like the honours (public lists of the programme).
struct Projects {
    let db: any SQLDatabase
    let caller: Caller

    /// An amount typed in 万元 (a form, a sheet), as yuan; beyond the registry's money ceiling it
    /// is refused, never rounded into range.
    static func yuan(wan raw: String, field: String) throws -> Int64 {
        let limit = Double(Money.ceiling) / 10_000
        guard let wan = Double(raw.replacingOccurrences(of: ",", with: "")), wan.isFinite, (0...limit).contains(wan) else {
            throw DomainError.invalid(field, "金额应为0至\(Money.ceilingZh)之间的数字（单位：万元）")
        }
        return Int64((wan * 10_000).rounded())
    }

    static let columns: SQLQueryString = """
        p.id, p.kind, p.name, p.enterprise_uscc AS enterprise, e.name AS enterprise_name, p.investor, p.programme, p.year, p.amount,
        p.chain_code AS chain, p.segment_code AS segment, s.name AS segment_name, p.action, p.stage, p.case_by_case, p.green_channel,
        p.lead_id AS lead
        """
    static let from: SQLQueryString =
        "projects p LEFT JOIN enterprises e ON e.uscc = p.enterprise_uscc LEFT JOIN segments s ON s.code = p.segment_code"

    func create(_ input: ProjectInput) async throws -> ProjectView {
        try await Access.require(.create, .honours, caller: caller, db: db)
        let checked = try await check(input)
        let caller = self.caller
        let id = try await db.withTransaction { tx in try await Self.insert(checked, caller: caller, tx: tx) }
        guard let made = try await list(ProjectFilter(), id: id).first else { throw DomainError.internal }
        return made
    }

    /// Every check of a project, the registry's and taxonomy's included; answers it as stored.
    func check(_ input: ProjectInput) async throws -> ProjectInput {
        var out = input
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw DomainError.invalid("name", "请填写项目名称（不超过200字）") }
        out.name = name
        out.investor = input.investor?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        out.programme = input.programme?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        guard AnnualFigures.validYears.contains(input.year) else {
            throw DomainError.invalid("year", "年度应在1949至2100之间", code: "out_of_range")
        }
        if let a = input.amount, !(0...Money.ceiling).contains(a) {
            throw DomainError.invalid("amount", "金额应在0至\(Money.ceilingZh)之间（单位：元）", code: "out_of_range")
        }
        if let i = out.investor, i.count > 200 { throw DomainError.invalid("investor", "投资方不超过200字") }
        if let p = out.programme, p.count > 200 { throw DomainError.invalid("programme", "项目计划（专项）名称不超过200字") }
        if input.kind.needsEnterprise && input.enterprise == nil {
            throw DomainError.invalid("enterprise", "“\(input.kind.nameZh)”须填写承担企业的统一社会信用代码", code: "required")
        }
        if input.kind == .chain {
            guard input.chain != nil else { throw DomainError.invalid("chain", "强链补链延链项目须填写产业链", code: "required") }
            guard input.segment != nil else { throw DomainError.invalid("segment", "强链补链延链项目须填写所强、补、延的环节", code: "required") }
            guard input.action != nil else { throw DomainError.invalid("action", "请注明强链、补链或延链", code: "required") }
        }
        if let u = input.enterprise {
            let known = try await db.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: u)").first() != nil
            guard known else { throw DomainError.invalid("enterprise", "企业 \(u) 不在企业库中：请先登记该企业", code: "unknown_enterprise") }
        }
        if let c = input.chain {
            let known = try await db.raw("SELECT code FROM chains WHERE code = \(bind: c)").first() != nil
            guard known else { throw DomainError.invalid("chain", "产业链 \(c) 不存在", code: "unknown_chain") }
        }
        if let s = input.segment {
            let chain = try await db.raw("SELECT chain_code FROM segments WHERE code = \(bind: s)").first(
                decodingColumn: "chain_code", as: String.self)
            guard let chain else { throw DomainError.invalid("segment", "环节 \(s) 不存在", code: "unknown_segment") }
            if let c = input.chain, c != chain {
                throw DomainError.invalid("segment", "环节 \(s) 不属于产业链 \(c)", code: "segment_not_in_chain")
            }
            out.chain = chain
        }
        return out
    }

    /// Inside a transaction: the checked project and its audit entry; answers its id.
    static func insert(_ input: ProjectInput, caller: Caller, tx: any SQLDatabase) async throws -> Int64 {
        let id = try await tx.insert(into: "projects")
            .columns(
                "kind", "name", "enterprise_uscc", "investor", "programme", "year", "amount", "chain_code", "segment_code", "action",
                "stage", "case_by_case", "green_channel", "lead_id", "created_by", "created_at"
            )
            .values(
                SQLBind(input.kind.rawValue), SQLBind(input.name), SQLBind(input.enterprise), SQLBind(input.investor),
                SQLBind(input.programme), SQLBind(input.year), SQLBind(input.amount), SQLBind(input.chain), SQLBind(input.segment),
                SQLBind(input.action?.rawValue), SQLBind(input.stage.rawValue), SQLBind(input.caseByCase), SQLBind(input.greenChannel),
                SQLBind(input.lead), SQLBind(caller.username), SQLBind(Date.nowSeconds())
            )
            .runReturningID()
        try await AuditLog(db: tx, caller: caller).record(
            entity: "project", key: "\(id)", action: "create",
            changes: [
                "kind": .init(from: nil, to: input.kind.rawValue), "name": .init(from: nil, to: input.name),
                "enterprise": .init(from: nil, to: input.enterprise), "segment": .init(from: nil, to: input.segment),
            ])
        return id
    }

    func list(_ f: ProjectFilter, id: Int64? = nil, limit: Int = 1000) async throws -> [ProjectView] {
        try await Access.require(.read, .honours, caller: caller, db: db)
        var filter: SQLQueryString = "1 = 1"
        if let id { filter = filter + " AND p.id = \(bind: id)" }
        if let k = f.kind { filter = filter + " AND p.kind = \(bind: k.rawValue)" }
        if let y = f.year { filter = filter + " AND p.year = \(bind: y)" }
        if let c = f.chain { filter = filter + " AND p.chain_code = \(bind: c)" }
        if let s = f.segment { filter = filter + " AND p.segment_code = \(bind: s)" }
        if let u = f.enterprise { filter = filter + " AND p.enterprise_uscc = \(bind: u)" }
        return try await db.raw(
            "SELECT \(Self.columns) FROM \(Self.from) WHERE \(filter) ORDER BY p.year DESC, p.id DESC LIMIT \(bind: limit)"
        ).rows(ProjectView.self)
    }
}
