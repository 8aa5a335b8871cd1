import ChainLeadCore
import SQLKit
import Vapor

/// A chain's pools (培育库, "能进能出") with this year's movement as a chart, and the page of
/// reviews due, open reviews and early warnings (Policy S2).
extension SelectionPages {
    struct PoolRow: Encodable, Sendable {
        var enterprise: String
        var name: String
        var since: String
        var score: String
        var output: String
        var outputGap: String
        var scoreGap: String
    }

    struct PoolGroup: Encodable, Sendable {
        var tier: String
        var label: String
        var count: Int
        var rows: [PoolRow]
    }

    struct PoolPage: Encodable, Sendable {
        var chain: String
        var chainName: String
        var chains: [Option]
        var groups: [PoolGroup]
        var chart: String
        var year: Int
        var canMove: Bool
        var tiers: [Option]
        var message: String?
        var error: String?
    }

    func renderPools(_ req: Request, chain: String?, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .selection(.chain(nil)))
        let en = req.locale == .en
        let t = req.texts
        let names = try await Self.chainNames(req.sql, en: en).filter {
            Policy.decide(req.caller.grants, .read, .selection(.chain($0.code))).allowed
        }
        let code = chain ?? names.first?.code ?? ""
        let pools = Pools(db: req.sql, caller: req.caller)
        let entries = try await pools.entries(chain: code)
        let year = SimpleDate.today().year
        let m = try await pools.movement(chain: code, year: year)
        let groups = [Tier.leader, .candidate, .backbone, .emerging].map { tier in
            let rows = entries.filter { $0.tier == tier }
            return PoolGroup(
                tier: tier.rawValue, label: en ? tier.rawValue : tier.nameZh, count: rows.count,
                rows: rows.map {
                    PoolRow(
                        enterprise: $0.enterprise, name: $0.name, since: $0.since,
                        score: $0.lastScore.map { Display.grouped($0, decimals: 1) } ?? "—",
                        output: Display.wan($0.outputValue),
                        outputGap: $0.outputGap.map { $0 == 0 ? t["reached"] : Display.wan($0) } ?? "—",
                        scoreGap: $0.scoreGap.map { $0 == 0 ? t["reached"] : Display.grouped($0, decimals: 1) } ?? "—")
                })
        }
        let chart = SVGCharts.horizontalBars(
            title: "\(year) \(t["poolMovement"])",
            items: [
                (t["moveIn"], Double(m.entered)), (t["moveUp"], Double(m.up)), (t["moveDown"], Double(m.down)),
                (t["moveOut"], Double(m.left)),
            ], unit: t["unitFirms"])
        let content = PoolPage(
            chain: code, chainName: names.first { $0.code == code }?.name ?? code,
            chains: names.map { Option(value: $0.code, label: $0.name, selected: $0.code == code) }, groups: groups, chart: chart,
            year: year,
            canMove: Policy.decide(req.caller.grants, .update, .selection(.chain(code))).allowed,
            tiers: [Tier.candidate, .backbone, .emerging, .none].map {
                Option(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: false)
            },
            message: message, error: error?.message)
        let response = try await req.render("selection/pools", title: "\(content.chainName) · \(t["pools"])", nav: "selection", content)
        if let error { response.status = error.status }
        return response
    }

    func pools(req: Request) async throws -> Response { try await renderPools(req, chain: req.queryValue("chain")) }

    func movePool(req: Request) async throws -> Response {
        struct Form: Decodable {
            var enterprise: String?
            var chain: String?
            var tier: String?
            var reason: String?
        }
        let form = try req.content.decode(Form.self)
        do {
            guard let tier = form.tier.flatMap(Tier.init(rawValue:)) else { throw DomainError.invalid("tier", "请选择梯队") }
            _ = try await Pools(db: req.sql, caller: req.caller).move(
                enterprise: (form.enterprise ?? "").trimmingCharacters(in: .whitespaces).uppercased(), chain: form.chain ?? "", to: tier,
                reason: form.reason ?? "", today: .today())
            return try await renderPools(req, chain: form.chain, message: req.texts["saved"])
        } catch let e as DomainError {
            return try await renderPools(req, chain: form.chain, error: e)
        }
    }
}
