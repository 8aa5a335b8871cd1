import ChainLeadCore
import Foundation
import SQLKit

enum RateLevel: String, Sendable, CaseIterable {
    case city, cluster, chain, buyer
}

/// The supporting rate and the chain map as set-based SQL (Policy G5, L2): one grouped
/// query per question, never a row-by-row load. Each figure states its scope.
struct SupplyQueries {
    let db: any SQLDatabase

    /// `l.category NOT IN (…)` and the "local" test, bound for this scope.
    static func excluded(_ scope: SupportingRateScope) -> SQLQueryString {
        let cats = scope.excludedCategories.map(\.rawValue).sorted()
        guard !cats.isEmpty else { return "1 = 1" }
        return "l.category NOT IN \(SQLGroupExpression(SQLList(cats.map { SQLBind($0) })))"
    }

    static func local(_ scope: SupportingRateScope) -> SQLQueryString {
        let districts = scope.localDistricts.sorted()
        guard !districts.isEmpty else { return "1 = 0" }
        return "l.supplier_district IN \(SQLGroupExpression(SQLList(districts.map { SQLBind($0) })))"
    }

    struct RateRow: Sendable {
        var code: String
        var figures: RateFigures
    }

    /// Rates of one year grouped by `level` (city: one row "city"). Chain, cluster and city count
    /// only links whose buyer is a chain leader; the buyer level counts all of a buyer's links.
    func rates(year: Int, level: RateLevel, code: String? = nil, scope: SupportingRateScope) async throws -> [RateRow] {
        let group: SQLQueryString
        var join: SQLQueryString = "JOIN enterprises b ON b.uscc = l.buyer_uscc AND b.tier = 'leader'"
        var filter: SQLQueryString = ""
        switch level {
        case .city: group = "'city'"
        case .chain:
            group = "l.chain"
            if let code { filter = " AND l.chain = \(bind: code)" }
        case .cluster:
            group = "c.cluster_code"
            join = join + " JOIN chains c ON c.code = l.chain"
            if let code { filter = " AND c.cluster_code = \(bind: code)" }
        case .buyer:
            group = "l.buyer_uscc"
            join = ""
            if let code { filter = " AND l.buyer_uscc = \(bind: code)" }
        }
        let local = Self.local(scope)
        let query: SQLQueryString = """
            SELECT \(group) AS code, SUM(l.amount) AS total_amount,
              SUM(CASE WHEN \(local) THEN l.amount ELSE 0 END) AS local_amount,
              COUNT(DISTINCT l.supplier_key) AS suppliers,
              COUNT(DISTINCT CASE WHEN \(local) THEN l.supplier_key END) AS local_suppliers
            FROM supply_links l \(join)
            WHERE l.year = \(bind: year) AND \(Self.excluded(scope))\(filter)
            GROUP BY \(group) ORDER BY 1
            """
        return try await db.raw(query).all().map { row in
            RateRow(code: try row.decode(column: "code", as: String.self), figures: RateFigures(
                localAmount: try row.decode(column: "local_amount", as: Int64?.self) ?? 0,
                totalAmount: try row.decode(column: "total_amount", as: Int64?.self) ?? 0,
                localSuppliers: try row.decode(column: "local_suppliers", as: Int.self),
                suppliers: try row.decode(column: "suppliers", as: Int.self)))
        }
    }

    func years() async throws -> [Int] {
        try await db.raw("SELECT DISTINCT year FROM supply_links ORDER BY year").all().map { try $0.decode(column: "year", as: Int.self) }
    }

    // MARK: segments

    struct SegmentFacts: Sendable {
        var firmsByTier: [Tier: Int] = [:]
        var total: Int64 = 0
        var local: Int64 = 0
        var localBySupplier: [Int64] = []
    }

