import ChainLeadCore
import Foundation
import SQLKit

struct EventView: Sendable, Codable {
    var id: Int64
    var title: String
    var chains: [String]
    var date: String
    var place: String
    var host: String
    var invited: Int
    var registered: Int
    var demands: Int
    var matches: Int
    var deals: Int
    var dealValue: Int64
}

struct EventFirmView: Sendable, Codable {
    var enterprise: String
    var enterpriseName: String
    var tier: String
    var invited: Bool
    var registered: Bool
}

/// Promotion and matchmaking events (供需对接会、产品推介会, Policy L1, L3): officials hold them
/// and invite firms by chain, segment and tier (one set-based insert); firms register; demands
/// published and matches started at the event count for it.
struct Events {
    let db: any SQLDatabase
    let caller: Caller

    func create(title: String, chains: [String], date: SimpleDate, place: String, host: String) async throws -> EventView {
        try await Access.require(.create, .matchmaking(.events), caller: caller, db: db)
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let p = place.trimmingCharacters(in: .whitespacesAndNewlines)
        let h = host.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty, t.count <= 100 else { throw DomainError.invalid("title", "请填写活动名称（不超过100字）") }
        guard !p.isEmpty, p.count <= 100 else { throw DomainError.invalid("place", "请填写活动地点（不超过100字）") }
        guard !h.isEmpty, h.count <= 100 else { throw DomainError.invalid("host", "请填写主办单位（不超过100字）") }
        let unique = Array(Set(chains)).sorted()
        guard (1...20).contains(unique.count) else { throw DomainError.invalid("chains", "请选择1至20条产业链") }
        let known = try await db.raw("SELECT code FROM chains WHERE code IN \(SQLGroupExpression(SQLList(unique.map { SQLBind($0) })))")
            .all(decodingColumn: "code", as: String.self)
        if let bad = unique.first(where: { !known.contains($0) }) {
            throw DomainError.invalid("chains", "产业链 \(bad) 不存在", code: "unknown_chain")
        }
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            let id = try await tx.insert(into: "events")
                .columns("title", "chains", "held_on", "place", "host", "created_by", "created_at")
                .values(
                    SQLBind(t), SQLBind(unique.joined(separator: ",")), SQLBind(date.description), SQLBind(p), SQLBind(h),
                    SQLBind(caller.username ?? "system"), SQLBind(Date.nowSeconds())
                )
                .runReturningID()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "event", key: "\(id)", action: "create",
                changes: ["title": .init(from: nil, to: t), "chains": .init(from: nil, to: unique.joined(separator: ","))])
            return id
        }
        return try await find(id)
    }

    /// Invites the active firms of the event's chains (or the given ones), narrowed to segments
    /// and tiers when given; answers how many were newly invited.
    func invite(_ id: Int64, chains: [String]?, segments: [String], tiers: [Tier]) async throws -> Int {
        try await Access.require(.update, .matchmaking(.events), caller: caller, db: db)
        let event = try await find(id)
        let chainList = chains.flatMap { $0.isEmpty ? nil : $0 } ?? event.chains
        guard chainList.count <= 20, segments.count <= 50 else { throw DomainError.invalid("segments", "一次最多按20条产业链、50个环节邀请") }
        var filter: SQLQueryString = "e.status = 'active' AND s.chain_code IN \(SQLGroupExpression(SQLList(chainList.map { SQLBind($0) })))"
        if !segments.isEmpty { filter = filter + " AND m.segment_code IN \(SQLGroupExpression(SQLList(segments.map { SQLBind($0) })))" }
        if !tiers.isEmpty { filter = filter + " AND e.tier IN \(SQLGroupExpression(SQLList(tiers.map { SQLBind($0.rawValue) })))" }
        let caller = self.caller
        let chosen = filter
        return try await db.withTransaction { tx -> Int in
            let filter = chosen
            let before = try await Self.count(id, "invited_at", tx)
            try await tx.raw(
                """
                INSERT INTO event_firms (event_id, enterprise_uscc, invited_at)
                SELECT DISTINCT \(bind: id), e.uscc, \(bind: Date.nowSeconds()) FROM enterprises e
                JOIN memberships m ON m.enterprise_uscc = e.uscc JOIN segments s ON s.code = m.segment_code
                WHERE \(filter)
                ON CONFLICT (event_id, enterprise_uscc) DO UPDATE SET invited_at = COALESCE(event_firms.invited_at, excluded.invited_at)
                """
            ).run()
            let added = try await Self.count(id, "invited_at", tx) - before
            try await AuditLog(db: tx, caller: caller).record(
                entity: "event", key: "\(id)", action: "invite",
                changes: ["enterprises": .init(from: nil, to: "\(added)")],
                extra: ["segments": segments.joined(separator: ","), "tiers": tiers.map(\.rawValue).joined(separator: ",")])
            return added
        }
    }

    /// A firm registers (invited or not; registering twice changes nothing).
    func register(_ id: Int64, enterprise: String) async throws -> EventFirmView {
        try await Access.require(.create, .matchmaking(.registration(enterprise: enterprise)), caller: caller, db: db)
        _ = try await find(id)
        guard
            try await db.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: enterprise) AND status = 'active'")
                .first(decodingColumn: "uscc", as: String.self) != nil
        else { throw DomainError.invalid("enterprise", "企业 \(enterprise) 不在企业库中或已不在营", code: "unknown_enterprise") }
        let caller = self.caller
        try await db.withTransaction { tx in
            try await tx.raw(
                """
                INSERT INTO event_firms (event_id, enterprise_uscc, registered_at) VALUES (\(bind: id), \(bind: enterprise), \(bind: Date.nowSeconds()))
                ON CONFLICT (event_id, enterprise_uscc) DO UPDATE SET registered_at = COALESCE(event_firms.registered_at, excluded.registered_at)
                """
            ).run()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "event", key: "\(id)", action: "register", changes: ["enterprise": .init(from: nil, to: enterprise)])
        }
        guard let firm = try await firms(id, enterprise: enterprise).first else { throw DomainError.internal }
        return firm
    }

    static func count(_ id: Int64, _ column: String, _ db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM event_firms WHERE event_id = \(bind: id) AND \(ident: column) IS NOT NULL")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func list(id: Int64? = nil, limit: Int = 200) async throws -> [EventView] {
        try await Access.require(.read, .matchmaking(.events), caller: caller, db: db)
        let filter: SQLQueryString = id.map { "v.id = \(bind: $0)" } ?? "1 = 1"
        struct Row: Decodable {
            var id: Int64
            var title: String
            var chains: String
            var heldOn: String
            var place: String
            var host: String
            var invited: Int
            var registered: Int
            var demands: Int
            var matches: Int
            var deals: Int
            var dealValue: Double?
        }
        return try await db.raw(
            """
            SELECT v.id, v.title, v.chains, v.held_on, v.place, v.host,
              (SELECT COUNT(*) FROM event_firms f WHERE f.event_id = v.id AND f.invited_at IS NOT NULL) AS invited,
              (SELECT COUNT(*) FROM event_firms f WHERE f.event_id = v.id AND f.registered_at IS NOT NULL) AS registered,
              (SELECT COUNT(*) FROM demands d WHERE d.event_id = v.id) AS demands,
              (SELECT COUNT(*) FROM matches m WHERE m.event_id = v.id) AS matches,
              (SELECT COUNT(*) FROM matches m WHERE m.event_id = v.id AND m.status = 'deal') AS deals,
              (SELECT SUM(CAST(m.amount AS DOUBLE PRECISION)) FROM matches m WHERE m.event_id = v.id AND m.status = 'deal') AS deal_value
            FROM events v WHERE \(filter) ORDER BY v.held_on DESC, v.id DESC LIMIT \(bind: limit)
            """
        ).rows(Row.self).map {
            EventView(
                id: $0.id, title: $0.title, chains: $0.chains.split(separator: ",").map(String.init), date: $0.heldOn, place: $0.place,
                host: $0.host, invited: $0.invited, registered: $0.registered, demands: $0.demands, matches: $0.matches, deals: $0.deals,
                dealValue: try DomainError.amount($0.dealValue ?? 0, field: "amount"))
        }
    }

    func find(_ id: Int64) async throws -> EventView {
        guard let e = try await list(id: id).first else { throw DomainError(.notFound, "not_found", "活动 \(id) 不存在") }
        return e
    }

    /// The firms invited or registered, registered first.
    func firms(_ id: Int64, enterprise: String? = nil, limit: Int = 2000) async throws -> [EventFirmView] {
        try await Access.require(.read, .matchmaking(.events), caller: caller, db: db)
        let only: SQLQueryString = enterprise.map { " AND f.enterprise_uscc = \(bind: $0)" } ?? ""
        struct Row: Decodable {
            var enterpriseUscc: String
            var name: String
            var tier: String
            var invitedAt: Date?
            var registeredAt: Date?
        }
        return try await db.raw(
            """
            SELECT f.enterprise_uscc, e.name, e.tier, f.invited_at, f.registered_at FROM event_firms f
            JOIN enterprises e ON e.uscc = f.enterprise_uscc WHERE f.event_id = \(bind: id)\(only)
            ORDER BY CASE WHEN f.registered_at IS NULL THEN 1 ELSE 0 END, e.name LIMIT \(bind: limit)
            """
        ).rows(Row.self).map {
            EventFirmView(
                enterprise: $0.enterpriseUscc, enterpriseName: $0.name, tier: $0.tier, invited: $0.invitedAt != nil,
                registered: $0.registeredAt != nil)
        }
    }
}
