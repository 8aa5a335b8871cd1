import ChainLeadCore
import SQLKit

/// Registry counts for the home page, each one grouped statement.
struct StatsQueries {
    let db: any SQLDatabase

    func count(_ sql: SQLQueryString) async throws -> Int {
        try await db.raw(sql).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func enterprisesBy(_ column: String) async throws -> [String: Int] {
        struct Row: Decodable {
            var k: String
            var n: Int
        }
        // A pass over every firm: kept in `figure_cache` until the next registry write (issue 21).
        let db = self.db
        return try await FigureCache.value(db, key: "registry-active-by-\(column)", of: FigureCache.registry) {
            let rows = try await db.raw(
                """
                SELECT \(ident: column) AS k, COUNT(*) AS n FROM enterprises WHERE status = 'active' GROUP BY \(ident: column)
                """
            ).rows(Row.self)
            var out: [String: Int] = [:]
            for row in rows { out[row.k] = row.n }
            return out
        }
    }

    struct SegmentFirm: Sendable {
        var segment: String
        var uscc: String
        var name: String
        var tier: Tier
        var output: Int64?
        /// The firms of the segment in all, of which this list holds the first few.
        var segmentTotal: Int
    }

    /// The first `limit` active firms of each segment of a chain that the caller's list may hold
    /// (`scope`), leaders first, then by output — or by name for a caller who may not sort by
    /// figures — with each segment's total: ranked in the database, so a chain of ten thousand
    /// firms sends eight per segment to the page, not all of them.
    func firms(ofChain chain: String, scope: ListScope = .everything, byOutput: Bool = true, limit: Int) async throws -> [SegmentFirm] {
        struct Row: Decodable {
            var segmentCode: String
            var uscc: String
            var name: String
            var tier: String
            var latestOutputValue: Int64?
            var segmentTotal: Int
        }
        let order: SQLQueryString = byOutput ? "e.latest_output_value DESC NULLS LAST, e.uscc" : "e.name, e.uscc"
        return try await db.raw(
            """
            SELECT segment_code, uscc, name, tier, latest_output_value, segment_total FROM (
              SELECT m.segment_code, e.uscc, e.name, COALESCE(t.tier, 'none') AS tier, e.latest_output_value,
                ROW_NUMBER() OVER (PARTITION BY m.segment_code
                  ORDER BY CASE COALESCE(t.tier, 'none') WHEN 'leader' THEN 0 WHEN 'candidate' THEN 1 WHEN 'backbone' THEN 2
                           WHEN 'emerging' THEN 3 ELSE 4 END, \(order)) AS rank_in_segment,
                COUNT(*) OVER (PARTITION BY m.segment_code) AS segment_total
              FROM memberships m
              JOIN segments s ON s.code = m.segment_code JOIN enterprises e ON e.uscc = m.enterprise_uscc
              LEFT JOIN chain_tiers t ON t.enterprise_uscc = e.uscc AND t.chain_code = s.chain_code
              WHERE s.chain_code = \(bind: chain) AND e.status = 'active'
                AND \(EnterpriseQueries.whereClause(EnterpriseFilter(scope: scope)))
            ) ranked
            WHERE rank_in_segment <= \(bind: limit)
            ORDER BY segment_code, rank_in_segment
            """
        ).rows(Row.self).map { row in
            SegmentFirm(
                segment: row.segmentCode, uscc: row.uscc, name: row.name, tier: Tier(rawValue: row.tier) ?? .none,
                output: row.latestOutputValue, segmentTotal: row.segmentTotal)
        }
    }
}
