import ChainLeadCore
import Fluent
import Foundation
import SQLKit

/// A stored link.
struct SupplyLinkRecord: Sendable {
    var id: Int64
    var buyer: String
    var buyerName: String?
    var supplierUscc: String?
    var supplierName: String
    var supplierCity: String?
    var supplierDistrict: String?
    var segment: String
    var chain: String
    var year: Int
    var amount: Int64
    var category: SupplyCategory
    var resolution: String
    /// `reported` by the buyer or an import; `deal`: written by a matchmaking deal (Policy L3).
    var source: String = "reported"
}

/// Writes supply links (Policy G5, L3): validates, resolves the supplier, upserts by buyer,
/// supplier, segment, year and category (a buyer reports each purchase once a year), queues
/// likely matches, and audits. Shared by the API, the import and the demo.
struct SupplyService {
    let db: any SQLDatabase
    /// Who acts: checked, and recorded in the audit trail.
    let caller: Caller
    var sql: any SQLDatabase { db }

    static let validYears = SupplyLinkInput.validYears

    /// The rules that need no database (`SupplyLinkInput.problem`).
    static func problem(_ input: SupplyLinkInput) -> FieldError? { input.problem }

    struct Written: Sendable {
        var id: Int64
        var created: Bool
    }

    /// A link checked and resolved, ready to store.
    struct Prepared: Sendable {
        var input: SupplyLinkInput
        var supplierUscc: String?
        var name: String
        var city: String?
        var key: String
        var district: String?
        var chain: String
        var resolution: String
        var likely: [SupplierResolver.Candidate]
    }

    /// A bad input: its index in the list, the field at fault, the reason in Chinese.
    struct Problem: Sendable {
        var index: Int
        var field: String
        var code: String
        var message: String
    }

    /// Writes links in one transaction; the caller has checked rights. Throws the first bad
    /// input as a 422 naming the field.
    @discardableResult
    func write(_ inputs: [SupplyLinkInput], audit: Bool = true) async throws -> [Written] {
        let (ready, problems) = try await Self.prepare(inputs, resolver: try await SupplierResolver.load(sql), sql: sql)
        if let p = problems.first { throw DomainError.invalid(p.field, p.message, code: p.code) }
        let caller = self.caller
        return try await db.withTransaction { tx in try await Self.store(ready, on: tx, audit: audit, caller: caller) }
    }

    /// Checks and resolves every input; answers the good ones and every problem.
    static func prepare(
        _ inputs: [SupplyLinkInput], resolver: SupplierResolver,
        sql: any SQLDatabase
    ) async throws -> ([(index: Int, link: Prepared)], [Problem]) {
        let segments = try await Self.segmentChains(sql)
        var rows: [(Int, Prepared)] = []
        var problems: [Problem] = []
        for (i, raw) in inputs.enumerated() {
            var input = raw
            input.buyer = input.buyer.trimmingCharacters(in: .whitespaces).uppercased()
            input.supplierUscc = input.supplierUscc?.trimmingCharacters(in: .whitespaces).uppercased().nilIfBlank
            input.supplierName = input.supplierName?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
            input.supplierCity = input.supplierCity?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
            func fail(_ field: String, _ message: String, code: String = "invalid") {
                problems.append(Problem(index: i, field: field, code: code, message: message))
            }
            if let e = Self.problem(input) {
                fail(e.field, e.message, code: e.code)
                continue
            }
            guard resolver.byUSCC[input.buyer] != nil else {
                fail("buyer", "采购方 \(input.buyer) 不在企业库中")
                continue
            }
            guard let chain = segments[input.segment] else {
                fail("segment", "产业链环节代码“\(input.segment.prefix(40))”不存在")
                continue
            }
            if let u = input.supplierUscc {
                guard let firm = resolver.byUSCC[u] else {
                    fail("supplierUscc", "供应商 \(u) 不在企业库中：市外企业请填写名称和所在城市，不填代码")
                    continue
                }
                rows.append(
                    (
                        i,
                        Prepared(
                            input: input, supplierUscc: u, name: firm.name, city: nil, key: u, district: firm.district,
                            chain: chain, resolution: "uscc", likely: [])
                    ))
                continue
            }
            guard let name = input.supplierName else {  // (SupplyLinkInput.problem asks for one of the two)
                fail("supplierName", "不能为空")
                continue
            }
            switch resolver.resolve(name: name, city: input.supplierCity) {
            case .registered(let uscc, let district, let how):
                if uscc == input.buyer {
                    fail("supplierName", "供应商不能是采购方自身")
                    continue
                }
                rows.append(
                    (
                        i,
                        Prepared(
                            input: input, supplierUscc: uscc, name: resolver.byUSCC[uscc]?.name ?? name, city: nil, key: uscc,
                            district: district, chain: chain, resolution: how, likely: [])
                    ))
            case .outside(let key, let likely):
                rows.append(
                    (
                        i,
                        Prepared(
                            input: input, supplierUscc: nil, name: name, city: input.supplierCity, key: key, district: nil,
                            chain: chain, resolution: likely.isEmpty ? "outside" : "pending", likely: likely)
                    ))
            }
        }
        return (rows, problems)
    }

