import ChainLeadCore
import Foundation
import SQLKit

extension HonourHintRules {
    /// The rules in a JSON file; fields left out keep their defaults.
    static func load(_ path: String) throws -> HonourHintRules {
        try JSONDecoder().decode(HonourHintRules.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// A firm close to a national honour's thresholds, as listed (Policy S3).
struct HonourHintView: Sendable, Codable {
    var enterprise: String
    var enterpriseName: String
    var kind: String
    var status: String
    var revenue: Int64?
    var criteria: [HintCriterion]
}

/// Firms whose figures meet or come close to the thresholds of `little-giant` or
/// `single-champion` and that do not hold the honour yet. Set-based: one year's figures read from
/// the revenue floor upward (index on year and revenue), then the candidates' three years at once.
struct HonourHintsQuery {
    let db: any SQLDatabase
    let caller: Caller
    let rules: HonourHintRules

    static let kinds = ["little-giant", "single-champion"]
    static let maxCandidates = 5000

    func list(kind: String, year: Int, limit: Int = 200) async throws -> [HonourHintView] {
        try await Access.require(.update, .honours, caller: caller, db: db)
        guard Self.kinds.contains(kind) else {
            throw DomainError.invalid("kind", "提示只适用于 little-giant 或 single-champion", code: "unknown_kind")
        }
        guard AnnualFigures.validYears.contains(year) else { throw DomainError.invalid("year", "年度应在1949至2100之间", code: "out_of_range") }
        let floor = Double(kind == "little-giant" ? rules.littleGiantRevenueMid : rules.championMinRevenue) * rules.closeness
        let ceiling: Double = kind == "little-giant" && rules.closeness > 0 ? Double(rules.smeMaxRevenue) / rules.closeness : 9e18
        struct Candidate: Decodable {
            var enterpriseUscc: String
            var name: String
            var revenue: Int64
        }
        let candidates = try await db.raw(
            """
            SELECT f.enterprise_uscc, e.name, f.revenue FROM figures f JOIN enterprises e ON e.uscc = f.enterprise_uscc
            WHERE f.year = \(bind: year - 1) AND f.revenue >= \(bind: Int64(min(floor.rounded(.up), 9e18)))
              AND f.revenue <= \(bind: Int64(min(ceiling, 9e18)))
              AND e.status = 'active'
              AND NOT EXISTS (SELECT 1 FROM honours h WHERE h.enterprise_uscc = f.enterprise_uscc AND h.kind = \(bind: kind)
                              AND h.deleted_at IS NULL)
            ORDER BY f.revenue DESC LIMIT \(bind: Self.maxCandidates)
            """
        ).rows(Candidate.self)
        guard !candidates.isEmpty else { return [] }
        var figures: [String: [Int: HintFigures]] = [:]
        var littleGiants = Set<String>()
        for chunk in candidates.map(\.enterpriseUscc).chunked(500) {
            let list = SQLBind.group(Array(chunk))
            for row in try await db.raw(
                """
                SELECT enterprise_uscc, year, revenue, rd_expense FROM figures
                WHERE enterprise_uscc IN \(list) AND year >= \(bind: year - 3) AND year < \(bind: year)
                """
            ).all() {
                figures[try row.decode(column: "enterprise_uscc", as: String.self), default: [:]][
                    try row.decode(column: "year", as: Int.self)] =
                    HintFigures(
                        revenue: try row.decode(column: "revenue", as: Int64?.self),
                        rdExpense: try row.decode(column: "rd_expense", as: Int64?.self))
            }
            if kind == "single-champion" {
                littleGiants.formUnion(
                    try await db.raw(
                        """
                        SELECT DISTINCT h.enterprise_uscc FROM honours h JOIN honour_kinds k ON k.code = h.kind
                        WHERE h.enterprise_uscc IN \(list) AND h.kind = 'little-giant' AND h.deleted_at IS NULL
                          AND \(Honours.inForce(during: year - 1))
                        """
                    ).all(decodingColumn: "enterprise_uscc", as: String.self))
            }
        }
        var out: [HonourHintView] = []
        for c in candidates {
            guard
                let hint = HonourHints.evaluate(
                    kind: kind, figures: figures[c.enterpriseUscc] ?? [:], year: year,
                    holdsLittleGiant: littleGiants.contains(c.enterpriseUscc),
                    rules: rules)
            else { continue }
            out.append(
                HonourHintView(
                    enterprise: c.enterpriseUscc, enterpriseName: c.name, kind: kind, status: hint.status.rawValue, revenue: c.revenue,
                    criteria: hint.criteria))
        }
        // Those that meet every criterion first, then the close ones; larger firms first within each.
        return Array(
            out.sorted { ($0.status == "meets" ? 0 : 1, -($0.revenue ?? 0)) < ($1.status == "meets" ? 0 : 1, -($1.revenue ?? 0)) }.prefix(
                limit))
    }
}
