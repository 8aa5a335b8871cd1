import ChainLeadCore
import Foundation
import SQLKit

struct TalentNominationView: Sendable, Codable {
    var id: Int64
    var enterprise: String
    var enterpriseName: String
    var programme: String
    var person: String
    var field: String
    var level: String
    var year: Int
    var status: String
    var outcome: String?
}

/// Talent-programme nominations (人才计划推荐, Policy S5): a firm nominates its people, city
/// officials recommend them on and record the outcome. A firm sees its own; government all.
struct TalentNominations {
    let db: any SQLDatabase
    let caller: Caller
    static let levels = ["national", "provincial", "city"]

    func nominate(
        enterprise: String, programme: String, person: String, field: String, level: String, year: Int
    ) async throws -> TalentNominationView {
        try await Access.require(.create, .finance(.talent(enterprise: enterprise)), caller: caller, db: db)
        for (name, value, limit) in [("programme", programme, 100), ("person", person, 50), ("field", field, 100)] {
            let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !v.isEmpty, v.unicodeScalars.count <= limit else { throw DomainError.invalid(name, "请填写（不超过\(limit)字）") }
        }
        guard Self.levels.contains(level) else { throw DomainError.invalid("level", "级别应为 national、provincial 或 city") }
        guard (2000...2100).contains(year) else { throw DomainError.invalid("year", "年度应在2000至2100之间") }
        guard try await db.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: enterprise)").first() != nil else {
            throw DomainError.invalid("enterprise", "企业 \(enterprise) 不在企业库中")
        }
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            guard
                let id = try await tx.raw(
                    """
                    INSERT INTO talent_nominations (enterprise_uscc, programme, person, field, level, year, status, created_by, created_at)
                    VALUES (\(bind: enterprise), \(bind: programme.trimmingCharacters(in: .whitespacesAndNewlines)),
                      \(bind: person.trimmingCharacters(in: .whitespacesAndNewlines)), \(bind: field.trimmingCharacters(in: .whitespacesAndNewlines)),
                      \(bind: level), \(bind: year), 'nominated', \(bind: caller.username ?? "system"), \(bind: Date.nowSeconds()))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            // The person's name is not written to the audit trail: the record keeps it.
            try await AuditLog(db: tx, caller: caller).record(
                entity: "talent", key: String(id), action: "nominate", extra: ["enterprise": enterprise, "programme": programme])
            return id
        }
        return try await find(id)
    }

    /// Recommended on, then selected or not: one conditional write on the status it moves from.
    func move(_ id: Int64, to next: TalentStatus, outcome: String?) async throws -> TalentNominationView {
        try await Access.require(.update, .finance(.talentOutcome), caller: caller, db: db)
        let current = try await find(id)
        guard let from = TalentStatus(rawValue: current.status), from.mayMove(to: next) else {
            throw DomainError(
                .conflict, "final", "当前为“\(TalentStatus(rawValue: current.status)?.nameZh ?? current.status)”，不能改为“\(next.nameZh)”",
                field: "to")
        }
        if (outcome?.unicodeScalars.count ?? 0) > 500 { throw DomainError.invalid("outcome", "结果说明不超过500字") }
        let caller = self.caller
        try await db.withTransaction { tx in
            let moved = try await tx.raw(
                """
                UPDATE talent_nominations SET status = \(bind: next.rawValue), outcome = COALESCE(\(bind: outcome?.nilIfBlank), outcome)
                WHERE id = \(bind: id) AND status = \(bind: from.rawValue) RETURNING id
                """
            ).all()
            guard !moved.isEmpty else { throw DomainError(.conflict, "changed_meanwhile", "该推荐刚被更新，请刷新后重试", field: "to") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "talent", key: String(id), action: "move", changes: ["status": .init(from: from.rawValue, to: next.rawValue)])
        }
        return try await find(id)
    }

    func find(_ id: Int64) async throws -> TalentNominationView {
        guard let n = try await list(enterprise: nil, year: nil, id: id).first else {
            throw DomainError.notFound("人才推荐 \(id)", field: "id")
        }
        return n
    }

    /// A firm's own; government every one.
    func list(enterprise: String?, year: Int?, id: Int64? = nil) async throws -> [TalentNominationView] {
        var parts: [SQLQueryString] = []
        var all = caller.isSystem
        for g in caller.grants {
            if case .enterprise(let u) = g.scope, Policy.decide([g], .read, .finance(.talent(enterprise: u))).allowed {
                parts.append("t.enterprise_uscc = \(bind: u)")
            } else if Policy.decide([g], .read, .finance(.talent(enterprise: ""))).allowed {
                all = true
            }
        }
        guard all || !parts.isEmpty else { throw DomainError.forbidden("无权查看人才推荐") }
        var filter: SQLQueryString = "1 = 1"
        if !all, var scoped = parts.first {
            for p in parts.dropFirst() { scoped = scoped + " OR " + p }
            filter = "(" + scoped + ")"
        }
        if let enterprise { filter = filter + " AND t.enterprise_uscc = \(bind: enterprise)" }
        if let year { filter = filter + " AND t.year = \(bind: year)" }
        if let id { filter = filter + " AND t.id = \(bind: id)" }
        return try await db.raw(
            """
            SELECT t.id, t.enterprise_uscc AS enterprise, e.name AS enterprise_name, t.programme, t.person, t.field, t.level, t.year, t.status,
              t.outcome
            FROM talent_nominations t JOIN enterprises e ON e.uscc = t.enterprise_uscc WHERE \(filter) ORDER BY t.id DESC LIMIT 1000
            """
        ).rows(TalentNominationView.self)
    }
}
