import ChainLeadCore
import OfficeFormats
import Vapor

/// Investment-attraction leads: the list, starting one, moving it along, the export (Policy L2).
extension SupplyPages {

    struct LeadRow: Encodable, Sendable {
        var id: Int64?
        var key: String
        var supplierLink: String
        var rank: Int
        var name: String
        var city: String
        var amount: String
        var buyers: Int
        var segments: String
        var evidence: String
        var stage: String?
        var stageLabel: String
        var owner: String
        var hostPark: String
        var oneMatter: Bool
    }

    struct LeadsPage: Encodable, Sendable {
        var year: Int
        var years: [Int]
        var rows: [LeadRow]
        var canEdit: Bool
        var message: String?
        var error: String?
        var chains: [EnterprisePages.Option]
        var clusters: [EnterprisePages.Option]
        var stages: [EnterprisePages.Option]
        var owners: [EnterprisePages.Option]
        var filtered: Bool
        var total: Int
        var page: Int
        var pages: Int
        var prevLink: String?
        var nextLink: String?
        var exportLink: String
        var totalText: String
    }

    static let leadsPerPage = 30

    static func leadFilter(_ req: Request) -> LeadFilter {
        func value(_ key: String) -> String? { req.queryValue(key)?.trimmingCharacters(in: .whitespaces).nilIfBlank }
        return LeadFilter(
            chain: value("chain"), cluster: value("cluster"), stage: value("stage").flatMap { LeadFilter.stages.contains($0) ? $0 : nil },
            owner: value("owner"))
    }

    static func leadsQuery(year: Int, _ f: LeadFilter, page: Int) -> String {
        let pairs: [(String, String?)] = [
            ("year", String(year)), ("chain", f.chain), ("cluster", f.cluster), ("stage", f.stage), ("owner", f.owner),
            ("page", page > 1 ? String(page) : nil),
        ]
        return pairs.compactMap { k, v in v.map { "\(k)=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? "")" } }
            .joined(separator: "&")
    }

    static func stageLabel(_ stage: LeadStage?, _ req: Request) -> String {
        stage.map { req.locale == .en ? $0.rawValue : $0.nameZh } ?? req.texts["notFollowed"]
    }

    func leads(req: Request) async throws -> Response {
        try await req.require(.read, .leads)
        let service = self.service(req)
        let years = try await SupplyQueries(db: req.sql).years()
        let year = Self.year(req, years: years)
        let filter = Self.leadFilter(req)
        let all = try await service.list(year: year, filter: filter)
        let per = Self.leadsPerPage
        let pages = max(1, (all.count + per - 1) / per)
        let page = min(max(1, req.queryValue("page", as: Int.self) ?? 1), PageRequest.maxPage)
        if page > pages { return req.redirect(to: "/leads?" + Self.leadsQuery(year: year, filter, page: pages)) }
        let en = req.locale == .en
        let segmentNames = try await TaxonomyQueries.segmentNames(req.sql)
        let rows = all.dropFirst((page - 1) * per).prefix(per).map { v in
            LeadRow(
                id: v.id, key: v.supplierKey, supplierLink: Self.supplierLink(v.supplierKey), rank: v.rank, name: v.supplierName,
                city: v.supplierCity ?? "—", amount: Display.wan(v.amount), buyers: v.buyers,
                segments: v.segments.map { segmentNames[$0] ?? $0 }.joined(separator: "、"), evidence: v.evidence,
                stage: v.stage?.rawValue, stageLabel: Self.stageLabel(v.stage, req), owner: v.owner ?? "", hostPark: v.hostPark ?? "",
                oneMatter: v.oneMatter)
        }
        let taxonomy = TaxonomyQueries(db: req.sql)
        let chains = try await taxonomy.chains().filter { filter.cluster == nil || $0.cluster == filter.cluster }.map {
            EnterprisePages.Option(value: $0.code, label: en ? $0.nameEn : $0.name, selected: $0.code == filter.chain)
        }
        let clusters = try await taxonomy.clusters().map {
            EnterprisePages.Option(value: $0.code, label: en ? $0.nameEn : $0.name, selected: $0.code == filter.cluster)
        }
        let stages = LeadFilter.stages.map { s in
            EnterprisePages.Option(
                value: s, label: Self.stageLabel(LeadStage(rawValue: s), req), selected: s == filter.stage)
        }
        let owners = try await service.owners().map { EnterprisePages.Option(value: $0, label: $0, selected: $0 == filter.owner) }
        let content = LeadsPage(
            year: year, years: years, rows: Array(rows),
            canEdit: Policy.decide(req.webUser?.grants ?? [], .update, .leads).allowed,
            message: req.queryValue("done") == "started" ? req.texts["leadStarted"] : nil, error: nil,
            chains: chains, clusters: clusters, stages: stages, owners: owners, filtered: !filter.isEmpty, total: all.count,
            page: page, pages: pages,
            prevLink: page > 1 ? "/leads?" + Self.leadsQuery(year: year, filter, page: page - 1) : nil,
            nextLink: page < pages ? "/leads?" + Self.leadsQuery(year: year, filter, page: page + 1) : nil,
            exportLink: "/exports/leads.xlsx?year=\(year)", totalText: String(format: req.texts["ldCount"], all.count))
        return try await req.render("supply/leads", title: req.texts["leads"], nav: "leads", content)
    }

