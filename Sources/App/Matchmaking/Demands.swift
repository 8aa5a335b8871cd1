import ChainLeadCore
import Foundation
import SQLKit

/// A buyer's demand (采购需求, Policy L1, L3) as shown.
struct DemandView: Sendable, Codable {
    var id: Int64
    var buyer: String
    var buyerName: String
    var title: String
    var description: String
    var segment: String
    var segmentName: String
    var chain: String
    var quantity: String?
    var budgetBand: String?
    var needBy: String?
    var deliveryPlace: String?
    var certifications: [String]
    var preferLocal: Bool
    var visibility: String
    var status: String
    var matches: Int
    var createdAt: Date
}

struct DemandInput: Sendable {
    var buyer: String
    var title: String
    var description: String
    var segment: String
    var quantity: String? = nil
    var budgetBand: String? = nil
    var needBy: SimpleDate? = nil
    var deliveryPlace: String? = nil
    var certifications: [String] = []
    var preferLocal = true
    var visibility = "segment"
    /// Published at this event (counted for it).
    var event: Int64? = nil
}

struct DemandFilter: Sendable {
    var buyer: String?
    var chain: String?
    var segment: String?
    var status: String?
    var id: Int64?
    /// Published at the event, or by a firm invited to or registered for it.
    var event: Int64? = nil
}

/// Publishing and reading demands. Who reads which row is `Demands.rows(for:)`, the one rule
/// every list, page and candidate query uses.
struct Demands {
    let db: any SQLDatabase
    let caller: Caller

