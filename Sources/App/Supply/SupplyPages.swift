import ChainLeadCore
import OfficeFormats
import Vapor

/// The supporting rate, chain maps, the city view of chains, leads and the resolution queue
/// (Policy G5, L2, L3) as pages.
struct SupplyPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("supply", use: overview)
        routes.get("chains", ":code", "map.svg", use: mapSVG)
        routes.get("leads", use: leads)
        routes.post("leads", use: startLead)
        routes.get("leads", "new", use: newLead)
        routes.get("leads", ":id", use: lead)
        routes.post("leads", ":id", use: updateLead)
        routes.post("leads", ":id", "log", use: logLead)
        routes.get("suppliers", use: supplier)
        routes.get("exports", "leads.xlsx", use: exportLeads)
        routes.get("supplier-matches", use: matches)
        routes.post("supplier-matches", ":id", "decision", use: decide)
    }

    static func year(_ req: Request, years: [Int]) -> Int {
        if let y = req.queryValue("year", as: Int.self), SupplyService.validYears.contains(y) { return y }
        return years.last ?? Calendar(identifier: .gregorian).component(.year, from: Date())
    }

    // MARK: chain map (on the chain page)

    struct SupplierRow: Encodable, Sendable {
        var name: String
        var link: String?
        /// Outside suppliers: the lead it is, or the form to start one ("加入招商线索").
        var leadLink: String?
        var startLink: String?
        var city: String
        var local: Bool
        var amount: String
        var buyers: Int
    }

    struct SegmentPanel: Encodable, Sendable {
        var code: String
        var name: String
        var status: String
        var statusLabel: String
        var localShare: String
        var hhi: String
        var suppliers: [SupplierRow]
        var outsideCount: Int
        /// Policy L1, L2: chain projects 强链补链延链 that strengthen, fill or extend this segment.
        var projects: [[String]] = []
    }

    struct MapSection: Encodable, Sendable {
        var svg: String
        var year: Int
        var years: [Int]
        var rule: String
        var panel: SegmentPanel?
        var svgLink: String
        /// Set when the figures are those of a part of the city (a district's buyers, a chief's chains).
        var rows: String?
        var seesPurchases: Bool
    }

    static func mapSection(_ req: Request, chain: ChainRecord) async throws -> MapSection? {
        guard Policy.decide(req.webUser?.grants ?? [], .read, .supplyAnalysis(chain: chain.code)).allowed else { return nil }
        let config = req.application.chainLead
        let queries = SupplyQueries(db: req.sql, rows: req.supplyRows)
        let years = try await queries.years()
        let year = Self.year(req, years: years)
        let map = try await queries.chainMap(chain: chain, year: year, scope: config.supplyScope, rule: config.segmentRule)
        let en = req.locale == .en
        let seesPurchases = Policy.decide(req.webUser?.grants ?? [], .read, .supplyPurchases).allowed
        let selected = req.queryValue("segment")
        let svg = ChainMapSVG.render(map, en: en, selected: selected) { "/chains/\(chain.code)?year=\(year)&segment=\($0)#segment" }
        var panel: SegmentPanel?
        if let code = req.queryValue("segment"), let s = map.segments.first(where: { $0.code == code }) {
            // Departments see rates and totals, never who sells to whom.
            let suppliers = seesPurchases ? try await queries.suppliers(segment: code, year: year, scope: config.supplyScope) : []
            let openable = try await Access.openable(suppliers.compactMap(\.uscc), caller: req.caller, db: req.sql)
            let outside = suppliers.filter { !$0.local }.map(\.key)
            let leads = try await Self.leadIDs(outside, db: req.sql)
            let mayStart = Policy.decide(req.caller.grants, .update, .leads).allowed
            let mayLeads = Policy.decide(req.caller.grants, .read, .leads).allowed
            panel = SegmentPanel(
                code: s.code, name: en ? (s.nameEn ?? s.name) : s.name, status: ChainMapSVG.noData(s) ? "nodata" : s.status.rawValue,
                statusLabel: ChainMapSVG.noData(s) ? req.texts["mapNoData"] : (en ? s.status.rawValue : s.status.nameZh),
                localShare: Display.pct(s.localShare),
                hhi: s.hhi.map { Display.grouped($0, decimals: 0) } ?? "—",
                suppliers: suppliers.map { x in
                    SupplierRow(
                        name: x.name,
                        link: x.uscc.flatMap { openable.contains($0) ? "/enterprises/\($0)" : nil } ?? Self.supplierLink(x.key),
                        leadLink: mayLeads ? leads[x.key].map { "/leads/\($0)" } : nil,
                        startLink: !x.local && mayStart && leads[x.key] == nil && x.key.hasPrefix("name:")
                            ? "/leads/new?supplierKey=" + (x.key.addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? "") : nil,
                        city: x.city ?? (x.local ? req.texts["localFirm"] : "—"),
                        local: x.local, amount: Display.wan(x.amount), buyers: x.buyers)
                }, outsideCount: suppliers.filter { !$0.local }.count)
            if Policy.decide(req.caller.grants, .read, .honours).allowed {
                panel?.projects = try await Projects(db: req.sql, caller: req.caller).list(
                    ProjectFilter(chain: chain.code, segment: code), limit: 50
                ).map {
                    [
                        String($0.year), $0.name + ($0.greenChannel ? (en ? " (green channel)" : "（绿色通道）") : ""),
                        ChainAction(rawValue: $0.action ?? "").map { en ? $0.rawValue : $0.nameZh } ?? "—",
                        $0.enterpriseName ?? $0.investor ?? "—", $0.amount.map { Display.wan(Double($0)) } ?? "—",
                        ProjectStage(rawValue: $0.stage).map { en ? $0.rawValue : $0.nameZh } ?? $0.stage,
                    ]
                }
            }
        }
        return MapSection(
            svg: svg, year: year, years: years, rule: APIHandler.ruleText(config.segmentRule), panel: panel,
            svgLink: "/chains/\(chain.code)/map.svg?year=\(year)"
                + (panel.map { "&segment=" + ($0.code.addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? "") } ?? ""),
            rows: try await SupplyQueries.rowsDescription(req.supplyRows, db: req.sql),
            seesPurchases: seesPurchases)
    }

    func mapSVG(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        try await req.require(.read, .supplyAnalysis(chain: code))
        guard let chain = try await TaxonomyQueries(db: req.sql).chains(code: code).first else { throw DomainError.notFound("页面") }
        let config = req.application.chainLead
        let queries = SupplyQueries(db: req.sql, rows: req.supplyRows)
        let year = Self.year(req, years: try await queries.years())
        let map = try await queries.chainMap(chain: chain, year: year, scope: config.supplyScope, rule: config.segmentRule)
        let svg = ChainMapSVG.render(map, en: req.locale == .en, selected: req.queryValue("segment")) {
            "/chains/\(chain.code)?year=\(year)&segment=\($0)#segment"
        }
        let name = "\(chain.code)-map-\(year).svg"
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "image/svg+xml; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"\(name)\"",
            ], body: .init(string: svg))
    }

    // MARK: the city view

    struct RateRow: Encodable, Sendable {
        var code: String
        var name: String
        var link: String
        var amountRate: String
        var countRate: String
        var total: String
        var meets: Bool
        var missing: Int
        var weak: Int
    }

    struct RiskRow: Encodable, Sendable {
        var buyer: String
        var buyerLink: String?
        var segment: String
        var supplier: String
        var share: String
        var outside: Bool
    }

    struct Overview: Encodable, Sendable {
        var risks: [RiskRow]
        var sortByGaps: Bool
        var year: Int
        var years: [Int]
        var city: RateRow
        var trend: [RateRow]
        var clusters: [RateRow]
        var chains: [RateRow]
        var scope: String
        var chart: String
        var rows: String?
        var seesPurchases: Bool
    }

    static func rateRow(_ code: String, _ name: String, link: String, _ f: RateFigures, missing: Int = 0, weak: Int = 0) -> RateRow {
        RateRow(
            code: code, name: name, link: link, amountRate: Display.pct(f.amountRate), countRate: Display.pct(f.countRate),
            total: Display.wan(f.totalAmount), meets: f.meetsTarget ?? false, missing: missing, weak: weak)
    }

    func overview(req: Request) async throws -> Response {
        try await req.require(.read, .supplyAnalysis(chain: nil))
        let config = req.application.chainLead
        let rows = req.supplyRows
        let queries = SupplyQueries(db: req.sql, rows: rows)
        let years = try await queries.years()
        let year = Self.year(req, years: years)
        let scope = config.supplyScope
        let city = try await queries.rates(year: year, level: .city, scope: scope).first?.figures ?? RateFigures()
        var trend: [RateRow] = []
        for y in years {
            trend.append(
                Self.rateRow(
                    "\(y)", "\(y)", link: "/supply?year=\(y)",
                    try await queries.rates(year: y, level: .city, scope: scope).first?.figures ?? RateFigures()))
        }
        let clusterNames = try await APIHandler.unitNames(.cluster, sql: req.sql)
        let chainNames = try await APIHandler.unitNames(.chain, sql: req.sql)
        let clusters = try await queries.rates(year: year, level: .cluster, scope: scope).map {
            Self.rateRow($0.code, clusterNames[$0.code] ?? $0.code, link: "/enterprises?cluster=\($0.code)", $0.figures)
        }
        // Chains ranked by supporting rate, with their missing and weak segment counts.
        let gaps = try await queries.gapSegments(year: year, scope: scope, rule: config.segmentRule)
        let segmentChains = try await SupplyService.segmentChains(req.sql)
        var missing: [String: Int] = [:]
        var weak: [String: Int] = [:]
        for (segment, status) in gaps {
            guard let chain = segmentChains[segment] else { continue }
            if status == .missing { missing[chain, default: 0] += 1 } else { weak[chain, default: 0] += 1 }
        }
        let sortByGaps = req.queryValue("sort") == "gaps"
        let chains = try await queries.rates(year: year, level: .chain, scope: scope)
            .sorted { a, b in
                if sortByGaps {
                    let ga = (missing[a.code] ?? 0, weak[a.code] ?? 0)
                    let gb = (missing[b.code] ?? 0, weak[b.code] ?? 0)
                    if ga != gb { return ga > gb }
                }
                return (a.figures.amountRate ?? -1, a.code) > (b.figures.amountRate ?? -1, b.code)
            }
            .map {
                Self.rateRow(
                    $0.code, chainNames[$0.code] ?? $0.code, link: "/chains/\($0.code)?year=\(year)", $0.figures,
                    missing: missing[$0.code] ?? 0, weak: weak[$0.code] ?? 0)
            }
        let chart = SVGCharts.horizontalBars(
            title: req.texts["ratesByCluster"],
            items: try await queries.rates(year: year, level: .cluster, scope: scope).map {
                (clusterNames[$0.code] ?? $0.code, (($0.figures.amountRate ?? 0) * 1000).rounded() / 10)
            }, unit: "%", target: (SupportingRate.target * 100, req.texts["g5TargetLine"]))
        // Single-source dependencies of chain leaders, biggest share first (the risk view).
        // Outside suppliers first: those are the dependencies the city can act on.
        // Departments see rates and totals only: no single purchases.
        let seesPurchases = Policy.decide(req.webUser?.grants ?? [], .read, .supplyPurchases).allowed
        let flags = seesPurchases ? try await queries.singleSource(year: year, scope: scope).flags : []
        let top = Array((flags.filter(\.isOutside) + flags.filter { !$0.isOutside }).prefix(20))
        let supplierNames = try await queries.supplierNames(top.map(\.supplierKey))
        let buyerNames = try await APIHandler.unitNames(.buyer, sql: req.sql)
        let openable = try await Access.openable(top.map(\.buyer), caller: req.caller, db: req.sql)
        let segmentNames = try await TaxonomyQueries.segmentNames(req.sql)
        let risks = top.map { f in
            RiskRow(
                buyer: buyerNames[f.buyer] ?? f.buyer, buyerLink: openable.contains(f.buyer) ? "/enterprises/\(f.buyer)" : nil,
                segment: segmentNames[f.segment] ?? f.segment,
                supplier: supplierNames[f.supplierKey]?.name ?? f.supplierKey, share: Display.pct(f.share), outside: f.isOutside)
        }
        let part = try await SupplyQueries.rowsDescription(rows, db: req.sql)
        let content = Overview(
            risks: risks, sortByGaps: sortByGaps, year: year, years: years,
            city: Self.rateRow("city", part == nil ? req.texts["city"] : req.texts["myPart"], link: "/supply", city), trend: trend,
            clusters: clusters, chains: chains,
            scope: "链主企业的采购；" + (part.map { $0 + "；" } ?? "") + scope.descriptionZh, chart: chart,
            rows: part, seesPurchases: seesPurchases)
        return try await req.render("supply/supply", title: req.texts["supply"], nav: "supply", content)
    }
}
