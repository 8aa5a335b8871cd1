import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime
import SQLKit

extension APIHandler {
    func createSupplyLink(_ input: Operations.CreateSupplyLink.Input) async throws -> Operations.CreateSupplyLink.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let buyer = try Self.pathUSCC(body.buyer, field: "buyer")
        guard let stored = try await EnterpriseQueries(db: sql).detail(buyer) else {
            throw DomainError.invalid("buyer", "采购方 \(buyer) 不在企业库中")
        }
        // The buyer reports its own purchases: whoever may edit the buyer may report them.
        try await require(.update, Access.resource(stored))
        try Self.validateCode(body.segment, field: "segment")
        let link = SupplyLinkInput(
            buyer: buyer, supplierUscc: body.supplierUscc, supplierName: body.supplierName,
            supplierCity: body.supplierCity, segment: body.segment, year: Int(body.year), amount: body.amount,
            category: SupplyCategory(rawValue: body.category.rawValue) ?? .material)
        let written = try await SupplyService(db: app.db.sql, caller: caller).write([link])[0]
        let record = try await SupplyLinks(db: sql).find(written.id)
        let dto = try Self.supplyLink(record, scope: app.chainLead.supplyScope)
        return written.created ? .created(.init(body: .json(dto))) : .ok(.init(body: .json(dto)))
    }

    func listSupplyLinks(_ input: Operations.ListSupplyLinks.Input) async throws -> Operations.ListSupplyLinks.Output {
        try await require(.read, .supplyAnalysis(chain: input.query.chain))
        try await require(.read, .supplyPurchases)
        let q = input.query
        try Self.checkYear(q.year)
        let page = try PageRequest.make(page: q.page.map(Int.init), per: q.per.map(Int.init))
        for (value, field) in [(q.chain, "chain"), (q.segment, "segment")] { if let value { try Self.validateCode(value, field: field) } }
        if let b = q.buyer { _ = try Self.pathUSCC(b, field: "buyer") }
        let filter = SupplyLinkFilter(
            year: q.year.map(Int.init), buyer: q.buyer, chain: q.chain, segment: q.segment,
            rows: Policy.supplyRows(caller.grants))
        let (items, total) = try await SupplyLinks(db: sql).list(filter, page: page)
        let scope = app.chainLead.supplyScope
        return .ok(
            .init(body: .json(.init(items: try items.map { try Self.supplyLink($0, scope: scope) }, metadata: page.metadata(total: total))))
        )
    }

    func getSupportingRates(_ input: Operations.GetSupportingRates.Input) async throws -> Operations.GetSupportingRates.Output {
        let q = input.query
        try Self.checkYear(q.year)
        let level = RateLevel(rawValue: q.level?.rawValue ?? "city") ?? .city
        try await require(.read, .supplyAnalysis(chain: level == .chain ? q.code : nil))
        let scope = try Self.rateScope(
            localDistricts: q.localDistricts, excludeCategories: q.excludeCategories, base: app.chainLead.supplyScope)
        if let code = q.code {
            switch level {
            case .city: throw DomainError.invalid("code", "全市口径不需要 code")
            case .chain:
                try Self.validateCode(code, field: "code")
                guard try await TaxonomyQueries(db: sql).chains(code: code).first != nil else {
                    throw DomainError.notFound("产业链“\(code)”", field: "code")
                }
            case .cluster:
                try Self.validateCode(code, field: "code")
                guard try await TaxonomyQueries(db: sql).clusters(code: code).first != nil else {
                    throw DomainError.notFound("产业集群“\(code)”", field: "code")
                }
            case .buyer:
                _ = try Self.pathUSCC(code, field: "code")
                // One firm's purchases: only for those who see that firm beyond its directory entry.
                if let detail = try await EnterpriseQueries(db: sql).detail(code) {
                    let d = detail.record.draft
                    if Policy.visibility(
                        caller.grants, uscc: d.uscc, district: d.district,
                        chains: Set(detail.memberships.map(\.chain))) < .masked
                    {
                        try await require(.read, Access.resource(detail))
                    }
                }
            }
        }
        let rows = Policy.supplyRows(caller.grants)
        let queries = SupplyQueries(db: sql, rows: rows)
        let year = Int(q.year)
        let items = try await queries.rates(year: year, level: level, code: q.code, scope: scope)
        let total: RateFigures
        if let code = q.code {
            total = items.first { $0.code == code }?.figures ?? RateFigures()
        } else if level == .city || level == .buyer {
            total = try await queries.rates(year: year, level: level == .city ? .city : .buyer, code: nil, scope: scope).reduce(
                RateFigures()
            ) { acc, r in
                level == .city
                    ? r.figures
                    : RateFigures(
                        localAmount: acc.localAmount + r.figures.localAmount, totalAmount: acc.totalAmount + r.figures.totalAmount,
                        localSuppliers: acc.localSuppliers + r.figures.localSuppliers, suppliers: acc.suppliers + r.figures.suppliers)
            }
        } else {
            // Chains and clusters partition the chain leaders' links: their total is the city figure.
            total = try await queries.rates(year: year, level: .city, code: nil, scope: scope).first?.figures ?? RateFigures()
        }
        let names = try await Self.unitNames(level, sql: sql)
        let dto = Components.Schemas.SupportingRates(
            year: q.year, level: try mirrored(level), code: q.code,
            amountRate: total.amountRate, countRate: total.countRate,
            localAmount: try DomainError.amount(total.localAmount, field: "localAmount"),
            totalAmount: try DomainError.amount(total.totalAmount, field: "totalAmount"),
            localSuppliers: Int32(clamping: total.localSuppliers), suppliers: Int32(clamping: total.suppliers),
            target: SupportingRate.target,
            scope: Self.scopeDTO(scope, level: level, rowsText: try await SupplyQueries.rowsDescription(rows, db: sql)),
            items: try items.map { try Self.rateFigures($0.code, names[$0.code], $0.figures) })
        return .ok(.init(body: .json(dto)))
    }

    static func rateFigures(_ code: String, _ name: String?, _ f: RateFigures) throws -> Components.Schemas.RateFigures {
        .init(
            code: code, name: name, amountRate: f.amountRate, countRate: f.countRate,
            localAmount: try DomainError.amount(f.localAmount, field: "localAmount"),
            totalAmount: try DomainError.amount(f.totalAmount, field: "totalAmount"),
            localSuppliers: Int32(clamping: f.localSuppliers), suppliers: Int32(clamping: f.suppliers), meetsTarget: f.meetsTarget)
    }

    static func unitNames(_ level: RateLevel, sql: any SQLDatabase) async throws -> [String: String] {
        let query: SQLQueryString
        switch level {
        case .city: return ["city": "全市"]
        case .cluster: query = "SELECT code, name FROM clusters"
        case .chain: query = "SELECT code, name FROM chains"
        case .buyer: query = "SELECT uscc AS code, name FROM enterprises WHERE uscc IN (SELECT DISTINCT buyer_uscc FROM supply_links)"
        }
        struct Row: Decodable {
            var code: String
            var name: String
        }
        var out: [String: String] = [:]
        for row in try await sql.raw(query).rows(Row.self) {
            out[row.code] = row.name
        }
        return out
    }

    static func scopeDTO(_ scope: SupportingRateScope, level: RateLevel, rowsText: String? = nil) -> Components.Schemas.RateScope {
        .init(
            localDistricts: scope.localDistricts.sorted(),
            excludedCategories: scope.excludedCategories.map(\.rawValue).sorted().compactMap { .init(rawValue: $0) },
            buyers: level == .buyer ? .allOfOneBuyer : .chainLeaders,
            description: (level == .buyer ? "该企业的全部采购；" : "链主企业的采购；") + (rowsText.map { $0 + "；" } ?? "")
                + scope.descriptionZh)
    }

    /// The scope options of a request over the configured default.
    static func rateScope(localDistricts: String?, excludeCategories: String?, base: SupportingRateScope) throws -> SupportingRateScope {
        var scope = base
        if let raw = localDistricts {
            let codes = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for c in codes where District.named(code: c) == nil { throw DomainError.invalid("localDistricts", "区县代码“\(c.prefix(20))”不存在") }
            scope.localDistricts = Set(codes)
        }
        if let raw = excludeCategories {
            let names = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "none" }
            var set: Set<SupplyCategory> = []
            for n in names {
                guard let c = SupplyCategory(rawValue: n) else {
                    throw DomainError.invalid("excludeCategories", "采购类别“\(n.prefix(20))”不存在")
                }
                set.insert(c)
            }
            scope.excludedCategories = set
        }
        return scope
    }

    static func supplyLink(_ r: SupplyLinkRecord, scope: SupportingRateScope) throws -> Components.Schemas.SupplyLink {
        .init(
            id: r.id, buyer: r.buyer, buyerName: r.buyerName, supplierUscc: r.supplierUscc, supplierName: r.supplierName,
            supplierCity: r.supplierCity, supplierDistrict: r.supplierDistrict,
            local: r.supplierDistrict.map { scope.localDistricts.contains($0) } ?? false,
            segment: r.segment, chain: r.chain, year: Int32(clamping: r.year), amount: r.amount,
            category: try mirrored(r.category),
            resolution: .init(rawValue: r.resolution) ?? .outside, source: .init(rawValue: r.source))
    }

    /// Years of supply data: 2000–2100 (a query outside answers 422, as the spec says).
    static func checkYear(_ year: Int32?) throws {
        if let year, !SupplyService.validYears.contains(Int(year)) {
            throw DomainError.invalid("year", "年度应在2000至2100之间", code: "out_of_range")
        }
    }
}