    func create(_ input: DemandInput) async throws -> DemandView {
        // The policy first (a segment of no chain grants no chain scope), then the checks.
        let known = try? await Self.chain(ofSegment: input.segment, db: db)
        try await Access.require(
            .create, .matchmaking(.demand(buyer: input.buyer, chains: Set([known].compactMap { $0 }))), caller: caller, db: db)
        let chain = try await Self.chain(ofSegment: input.segment, db: db)
        let clean = try await check(input)
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            let id = try await tx.insert(into: "demands")
                .columns(
                    "buyer_uscc", "title", "description", "segment", "chain", "quantity", "budget_band", "need_by", "delivery_place",
                    "certifications", "prefer_local", "visibility", "status", "event_id", "created_by", "created_at"
                )
                .values(
                    SQLBind(clean.buyer), SQLBind(clean.title), SQLBind(clean.description), SQLBind(clean.segment), SQLBind(chain),
                    SQLBind(clean.quantity), SQLBind(clean.budgetBand), SQLBind(clean.needBy?.description),
                    SQLBind(clean.deliveryPlace), SQLBind(clean.certifications.joined(separator: "\n")), SQLBind(clean.preferLocal),
                    SQLBind(clean.visibility), SQLBind("open"), SQLBind(clean.event), SQLBind(caller.username ?? "system"),
                    SQLBind(Date.nowSeconds())
                )
                .runReturningID()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "demand", key: "\(id)", action: "create",
                changes: [
                    "buyer": .init(from: nil, to: clean.buyer), "segment": .init(from: nil, to: clean.segment),
                    "title": .init(from: nil, to: clean.title),
                ])
            return id
        }
        guard let made = try await list(DemandFilter(id: id)).first else { throw DomainError.internal }
        return made
    }

    /// The input trimmed, each field checked with a message naming it.
    func check(_ input: DemandInput) async throws -> DemandInput {
        var out = input
        out.title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        out.description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !out.title.isEmpty, out.title.count <= 100 else { throw DomainError.invalid("title", "请填写需求名称（不超过100字）") }
        guard !out.description.isEmpty, out.description.count <= 2000 else {
            throw DomainError.invalid("description", "请描述所需产品或服务（不超过2000字）：规格、用途、技术要求")
        }
        out.quantity = input.quantity?.nilIfBlank
        out.budgetBand = input.budgetBand?.nilIfBlank
        out.deliveryPlace = input.deliveryPlace?.nilIfBlank
        if (out.quantity?.count ?? 0) > 100 { throw DomainError.invalid("quantity", "数量不超过100字") }
        if (out.budgetBand?.count ?? 0) > 50 { throw DomainError.invalid("budgetBand", "预算区间不超过50字") }
        if (out.deliveryPlace?.count ?? 0) > 100 { throw DomainError.invalid("deliveryPlace", "交付地点不超过100字") }
        out.certifications = try Offers.certifications(input.certifications)
        if let event = input.event {
            guard try await db.raw("SELECT id FROM events WHERE id = \(bind: event)").first() != nil else {
                throw DomainError.invalid("event", "活动 \(event) 不存在", code: "unknown_event")
            }
        }
        guard ["segment", "all"].contains(input.visibility) else {
            throw DomainError.invalid("visibility", "公开范围应为 segment（本环节企业）或 all（全部企业）")
        }
        guard
            let status = try await db.raw("SELECT status FROM enterprises WHERE uscc = \(bind: input.buyer)")
                .first(decodingColumn: "status", as: String.self)
        else { throw DomainError.invalid("buyer", "企业 \(input.buyer) 不在企业库中", code: "unknown_enterprise") }
        guard status == "active" else { throw DomainError.invalid("buyer", "企业 \(input.buyer) 已不在营，不能发布采购需求") }
        return out
    }

    static func chain(ofSegment segment: String, db: any SQLDatabase) async throws -> String {
        guard
            let chain = try await db.raw("SELECT chain_code FROM segments WHERE code = \(bind: segment)")
                .first(decodingColumn: "chain_code", as: String.self)
        else { throw DomainError.invalid("segment", "环节 \(segment) 不存在：请从产业链图谱中选择环节", code: "unknown_segment") }
        return chain
    }

    /// The demands this caller may read: its own firm's and those open to it for a firm user,
    /// its chains' for a chain chief, all for the rest of government.
    static func rows(for caller: Caller) -> SQLQueryString {
        if caller.isSystem { return "1 = 1" }
        var clauses: [SQLQueryString] = []
        for g in caller.grants {
            switch (g.role, g.scope) {
            case (.official, _), (.district, _), (.department, _): return "1 = 1"
            case (.chief, .chains(let mine)):
                clauses.append("d.chain IN \(SQLGroupExpression(SQLList(mine.sorted().map { SQLBind($0) })))")
            case (.enterprise, .enterprise(let u)):
                clauses.append(
                    """
                    (d.buyer_uscc = \(bind: u) OR (d.status = 'open' AND (d.visibility = 'all'
                      OR d.segment IN (SELECT segment_code FROM memberships WHERE enterprise_uscc = \(bind: u))
                      OR d.segment IN (SELECT os.segment FROM offer_segments os JOIN offers o ON o.id = os.offer_id
                                       WHERE o.enterprise_uscc = \(bind: u)))))
                    """)
            default: break
            }
        }
        guard var out = clauses.first else { return "1 = 0" }
        for c in clauses.dropFirst() { out = out + " OR " + c }
        return "(" + out + ")"
    }

    func list(_ f: DemandFilter, limit: Int = 1000) async throws -> [DemandView] {
        try await Access.require(.read, .matchmaking(.lists), caller: caller, db: db)
        var filter: SQLQueryString = Self.rows(for: caller)
        if let id = f.id { filter = filter + " AND d.id = \(bind: id)" }
        if let b = f.buyer { filter = filter + " AND d.buyer_uscc = \(bind: b)" }
        if let c = f.chain { filter = filter + " AND d.chain = \(bind: c)" }
        if let s = f.segment { filter = filter + " AND d.segment = \(bind: s)" }
        if let s = f.status { filter = filter + " AND d.status = \(bind: s)" }
        if let e = f.event {
            filter =
                filter
                + " AND (d.event_id = \(bind: e) OR d.buyer_uscc IN (SELECT enterprise_uscc FROM event_firms WHERE event_id = \(bind: e)))"
        }
        struct Row: Decodable {
            var id: Int64
            var buyerUscc: String
            var buyerName: String
            var title: String
            var description: String
            var segment: String
            var segmentName: String
            var chain: String
            var quantity: String?
            var budgetBand: String?
            var needBy: String?
            var deliveryPlace: String?
            var certifications: String
            var preferLocal: Bool
            var visibility: String
            var status: String
            var matches: Int
            var createdAt: Date
        }
        return try await db.raw(
            """
            SELECT d.id, d.buyer_uscc, e.name AS buyer_name, d.title, d.description, d.segment, s.name AS segment_name, d.chain,
              d.quantity, d.budget_band, d.need_by, d.delivery_place, d.certifications, d.prefer_local, d.visibility, d.status,
              (SELECT COUNT(*) FROM matches m WHERE m.demand_id = d.id) AS matches, d.created_at
            FROM demands d JOIN enterprises e ON e.uscc = d.buyer_uscc JOIN segments s ON s.code = d.segment
            WHERE \(filter) ORDER BY d.id DESC LIMIT \(bind: limit)
            """
        ).rows(Row.self).map {
            DemandView(
                id: $0.id, buyer: $0.buyerUscc, buyerName: $0.buyerName, title: $0.title, description: $0.description,
                segment: $0.segment, segmentName: $0.segmentName, chain: $0.chain, quantity: $0.quantity, budgetBand: $0.budgetBand,
                needBy: $0.needBy, deliveryPlace: $0.deliveryPlace, certifications: Offers.split($0.certifications),
                preferLocal: $0.preferLocal, visibility: $0.visibility, status: $0.status, matches: $0.matches, createdAt: $0.createdAt)
        }
    }

    /// One demand the caller may read; 404 otherwise (its existence is not disclosed).
    func find(_ id: Int64) async throws -> DemandView {
        guard let d = try await list(DemandFilter(id: id)).first else {
            throw DomainError(.notFound, "not_found", "采购需求 \(id) 不存在或无权查看")
        }
        return d
    }
}
