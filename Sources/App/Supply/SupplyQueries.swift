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
    /// The links the caller may see (`Policy.supplyRows`): every query below is cut to them.
    var rows: ListScope = .everything

    /// `l` restricted to the caller's rows: a chief's chains, a district's buyers.
    static func rowFilter(_ rows: ListScope) -> SQLQueryString {
        if rows.all { return "1 = 1" }
        var parts: [SQLQueryString] = []
        if !rows.chains.isEmpty { parts.append("l.chain IN \(SQLGroupExpression(SQLList(rows.chains.sorted().map { SQLBind($0) })))") }
        if !rows.districts.isEmpty {
            parts.append(
                "l.buyer_uscc IN (SELECT uscc FROM enterprises WHERE district_code IN \(SQLGroupExpression(SQLList(rows.districts.sorted().map { SQLBind($0) }))))"
            )
        }
        guard var out = parts.first else { return "1 = 0" }
        for p in parts.dropFirst() { out = out + " OR " + p }
        return "(" + out + ")"
    }

    /// The registry's firms the caller's map counts: a chief's chains, a district's firms.
    static func firmFilter(_ rows: ListScope) -> SQLQueryString {
        if rows.all { return "1 = 1" }
        var parts: [SQLQueryString] = []
        if !rows.chains.isEmpty { parts.append("s.chain_code IN \(SQLGroupExpression(SQLList(rows.chains.sorted().map { SQLBind($0) })))") }
        if !rows.districts.isEmpty {
            parts.append("e.district_code IN \(SQLGroupExpression(SQLList(rows.districts.sorted().map { SQLBind($0) })))")
        }
        guard var out = parts.first else { return "1 = 0" }
        for p in parts.dropFirst() { out = out + " OR " + p }
        return "(" + out + ")"
    }

    /// Said next to figures cut to a part of the city, e.g. "仅含新吴区的采购方"; nil for the whole city.
    static func rowsDescription(_ rows: ListScope, db: any SQLDatabase) async throws -> String? {
        guard !rows.all, !rows.chains.isEmpty else { return rowsDescription(rows) }
        return rowsDescription(rows, chainNames: try await GrantWords.chainNames(rows.chains, db: db))
    }

    static func rowsDescription(_ rows: ListScope, chainNames: [String: String] = [:]) -> String? {
        if rows.all { return nil }
        var parts: [String] = []
        if !rows.districts.isEmpty {
            parts.append("仅含" + rows.districts.sorted().map { District.named(code: $0)?.name ?? $0 }.joined(separator: "、") + "的采购方")
        }
        if !rows.chains.isEmpty {
            parts.append("仅含所负责产业链（" + rows.chains.sorted().map { chainNames[$0] ?? $0 }.joined(separator: "、") + "）")
        }
        return parts.joined(separator: "；")
    }

    /// `l.category NOT IN (…)` and the "local" test, bound for this scope.
    static func excluded(_ scope: SupportingRateScope) -> SQLQueryString {
        let cats = scope.excludedCategories.map(\.rawValue).sorted()
        guard !cats.isEmpty else { return "1 = 1" }
        return "l.category NOT IN \(SQLGroupExpression(SQLList(cats.map { SQLBind($0) })))"
    }

    /// Links bought by a chain leader. A membership test against the few leaders, not a join
    /// with every firm: SQLite builds one small lookup for it and scans the links once.
    static let boughtByLeader: SQLQueryString = "l.buyer_uscc IN (SELECT uscc FROM enterprises WHERE tier = 'leader')"

    static func local(_ scope: SupportingRateScope) -> SQLQueryString {
        let districts = scope.localDistricts.sorted()
        guard !districts.isEmpty else { return "1 = 0" }
        return "l.supplier_district IN \(SQLGroupExpression(SQLList(districts.map { SQLBind($0) })))"
    }

    /// A sum of amounts in floating point on both databases: no stored value can make it overflow
    /// (SQLite's integer SUM raises "integer overflow", PostgreSQL's bigint cast "out of range"),
    /// and it is exact for integers below 2^53, far above any real total (see `Money`).
    static func sum(_ expression: SQLQueryString) -> SQLQueryString {
        "SUM(CAST(" + expression + " AS DOUBLE PRECISION))"
    }

    struct RateRow: Sendable {
        var code: String
        var figures: RateFigures
    }

    /// Rates of one year grouped by `level` (city: one row "city"). Chain, cluster and city count
    /// only links whose buyer is a chain leader; the buyer level counts all of a buyer's links.
    func rates(year: Int, level: RateLevel, code: String? = nil, scope: SupportingRateScope) async throws -> [RateRow] {
        // The whole city's figure is read on every home and dashboard load: kept ahead (`FigureCache`).
        if level == .city, code == nil, rows.all {
            let key = "rate-city|\(year)|" + Self.scopeKey(scope)
            let cached = try await FigureCache.value(db, key: key) {
                try await computeRates(year: year, level: level, code: code, scope: scope).first?.figures
            }
            return cached.map { [RateRow(code: "city", figures: $0)] } ?? []
        }
        return try await computeRates(year: year, level: level, code: code, scope: scope)
    }

    /// What a scope changes in a figure, as a cache key.
    static func scopeKey(_ scope: SupportingRateScope) -> String {
        scope.excludedCategories.map(\.rawValue).sorted().joined(separator: ",") + "|"
            + scope.localDistricts.sorted().joined(separator: ",")
    }

    func computeRates(year: Int, level: RateLevel, code: String?, scope: SupportingRateScope) async throws -> [RateRow] {
        try await db.raw(try await ratesQuery(year: year, level: level, code: code, scope: scope)).rows(SupplyRows.Rate.self).map(\.row)
    }

    func ratesQuery(year: Int, level: RateLevel, code: String?, scope: SupportingRateScope) async throws -> SQLQueryString {
        let group: SQLQueryString
        var join: SQLQueryString = ""
        var filter: SQLQueryString = level == .buyer ? "" : " AND " + (try await boughtByLeader())
        switch level {
        case .city: group = "CAST('city' AS TEXT)"
        case .chain:
            group = "l.chain"
            if let code { filter = filter + " AND l.chain = \(bind: code)" }
        case .cluster:
            group = "c.cluster_code"
            join = "JOIN chains c ON c.code = l.chain"
            if let code { filter = filter + " AND c.cluster_code = \(bind: code)" + (try await inCluster(code)) }
        case .buyer:
            group = "l.buyer_uscc"
            filter = code.map { " AND l.buyer_uscc = \(bind: $0)" } ?? ""
        }
        let local = Self.local(scope)
        return """
            SELECT \(group) AS code, \(Self.sum("l.amount")) AS total_amount,
              \(Self.sum("CASE WHEN " + local + " THEN l.amount ELSE 0 END")) AS local_amount,
              COUNT(DISTINCT l.supplier_key) AS suppliers,
              COUNT(DISTINCT CASE WHEN \(local) THEN l.supplier_key END) AS local_suppliers
            FROM supply_links l \(join)
            WHERE l.year = \(bind: year) AND \(Self.excluded(scope)) AND \(Self.rowFilter(rows))\(filter)\(level == .city ? "" : " GROUP BY " + group + " ORDER BY 1")
            """
    }

    /// Every level of one year and every segment's facts, the queries running side by side:
    /// one worker per given database handle (on SQLite one per event loop, each its own
    /// connection), so no query waits for a connection. Answers the result rows.
    static func recomputeAll(year: Int, scope: SupportingRateScope, on handles: [any SQLDatabase]) async throws -> Int {
        enum Job: Sendable {
            case rates(RateLevel)
            case segments
        }
        let jobs: [Job] = RateLevel.allCases.map { .rates($0) } + [.segments]
        let workers = max(1, min(handles.count, jobs.count))
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for w in 0..<workers {
                let queries = SupplyQueries(db: handles[w], rows: .everything)
                group.addTask {
                    var rows = 0
                    for job in stride(from: w, to: jobs.count, by: workers).map({ jobs[$0] }) {
                        switch job {
                        case .rates(let level):
                            rows += try await queries.computeRates(year: year, level: level, code: nil, scope: scope).count
                        case .segments: rows += try await queries.segmentFacts(year: year, chain: nil, scope: scope).count
                        }
                    }
                    return rows
                }
            }
            return try await group.reduce(0, +)
        }
    }

    /// Every page of the supply area asks; a DISTINCT over the links reads the whole year index.
    func years() async throws -> [Int] {
        try await FigureCache.value(db, key: "supply-years") {
            try await db.raw("SELECT DISTINCT year FROM supply_links ORDER BY year").all(decodingColumn: "year", as: Int.self)
        }
    }

    // MARK: segments

    struct SegmentFacts: Sendable {
        var firmsByTier: [Tier: Int] = [:]
        var total: Double = 0
        var local: Double = 0
        /// HHI of local supply (0…10,000); nil when nothing was bought locally.
        var localHHI: Double?
    }

    /// For every segment (of one chain, or all): local active firms by their tier in that chain, and chain leaders'
    /// purchases in it — total, local, and the HHI of local supply.
    /// `leader`: the leaders' test when the caller has it already (one read of the leaders per page).
    func segmentFacts(year: Int, chain: String?, scope: SupportingRateScope, leader known: SQLQueryString? = nil)
        async throws -> [String: SegmentFacts]
    {
        var out: [String: SegmentFacts] = [:]
        let chainFilter: SQLQueryString = chain.map { " AND s.chain_code = \(bind: $0)" } ?? ""
        let firms = try await db.raw(
            """
            SELECT m.segment_code AS segment, COALESCE(t.tier, 'none') AS tier, COUNT(*) AS n
            FROM memberships m JOIN enterprises e ON e.uscc = m.enterprise_uscc JOIN segments s ON s.code = m.segment_code
            LEFT JOIN chain_tiers t ON t.enterprise_uscc = e.uscc AND t.chain_code = s.chain_code
            WHERE e.status = 'active'\(chainFilter) AND \(Self.firmFilter(rows))
            GROUP BY m.segment_code, COALESCE(t.tier, 'none')
            """
        ).rows(SupplyRows.FirmsByTier.self)
        for row in firms {
            out[row.segment, default: .init()].firmsByTier[Tier(rawValue: row.tier) ?? .none, default: 0] += row.n
        }
        let linkFilter: SQLQueryString = chain.map { " AND l.chain = \(bind: $0)" } ?? ""
        let leader: SQLQueryString
        if let known { leader = known } else { leader = try await boughtByLeader() }
        // Per supplier first, then per segment: the HHI of local supply is 10,000 · Σa² / (Σa)²
        // over local suppliers' amounts a, so only one row per segment leaves the database.
        let supply = try await db.raw(
            """
            SELECT segment, SUM(amount) AS total, SUM(CASE WHEN is_local = 1 THEN amount ELSE 0 END) AS local,
              SUM(CASE WHEN is_local = 1 THEN amount * amount ELSE 0 END) AS local_squares,
              CAST(SUM(is_local) AS BIGINT) AS local_suppliers
            FROM (SELECT l.segment AS segment, l.supplier_key, CASE WHEN \(Self.local(scope)) THEN 1 ELSE 0 END AS is_local,
                    \(Self.sum("l.amount")) AS amount
                  FROM supply_links l
                  WHERE l.year = \(bind: year) AND \(Self.excluded(scope)) AND \(leader) AND \(Self.rowFilter(rows))\(linkFilter)
                  GROUP BY l.segment, l.supplier_key, is_local) per_supplier
            GROUP BY segment
            """
        ).rows(SupplyRows.SegmentSupply.self)
        for row in supply {
            let segment = row.segment
            let local = row.local ?? 0
            out[segment, default: .init()].total = row.total ?? 0
            out[segment, default: .init()].local = local
            if row.localSuppliers ?? 0 > 0, local > 0 {
                let squares = row.localSquares ?? 0
                let hhi = 10_000 * squares / (local * local)
                out[segment, default: .init()].localHHI = hhi.isFinite ? min(10_000, hhi) : nil
            }
        }
        return out
    }

    static func status(_ f: SegmentFacts?, rule: SegmentStatusRule) -> (SegmentStatus, Double?, Double?) {
        let facts = f ?? .init()
        let localFirms = facts.firmsByTier.values.reduce(0, +)
        let share = facts.total > 0 ? facts.local / facts.total : nil
        let hhi = facts.localHHI
        return (rule.classify(localFirms: localFirms, localShare: share, localSupplyHHI: hhi), share, hhi)
    }

    /// The chain's map for one year.
    func chainMap(chain: ChainRecord, year: Int, scope: SupportingRateScope, rule: SegmentStatusRule) async throws -> ChainMapModel {
        let segments = try await TaxonomyQueries(db: db).segments(chain: chain.code).filter { $0.retiredOn == nil }
        let leader = try await boughtByLeader()
        let facts = try await segmentFacts(year: year, chain: chain.code, scope: scope, leader: leader)
        let mapped = segments.map { s -> ChainMapModel.Segment in
            let (status, share, hhi) = Self.status(facts[s.code], rule: rule)
            return .init(
                code: s.code, name: s.name, nameEn: s.nameEn, position: s.position, status: status,
                firmsByTier: facts[s.code]?.firmsByTier ?? [:], localShare: share, hhi: hhi, purchases: facts[s.code]?.total ?? 0)
        }
        let flows = try await db.raw(
            """
            SELECT l.segment AS from_segment, m.segment_code AS to_segment, SUM(l.amount) AS amount, SUM(l.local_amount) AS local_amount
            FROM (\(perBuyerInSegments(
                where: "l.year = \(bind: year) AND l.chain = \(bind: chain.code) AND \(Self.excluded(scope)) AND \(leader) AND \(Self.rowFilter(rows))",
                scope: scope))) l
            JOIN memberships m ON m.enterprise_uscc = l.buyer_uscc AND m.is_primary = \(bind: true)
            JOIN segments s ON s.code = m.segment_code AND s.chain_code = l.chain
            GROUP BY l.segment, m.segment_code ORDER BY 3 DESC
            """
        ).rows(SupplyRows.Flow.self).map(\.flow)
        return ChainMapModel(chainCode: chain.code, chainName: chain.name, year: year, segments: mapped, flows: flows)
    }

    /// Segments (all chains) whose status is missing or weak: where investment attraction aims.
    func gapSegments(year: Int, scope: SupportingRateScope, rule: SegmentStatusRule) async throws -> [String: SegmentStatus] {
        let facts = try await segmentFacts(year: year, chain: nil, scope: scope)
        let codes = try await db.raw("SELECT code FROM segments WHERE retired_on IS NULL").all(decodingColumn: "code", as: String.self)
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
        let leader = try await boughtByLeader()
        return try await db.raw(
            """
            SELECT l.buyer_uscc, l.supplier_key, l.supplier_district, l.segment, l.category, \(Self.sum("l.amount")) AS amount
            FROM supply_links l
            WHERE l.year = \(bind: year) AND \(leader) AND \(Self.rowFilter(rows))\(filter)
            GROUP BY l.buyer_uscc, l.supplier_key, l.supplier_district, l.segment, l.category
            """
        ).rows(SupplyRows.Fact.self).map(\.fact)
    }

    /// Single-source dependencies of chain leaders in one year (optionally one buyer, or a chief's
    /// chains), biggest share first, with each buyer's HHI per segment.
    func singleSource(year: Int, buyer: String? = nil, scope: SupportingRateScope)
        async throws -> (flags: [SingleSourceFlag], hhi: [String: [String: Double]])
    {
        let facts = try await leaderFacts(year: year, buyer: buyer)
        var flags: [SingleSourceFlag] = []
        var hhi: [String: [String: Double]] = [:]
        for (buyer, own) in Dictionary(grouping: facts, by: \.buyer) {
            flags += SingleSource.flags(own, localDistricts: scope.localDistricts, excludedCategories: scope.excludedCategories)
            hhi[buyer] = SingleSource.segmentHHI(own, excludedCategories: scope.excludedCategories)
        }
        flags.sort { ($0.share, $0.buyer, $0.segment) > ($1.share, $1.buyer, $1.segment) }
        return (flags, hhi)
    }

    /// Display names and cities of suppliers by key.
    func supplierNames(_ keys: [String]) async throws -> [String: (name: String, city: String?)] {
        guard !keys.isEmpty else { return [:] }
        var out: [String: (String, String?)] = [:]
        for chunk in keys.chunked(500) {
            for row in try await db.raw(
                """
                SELECT supplier_key, MAX(supplier_name) AS name, MAX(supplier_city) AS city FROM supply_links
                WHERE supplier_key IN \(SQLGroupExpression(SQLList(Array(chunk).map { SQLBind($0) }))) GROUP BY supplier_key
                """
            ).rows(SupplyRows.SupplierName.self) {
                out[row.supplierKey] = (row.name, row.city)
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
        var amount: Double
        var buyers: Int
    }

    /// Who supplies chain leaders in one segment, biggest first (the map's click-through).
    func suppliers(segment: String, year: Int, scope: SupportingRateScope) async throws -> [SupplierInSegment] {
        let leader = try await boughtByLeader()
        return try await db.raw(
            """
            SELECT l.supplier_key, MAX(l.supplier_uscc) AS uscc, MAX(l.supplier_name) AS name, MAX(l.supplier_city) AS city,
              MAX(CASE WHEN \(Self.local(scope)) THEN 1 ELSE 0 END) AS is_local, \(Self.sum("l.amount")) AS amount, COUNT(DISTINCT l.buyer_uscc) AS buyers
            FROM supply_links l
            WHERE l.segment = \(bind: segment) AND l.year = \(bind: year) AND \(Self.excluded(scope)) AND \(leader) AND \(Self.rowFilter(rows))
            GROUP BY l.supplier_key ORDER BY 6 DESC, 1 LIMIT 200
            """
        ).rows(SupplyRows.SupplierInSegment.self).map(\.supplier)
    }
}
