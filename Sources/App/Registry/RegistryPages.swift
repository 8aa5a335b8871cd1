import ChainLeadCore
import Vapor

/// Home, clusters and the chain page.
struct RegistryPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("clusters", use: clusters)
        routes.get("chains", ":code", use: chain)
    }

    struct Row: Encodable, Sendable {
        var label: String
        var value: String
        var link: String?
    }

    struct Home: Encodable, Sendable {
        var clusters: Int
        var chains: Int
        var enterprises: Int
        /// Policy G1: the enterprises whose tier is chain leader (target about 100 by 2027).
        var leaders: Int
        var tiers: [Row]
        var districts: [Row]
        var districtChart: String
        /// Policy G5: the chain leaders' local supporting rate against its 50% target.
        var g5: String?
        var g5Year: Int?
        var g5Meets: Bool
        /// Set when the figure is a part of the city's (a district's buyers, a chief's chains).
        var g5Part: String?
        /// Policy G1 and G2 counted from recognitions (`/selection/targets` lists the firms).
        var g1: Int?
        var g2: Int?
        /// Policy G3: first-time national single champions on this year's list (from honours).
        var g3: Int?
    }

    func home(req: Request) async throws -> Response {
        // A role that cannot read the registry starts at its workbench.
        if !Policy.decide(req.caller.grants, .read, .enterpriseList).allowed { return req.redirect(to: "/workbench") }
        try await req.require(.read, .enterpriseList)
        let stats = StatsQueries(db: req.sql)
        let byTier = try await stats.enterprisesBy("tier")
        let byDistrict = try await stats.enterprisesBy("district_code")
        let en = req.locale == .en
        let tiers = Tier.allCases.reversed().map { t in
            Row(
                label: en ? t.rawValue : t.nameZh, value: String(byTier[t.rawValue] ?? 0),
                link: "/enterprises?tier=\(t.rawValue)&status=active")
        }
        let districts = District.all.map { d in
            Row(
                label: en ? d.nameEn : d.name, value: String(byDistrict[d.code] ?? 0), link: "/enterprises?district=\(d.code)&status=active"
            )
        }
        let chart = SVGCharts.horizontalBars(
            title: req.texts["byDistrict"], items: districts.map { ($0.label, Double($0.value) ?? 0) }, unit: req.texts["unitFirms"])
        let content = Home(
            clusters: try await stats.count("SELECT COUNT(*) AS n FROM clusters"),
            chains: try await stats.count("SELECT COUNT(*) AS n FROM chains"),
            enterprises: byDistrict.values.reduce(0, +),
            leaders: byTier[Tier.leader.rawValue] ?? 0,
            tiers: tiers, districts: districts, districtChart: chart, g5: nil, g5Year: nil, g5Meets: false, g5Part: nil)
        var page = content
        if Policy.decide(req.webUser?.grants ?? [], .read, .selection(.targets)).allowed {
            let today = SimpleDate.today()
            let leaders = try await Targets(db: req.sql, caller: req.caller).leaders(year: today.year, today: today)
            page.g1 = leaders.count
            page.g2 = leaders.filter { ($0.outputValue ?? 0) >= Targets.g2Threshold }.count
            page.g3 = try await Targets(db: req.sql, caller: req.caller).firstTimeChampions(year: today.year).count
        }
        if Policy.decide(req.webUser?.grants ?? [], .read, .supplyAnalysis(chain: nil)).allowed,
            let year = try await SupplyQueries(db: req.sql).years().last,
            let city = try await SupplyQueries(db: req.sql, rows: req.supplyRows)
                .rates(year: year, level: .city, scope: req.application.chainLead.supplyScope).first
        {
            page.g5Part = try await SupplyQueries.rowsDescription(req.supplyRows, db: req.sql)
            page.g5 = Display.pct(city.figures.amountRate)
            page.g5Year = year
            page.g5Meets = city.figures.meetsTarget ?? false
        }
        return try await req.render("registry/home", title: req.texts["home"], nav: "home", page)
    }

    struct ClusterView: Encodable, Sendable {
        var code: String
        var name: String
        var kind: String
        var enterpriseCount: Int
        var chains: [ChainView]
        /// Policy L1, S3, G3, G4: honours, projects, standards and consortia of the cluster.
        var innovation: InnovationSummary.Counts?
    }

    struct ClustersPage: Encodable, Sendable {
        var clusters: [ClusterView]
        var innovation: Bool
    }

    struct ChainView: Encodable, Sendable {
        var code: String
        var name: String
        var chief: String?
        var segmentCount: Int
        var enterpriseCount: Int
    }

    func clusters(req: Request) async throws -> Response {
        try await req.require(.read, .taxonomy)
        let queries = TaxonomyQueries(db: req.sql)
        let chains = Dictionary(grouping: try await queries.chains(), by: \.cluster)
        let en = req.locale == .en
        let counts =
            Policy.decide(req.caller.grants, .read, .honours).allowed ? try await InnovationSummary.clusterCounts(req.sql) : nil
        let items = try await queries.clusters().map { c in
            ClusterView(
                code: c.code, name: en ? c.nameEn : c.name, kind: req.texts[c.kind.rawValue],
                enterpriseCount: c.enterpriseCount,
                chains: (chains[c.code] ?? []).map { Self.chainView($0, en: en) },
                innovation: counts.map { $0[c.code] ?? .init() })
        }
        return try await req.render(
            "registry/clusters", title: req.texts["clusters"], nav: "clusters", ClustersPage(clusters: items, innovation: counts != nil))
    }

    static func chainView(_ c: ChainRecord, en: Bool) -> ChainView {
        let chief = [c.chiefTitle, c.chiefName].compactMap { $0 }.joined(separator: " ")
        return ChainView(
            code: c.code, name: en ? c.nameEn : c.name, chief: chief.isEmpty ? nil : chief,
            segmentCount: c.segmentCount, enterpriseCount: c.enterpriseCount)
    }

    struct Firm: Encodable, Sendable {
        var uscc: String
        var name: String
        var tier: String
        var tierLabel: String
        var output: String
    }

    struct SegmentColumn: Encodable, Sendable {
        var code: String
        var name: String
        var firms: [Firm]
        var count: Int
        /// "更多 (N)" when the list is cut: N firms not shown, the link opens them all.
        var more: String?
    }

    struct Column: Encodable, Sendable {
        var position: String
        var label: String
        var segments: [SegmentColumn]
    }

    struct ChainPage: Encodable, Sendable {
        var chain: ChainView
        var cluster: String
        var clusterCode: String
        var columns: [Column]
        var map: SupplyPages.MapSection?
        var innovation: InnovationSummary.ChainSection?
    }

    /// Firms listed under a segment on the chain page; the rest behind "更多 (N)".
    static let firmsShown = 8

    func chain(req: Request) async throws -> Response {
        try await req.require(.read, .taxonomy)
        let code = req.parameters.get("code") ?? ""
        let queries = TaxonomyQueries(db: req.sql)
        guard let chain = try await queries.chains(code: code).first else {
            throw DomainError.notFound("产业链")
        }
        let en = req.locale == .en
        // The firms the caller's list may hold, their output only where the caller sees figures.
        let grants = req.webUser?.grants ?? []
        let byOutput = Policy.maySortByFigures(grants)
        let firms = Dictionary(
            grouping: try await StatsQueries(db: req.sql).firms(
                ofChain: code, scope: Policy.listScope(grants), byOutput: byOutput, limit: Self.firmsShown),
            by: \.segment)
        let segments = try await queries.segments(chain: code).filter { $0.retiredOn == nil }
        let columns = SegmentPosition.allCases.map { position in
            Column(
                position: position.rawValue, label: req.texts[position.rawValue],
                segments: segments.filter { $0.position == position }.map { s in
                    let list = firms[s.code] ?? []
                    let total = list.first?.segmentTotal ?? 0
                    return SegmentColumn(
                        code: s.code, name: en ? s.nameEn : s.name,
                        firms: list.prefix(Self.firmsShown).map { f in
                            Firm(
                                uscc: f.uscc, name: f.name, tier: f.tier.rawValue, tierLabel: en ? f.tier.rawValue : f.tier.nameZh,
                                output: byOutput ? Display.wan(f.output) : "—")
                        }, count: total,
                        more: total > Self.firmsShown ? String(format: req.texts["mapMore"], total - Self.firmsShown) : nil)
                })
        }
        let page = ChainPage(
            chain: Self.chainView(chain, en: en), cluster: chain.clusterName, clusterCode: chain.cluster, columns: columns,
            map: try await SupplyPages.mapSection(req, chain: chain), innovation: try await InnovationSummary.chain(req, code: code))
        return try await req.render("registry/chain", title: page.chain.name, nav: "clusters", page)
    }
}