    static func supplierLink(_ key: String) -> String {
        "/suppliers?key=" + (key.addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? "")
    }

    struct StartForm: Decodable {
        var supplierKey: String?
        var owner: String?
        var hostPark: String?
        var notes: String?
        var oneMatter: String?
    }

    struct NewLeadPage: Encodable, Sendable {
        var key: String
        var name: String
        var city: String
        var supplierLink: String
        var owner: String
        var hostPark: String
        var notes: String
        var error: String?
        var field: String?
    }

    /// "加入招商线索": the form to start following an outside supplier, from the list, a segment's panel or the supplier's page.
    func newLead(req: Request) async throws -> Response {
        try await req.require(.update, .leads)
        return try await renderNewLead(req, form: StartForm(supplierKey: req.queryValue("supplierKey")))
    }

    func renderNewLead(_ req: Request, form: StartForm, error: DomainError? = nil) async throws -> Response {
        let key = form.supplierKey ?? ""
        let supplier = try await service(req).outsideSupplier(key)
        if let id = try await Self.leadIDs([key], db: req.sql)[key] { return req.redirect(to: "/leads/\(id)") }
        let content = NewLeadPage(
            key: key, name: supplier.name, city: supplier.city ?? "—", supplierLink: Self.supplierLink(key), owner: form.owner ?? "",
            hostPark: form.hostPark ?? "", notes: form.notes ?? "", error: error?.message, field: error?.field)
        let response = try await req.render("supply/lead_new", title: req.texts["startLead"], nav: "leads", content)
        if let error { response.status = error.status }
        return response
    }

    func startLead(req: Request) async throws -> Response {
        try await req.require(.update, .leads)
        let form = try req.content.decode(StartForm.self)
        do {
            try APIHandler.checkLengths([("owner", form.owner, 50), ("hostPark", form.hostPark, 100), ("notes", form.notes, 2000)])
            let lead = try await service(req).create(
                supplierKey: form.supplierKey ?? "", owner: form.owner, hostPark: form.hostPark, coSponsor: nil, notes: form.notes,
                oneMatter: form.oneMatter == "on")
            return req.redirect(to: "/leads/\(lead.id ?? 0)?done=started")
        } catch let e as DomainError where e.status != .forbidden && e.field != "supplierKey" {
            return try await renderNewLead(req, form: form, error: e)
        }
    }

    func exportLeads(req: Request) async throws -> Response {
        try await req.require(.export, .leads)
        let service = self.service(req)
        let year = Self.year(req, years: try await SupplyQueries(db: req.sql).years())
        let data = try await LeadExport.export(service, year: year)
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Content-Disposition":
                    "attachment; filename=\"leads-\(year).xlsx\"; filename*=UTF-8''%E8%A1%A5%E9%93%BE%E6%8B%9B%E5%95%86%E7%BA%BF%E7%B4%A2-\(year).xlsx",
            ], body: .init(data: data))
    }
}
