import ChainLeadCore
import SQLKit
import Vapor

/// One campaign: its stages (as the scheme sets them), chains, applications, and the actions
/// each role may take — score, close, apply, the district's review (Policy S2).
extension SelectionPages {
    struct StageItem: Encodable, Sendable {
        var label: String
        var current: Bool
    }

    struct ChainRow: Encodable, Sendable {
        var code: String
        var name: String
        var applications: Int
        var recognised: Int
    }

    struct AppRow: Encodable, Sendable {
        var id: Int64
        var enterprise: String
        var name: String
        var chain: String
        var status: String
        var statusLabel: String
        var score: String
        var rank: String
        var reviewable: Bool
    }

    struct CampaignPage: Encodable, Sendable {
        var id: Int64
        var year: Int
        var stageLabel: String
        var status: String
        var applyUntil: String
        var version: Int64
        var stages: [StageItem]
        var chains: [ChainRow]
        var applications: [AppRow]
        var canRun: Bool
        var canApply: Bool
        var message: String?
        var error: String?
        var review: ReviewSection? = nil
    }

    /// The campaign's stages as data: the scheme says which run (selection II adds the work behind
    /// experts, the chief's approval and the notice).
    static func stages(_ c: CampaignView, scheme: SelectionScheme, today: SimpleDate, _ t: Texts) -> [StageItem] {
        let stage = c.stage(today: today)
        var keys = ["applications"]
        if scheme.districtReview { keys.append("districtReview") }
        keys.append("scoring")
        if scheme.stages.experts { keys.append("experts") }
        if scheme.stages.chiefApproval { keys.append("chiefApproval") }
        if scheme.stages.notice { keys.append("notice") }
        keys.append("recognition")
        let current: Set<String> =
            switch stage {
            case "applications": ["applications"]
            case "review": ["districtReview", "scoring"]
            case "recognition": ["recognition"]
            default: []
            }
        return keys.map { StageItem(label: t["step_" + $0], current: current.contains($0)) }
    }

    func renderCampaign(_ req: Request, _ id: Int64, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .selection(.campaigns))
        let today = SimpleDate.today()
        let c = try await Campaigns(db: req.sql, caller: req.caller).find(id)
        let scheme = try await SchemeStore(db: req.sql, caller: req.caller).find(c.schemeID).scheme
        let applications = Applications(db: req.sql, caller: req.caller)
        // The page lists the first 300; the counts per chain come from SQL.
        let apps = try await applications.list(campaign: id, chain: nil, status: nil, limit: 300)
        let counts = try await applications.counts(campaign: id)
        let names = Dictionary(
            try await Self.chainNames(req.sql, en: req.locale == .en).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let t = req.texts
        let grants = req.caller.grants
        let rows = apps.map { a in
            AppRow(
                id: a.id, enterprise: a.enterprise, name: a.enterpriseName, chain: names[a.chain] ?? a.chain, status: a.status,
                statusLabel: t["app_" + a.status], score: a.finalScore.map { Display.grouped($0, decimals: 2) } ?? "—",
                rank: a.rank.map(String.init) ?? (a.eligible == false ? t["ineligible"] : "—"),
                reviewable: a.status == "submitted"
                    && Policy.decide(grants, .update, .selection(.districtReview(district: a.district))).allowed)
        }
        let content = CampaignPage(
            id: c.id, year: c.year, stageLabel: Self.stageLabel(c.stage(today: today), t), status: c.status, applyUntil: c.applyUntil,
            version: c.version, stages: Self.stages(c, scheme: scheme, today: today, t),
            chains: c.chains.map { code in
                ChainRow(
                    code: code, name: names[code] ?? code, applications: counts[code]?.applications ?? 0,
                    recognised: counts[code]?.recognised ?? 0)
            },
            applications: Array(rows), canRun: Policy.decide(grants, .update, .selection(.campaigns)).allowed,
            canApply: c.status == "open" && grants.contains { $0.role == .enterprise || ($0.role == .official && $0.scope == .city) },
            message: message, error: error?.message, review: try await reviewSection(req, c, names: names))
        let response = try await req.render("selection/campaign", title: "\(c.year) · \(t["selection"])", nav: "selection", content)
        if let error { response.status = error.status }
        return response
    }

    func campaignPage(req: Request) async throws -> Response { try await renderCampaign(req, try Self.id(req)) }

    func scoreCampaign(req: Request) async throws -> Response {
        let id = try Self.id(req)
        do {
            let r = try await CampaignScoring(db: req.sql, caller: req.caller, scope: req.application.chainLead.supplyScope).score(id)
            let note = r.refreshed > 0 ? String(format: req.texts["refreshedNote"], r.refreshed) : ""
            return try await renderCampaign(req, id, message: String(format: req.texts["scoredNote"], r.scored) + note)
        } catch let e as DomainError {
            return try await renderCampaign(req, id, error: e)
        }
    }

    struct StatusForm: Decodable {
        var status: String?
        var version: String?
    }

    func setStatus(req: Request) async throws -> Response {
        let id = try Self.id(req)
        try await req.require(.update, .selection(.campaigns))
        let form = try req.content.decode(StatusForm.self)
        do {
            _ = try await Campaigns(db: req.sql, caller: req.caller).setStatus(
                id, to: form.status ?? "", applyUntil: nil, expected: form.version.flatMap { Int64($0) })
            return try await renderCampaign(req, id, message: req.texts["saved"])
        } catch let e as DomainError {
            return try await renderCampaign(req, id, error: e)
        }
    }

    struct ReviewForm: Decodable {
        var recommend: String?
        var reason: String?
    }

    func districtReview(req: Request) async throws -> Response {
        let id = try Self.id(req)
        let form = try req.content.decode(ReviewForm.self)
        let applications = Applications(db: req.sql, caller: req.caller)
        let campaign = try await applications.find(id).campaign
        do {
            _ = try await applications.districtReview(id, recommend: form.recommend == "yes", reason: form.reason)
            return try await renderCampaign(req, campaign, message: req.texts["saved"])
        } catch let e as DomainError {
            return try await renderCampaign(req, campaign, error: e)
        }
    }
}