    /// For every segment (of one chain, or all): local active firms by tier, and chain leaders'
    /// purchases in it — total, local, and local amounts per supplier (for the HHI).
    func segmentFacts(year: Int, chain: String?, scope: SupportingRateScope) async throws -> [String: SegmentFacts] {
        var out: [String: SegmentFacts] = [:]
        let chainFilter: SQLQueryString = chain.map { " AND s.chain_code = \(bind: $0)" } ?? ""
        let firms = try await db.raw("""
            SELECT m.segment_code AS segment, e.tier AS tier, COUNT(*) AS n
            FROM memberships m JOIN enterprises e ON e.uscc = m.enterprise_uscc JOIN segments s ON s.code = m.segment_code
            WHERE e.status = 'active'\(chainFilter)
            GROUP BY m.segment_code, e.tier
            """).all()
        for row in firms {
            let tier = Tier(rawValue: try row.decode(column: "tier", as: String.self)) ?? .none
            out[try row.decode(column: "segment", as: String.self), default: .init()].firmsByTier[tier, default: 0] += try row.decode(column: "n", as: Int.self)
        }
        let linkFilter: SQLQueryString = chain.map { " AND l.chain = \(bind: $0)" } ?? ""
        let supply = try await db.raw("""
            SELECT l.segment AS segment, l.supplier_key AS supplier, CASE WHEN \(Self.local(scope)) THEN 1 ELSE 0 END AS is_local,
              SUM(l.amount) AS amount
            FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc AND b.tier = 'leader'
            WHERE l.year = \(bind: year) AND \(Self.excluded(scope))\(linkFilter)
            GROUP BY l.segment, l.supplier_key, is_local
            """).all()
        for row in supply {
            let segment = try row.decode(column: "segment", as: String.self)
            let amount = try row.decode(column: "amount", as: Int64.self)
            out[segment, default: .init()].total += amount
            if try row.decode(column: "is_local", as: Int.self) == 1 {
                out[segment, default: .init()].local += amount
                out[segment, default: .init()].localBySupplier.append(amount)
            }
        }
        return out
    }

    static func status(_ f: SegmentFacts?, rule: SegmentStatusRule) -> (SegmentStatus, Double?, Double?) {
        let facts = f ?? .init()
        let localFirms = facts.firmsByTier.values.reduce(0, +)
        let share = facts.total > 0 ? Double(facts.local) / Double(facts.total) : nil
        let hhi = facts.localBySupplier.isEmpty ? nil : HHI.index(facts.localBySupplier)
        return (rule.classify(localFirms: localFirms, localShare: share, localSupplyHHI: hhi), share, hhi)
    }

    /// The chain's map for one year.
    func chainMap(chain: ChainRecord, year: Int, scope: SupportingRateScope, rule: SegmentStatusRule) async throws -> ChainMapModel {
        let segments = try await TaxonomyQueries(db: db).segments(chain: chain.code).filter { $0.retiredOn == nil }
        let facts = try await segmentFacts(year: year, chain: chain.code, scope: scope)
        let mapped = segments.map { s -> ChainMapModel.Segment in
            let (status, share, hhi) = Self.status(facts[s.code], rule: rule)
            return .init(code: s.code, name: s.name, nameEn: s.nameEn, position: s.position, status: status,
                         firmsByTier: facts[s.code]?.firmsByTier ?? [:], localShare: share, hhi: hhi, purchases: facts[s.code]?.total ?? 0)
        }
        let flows = try await db.raw("""
            SELECT l.segment AS from_segment, m.segment_code AS to_segment, SUM(l.amount) AS amount,
              SUM(CASE WHEN \(Self.local(scope)) THEN l.amount ELSE 0 END) AS local_amount
            FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc AND b.tier = 'leader'
            JOIN memberships m ON m.enterprise_uscc = l.buyer_uscc AND m.is_primary = \(bind: true)
            JOIN segments s ON s.code = m.segment_code AND s.chain_code = l.chain
            WHERE l.year = \(bind: year) AND l.chain = \(bind: chain.code) AND \(Self.excluded(scope))
            GROUP BY l.segment, m.segment_code ORDER BY 3 DESC
            """).all().map { row in
            ChainMapModel.Flow(from: try row.decode(column: "from_segment", as: String.self), to: try row.decode(column: "to_segment", as: String.self),
                               amount: try row.decode(column: "amount", as: Int64.self), localAmount: try row.decode(column: "local_amount", as: Int64?.self) ?? 0)
        }
        return ChainMapModel(chainCode: chain.code, chainName: chain.name, year: year, segments: mapped, flows: flows)
    }

