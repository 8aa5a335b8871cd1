import ChainLeadCore
import SQLKit
import Vapor

/// Everything known about one supplier (Policy L2): what local chain leaders bought from it, by
/// year and segment, who bought, whether it is a lead, and which local firm it may be.
extension SupplyPages {
    struct SupplierYear: Encodable, Sendable {
        var year: Int
        var amount: String
        var buyers: Int
        var segments: String
    }

    struct SupplierBuyer: Encodable, Sendable {
        var name: String
        var link: String?
        var segment: String
        var amount: String
    }

    struct SupplierPage: Encodable, Sendable {
        var key: String
        var name: String
        var city: String
        var local: Bool
        var localLink: String?
        var years: [SupplierYear]
        var year: Int?
        var buyers: [SupplierBuyer]
        var leadLink: String?
        var leadStage: String?
        var startLink: String?
        var matches: [EnterprisePages.Option]
        var keyQuery: String
        var buyersTitle: String
    }

    struct SupplierLinkRow: Decodable {
        var year: Int
        var buyerUscc: String
        var buyerName: String?
        var segment: String
        var amount: Double
        var supplierName: String
        var supplierCity: String?
        var supplierUscc: String?
    }

    func supplier(req: Request) async throws -> Response {
        try await req.require(.read, .supplyPurchases)
        guard let key = req.queryValue("key")?.nilIfBlank, key.count <= 300 else {
            throw DomainError.notFound("供应商", field: "key")
        }
        let rows = try await req.sql.raw(
            """
            SELECT l.year, l.buyer_uscc, e.name AS buyer_name, l.segment, \(SupplyQueries.sum("l.amount")) AS amount,
              MAX(l.supplier_name) AS supplier_name, MAX(l.supplier_city) AS supplier_city, MAX(l.supplier_uscc) AS supplier_uscc
            FROM supply_links l LEFT JOIN enterprises e ON e.uscc = l.buyer_uscc
            WHERE l.supplier_key = \(bind: key) AND \(SupplyQueries.rowFilter(req.supplyRows))
            GROUP BY l.year, l.buyer_uscc, e.name, l.segment ORDER BY l.year DESC, 5 DESC LIMIT 2000
            """
        ).rows(SupplierLinkRow.self)
        guard let first = rows.first else { throw DomainError.notFound("供应商", field: "key") }
        let segmentNames = try await TaxonomyQueries.segmentNames(req.sql)
        let byYear: [Int: [SupplierLinkRow]] = Dictionary(grouping: rows, by: \.year)
        var years: [SupplierYear] = []
        for (year, list) in byYear.sorted(by: { $0.key > $1.key }) {
            let amount: Double = list.reduce(0) { $0 + $1.amount }
            let segments: [String] = Set(list.map(\.segment)).sorted().map { segmentNames[$0] ?? $0 }
            years.append(
                SupplierYear(
                    year: year, amount: Display.wan(amount), buyers: Set(list.map(\.buyerUscc)).count,
                    segments: segments.joined(separator: "、")))
        }
        let year = req.queryValue("year", as: Int.self).flatMap { y in years.contains { $0.year == y } ? y : nil } ?? years.first?.year
        let uscc = rows.compactMap(\.supplierUscc).first
        let openable = try await Access.openable(rows.map(\.buyerUscc) + (uscc.map { [$0] } ?? []), caller: req.caller, db: req.sql)
        let buyers = rows.filter { $0.year == year }.map { r in
            SupplierBuyer(
                name: r.buyerName ?? r.buyerUscc, link: openable.contains(r.buyerUscc) ? "/enterprises/\(r.buyerUscc)" : nil,
                segment: segmentNames[r.segment] ?? r.segment, amount: Display.wan(r.amount))
        }
        struct Lead: Decodable {
            var id: Int64
            var stage: String
        }
        let lead = try await req.sql.raw("SELECT id, stage FROM leads WHERE supplier_key = \(bind: key)").row(Lead.self)
        let mayStart = Policy.decide(req.caller.grants, .update, .leads).allowed && key.hasPrefix("name:")
        struct Match: Decodable {
            var candidateUscc: String
            var name: String
            var reason: String
            var status: String
        }
        let matches: [EnterprisePages.Option] =
            Policy.decide(req.caller.grants, .read, .supplierMatches).allowed
            ? try await req.sql.raw(
                """
                SELECT m.candidate_uscc, e.name, m.reason, m.status FROM supplier_matches m JOIN enterprises e ON e.uscc = m.candidate_uscc
                WHERE m.supplier_key = \(bind: key) ORDER BY m.id LIMIT 20
                """
            ).rows(Match.self).map { .init(value: $0.candidateUscc, label: "\($0.name)（\($0.reason)）", selected: $0.status == "confirmed") }
            : []
        let content = SupplierPage(
            key: key, name: first.supplierName, city: first.supplierCity ?? "—", local: uscc != nil,
            localLink: uscc.flatMap { openable.contains($0) ? "/enterprises/\($0)" : nil }, years: years, year: year, buyers: buyers,
            leadLink: lead.map { "/leads/\($0.id)" }, leadStage: lead.map { Self.stageLabel(LeadStage(rawValue: $0.stage), req) },
            startLink: lead == nil && mayStart
                ? "/leads/new?supplierKey=" + (key.addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? "") : nil,
            matches: matches, keyQuery: key.addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? "",
            buyersTitle: String(format: req.texts["spBuyers"], year ?? 0))
        return try await req.render("supply/supplier", title: first.supplierName, nav: "leads", content)
    }
}

extension SupplyPages {
    /// The leads already started for these suppliers, by supplier key.
    static func leadIDs(_ keys: [String], db: any SQLDatabase) async throws -> [String: Int64] {
        guard !keys.isEmpty else { return [:] }
        struct Row: Decodable {
            var supplierKey: String
            var id: Int64
        }
        var out: [String: Int64] = [:]
        for chunk in keys.chunked(500) {
            for r in try await db.raw("SELECT supplier_key, id FROM leads WHERE supplier_key IN \(SQLBind.group(Array(chunk)))").rows(
                Row.self)
            {
                out[r.supplierKey] = r.id
            }
        }
        return out
    }
}