    /// Upserts prepared links inside the caller's transaction and queues likely matches.
    static func store(
        _ ready: [(index: Int, link: Prepared)], on tx: any SQLDatabase, audit: Bool, caller: Caller,
        progress: (@Sendable (Int, Int) async -> Void)? = nil
    ) async throws -> [Written] {
        struct Existing: Decodable {
            var id: Int64
            var amount: Int64
        }
        let now = Date.nowSeconds()
        var written: [Written] = []
        if !ready.isEmpty { try await FigureCache.bump(tx) }
        for (n, item) in ready.enumerated() {
            let r = item.link
            let i = r.input
            let existing = try await tx.raw(
                """
                SELECT id, amount FROM supply_links WHERE buyer_uscc = \(bind: i.buyer) AND supplier_key = \(bind: r.key)
                  AND segment = \(bind: i.segment) AND year = \(bind: i.year) AND category = \(bind: i.category.rawValue)
                  AND source = 'reported'
                """
            ).row(Existing.self)
            if let existing {
                let id = existing.id
                let before = existing.amount
                try await tx.update("supply_links").set("amount", to: SQLBind(i.amount)).set("resolution", to: SQLBind(r.resolution))
                    .where("id", .equal, SQLBind(id)).run()
                written.append(Written(id: id, created: false))
                if audit && before != i.amount {
                    try await AuditLog(db: tx, caller: caller).record(
                        entity: "supply_link", key: "\(id)", action: "update",
                        changes: ["amount": .init(from: "\(before)", to: "\(i.amount)")])
                }
            } else {
                let id = try await tx.insert(into: "supply_links")
                    .columns(
                        "buyer_uscc", "supplier_uscc", "supplier_name", "supplier_city", "supplier_key", "supplier_district",
                        "segment", "chain", "year", "amount", "category", "resolution", "created_at"
                    )
                    .values(
                        SQLBind(i.buyer), SQLBind(r.supplierUscc), SQLBind(r.name), SQLBind(r.city), SQLBind(r.key),
                        SQLBind(r.district), SQLBind(i.segment), SQLBind(r.chain), SQLBind(i.year), SQLBind(i.amount),
                        SQLBind(i.category.rawValue), SQLBind(r.resolution), SQLBind(now)
                    )
                    .runReturningID()
                written.append(Written(id: id, created: true))
                if audit {
                    try await AuditLog(db: tx, caller: caller).record(
                        entity: "supply_link", key: "\(id)", action: "create",
                        changes: [
                            "buyer": .init(from: nil, to: i.buyer), "supplier": .init(from: nil, to: r.supplierUscc ?? r.name),
                            "segment": .init(from: nil, to: i.segment), "year": .init(from: nil, to: "\(i.year)"),
                            "amount": .init(from: nil, to: "\(i.amount)"), "category": .init(from: nil, to: i.category.rawValue),
                        ])
                }
            }
            for c in r.likely {
                let known = try await tx.raw(
                    "SELECT id FROM supplier_matches WHERE supplier_key = \(bind: r.key) AND candidate_uscc = \(bind: c.uscc)"
                ).first()
                if known == nil {
                    try await tx.insert(into: "supplier_matches")
                        .columns("supplier_key", "supplier_name", "supplier_city", "candidate_uscc", "reason", "status", "created_at")
                        .values(
                            SQLBind(r.key), SQLBind(r.name), SQLBind(r.city), SQLBind(c.uscc), SQLBind(c.reason), SQLBind("pending"),
                            SQLBind(now)
                        )
                        .run()
                }
            }
            if let progress, (n + 1) % 500 == 0 || n + 1 == ready.count { await progress(n + 1, ready.count) }
        }
        return written
    }

    static func segmentChains(_ db: any SQLDatabase) async throws -> [String: String] {
        struct Row: Decodable {
            var code: String
            var chainCode: String
        }
        var out: [String: String] = [:]
        for row in try await db.raw("SELECT code, chain_code FROM segments").rows(Row.self) {
            out[row.code] = row.chainCode
        }
        return out
    }
}
