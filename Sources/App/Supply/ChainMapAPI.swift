import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime
import SQLKit

extension APIHandler {
    func chainMapModel(code: String, year: Int32?) async throws -> ChainMapModel {
        try await require(.read, .supplyAnalysis(chain: code))
        try Self.checkYear(year)
        try Self.validateCode(code, field: "code")
        guard let chain = try await TaxonomyQueries(db: sql).chains(code: code).first else {
            throw DomainError.notFound("产业链“\(code)”", field: "code")
        }
        let queries = SupplyQueries(db: sql, rows: Policy.supplyRows(caller.grants))
        let y: Int
        if let year { y = Int(year) } else { y = try await LeadService(db: app.db.sql, caller: caller).defaultYear() }
        return try await queries.chainMap(chain: chain, year: y, scope: app.chainLead.supplyScope, rule: app.chainLead.segmentRule)
    }

    func getChainMap(_ input: Operations.GetChainMap.Input) async throws -> Operations.GetChainMap.Output {
        let map = try await chainMapModel(code: input.path.code, year: input.query.year)
        let rule = app.chainLead.segmentRule
        let dto = Components.Schemas.ChainMap(
            chain: map.chainCode, name: map.chainName, year: Int32(clamping: map.year),
            segments: try map.segments.map { s in
                .init(
                    code: s.code, name: s.name, nameEn: s.nameEn, position: try mirrored(s.position),
                    localFirms: Int32(clamping: s.localFirms),
                    firmsByTier: .init(
                        additionalProperties: Dictionary(
                            uniqueKeysWithValues: s.firmsByTier.map { ($0.key.rawValue, Int32(clamping: $0.value)) })),
                    localShare: s.localShare, hhi: s.hhi, purchases: try DomainError.amount(s.purchases, field: "purchases"),
                    status: try mirrored(s.status))
            },
            flows: try map.flows.map {
                .init(
                    from: $0.from, to: $0.to, amount: try DomainError.amount($0.amount, field: "amount"),
                    localAmount: try DomainError.amount($0.localAmount, field: "localAmount"))
            },
            rule: Self.ruleText(rule))
        return .ok(.init(body: .json(dto)))
    }

    static func ruleText(_ rule: SegmentStatusRule) -> String {
        "依次判断：缺失＝本地无企业；薄弱＝仅1家本地企业，或链主企业在该环节的本地采购占比低于\(Int((rule.weakLocalShare * 100).rounded()))%；集中＝本地供应HHI高于\(Int(rule.concentratedHHI))；其余为较强"
    }

    func getChainMapSVG(_ input: Operations.GetChainMapSVG.Input) async throws -> Operations.GetChainMapSVG.Output {
        let map = try await chainMapModel(code: input.path.code, year: input.query.year)
        let svg = ChainMapSVG.render(map, en: false) { "/chains/\(map.chainCode)?segment=\($0)#segment" }
        return .ok(.init(body: .imageSvgXml(HTTPBody(svg))))
    }

    func listSingleSourceRisks(_ input: Operations.ListSingleSourceRisks.Input) async throws -> Operations.ListSingleSourceRisks.Output {
        try await require(.read, .supplyAnalysis(chain: nil))
        try await require(.read, .supplyPurchases)
        try Self.checkYear(input.query.year)
        if let b = input.query.buyer {
            _ = try Self.pathUSCC(b, field: "buyer")
            // One buyer's dependencies: only for those who may open that firm.
            if let detail = try await EnterpriseQueries(db: sql).detail(b) {
                _ = try await Access.visibility(of: detail, caller: caller, db: sql)
            }
        }
        let (flags, hhi) = try await SupplyQueries(db: sql, rows: Policy.supplyRows(caller.grants))
            .singleSource(year: Int(input.query.year), buyer: input.query.buyer, scope: app.chainLead.supplyScope)
        let names = try await SupplyQueries(db: sql).supplierNames(flags.map(\.supplierKey))
        let buyers = try await Self.unitNames(.buyer, sql: sql)
        let items = flags.map { f in
            Components.Schemas.SingleSourceRisk(
                buyer: f.buyer, buyerName: buyers[f.buyer], segment: f.segment, supplierKey: f.supplierKey,
                supplierName: names[f.supplierKey]?.name ?? f.supplierKey, supplierCity: names[f.supplierKey]?.city,
                share: f.share, outside: f.isOutside, segmentHHI: hhi[f.buyer]?[f.segment])
        }
        return .ok(.init(body: .json(items)))
    }
}
