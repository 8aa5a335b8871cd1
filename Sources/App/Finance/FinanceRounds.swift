import ChainLeadCore
import Foundation
import SQLKit

struct FinanceRoundView: Sendable, Codable {
    var id: Int64
    var quarter: String
    var openUntil: String
    var open: Bool
    var needs: Int
    var invited: [String]
}

/// Quarterly collection rounds of financing needs (融资需求征集, Policy S5): firms on the
/// published whitelist of the round's quarter file needs, and so do the firms invited.
struct FinanceRounds {
    let db: any SQLDatabase
    let caller: Caller

    func create(quarter: Quarter, openUntil: String, invited: [String]) async throws -> FinanceRoundView {
        try await Access.require(.create, .finance(.rounds), caller: caller, db: db)
        guard let until = SimpleDate(iso: openUntil), until.year <= 2100 else {
            throw DomainError.invalid("openUntil", "截止日期应写作 2026-12-31（不晚于2100年）")
        }
        guard until >= SimpleDate.today() else { throw DomainError.invalid("openUntil", "截止日期不能早于今天") }
        let firms = try await Self.registered(invited, field: "invited", db: db)
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            guard
                let id = try await tx.raw(
                    """
                    INSERT INTO finance_rounds (quarter, open_until, created_by, created_at)
                    VALUES (\(bind: quarter.description), \(bind: until.description), \(bind: caller.username ?? "system"), \(bind: Date.nowSeconds()))
                    ON CONFLICT (quarter) DO NOTHING RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError(.conflict, "duplicate", "\(quarter) 的融资需求征集已开启", field: "quarter") }
            for u in firms {
                try await tx.insert(into: "finance_round_invites").columns("round_id", "enterprise_uscc").values(SQLBind(id), SQLBind(u))
                    .run()
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "finance_round", key: String(id), action: "create",
                extra: ["quarter": quarter.description, "openUntil": until.description, "invited": firms.joined(separator: ",")])
            return id
        }
        return try await find(id)
    }

    /// Invites more firms to file needs in an open round.
    func invite(_ id: Int64, _ enterprises: [String]) async throws -> FinanceRoundView {
        try await Access.require(.update, .finance(.rounds), caller: caller, db: db)
        let round = try await find(id)
        guard round.open else { throw DomainError(.conflict, "closed", "该批次征集已截止") }
        let firms = try await Self.registered(enterprises, field: "enterprises", db: db)
        let caller = self.caller
        try await db.withTransaction { tx in
            for u in firms where !round.invited.contains(u) {
                try await tx.insert(into: "finance_round_invites").columns("round_id", "enterprise_uscc").values(SQLBind(id), SQLBind(u))
                    .run()
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "finance_round", key: String(id), action: "invite", extra: ["invited": firms.joined(separator: ",")])
        }
        return try await find(id)
    }

    func list() async throws -> [FinanceRoundView] {
        try await Access.require(.read, .finance(.rounds), caller: caller, db: db)
        return try await rounds(nil)
    }

    func find(_ id: Int64) async throws -> FinanceRoundView {
        try await Access.require(.read, .finance(.rounds), caller: caller, db: db)
        guard let r = try await rounds(id).first else { throw DomainError.notFound("融资需求征集批次 \(id)", field: "id") }
        return r
    }

    /// Rounds with their counts of needs the caller sees, latest first.
    private func rounds(_ id: Int64?) async throws -> [FinanceRoundView] {
        let only: SQLQueryString = id.map { "WHERE f.id = \(bind: $0)" } ?? ""
        let visible = FinanceVisibility.needs(caller) ?? "1 = 0"
        struct Row: Decodable {
            var id: Int64
            var quarter: String
            var openUntil: String
            var needs: Int
        }
        let rows = try await db.raw(
            """
            SELECT f.id, f.quarter, f.open_until,
              (SELECT COUNT(*) FROM finance_needs n WHERE n.round_id = f.id AND \(visible)) AS needs
            FROM finance_rounds f \(only) ORDER BY f.quarter DESC LIMIT 40
            """
        ).rows(Row.self)
        var invited: [Int64: [String]] = [:]
        let showInvites = caller.isSystem || caller.grants.contains { [.official, .chief, .district, .department].contains($0.role) }
        if showInvites && !rows.isEmpty {
            for r in try await db.raw(
                "SELECT round_id, enterprise_uscc FROM finance_round_invites WHERE round_id IN \(SQLBind.group(rows.map(\.id))) ORDER BY enterprise_uscc"
            ).all() {
                invited[try r.decode(column: "round_id", as: Int64.self), default: []].append(
                    try r.decode(column: "enterprise_uscc", as: String.self))
            }
        }
        let today = SimpleDate.today().description
        return rows.map {
            FinanceRoundView(
                id: $0.id, quarter: $0.quarter, openUntil: $0.openUntil, open: $0.openUntil >= today, needs: $0.needs,
                invited: invited[$0.id] ?? [])
        }
    }

    static func registered(_ usccs: [String], field: String, db: any SQLDatabase) async throws -> [String] {
        let wanted = Array(Set(usccs.map { $0.trimmingCharacters(in: .whitespaces) })).sorted()
        guard wanted.count <= 500 else { throw DomainError.invalid(field, "一次最多500家企业") }
        for u in wanted where (try? USCC.checkFormat(u).get()) == nil {
            throw DomainError.invalid(field, "统一社会信用代码“\(u.prefix(20))”格式不正确")
        }
        guard !wanted.isEmpty else { return [] }
        let found = Set(
            try await db.raw("SELECT uscc FROM enterprises WHERE uscc IN \(SQLBind.group(wanted))").all(
                decodingColumn: "uscc", as: String.self))
        if let missing = wanted.first(where: { !found.contains($0) }) { throw DomainError.invalid(field, "企业 \(missing) 不在企业库中") }
        return wanted
    }
}
