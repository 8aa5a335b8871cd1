import ChainLeadCore
import Vapor

/// The enterprise list with search and filters, the profile and the edit form.
struct EnterprisePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("enterprises", use: list)
        routes.get("enterprises", ":uscc", use: profile)
        routes.get("enterprises", ":uscc", "edit", use: editForm)
        routes.on(.POST, "enterprises", ":uscc", "edit", body: .collect(maxSize: "256kb"), use: save)
    }

    struct Option: Encodable, Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct ListItem: Encodable, Sendable {
        var uscc: String
        var name: String
        var district: String
        var tier: String
        var tierLabel: String
        var status: String
        var chain: String
        var output: String
        var year: String
    }

    struct ListPage: Encodable, Sendable {
        var q: String
        var clusters: [Option]
        var chains: [Option]
        var segments: [Option]
        var districts: [Option]
        var tiers: [Option]
        var statuses: [Option]
        var sorts: [Option]
        var items: [ListItem]
        var total: Int
        var page: Int
        var pages: Int
        var prevLink: String?
        var nextLink: String?
        var exportLink: String
        var error: String?
        /// Set when the list shows the firms of one import.
        var importBatch: String? = nil
    }

    static func filter(from req: Request) -> EnterpriseFilter {
        func param(_ k: String) -> String? {
            guard let v = req.queryValue(k), !v.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return v
        }
        let sorts = ["name", "-name", "uscc", "-uscc", "founded", "-founded", "outputValue", "-outputValue", "updatedAt", "-updatedAt"]
        return EnterpriseFilter(
            q: param("q").map { String($0.prefix(100)) }, cluster: param("cluster"), chain: param("chain"),
            segment: param("segment"), district: param("district"),
            tier: param("tier").flatMap(Tier.init(rawValue:)), status: param("status").flatMap(EnterpriseStatus.init(rawValue:)),
            sort: param("sort").flatMap { sorts.contains($0) ? $0 : nil } ?? "-outputValue",
            importBatch: param("import").map { String($0.prefix(64)) }, scope: Policy.listScope(req.caller.grants))
    }

    static func query(_ f: EnterpriseFilter, page: Int? = nil) -> String {
        var items: [URLQueryItem] = []
        func add(_ k: String, _ v: String?) { if let v { items.append(URLQueryItem(name: k, value: v)) } }
        add("q", f.q)
        add("cluster", f.cluster)
        add("chain", f.chain)
        add("segment", f.segment)
        add("district", f.district)
        add("tier", f.tier?.rawValue)
        add("status", f.status?.rawValue)
        add("sort", f.sort)
        add("import", f.importBatch)
        add("page", page.map(String.init))
        var c = URLComponents()
        c.queryItems = items
        return c.percentEncodedQuery ?? ""
    }

    func list(req: Request) async throws -> Response {
        try await req.require(.read, .enterpriseList)
        var f = Self.filter(from: req)
        // Sorting by figures the user cannot see would reveal them: such a user sorts by name.
        let maySortByFigures = Policy.maySortByFigures(req.webUser?.grants ?? [])
        if f.sort.hasSuffix("outputValue") && !maySortByFigures { f.sort = "name" }
        let pageNumber = min(max(1, req.queryValue("page", as: Int.self) ?? 1), PageRequest.maxPage)
        let page = PageRequest(page: pageNumber, per: 50)
        let result = try await EnterpriseQueries(db: req.sql).list(f, page: page)
        let pages = max(1, (result.total + page.per - 1) / page.per)
        // A page past the end (an old link, a filter that narrowed) shows the last one.
        if pageNumber > pages { return req.redirect(to: "/enterprises?" + Self.query(f, page: pages)) }
        let en = req.locale == .en
        let t = req.texts
        let taxonomy = TaxonomyQueries(db: req.sql)
        let allChains = try await taxonomy.chains()
        let chainNames = Dictionary(uniqueKeysWithValues: allChains.map { ($0.code, en ? $0.nameEn : $0.name) })
        let items = result.items.map { e in
            let directoryOnly = Access.listVisibility(e, caller: req.caller) < .masked
            return ListItem(
                uscc: e.uscc, name: e.name, district: Self.districtName(e.district, en: en), tier: e.tier.rawValue,
                tierLabel: en ? e.tier.rawValue : e.tier.nameZh, status: en ? e.status.rawValue : e.status.nameZh,
                chain: e.primaryChain.flatMap { chainNames[$0] } ?? "—",
                output: directoryOnly ? "—" : Display.wan(e.latestOutputValue),
                year: directoryOnly ? "" : e.latestYear.map(String.init) ?? "")
        }
        let clusters = try await taxonomy.clusters().map {
            Option(value: $0.code, label: en ? $0.nameEn : $0.name, selected: $0.code == f.cluster)
        }
        let chains = allChains.filter { f.cluster == nil || $0.cluster == f.cluster }
            .map { Option(value: $0.code, label: en ? $0.nameEn : $0.name, selected: $0.code == f.chain) }
        var segments: [SegmentRecord] = []
        if let chain = f.chain { segments = try await taxonomy.segments(chain: chain) }
        let sortLabels: [(String, String)] =
            en
            ? [
                ("-outputValue", "Output ↓"), ("outputValue", "Output ↑"), ("name", "Name"), ("uscc", "USCC"), ("-founded", "Newest"),
                ("-updatedAt", "Recently updated"),
            ]
            : [
                ("-outputValue", "产值从高到低"), ("outputValue", "产值从低到高"), ("name", "名称"), ("uscc", "信用代码"), ("-founded", "成立日期（新→旧）"),
                ("-updatedAt", "最近更新"),
            ]
        let content = ListPage(
            q: f.q ?? "", clusters: clusters, chains: chains,
            segments: segments.map { Option(value: $0.code, label: en ? $0.nameEn : $0.name, selected: $0.code == f.segment) },
            districts: District.all.map { Option(value: $0.code, label: en ? $0.nameEn : $0.name, selected: $0.code == f.district) },
            tiers: Tier.allCases.reversed().map { Option(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: $0 == f.tier) },
            statuses: EnterpriseStatus.allCases.map {
                Option(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: $0 == f.status)
            },
            sorts: sortLabels.filter { maySortByFigures || !$0.0.hasSuffix("outputValue") }
                .map { Option(value: $0.0, label: $0.1, selected: $0.0 == f.sort) },
            items: items, total: result.total, page: page.page, pages: pages,
            prevLink: page.page > 1 ? "/enterprises?" + Self.query(f, page: page.page - 1) : nil,
            nextLink: page.page < pages ? "/enterprises?" + Self.query(f, page: page.page + 1) : nil,
            exportLink: "/exports/enterprises.xlsx?" + Self.query(f), error: nil, importBatch: f.importBatch)
        return try await req.render("registry/enterprises", title: t["enterprises"], nav: "enterprises", content)
    }

    static func districtName(_ code: String, en: Bool) -> String {
        guard let d = District.named(code: code) else { return code }
        return en ? d.nameEn : d.name
    }

    // MARK: profile

    struct FigureRow: Encodable, Sendable {
        var year: Int
        var cells: [String]
        var source: String
    }

    struct Profile: Encodable, Sendable {
        var uscc: String
        var name: String
        var fields: [RegistryPages.Row]
        var segments: [RegistryPages.Row]
        var tier: String
        var tierLabel: String
        var history: [[String]]
        var figureHeaders: [String]
        var figures: [FigureRow]
        var chart: String?
        var synthetic: Bool
        var saved: Bool
        var changes: [AuditPages.Entry]
        var editLink: String?
        var canVisit: Bool = false
        /// Policy S2: violation records, for government roles (nil: not shown).
        var violations: [[String]]?
        /// Policy S3, S4: honours (first-time marked) and rewards without application, for those who may read them.
        var honours: [[String]]?
        var rewards: [[String]]?
        /// Policy L1, G4: consortia the firm leads or is a member of.
        var consortia: [[String]]?
        /// Policy L1, L4, S4: standards it led or joined, projects it took.
        var standards: [[String]]?
        var projects: [[String]]?
        /// Policy L1: labs and testing services it opens, with completed bookings.
        var labs: [[String]]?
        /// Policy S5: the quarters' financing whitelists it was a candidate of.
        var whitelists: [[String]]?
        /// A chain leader's portrait (链主画像): shown to those who see more than the directory.
        var portrait: LeaderPortrait?
    }

    func profile(req: Request) async throws -> Response {
        let uscc = req.parameters.get("uscc") ?? ""
        guard let stored = try await EnterpriseQueries(db: req.sql).detail(uscc) else { throw DomainError.notFound("企业") }
        let visibility = try await Access.visibility(of: stored, caller: req.caller, db: req.sql)
        let detail = Access.redact(stored, visibility)
        let changes =
            visibility == .full
            ? try await AuditPages.entries(
                try await AuditQueries(db: req.sql).list(AuditFilter(keyOrBelow: uscc), page: PageRequest(page: 1, per: 50)).items,
                db: req.sql)
            : []
        let t = req.texts
        let en = req.locale == .en
        let d = detail.record.draft
        let dash = t["none"]
        var fields: [RegistryPages.Row] = [
            .init(label: t["uscc"], value: d.uscc),
            .init(label: t["shortName"], value: d.shortName ?? dash),
            .init(label: t["formerNames"], value: d.formerNames.isEmpty ? dash : d.formerNames.joined(separator: "；")),
            .init(label: t["district"], value: Self.districtName(d.district, en: en)),
            .init(label: t["address"], value: d.address ?? dash),
            .init(label: t["mainProducts"], value: d.mainProducts ?? dash),
            .init(label: t["founded"], value: d.founded ?? dash),
            .init(label: t["ownership"], value: d.ownership.map { en ? $0.rawValue : $0.nameZh } ?? dash),
            .init(label: t["status"], value: (en ? d.status.rawValue : d.status.nameZh) + (d.statusDate.map { "（\($0)）" } ?? "")),
            .init(
                label: t["contact"], value: [d.contactPerson, d.contactPhone, d.contactEmail].compactMap { $0 }.joined(separator: " · ")),
        ]
        if let s = d.successorUscc { fields.append(.init(label: t["successor"], value: s, link: "/enterprises/\(s)")) }
        if let y = d.aboveScaleYear { fields.append(.init(label: t["aboveScaleYear"], value: String(y))) }
        if let r = d.usccOverrideReason { fields.append(.init(label: t["usccOverride"], value: r)) }
        let segments = detail.memberships.map { m in
            RegistryPages.Row(
                label: "\(m.chainName) · \(m.position.nameZh)", value: m.segmentName + (m.primary ? "（主）" : ""), link: "/chains/\(m.chain)")
        }
        let people = try await PeopleNames.load(detail.tierHistory.compactMap(\.by), db: req.sql)
        let chainNames = Dictionary(
            uniqueKeysWithValues: try await TaxonomyQueries(db: req.sql).chains().map { ($0.code, en ? $0.nameEn : $0.name) })
        let history = detail.tierHistory.reversed().map { h in
            [
                h.date,
                (h.chain.map { (chainNames[$0] ?? $0) + " · " } ?? "") + (h.previousTier.map { en ? $0.rawValue : $0.nameZh } ?? dash)
                    + " → "
                    + (en ? h.tier.rawValue : h.tier.nameZh),
                h.reason, h.by.map { people[$0] ?? $0 } ?? dash,
            ]
        }
        let ratios = DerivedRatios.series(detail.figures)
        let headers = [
            "outputValue", "revenue", "mainBusinessRevenue", "rdExpense", "taxPaid", "exports", "totalAssets",
            "totalLiabilities", "employees", "rdIntensity", "debtRatio", "outputGrowth", "outputCagr2y",
        ].map { t[$0] }
        let figures = detail.figures.map { f in
            let r = ratios[f.year]
            return FigureRow(
                year: f.year,
                cells: [
                    Display.wan(f.outputValue), Display.wan(f.revenue), Display.wan(f.mainBusinessRevenue), Display.wan(f.rdExpense),
                    Display.wan(f.taxPaid), Display.wan(f.exports), Display.wan(f.totalAssets), Display.wan(f.totalLiabilities),
                    Display.int(f.employees), Display.pct(r?.rdIntensity), Display.pct(r?.debtRatio), Display.pct(r?.outputGrowth),
                    Display.pct(r?.outputCagr2y),
                ], source: en ? f.source.rawValue : f.source.nameZh)
        }
        // 亿元 once any figure reaches 1亿 (one decimal on the axis), 万元 below.
        let biggest = detail.figures.flatMap { [$0.outputValue, $0.revenue, $0.rdExpense] }.compactMap { $0 }.max() ?? 0
        let divisor = biggest >= 100_000_000 ? 100_000_000.0 : 10_000.0
        let wan: (Int64?) -> Double? = { $0.map { Double($0) / divisor } }
        let chart =
            detail.figures.isEmpty
            ? nil
            : SVGCharts.groupedBars(
                title: t["chart"], labels: detail.figures.map { String($0.year) },
                series: [
                    .init(name: t["outputValue"], color: "#2f6fb2", values: detail.figures.map { wan($0.outputValue) }),
                    .init(name: t["revenue"], color: "#7fa7d6", values: detail.figures.map { wan($0.revenue) }),
                    .init(name: t["rdExpense"], color: "#d98c2b", values: detail.figures.map { wan($0.rdExpense) }),
                ], unit: t[divisor > 10_000 ? "chartYi" : "chartWan"])
        let content = Profile(
            uscc: d.uscc, name: d.name, fields: fields, segments: segments, tier: d.tier.rawValue,
            tierLabel: en ? d.tier.rawValue : d.tier.nameZh, history: history, figureHeaders: headers,
            figures: figures, chart: chart, synthetic: detail.record.synthetic,
            saved: req.queryValue("saved") != nil, changes: changes,
            editLink: Self.editLink(req, stored),
            canVisit: Policy.decide(
                req.webUser?.grants ?? [], .read,
                .visit(
                    enterprise: d.uscc, district: d.district,
                    chains: Set(stored.memberships.map(\.chain)))
            ).allowed)
        var page = content
        if visibility >= .masked {
            page.portrait = try await LeaderPortrait.load(
                req, uscc: d.uscc, district: d.district, chains: Set(stored.memberships.map(\.chain)))
        }
        let violations = SelectionResource.violations(
            enterprise: d.uscc, district: d.district, chains: Set(stored.memberships.map(\.chain)))
        if Policy.decide(req.caller.grants, .read, .selection(violations)).allowed {
            page.violations = try await Violations(db: req.sql, caller: req.caller).list(d.uscc).map {
                [
                    $0.date, $0.kind, t[$0.severity == "serious" ? "serious" : "minor"],
                    t[$0.status == "open" ? "openStatus" : "closedStatus"], $0.source ?? dash,
                ]
            }
        }
        if Policy.decide(req.caller.grants, .read, .honours).allowed {
            page.honours = try await Honours(db: req.sql, caller: req.caller).list(
                HonourFilter(enterprise: d.uscc), page: PageRequest(page: 1, per: 100)
            ).items.map {
                [String($0.year), $0.kindName + ($0.product.map { "（\($0)）" } ?? ""), $0.firstTime ? t["firstTime"] : ""]
            }
        }
        if Policy.decide(req.caller.grants, .read, .honours).allowed {
            page.consortia = try await Consortia(db: req.sql, caller: req.caller).list(enterprise: d.uscc).map {
                [$0.approvedOn, $0.name, t["level_" + $0.level], $0.lead == d.uscc ? t["consortiumLead"] : t["consortiumMember"]]
            }
        }
        if Policy.decide(req.caller.grants, .read, .honours).allowed {
            let en = req.locale == .en
            page.standards = try await Standards(db: req.sql, caller: req.caller).list(enterprise: d.uscc).map {
                [
                    String($0.year), $0.number, $0.name, StandardLevel(rawValue: $0.level).map { en ? $0.rawValue : $0.nameZh } ?? $0.level,
                    StandardRole(rawValue: $0.role).map { en ? $0.rawValue : $0.nameZh } ?? $0.role,
                ]
            }
            page.projects = try await Projects(db: req.sql, caller: req.caller).list(ProjectFilter(enterprise: d.uscc), limit: 100).map {
                [
                    String($0.year), $0.name, ProjectKind(rawValue: $0.kind).map { en ? $0.nameEn : $0.nameZh } ?? $0.kind,
                    $0.amount.map { Display.wan(Double($0)) } ?? dash,
                ]
            }
        }
        if Policy.decide(req.caller.grants, .read, .finance(.whitelists)).allowed {
            let history = try await Whitelists(db: req.sql, caller: req.caller, scope: req.application.chainLead.supplyScope).history(
                of: d.uscc)
            page.whitelists =
                history.isEmpty
                ? nil
                : history.map {
                    [$0.quarter, t["whitelist_" + $0.status], t[FinanceTexts.basisKey($0.basis)], $0.included ? t["yes"] : t["no"]]
                }
        }
        if Policy.decide(req.caller.grants, .read, .labs(.lists)).allowed {
            let en = req.locale == .en
            let labs = try await Labs(db: req.sql, caller: req.caller).list(owner: d.uscc, limit: 100)
            page.labs =
                labs.isEmpty
                ? nil
                : labs.map {
                    [$0.name, LabKind(rawValue: $0.kind).map { en ? $0.rawValue : $0.nameZh } ?? $0.kind, String($0.completedBookings)]
                }
        }
        if Policy.decide(req.caller.grants, .read, .rewards(enterprise: d.uscc)).allowed {
            page.rewards = try await Rewards(db: req.sql, caller: req.caller).list(year: nil, status: nil, enterprise: d.uscc).map {
                [String($0.year), $0.kindName, Display.grouped(Double($0.amount), decimals: 0), t["reward_" + $0.status]]
            }
        }
        return try await req.render("registry/enterprise", title: d.name, nav: "enterprises", page)
    }

    /// Officials edit on the full form; an enterprise user edits its contact data on "my enterprise".
    static func editLink(_ req: Request, _ detail: EnterpriseDetail) -> String? {
        let grants = req.webUser?.grants ?? []
        let resource = Access.resource(detail)
        guard Policy.decide(grants, .update, resource).allowed else { return nil }
        return Policy.updatableFields(grants, resource) == nil ? "/enterprises/\(detail.record.draft.uscc)/edit" : "/my"
    }
}
