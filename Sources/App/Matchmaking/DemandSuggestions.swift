import ChainLeadCore
import Foundation
import SQLKit

/// A segment where a chain leader bought mostly outside the city: a draft demand it can publish
/// in one step (Policy L1, L3, G5).
struct DemandSuggestionView: Sendable, Codable {
    var buyer: String
    var buyerName: String
    var segment: String
    var segmentName: String
    var chain: String
    var year: Int
    var outsideAmount: Int64
    var totalAmount: Int64
    var outsideShare: Double
    var title: String
    var description: String
    var demand: Int64?
    /// Other active firms of the city in the segment: the suppliers a published demand is ranked against
    var localFirms: Int
}

/// Set-based over one year's supply links of chain leaders, grouped by buyer and segment.
struct DemandSuggestions {
    let db: any SQLDatabase
    let caller: Caller
    let scope: SupportingRateScope

    func list(buyer: String?, year: Int?) async throws -> [DemandSuggestionView] {
        try await Access.require(.read, .matchmaking(.lists), caller: caller, db: db)
        var rows: SQLQueryString = "1 = 1"
        if !caller.isSystem {
            var parts: [SQLQueryString] = []
            var everything = false
            for g in caller.grants {
                switch (g.role, g.scope) {
                case (.official, _), (.district, _), (.department, _): everything = true
                case (.chief, .chains(let mine)):
                    parts.append("l.chain IN \(SQLGroupExpression(SQLList(mine.sorted().map { SQLBind($0) })))")
                case (.enterprise, .enterprise(let u)): parts.append("l.buyer_uscc = \(bind: u)")
                default: break
                }
            }
            if !everything {
                guard var out = parts.first else { return [] }
                for p in parts.dropFirst() { out = out + " OR " + p }
                rows = "(" + out + ")"
            }
        }
        let theYear: Int
        if let year {
            theYear = year
        } else if let latest = try await db.raw("SELECT MAX(year) AS y FROM supply_links").first(decodingColumn: "y", as: Int?.self) ?? nil
        {
            theYear = latest
        } else {
            return []
        }
        var filter: SQLQueryString = "l.year = \(bind: theYear) AND b.tier = 'leader' AND \(rows)"
        if let buyer { filter = filter + " AND l.buyer_uscc = \(bind: buyer)" }
        let excluded = scope.excludedCategories.map(\.rawValue).sorted()
        if !excluded.isEmpty { filter = filter + " AND l.category NOT IN \(SQLGroupExpression(SQLList(excluded.map { SQLBind($0) })))" }
        let local: SQLQueryString =
            scope.localDistricts.isEmpty
            ? "0"
            : "CASE WHEN l.supplier_district IN \(SQLGroupExpression(SQLList(scope.localDistricts.sorted().map { SQLBind($0) }))) THEN l.amount ELSE 0 END"
        struct Row: Decodable, SuggestionKey {
            var buyerUscc: String
            var buyerName: String
            var segment: String
            var segmentName: String
            var chain: String
            var total: Double
            var local: Double
        }
        let grouped = try await db.raw(
            """
            SELECT l.buyer_uscc, b.name AS buyer_name, l.segment, s.name AS segment_name, l.chain,
              SUM(CAST(l.amount AS DOUBLE PRECISION)) AS total, SUM(CAST(\(local) AS DOUBLE PRECISION)) AS local
            FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc JOIN segments s ON s.code = l.segment
            WHERE \(filter)
            GROUP BY l.buyer_uscc, b.name, l.segment, s.name, l.chain
            """
        ).rows(Row.self)
        let mostlyOutside = grouped.filter { $0.total > 0 && $0.local * 2 < $0.total }
            .sorted { ($0.total - $0.local, $1.buyerUscc) > ($1.total - $1.local, $0.buyerUscc) }.prefix(200)
        var open: [String: Int64] = [:]
        let buyers = Set(mostlyOutside.map(\.buyerUscc))
        if !buyers.isEmpty {
            for r in try await db.raw(
                """
                SELECT buyer_uscc, segment, MAX(id) AS id FROM demands WHERE status = 'open'
                  AND buyer_uscc IN \(SQLGroupExpression(SQLList(buyers.sorted().map { SQLBind($0) }))) GROUP BY buyer_uscc, segment
                """
            ).all() {
                open[try r.decode(column: "buyer_uscc", as: String.self) + "|" + r.decode(column: "segment", as: String.self)] =
                    try r.decode(column: "id", as: Int64.self)
            }
        }
        let firms = try await localFirms(Array(mostlyOutside))
        return try mostlyOutside.map { r in
            let outside = try DomainError.amount(r.total - r.local, field: "amount")
            return DemandSuggestionView(
                buyer: r.buyerUscc, buyerName: r.buyerName, segment: r.segment, segmentName: r.segmentName, chain: r.chain, year: theYear,
                outsideAmount: outside, totalAmount: try DomainError.amount(r.total, field: "amount"),
                outsideShare: (r.total - r.local) / r.total,
                title: "寻找本地\(r.segmentName)供应商",
                description:
                    // (no amount: the published text is read by suppliers)
                    "本企业在“\(r.segmentName)”环节的采购目前主要来自市外，现寻求本地企业供货，欢迎具备相应产品和资质的企业对接。",
                demand: open[r.buyerUscc + "|" + r.segment],
                localFirms: max(0, (firms.members[r.segment] ?? 0) - (firms.buyerIn.contains(r.buyerUscc + "|" + r.segment) ? 1 : 0)))
        }
    }

    /// Active members per segment (indexed on the segment), and which buyers are members themselves.
    private func localFirms(_ rows: [some SuggestionKey]) async throws -> (members: [String: Int], buyerIn: Set<String>) {
        let segments = Set(rows.map(\.segment)).sorted()
        let buyers = Set(rows.map(\.buyerUscc)).sorted()
        guard !segments.isEmpty else { return ([:], []) }
        let segmentList = SQLGroupExpression(SQLList(segments.map { SQLBind($0) }))
        var members: [String: Int] = [:]
        for r in try await db.raw(
            """
            SELECT m.segment_code, COUNT(DISTINCT m.enterprise_uscc) AS n FROM memberships m
            JOIN enterprises e ON e.uscc = m.enterprise_uscc
            WHERE m.segment_code IN \(segmentList) AND e.status = 'active' GROUP BY m.segment_code
            """
        ).all() {
            members[try r.decode(column: "segment_code", as: String.self)] = try r.decode(column: "n", as: Int.self)
        }
        var buyerIn = Set<String>()
        for r in try await db.raw(
            """
            SELECT DISTINCT enterprise_uscc, segment_code FROM memberships
            WHERE enterprise_uscc IN \(SQLGroupExpression(SQLList(buyers.map { SQLBind($0) }))) AND segment_code IN \(segmentList)
            """
        ).all() {
            buyerIn.insert(
                try r.decode(column: "enterprise_uscc", as: String.self) + "|" + r.decode(column: "segment_code", as: String.self))
        }
        return (members, buyerIn)
    }
}

private protocol SuggestionKey {
    var buyerUscc: String { get }
    var segment: String { get }
}
