import ChainLeadCore
import Foundation
import SQLKit

/// A standard a firm led or joined (Policy L1, S4) as shown; those it led count in selection's
/// `standards` indicator.
struct StandardView: Sendable, Codable {
    var id: Int64
    var enterprise: String
    var enterpriseName: String
    var number: String
    var name: String
    var level: String
    var role: String
    var year: Int
}

struct StandardInput: Sendable {
    var enterprise: String
    var number: String
    var name: String
    var level: StandardLevel
    var role: StandardRole
    var year: Int
}

struct Standards {
    let db: any SQLDatabase
    let caller: Caller

    func create(_ input: StandardInput) async throws -> StandardView {
        try await Access.require(.create, .honours, caller: caller, db: db)
        let checked = try await check(input)
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            guard let id = try await Self.insert(checked.input, caller: caller, tx: tx) else {
                throw DomainError(.conflict, "duplicate_standard", "\(checked.firm)的标准 \(checked.input.number) 已记录", field: "number")
            }
            return id
        }
        guard let made = try await list(id: id).first else { throw DomainError.internal }
        return made
    }

    /// Every check of a standard; answers it trimmed, with the firm's name.
    func check(_ input: StandardInput) async throws -> (input: StandardInput, firm: String) {
        var out = input
        out.number = input.number.trimmingCharacters(in: .whitespacesAndNewlines)
        out.name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !out.number.isEmpty, out.number.count <= 100 else {
            throw DomainError.invalid("number", "请填写标准号（不超过100字），如 GB/T 12345-2025")
        }
        guard !out.name.isEmpty, out.name.count <= 200 else { throw DomainError.invalid("name", "请填写标准名称（不超过200字）") }
        guard AnnualFigures.validYears.contains(input.year) else {
            throw DomainError.invalid("year", "年度应在1949至2100之间", code: "out_of_range")
        }
        guard
            let firm = try await db.raw("SELECT name FROM enterprises WHERE uscc = \(bind: input.enterprise)")
                .first(decodingColumn: "name", as: String.self)
        else { throw DomainError.invalid("enterprise", "企业 \(input.enterprise) 不在企业库中：请先登记该企业", code: "unknown_enterprise") }
        return (out, firm)
    }

    /// Inside a transaction: the checked standard and its audit entry; nil when the firm already
    /// has a standard of that number.
    static func insert(_ input: StandardInput, caller: Caller, tx: any SQLDatabase) async throws -> Int64? {
        let inserted = try await tx.insert(into: "standards")
            .columns("enterprise_uscc", "number", "name", "level", "role", "year", "created_by", "created_at")
            .values(
                SQLBind(input.enterprise), SQLBind(input.number), SQLBind(input.name), SQLBind(input.level.rawValue),
                SQLBind(input.role.rawValue), SQLBind(input.year), SQLBind(caller.username), SQLBind(Date.nowSeconds())
            )
            .ignoringConflicts().returning("id").all()
        guard let id = try inserted.first?.decode(column: "id", as: Int64.self) else { return nil }
        try await AuditLog(db: tx, caller: caller).record(
            entity: "standard", key: "\(id)", action: "create",
            changes: [
                "enterprise": .init(from: nil, to: input.enterprise), "number": .init(from: nil, to: input.number),
                "role": .init(from: nil, to: input.role.rawValue),
            ])
        return id
    }

    /// By firm, level, year, or the firms of a chain; one standard by `id`.
    func list(
        enterprise: String? = nil, level: StandardLevel? = nil, year: Int? = nil, chain: String? = nil, id: Int64? = nil, limit: Int = 1000
    ) async throws -> [StandardView] {
        try await Access.require(.read, .honours, caller: caller, db: db)
        var filter: SQLQueryString = "1 = 1"
        if let id { filter = filter + " AND t.id = \(bind: id)" }
        if let enterprise { filter = filter + " AND t.enterprise_uscc = \(bind: enterprise)" }
        if let level { filter = filter + " AND t.level = \(bind: level.rawValue)" }
        if let year { filter = filter + " AND t.year = \(bind: year)" }
        if let chain {
            filter =
                filter
                + " AND t.enterprise_uscc IN (SELECT m.enterprise_uscc FROM memberships m JOIN segments s ON s.code = m.segment_code WHERE s.chain_code = \(bind: chain))"
        }
        return try await db.raw(
            """
            SELECT t.id, t.enterprise_uscc AS enterprise, e.name AS enterprise_name, t.number, t.name, t.level, t.role, t.year
            FROM standards t JOIN enterprises e ON e.uscc = t.enterprise_uscc WHERE \(filter)
            ORDER BY t.year DESC, t.id DESC LIMIT \(bind: limit)
            """
        ).rows(StandardView.self)
    }

    /// Per firm of `list`: honours in force in the year before `year` (platforms counted apart)
    /// and standards it led by then — what selection's evidence indicators read.
    static func evidence(db: any SQLDatabase, of list: SQLQueryString, year: Int) async throws -> [String: EvidenceRecords] {
        var out: [String: EvidenceRecords] = [:]
        let last = year - 1
        for row in try await db.raw(
            """
            SELECT h.enterprise_uscc AS code, k.category, COUNT(*) AS n FROM honours h JOIN honour_kinds k ON k.code = h.kind
            WHERE h.enterprise_uscc IN \(list) AND h.deleted_at IS NULL AND h.year <= \(bind: last)
              AND \(Honours.inForce(during: last))
            GROUP BY h.enterprise_uscc, k.category
            """
        ).all() {
            let code = try row.decode(column: "code", as: String.self)
            let n = try row.decode(column: "n", as: Int.self)
            if try row.decode(column: "category", as: String.self) == "platform" {
                out[code, default: .init()].platforms += n
            } else {
                out[code, default: .init()].honours += n
            }
        }
        for row in try await db.raw(
            """
            SELECT enterprise_uscc AS code, COUNT(*) AS n FROM standards
            WHERE enterprise_uscc IN \(list) AND role = 'lead' AND year <= \(bind: last) GROUP BY enterprise_uscc
            """
        ).all() {
            out[try row.decode(column: "code", as: String.self), default: .init()].standards = try row.decode(column: "n", as: Int.self)
        }
        return out
    }
}
