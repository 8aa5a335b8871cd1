import ChainLeadCore
import SQLKit
import Vapor

/// Chain-leader selection pages (Policy S2, G1, G2): campaigns, applications, rankings, pools,
/// reviews and warnings. Each handler asks the same services as the API.
struct SelectionPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let s = routes.grouped("selection")
        s.get(use: campaignList)
        s.post("campaigns", use: openCampaign)
        s.get("campaigns", ":id", use: campaignPage)
        s.post("campaigns", ":id", "score", use: scoreCampaign)
        s.post("campaigns", ":id", "status", use: setStatus)
        s.get("campaigns", ":id", "apply", use: applyForm)
        s.post("campaigns", ":id", "apply", use: apply)
        s.get("campaigns", ":id", "ranking", use: ranking)
        s.get("campaigns", ":id", "ranking.xlsx", use: exportRanking)
        s.post("campaigns", ":id", "recognitions", use: recognise)
        s.post("campaigns", ":id", "pool-proposals", use: applyProposals)
        s.get("applications", ":id", use: applicationPage)
        s.post("applications", ":id", "district-review", use: districtReview)
        s.on(.POST, "applications", ":id", "attachments", body: .stream, use: uploadAttachment).readsItsOwnBody()
        s.get("applications", ":id", "attachments", ":attachment", use: downloadAttachment)
        s.get("pools", use: pools)
        s.post("pools", "moves", use: movePool)
        s.get("reviews", use: reviews)
        s.post("reviews", use: startReview)
        s.post("reviews", ":id", "decision", use: decideReview)
        s.get("targets", use: targets)
        s.get("assignments", use: assignmentQueue)
        s.post("assignments", ":id", "declaration", use: declarePage)
        s.post("assignments", ":id", "score", use: scorePage)
        s.post("campaigns", ":id", "assignments", use: assignPage)
        s.post("campaigns", ":id", "shortlists", use: proposeShortlistPage)
        s.get("shortlists", ":id", use: shortlistPage)
        s.post("shortlists", ":id", "decision", use: decideShortlistPage)
        s.post("shortlists", ":id", "notice", use: publishNoticePage)
        s.post("objections", ":id", "decision", use: decideObjectionPage)
    }

    struct Option: Encodable, Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct CampaignRow: Encodable, Sendable {
        var id: Int64
        var year: Int
        var stage: String
        var stageLabel: String
        var chains: Int
        var applications: Int
        var recognised: Int
        var applyUntil: String
    }

    struct CampaignList: Encodable, Sendable {
        var campaigns: [CampaignRow]
        var canRun: Bool
        var chains: [Option]
        var nextYear: Int
        var message: String?
        var error: String?
    }

    static func stageLabel(_ stage: String, _ t: Texts) -> String { t["stage_" + stage] }

    static func chainNames(_ db: any SQLDatabase, en: Bool) async throws -> [(code: String, name: String)] {
        struct Row: Decodable {
            var code: String
            var name: String
            var nameEn: String
        }
        return try await db.raw("SELECT code, name, name_en FROM chains ORDER BY sort_order, code").rows(Row.self).map {
            ($0.code, en ? $0.nameEn : $0.name)
        }
    }

    func renderList(_ req: Request, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .selection(.campaigns))
        let today = SimpleDate.today()
        let list = try await Campaigns(db: req.sql, caller: req.caller).list()
        let content = CampaignList(
            campaigns: list.map {
                CampaignRow(
                    id: $0.id, year: $0.year, stage: $0.stage(today: today), stageLabel: Self.stageLabel($0.stage(today: today), req.texts),
                    chains: $0.chains.count, applications: $0.applications, recognised: $0.recognised, applyUntil: $0.applyUntil)
            },
            canRun: Policy.decide(req.caller.grants, .create, .selection(.campaigns)).allowed,
            chains: try await Self.chainNames(req.sql, en: req.locale == .en).map {
                Option(value: $0.code, label: $0.name, selected: false)
            },
            nextYear: (list.map(\.year).max() ?? today.year - 1) + 1, message: message, error: error?.message)
        let response = try await req.render("selection/campaigns", title: req.texts["selection"], nav: "selection", content)
        if let error { response.status = error.status }
        return response
    }

    func campaignList(req: Request) async throws -> Response { try await renderList(req) }

    struct OpenForm: Decodable {
        var year: Int?
        var applyUntil: String?
        var chains: [String]?
        var allChains: String?
        var draft: String?
    }

    func openCampaign(req: Request) async throws -> Response {
        try await req.require(.create, .selection(.campaigns))
        let form = try req.content.decode(OpenForm.self)
        do {
            guard let until = form.applyUntil.flatMap(SimpleDate.init(iso:)) else {
                throw DomainError.invalid("applyUntil", "申报截止日期格式应为 YYYY-MM-DD")
            }
            var chains = form.chains ?? []
            if form.allChains == "on" { chains = try await Self.chainNames(req.sql, en: false).map(\.code) }
            let c = try await Campaigns(db: req.sql, caller: req.caller).create(
                year: form.year ?? 0, chains: chains, schemeID: nil, applyUntil: until, draft: form.draft == "on")
            return req.redirect(to: "/selection/campaigns/\(c.id)")
        } catch let e as DomainError {
            return try await renderList(req, error: e)
        }
    }

    static func id(_ req: Request) throws -> Int64 {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw DomainError.notFound("页面") }
        return id
    }
}
