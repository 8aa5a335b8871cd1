import ChainLeadCore
import Foundation
import SQLKit

/// One ranked supplier for a demand, as shown.
struct CandidateView: Sendable, Codable {
    var enterprise: String
    var enterpriseName: String
    var local: Bool
    var score: Double
    var reasons: [String]
    var alreadySupplies: Bool
    var match: Int64?
}

/// Ranking the suppliers of one demand (供需对接, Policy L1, L3). The pool is set-based SQL —
/// members of the demand's segment and firms offering in its chain — and the facts of the pool
/// come in four grouped queries over its USCCs; `CandidateRanking` scores them in Swift. Nothing is stored, so
/// a changed offer, membership or supply link counts on the next request.
struct Candidates {
    let db: any SQLDatabase
    let caller: Caller
    let scope: SupportingRateScope
    /// The pool is cut at this size (members of the segment first) so one request stays bounded.
    static let poolLimit = 5000

    func rank(demand id: Int64, limit: Int = 50) async throws -> [CandidateView] {
        let demand = try await Demands(db: db, caller: caller).find(id)
        try await Access.require(.read, .matchmaking(.demand(buyer: demand.buyer, chains: [demand.chain])), caller: caller, db: db)
        let forOfficial = caller.isSystem || caller.grants.contains { [.official, .chief].contains($0.role) }
        let facts = try await candidateFacts(demand)
        let ranked = CandidateRanking.rank(
            DemandFacts(
                segment: demand.segment, text: demand.title + "\n" + demand.description, certifications: Set(demand.certifications),
                preferLocal: demand.preferLocal), facts, forOfficial: forOfficial, limit: limit)
        let opened = try await db.raw("SELECT id, supplier_uscc FROM matches WHERE demand_id = \(bind: id)").all()
        var matchOf: [String: Int64] = [:]
        for r in opened { matchOf[try r.decode(column: "supplier_uscc", as: String.self)] = try r.decode(column: "id", as: Int64.self) }
        return ranked.prefix(limit).map {
            CandidateView(
                enterprise: $0.enterprise, enterpriseName: $0.name, local: $0.local, score: $0.score, reasons: $0.reasons,
                alreadySupplies: $0.alreadySupplies, match: matchOf[$0.enterprise])
        }
    }

    func candidateFacts(_ d: DemandView) async throws -> [CandidateFacts] {
        // Indexed lookups only (memberships by segment, offer segments of the chain), never a scan of firms.
        let pool: SQLQueryString = """
            SELECT p.uscc FROM (
              SELECT m.enterprise_uscc AS uscc, 1 AS member FROM memberships m WHERE m.segment_code = \(bind: d.segment)
              UNION
              SELECT o.enterprise_uscc AS uscc, 0 AS member FROM offer_segments os JOIN offers o ON o.id = os.offer_id
              WHERE os.segment IN (SELECT code FROM segments WHERE chain_code = \(bind: d.chain))
            ) p JOIN enterprises e ON e.uscc = p.uscc
            WHERE e.status = 'active' AND e.uscc <> \(bind: d.buyer)
            ORDER BY p.member DESC, p.uscc LIMIT \(bind: Self.poolLimit)
            """
        struct Firm: Decodable {
            var uscc: String
            var name: String
            var districtCode: String
            var tier: String
            var mainProducts: String?
            var member: Int
        }
        let firms = try await db.raw(
            """
            SELECT e.uscc, e.name, e.district_code, e.tier, e.main_products,
              CAST(CASE WHEN EXISTS (SELECT 1 FROM memberships m WHERE m.enterprise_uscc = e.uscc AND m.segment_code = \(bind: d.segment))
                   THEN 1 ELSE 0 END AS BIGINT) AS member
            FROM enterprises e WHERE e.uscc IN (\(pool))
            """
        ).rows(Firm.self)
        guard !firms.isEmpty else { return [] }
        // The pool once more as its USCCs, so the facts below do not run its union and sort again.
        let chosen = SQLGroupExpression(SQLList(firms.map { SQLBind($0.uscc) }))
        var facts: [String: CandidateFacts] = [:]
        for f in firms {
            facts[f.uscc] = CandidateFacts(
                enterprise: f.uscc, name: f.name, local: scope.localDistricts.contains(f.districtCode), inSegment: f.member == 1,
                text: f.mainProducts ?? "", tier: Tier(rawValue: f.tier) ?? .none)
        }
        struct OfferRow: Decodable {
            var enterpriseUscc: String
            var title: String
            var description: String
            var certifications: String
            var capacity: String?
            var inSegment: Int
        }
        for o in try await db.raw(
            """
            SELECT o.enterprise_uscc, o.title, o.description, o.certifications, o.capacity,
              CAST(CASE WHEN EXISTS (SELECT 1 FROM offer_segments os WHERE os.offer_id = o.id AND os.segment = \(bind: d.segment))
                   THEN 1 ELSE 0 END AS BIGINT) AS in_segment
            FROM offers o WHERE o.enterprise_uscc IN \(chosen)
            """
        ).rows(OfferRow.self) {
            guard var c = facts[o.enterpriseUscc] else { continue }
            c.text += "\n" + o.title + "\n" + o.description
            c.certifications.formUnion(Offers.split(o.certifications))
            if o.inSegment == 1 { c.offersSegment = true }
            if let cap = o.capacity, !cap.isEmpty { c.capacity = cap }
            facts[o.enterpriseUscc] = c
        }
        for r in try await db.raw(
            """
            SELECT l.supplier_uscc AS code, COUNT(DISTINCT l.buyer_uscc) AS n, SUM(CAST(l.amount AS DOUBLE PRECISION)) AS amount
            FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc
            WHERE b.tier = 'leader' AND l.buyer_uscc <> \(bind: d.buyer) AND l.supplier_uscc IN \(chosen)
            GROUP BY l.supplier_uscc
            """
        ).all() {
            let code = try r.decode(column: "code", as: String.self)
            facts[code]?.otherLeaders = try r.decode(column: "n", as: Int.self)
            facts[code]?.otherLeadersAmount = try DomainError.amount(try r.decode(column: "amount", as: Double?.self) ?? 0, field: "amount")
        }
        for code in try await db.raw(
            """
            SELECT DISTINCT supplier_uscc AS code FROM supply_links
            WHERE buyer_uscc = \(bind: d.buyer) AND supplier_uscc IN \(chosen)
            """
        ).all(decodingColumn: "code", as: String.self) {
            facts[code]?.alreadySupplies = true
        }
        for r in try await db.raw(
            """
            SELECT supplier_uscc AS code, COUNT(*) AS n FROM matches WHERE status = 'deal' AND supplier_uscc IN \(chosen)
            GROUP BY supplier_uscc
            """
        ).all() {
            facts[try r.decode(column: "code", as: String.self)]?.pastDeals = try r.decode(column: "n", as: Int.self)
        }
        return firms.compactMap { facts[$0.uscc] }
    }
}