    /// Segments (all chains) whose status is missing or weak: where investment attraction aims.
    func gapSegments(year: Int, scope: SupportingRateScope, rule: SegmentStatusRule) async throws -> [String: SegmentStatus] {
        let facts = try await segmentFacts(year: year, chain: nil, scope: scope)
        let codes = try await db.raw("SELECT code FROM segments WHERE retired_on IS NULL").all().map { try $0.decode(column: "code", as: String.self) }
        var out: [String: SegmentStatus] = [:]
        for code in codes {
            let (status, _, _) = Self.status(facts[code], rule: rule)
            if status == .missing || status == .weak { out[code] = status }
        }
        return out
    }

    /// Chain leaders' purchases of one year as facts, for the lead ranking and the risk view.
    func leaderFacts(year: Int, buyer: String? = nil) async throws -> [SupplyFact] {
        let filter: SQLQueryString = buyer.map { " AND l.buyer_uscc = \(bind: $0)" } ?? ""
        return try await db.raw("""
            SELECT l.buyer_uscc, l.supplier_key, l.supplier_district, l.segment, l.category, SUM(l.amount) AS amount
            FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc AND b.tier = 'leader'
            WHERE l.year = \(bind: year)\(filter)
            GROUP BY l.buyer_uscc, l.supplier_key, l.supplier_district, l.segment, l.category
            """).all().map { row in
            SupplyFact(buyer: try row.decode(column: "buyer_uscc", as: String.self), supplierKey: try row.decode(column: "supplier_key", as: String.self),
                       supplierDistrict: try row.decode(column: "supplier_district", as: String?.self),
                       segment: try row.decode(column: "segment", as: String.self),
                       category: SupplyCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .material,
                       amount: try row.decode(column: "amount", as: Int64.self))
        }
    }

    /// Display names and cities of suppliers by key.
    func supplierNames(_ keys: [String]) async throws -> [String: (name: String, city: String?)] {
        guard !keys.isEmpty else { return [:] }
        var out: [String: (String, String?)] = [:]
        for chunk in keys.chunked(500) {
            for row in try await db.raw("""
                SELECT supplier_key, MAX(supplier_name) AS name, MAX(supplier_city) AS city FROM supply_links
                WHERE supplier_key IN \(SQLGroupExpression(SQLList(Array(chunk).map { SQLBind($0) }))) GROUP BY supplier_key
                """).all() {
                out[try row.decode(column: "supplier_key", as: String.self)] = (try row.decode(column: "name", as: String.self),
                                                                                try row.decode(column: "city", as: String?.self))
            }
        }
        return out
    }

    struct SupplierInSegment: Sendable {
        var key: String
        var uscc: String?
        var name: String
        var city: String?
        var local: Bool
        var amount: Int64
        var buyers: Int
    }

    /// Who supplies chain leaders in one segment, biggest first (the map's click-through).
    func suppliers(segment: String, year: Int, scope: SupportingRateScope) async throws -> [SupplierInSegment] {
        try await db.raw("""
            SELECT l.supplier_key, MAX(l.supplier_uscc) AS uscc, MAX(l.supplier_name) AS name, MAX(l.supplier_city) AS city,
              MAX(CASE WHEN \(Self.local(scope)) THEN 1 ELSE 0 END) AS is_local, SUM(l.amount) AS amount, COUNT(DISTINCT l.buyer_uscc) AS buyers
            FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc AND b.tier = 'leader'
            WHERE l.segment = \(bind: segment) AND l.year = \(bind: year) AND \(Self.excluded(scope))
            GROUP BY l.supplier_key ORDER BY 6 DESC, 1 LIMIT 200
            """).all().map { row in
            SupplierInSegment(key: try row.decode(column: "supplier_key", as: String.self), uscc: try row.decode(column: "uscc", as: String?.self),
                              name: try row.decode(column: "name", as: String.self), city: try row.decode(column: "city", as: String?.self),
                              local: try row.decode(column: "is_local", as: Int.self) == 1,
                              amount: try row.decode(column: "amount", as: Int64.self), buyers: try row.decode(column: "buyers", as: Int.self))
        }
    }
}
