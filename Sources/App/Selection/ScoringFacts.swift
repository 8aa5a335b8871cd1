import ChainLeadCore
import Foundation
import SQLKit

/// What scoring reads of many firms at once (Policy S2): figures of the years before the campaign,
/// open serious violations, chains, each firm's own purchases (buyer-level supporting rate) and its
/// recorded honours, platforms and standards.
struct ScoringFacts: Sendable {
    var figures: [String: [String: YearFigures]] = [:]
    var violations: [String: Int] = [:]
    var chains: [String: Set<String>] = [:]
    var supply: [String: (rate: Double?, localSuppliers: Int)] = [:]
    /// Honours, platforms and standards on record (Policy S2 evidence indicators, read from the
    /// innovation records so firms need not type them).
    var records: [String: EvidenceRecords] = [:]
    /// Seconds per query, for `chainlead bench scoring`.
    var timings: [(String, Double)] = []

    struct CountRow: Decodable {
        var code: String
        var n: Int
    }

    /// Which firms to read: a list, or a campaign's applicants (one pass of each table, no long
    /// lists of binds).
    enum Firms {
        case list([String])
        case applicants(campaign: Int64)
    }

    static func load(db: any SQLDatabase, firms: [String], year: Int, years: Int, scope: SupportingRateScope) async throws -> ScoringFacts {
        try await load(db: db, firms: .list(firms), year: year, years: years, scope: scope)
    }

    static func load(db: any SQLDatabase, firms: Firms, year: Int, years: Int, scope: SupportingRateScope) async throws -> ScoringFacts {
        var out = ScoringFacts()
        let sets: [SQLQueryString]
        switch firms {
        case .list(let usccs): sets = usccs.chunked(500).map { "\(SQLGroupExpression(SQLList($0.map { SQLBind($0) })))" }
        case .applicants(let campaign): sets = ["(SELECT enterprise_uscc FROM applications WHERE campaign_id = \(bind: campaign))"]
        }
        for list in sets {
            var clock = Date()
            func lap(_ name: String) {
                out.timings.append((name, Date().timeIntervalSince(clock)))
                clock = Date()
            }
            out.figures.merge(try await figures(db: db, of: list, year: year, years: years)) { a, _ in a }
            lap("figures")
            out.records.merge(try await Standards.evidence(db: db, of: list, year: year)) { a, _ in a }
            lap("records")
            for v in try await db.raw(
                """
                SELECT enterprise_uscc AS code, COUNT(*) AS n FROM violations
                WHERE enterprise_uscc IN \(list) AND severity = 'serious' AND status = 'open' GROUP BY enterprise_uscc
                """
            ).rows(CountRow.self) {
                out.violations[v.code] = v.n
            }
            lap("violations")
            for row in try await db.raw(
                """
                SELECT DISTINCT m.enterprise_uscc, s.chain_code FROM memberships m JOIN segments s ON s.code = m.segment_code
                WHERE m.enterprise_uscc IN \(list)
                """
            ).all() {
                out.chains[try row.decode(column: "enterprise_uscc", as: String.self), default: []].insert(
                    try row.decode(column: "chain_code", as: String.self))
            }
            lap("chains")
            let local = SupplyQueries.local(scope)
            for row in try await db.raw(
                """
                SELECT l.buyer_uscc AS code, \(SupplyQueries.sum("l.amount")) AS total_amount,
                  \(SupplyQueries.sum("CASE WHEN " + local + " THEN l.amount ELSE 0 END")) AS local_amount,
                  COUNT(DISTINCT CASE WHEN \(local) THEN l.supplier_key END) AS local_suppliers
                FROM supply_links l
                WHERE l.year = \(bind: year - 1) AND \(SupplyQueries.excluded(scope)) AND l.buyer_uscc IN \(list)
                GROUP BY l.buyer_uscc
                """
            ).all() {
                let total = try row.decode(column: "total_amount", as: Double?.self) ?? 0
                let local = try row.decode(column: "local_amount", as: Double?.self) ?? 0
                out.supply[try row.decode(column: "code", as: String.self)] = (
                    total > 0 ? local / total : nil, try row.decode(column: "local_suppliers", as: Int.self)
                )
            }
            lap("supply")
        }
        return out
    }

    /// The figures a campaign of `year` reads (the `years` years before it, at least two for the
    /// growth), by firm and year. A hot path: columns decoded by name, no per-field key conversion.
    static func figures(db: any SQLDatabase, of list: SQLQueryString, year: Int, years: Int) async throws -> [String: [String: YearFigures]]
    {
        var out: [String: [String: YearFigures]] = [:]
        for row in try await db.raw(
            """
            SELECT enterprise_uscc, year, output_value, revenue, rd_expense, tax_paid, exports FROM figures
            WHERE enterprise_uscc IN \(list) AND year >= \(bind: year - max(years, 2)) AND year < \(bind: year)
            """
        ).all() {
            let uscc = try row.decode(column: "enterprise_uscc", as: String.self)
            out[uscc, default: [:]][String(try row.decode(column: "year", as: Int.self))] = YearFigures(
                outputValue: try row.decode(column: "output_value", as: Int64?.self),
                revenue: try row.decode(column: "revenue", as: Int64?.self),
                rdExpense: try row.decode(column: "rd_expense", as: Int64?.self),
                taxPaid: try row.decode(column: "tax_paid", as: Int64?.self),
                exports: try row.decode(column: "exports", as: Int64?.self))
        }
        return out
    }

    /// The raw indicator values of one firm for a campaign year (figures of the year before).
    static func values(year: Int, figures: [String: YearFigures], supply: (rate: Double?, localSuppliers: Int)?, evidence: [String: Double])
        -> [IndicatorCode: Double]
    {
        var v: [IndicatorCode: Double] = [:]
        let last = figures[String(year - 1)]
        let before = figures[String(year - 2)]
        v[.outputValue] = last?.outputValue.map(Double.init)
        v[.revenue] = last?.revenue.map(Double.init)
        v[.taxPaid] = last?.taxPaid.map(Double.init)
        v[.exports] = last?.exports.map(Double.init)
        v[.outputGrowth] = DerivedRatios.growth(current: last?.outputValue, previous: before?.outputValue)
        v[.rdIntensity] = DerivedRatios.rdIntensity(rdExpense: last?.rdExpense, revenue: last?.revenue)
        if let supply {
            v[.supportingRate] = supply.rate
            v[.localSuppliers] = Double(supply.localSuppliers)
        }
        for (key, value) in evidence { if let code = IndicatorCode(rawValue: key), code.isEvidence { v[code] = value } }
        return v
    }
}
