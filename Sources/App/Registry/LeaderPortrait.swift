import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// A chain leader's portrait (链主画像, issue 20) on its profile: its recognitions, its own local
/// supporting rate by year, its main local and outside suppliers and single-source risks of the
/// latest year, its open requests, liaison officer and visits. Each part shows only what the
/// caller may read (purchases, visits); requests are counted within the caller's scope.
struct LeaderPortrait: Encodable, Sendable {
    var recognitions: [[String]]
    var rates: [[String]]
    var year: Int?
    var localSuppliers: [[String]]
    var outsideSuppliers: [[String]]
    var risks: [[String]]
    var openRequests: Int
    var liaison: String?
    var visits: [[String]]

    static func load(_ req: Request, uscc: String, district: String, chains: Set<String>) async throws -> LeaderPortrait? {
        let db = req.sql
        struct Recognition: Decodable {
            var name: String
            var recognisedOn: String
            var reviewDue: String
            var status: String
        }
        let recognitions = try await db.raw(
            """
            SELECT c.name, r.recognised_on, r.review_due, r.status FROM recognitions r JOIN chains c ON c.code = r.chain_code
            WHERE r.enterprise_uscc = \(bind: uscc) ORDER BY r.recognised_on DESC
            """
        ).rows(Recognition.self)
        guard !recognitions.isEmpty else { return nil }
        let grants = req.caller.grants
        var portrait = LeaderPortrait(
            recognitions: recognitions.map { [$0.name, $0.recognisedOn, $0.reviewDue, $0.status == "active" ? "有效" : "已撤销"] }, rates: [],
            year: nil, localSuppliers: [], outsideSuppliers: [], risks: [],
            openRequests: try await db.raw(
                "SELECT COUNT(*) AS n FROM requests r WHERE \(RequestService.scope(grants)) AND r.enterprise_uscc = \(bind: uscc) AND \(RequestService.openSQL)"
            ).first(decodingColumn: "n", as: Int.self) ?? 0,
            liaison: try await EnterpriseCare(db: db, caller: req.caller).liaison(of: uscc), visits: [])
        if Policy.decide(grants, .read, .visit(enterprise: uscc, district: district, chains: chains)).allowed {
            portrait.visits = try await EnterpriseCare(db: db, caller: req.caller).visits(of: uscc).prefix(5).map {
                [$0.plannedOn.map { "计划 \($0)" } ?? $0.visitedOn, $0.visitors, String($0.notes.prefix(80))]
            }
        }
        guard Policy.decide(grants, .read, .supplyPurchases).allowed else { return portrait }
        let scope = req.application.chainLead.supplyScope
        let queries = SupplyQueries(db: db, rows: Policy.supplyRows(grants))
        for y in try await queries.years() {
            guard let f = try await queries.rates(year: y, level: .buyer, code: uscc, scope: scope).first?.figures, f.totalAmount > 0 else {
                continue
            }
            portrait.rates.append([
                String(y), f.amountRate.map { String(format: "%.1f%%", $0 * 100) } ?? "—", String(format: "%.2f", f.totalAmount / 1e8),
                String(format: "%.2f", f.localAmount / 1e8),
            ])
            portrait.year = y
        }
        guard let year = portrait.year else { return portrait }
        struct Supplier: Decodable {
            var supplierKey: String
            var amount: Double
            var local: Int
        }
        let suppliers = try await db.raw(
            """
            SELECT l.supplier_key, SUM(CAST(l.amount AS DOUBLE PRECISION)) AS amount,
              MAX(CASE WHEN \(SupplyQueries.local(scope)) THEN 1 ELSE 0 END) AS local
            FROM supply_links l WHERE l.buyer_uscc = \(bind: uscc) AND l.year = \(bind: year) AND \(SupplyQueries.excluded(scope))
            GROUP BY l.supplier_key ORDER BY 2 DESC LIMIT 200
            """
        ).rows(Supplier.self)
        let (flags, _) = try await queries.singleSource(year: year, buyer: uscc, scope: scope)
        let names = try await queries.supplierNames(suppliers.map(\.supplierKey) + flags.map(\.supplierKey))
        let segments = try await TaxonomyQueries.segmentNames(db)
        func row(_ s: Supplier) -> [String] {
            [names[s.supplierKey]?.name ?? s.supplierKey, names[s.supplierKey]?.city ?? "—", String(format: "%.0f", s.amount / 1e4)]
        }
        portrait.localSuppliers = suppliers.filter { $0.local == 1 }.prefix(5).map(row)
        portrait.outsideSuppliers = suppliers.filter { $0.local == 0 }.prefix(5).map(row)
        portrait.risks = flags.prefix(5).map {
            [
                segments[$0.segment] ?? $0.segment, names[$0.supplierKey]?.name ?? $0.supplierKey, String(format: "%.0f%%", $0.share * 100),
                $0.isOutside ? "外地" : "本地",
            ]
        }
        return portrait
    }
}
