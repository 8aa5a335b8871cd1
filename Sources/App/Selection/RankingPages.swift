import ChainLeadCore
import OfficeFormats
import SQLKit
import Vapor

/// One chain's ranking with each indicator's points on demand (why this rank), the recognise
/// action, the pool proposals and the `.xlsx` export (Policy S2).
extension SelectionPages {
    struct RankRow: Encodable, Sendable {
        var application: Int64
        var enterprise: String
        var name: String
        var rank: String
        var eligible: Bool
        var score: String
        var proposed: String
        var recognised: Bool
        var reasons: [String]
        var points: [PointsRow]
        var expertScore = "—"
        /// Each expert's score, and its calibrated value where calibration was used.
        var marks: [String] = []
        var incomplete = false
    }

    struct RankingPage: Encodable, Sendable {
        var campaign: Int64
        var year: Int
        var chain: String
        var chainName: String
        var chains: [Option]
        var quota: Int
        var minScore: String
        var scored: Bool
        var rows: [RankRow]
        var canRecognise: Bool
        var message: String?
        var error: String?
        var experts = false
        var canPropose = false
    }

    func renderRanking(_ req: Request, _ id: Int64, chain: String?, message: String? = nil, error: DomainError? = nil) async throws
        -> Response
    {
        let campaign = try await Campaigns(db: req.sql, caller: req.caller).find(id)
        let names = try await Self.chainNames(req.sql, en: req.locale == .en).filter { campaign.chains.contains($0.code) }
        let visible = names.filter { Policy.decide(req.caller.grants, .read, .selection(.campaign(chains: [$0.code]))).allowed }
        let code = chain ?? visible.first?.code ?? campaign.chains.first ?? ""
        let en = req.locale == .en
        let t = req.texts
        let r = try await RankingQueries(db: req.sql, caller: req.caller).ranking(campaign: id, chain: code, en: en)
        let rows = r.items.map { i in
            RankRow(
                application: i.application, enterprise: i.enterprise, name: i.name, rank: i.rank.map(String.init) ?? "—",
                eligible: i.eligible,
                score: i.finalScore.map { Display.grouped($0, decimals: 2) } ?? "—",
                proposed: i.proposedTier.flatMap(Tier.init(rawValue:)).map { en ? $0.rawValue : $0.nameZh } ?? "—",
                recognised: i.status == "recognised", reasons: i.reasons.map(\.message),
                points: i.indicators.map { p in
                    PointsRow(
                        name: p.name, raw: p.raw.flatMap { v in IndicatorCode(rawValue: p.code).map { Self.raw(v, $0) } } ?? t["missing"],
                        normalised: p.normalised.map { Display.grouped($0, decimals: 3) } ?? "—", weight: p.weight,
                        points: Display.grouped(p.points, decimals: 2))
                }, expertScore: i.expertScore.map { Display.grouped($0, decimals: 2) } ?? "—",
                marks: (i.experts ?? []).map { m in
                    "\(m.expert) \(Display.grouped(m.raw, decimals: 1))"
                        + (m.calibratedUsed ? " → \(Display.grouped(m.calibrated, decimals: 1))" : "（\(t["notCalibrated"])）")
                }, incomplete: i.expertsComplete == false)
        }
        let content = RankingPage(
            campaign: id, year: campaign.year, chain: code, chainName: names.first { $0.code == code }?.name ?? code,
            chains: visible.map { Option(value: $0.code, label: $0.name, selected: $0.code == code) }, quota: r.metadata.quota,
            minScore: Display.grouped(r.metadata.minScore, decimals: 0), scored: r.metadata.scored, rows: rows,
            canRecognise: Policy.decide(req.caller.grants, .update, .selection(.campaign(chains: [code]))).allowed,
            message: message, error: error?.message, experts: r.metadata.experts ?? false,
            canPropose: campaign.stages.chiefApproval || campaign.stages.notice)
        let response = try await req.render("selection/ranking", title: "\(content.chainName) · \(t["ranking"])", nav: "selection", content)
        if let error { response.status = error.status }
        return response
    }

    func ranking(req: Request) async throws -> Response {
        try await renderRanking(req, try Self.id(req), chain: req.queryValue("chain"))
    }

    func exportRanking(req: Request) async throws -> Response {
        let id = try Self.id(req)
        let chain: String = req.queryValue("chain") ?? ""
        let data = try await RankingExport.export(RankingQueries(db: req.sql, caller: req.caller), campaign: id, chain: chain)
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Content-Disposition":
                    "attachment; filename=\"ranking-\(id)-\(chain.filter { $0.isLetter || $0.isNumber || $0 == "-" }).xlsx\"",
            ], body: .init(data: data))
    }

    func recognise(req: Request) async throws -> Response {
        let id = try Self.id(req)
        struct Form: Decodable {
            var chain: String?
            var enterprises: [String]?
        }
        let form = try req.content.decode(Form.self)
        do {
            let done = try await Recognitions(db: req.sql, caller: req.caller).recognise(
                campaign: id, chain: form.chain ?? "", enterprises: form.enterprises ?? [], today: .today())
            return try await renderRanking(req, id, chain: form.chain, message: String(format: req.texts["recognisedNote"], done.count))
        } catch let e as DomainError {
            return try await renderRanking(req, id, chain: form.chain, error: e)
        }
    }

    func applyProposals(req: Request) async throws -> Response {
        let id = try Self.id(req)
        struct Form: Decodable { var chain: String? }
        let form = try req.content.decode(Form.self)
        do {
            let moved = try await Pools(db: req.sql, caller: req.caller).applyProposals(
                campaign: id, chain: form.chain ?? "", today: .today())
            return try await renderRanking(req, id, chain: form.chain, message: String(format: req.texts["proposalsNote"], moved))
        } catch let e as DomainError {
            return try await renderRanking(req, id, chain: form.chain, error: e)
        }
    }
}
