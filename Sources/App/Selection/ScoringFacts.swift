import ChainLeadCore
import Foundation
import SQLKit

/// What scoring reads of many firms at once (Policy S2): figures of the years before the campaign,
/// open serious violations, chains, and each firm's own purchases (buyer-level supporting rate).
struct ScoringFacts: Sendable {
    var figures: [String: [String: YearFigures]] = [:]
    var violations: [String: Int] = [:]
    var chains: [String: Set<String>] = [:]
    var supply: [String: (rate: Double?, localSuppliers: Int)] = [:]

    struct FigureRow: Decodable {
        var enterpriseUscc: String
        var year: Int
        var outputValue: Int64?
        var revenue: Int64?
        var rdExpense: Int64?
        var taxPaid: Int64?
        var exports: Int64?
    }

    struct CountRow: Decodable {
        var code: String
        var n: Int
    }

    struct ChainRow: Decodable {
        var enterpriseUscc: String
        var chainCode: String
    }

    struct SupplyRow: Decodable {
        var code: String
        var totalAmount: Double?
        var localAmount: Double?
        var localSuppliers: Int
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
            for f in try await db.raw(
                """
                SELECT enterprise_uscc, year, output_value, revenue, rd_expense, tax_paid, exports FROM figures
                WHERE enterprise_uscc IN \(list) AND year >= \(bind: year - max(years, 2)) AND year < \(bind: year)
                """
            ).rows(FigureRow.self) {
                out.figures[f.enterpriseUscc, default: [:]][String(f.year)] = YearFigures(
                    outputValue: f.outputValue, revenue: f.revenue, rdExpense: f.rdExpense, taxPaid: f.taxPaid, exports: f.exports)
            }
            for v in try await db.raw(
                """
                SELECT enterprise_uscc AS code, COUNT(*) AS n FROM violations
                WHERE enterprise_uscc IN \(list) AND severity = 'serious' AND status = 'open' GROUP BY enterprise_uscc
                """
            ).rows(CountRow.self) {
                out.violations[v.code] = v.n
            }
            for c in try await db.raw(
                """
                SELECT DISTINCT m.enterprise_uscc, s.chain_code FROM memberships m JOIN segments s ON s.code = m.segment_code
                WHERE m.enterprise_uscc IN \(list)
                """
            ).rows(ChainRow.self) {
                out.chains[c.enterpriseUscc, default: []].insert(c.chainCode)
            }
            let local = SupplyQueries.local(scope)
            for s in try await db.raw(
                """
                SELECT l.buyer_uscc AS code, \(SupplyQueries.sum("l.amount")) AS total_amount,
                  \(SupplyQueries.sum("CASE WHEN " + local + " THEN l.amount ELSE 0 END")) AS local_amount,
                  COUNT(DISTINCT CASE WHEN \(local) THEN l.supplier_key END) AS local_suppliers
                FROM supply_links l
                WHERE l.year = \(bind: year - 1) AND \(SupplyQueries.excluded(scope)) AND l.buyer_uscc IN \(list)
                GROUP BY l.buyer_uscc
                """
            ).rows(SupplyRow.self) {
                let rate = (s.totalAmount ?? 0) > 0 ? (s.localAmount ?? 0) / (s.totalAmount ?? 1) : nil
                out.supply[s.code] = (rate, s.localSuppliers)
            }
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
