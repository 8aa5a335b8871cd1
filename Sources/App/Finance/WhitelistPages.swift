import ChainLeadCore
import Vapor

/// The financing whitelist as pages (Policy S5): the quarters (and the form to derive one), and
/// one quarter's candidates with their basis and reasons, an official's decision form per firm
/// and the publish button while it is a draft (post → redirect → get).
struct WhitelistPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("whitelists", use: list)
        routes.post("whitelists", use: derive)
        routes.get("whitelists", ":quarter", use: show)
        routes.post("whitelists", ":quarter", "items", ":uscc", use: decide)
        routes.post("whitelists", ":quarter", "publish", use: publish)
    }

    struct ListContent: Encodable, Sendable {
        var rows: [MatchmakingPages.Row]
        var canDerive: Bool
        var nextQuarter: String
        var error: String?
    }

    func whitelists(_ req: Request) -> Whitelists {
        Whitelists(db: req.sql, caller: req.caller, scope: req.application.chainLead.supplyScope)
    }

    func list(req: Request) async throws -> Response { try await renderList(req) }

    func renderList(_ req: Request, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .finance(.whitelists))
        let t = req.texts
        let today = SimpleDate.today()
        let content = ListContent(
            rows: try await whitelists(req).all().map { w in
                MatchmakingPages.Row(
                    cells: [
                        .init(text: w.quarter, link: "/whitelists/\(w.quarter)"), .init(text: String(w.dataYear)),
                        .init(text: t["whitelist_" + w.status]), .init(text: "\(w.included) / \(w.candidates)"),
                    ], id: "whitelist-\(w.quarter)")
            },
            canDerive: Policy.decide(req.caller.grants, .create, .finance(.whitelists)).allowed,
            nextQuarter: Quarter(containing: today)?.description ?? "", error: error?.message)
        let response = try await req.render("finance/whitelists", title: t["whitelistsTitle"], nav: "whitelists", content)
        if let error { response.status = error.status }
        return response
    }

    struct DeriveForm: Decodable {
        var quarter: String?
        var minSharePercent: String?
        var minAmountWan: String?
        var maxDebtPercent: String?
        var excludeDishonest: String?
        var requireFigures: String?
        /// The form's rule fields were shown (unchecked boxes send nothing).
        var rulesGiven: String?

        /// The rules as typed (nil: the form had none); a blank debt limit means not checked.
        func rules() throws -> WhitelistRules? {
            guard rulesGiven == "1" else { return nil }
            func number(_ text: String?, _ field: String, _ what: String) throws -> Double? {
                guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
                guard let v = Double(t), v.isFinite else { throw DomainError.invalid(field, "\(what)应为数字") }
                return v
            }
            let share = try number(minSharePercent, "minSharePercent", "采购占比门槛") ?? 5
            let amount = try number(minAmountWan, "minAmountWan", "采购额门槛") ?? 1_000
            guard amount >= 0, amount <= 1_000_000_000 else { throw DomainError.invalid("minAmountWan", "采购额门槛应在0至10万亿元之间") }
            let rules = WhitelistRules(
                minShare: share / 100, minAmount: Int64((amount * 10_000).rounded()),
                maxDebtRatio: try number(maxDebtPercent, "maxDebtPercent", "资产负债率上限").map { $0 / 100 },
                excludeDishonest: excludeDishonest == "on", requireFigures: requireFigures == "on")
            if let p = rules.problem { throw DomainError.invalid(p.field, p.reason) }
            return rules
        }
    }

    func derive(req: Request) async throws -> Response {
        try await req.require(.create, .finance(.whitelists))
        let form = try req.content.decode(DeriveForm.self)
        do {
            guard let q = form.quarter.flatMap(Quarter.init) else { throw DomainError.invalid("quarter", "季度应写作 2026Q4") }
            let made = try await whitelists(req).derive(q, rules: try form.rules())
            return req.redirect(to: "/whitelists/\(made.quarter)")
        } catch let e as DomainError where e.status != .forbidden {
            return try await renderList(req, error: e)
        }
    }

    struct ItemRow: Encodable, Sendable {
        var enterprise: String
        var cells: [String]
        var included: Bool
    }

    struct Content: Encodable, Sendable {
        var list: WhitelistView
        var rulesText: String
        var rows: [ItemRow]
        var canDecide: Bool
        var error: String?
    }

    func show(req: Request) async throws -> Response {
        guard let q = req.parameters.get("quarter").flatMap(Quarter.init) else { throw Abort(.notFound) }
        return try await render(req, q)
    }

    func render(_ req: Request, _ q: Quarter, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .finance(.whitelists))
        let t = req.texts
        let store = whitelists(req)
        let list = try await store.find(q.description)
        let items = try await store.items(q, page: PageRequest(page: 1, per: 500)).items
        let r = list.rules
        let content = Content(
            list: list,
            rulesText: [
                "核心供应商：占链主年度采购\(Display.grouped(r.minShare * 100, decimals: 1))%以上或采购额\(Display.wan(r.minAmount))万元以上",
                r.maxDebtRatio.map { "资产负债率不高于\(Display.grouped($0 * 100, decimals: 0))%" } ?? "不检查资产负债率",
                r.excludeDishonest ? "排除失信企业" : "不排除失信企业", r.requireFigures ? "须有上一年度资产负债数据" : "不要求资产负债数据",
            ].joined(separator: "；"),
            rows: items.map { i in
                ItemRow(
                    enterprise: i.enterprise,
                    cells: [
                        i.enterpriseName, t[FinanceTexts.basisKey(i.basis)], i.of.joined(separator: "、"),
                        i.share.map { String(format: "%.1f%%", $0 * 100) } ?? "—", i.amount.map { Display.wan($0) } ?? "—",
                        i.included ? t["yes"] : t["no"], i.excludedBecause?.reason ?? "", i.decisionReason ?? "",
                    ], included: i.included)
            },
            canDecide: list.status == "draft" && Policy.decide(req.caller.grants, .update, .finance(.whitelists)).allowed,
            error: error?.message)
        let response = try await req.render(
            "finance/whitelist", title: "\(t["whitelistsTitle"]) \(list.quarter)", nav: "whitelists", content)
        if let error { response.status = error.status }
        return response
    }

    struct DecideForm: Decodable {
        var included: String?
        var reason: String?
    }

    func decide(req: Request) async throws -> Response {
        try await req.require(.read, .finance(.whitelists))
        guard let q = req.parameters.get("quarter").flatMap(Quarter.init), let uscc = req.parameters.get("uscc") else {
            throw Abort(.notFound)
        }
        let form = try req.content.decode(DecideForm.self)
        do {
            _ = try await whitelists(req).decide(q, enterprise: uscc, included: form.included == "true", reason: form.reason ?? "")
            return req.redirect(to: "/whitelists/\(q.description)#item-\(uscc)")
        } catch let e as DomainError where e.status != .forbidden && e.status != .notFound {
            return try await render(req, q, error: e)
        }
    }

    func publish(req: Request) async throws -> Response {
        try await req.require(.read, .finance(.whitelists))
        guard let q = req.parameters.get("quarter").flatMap(Quarter.init) else { throw Abort(.notFound) }
        do {
            _ = try await whitelists(req).publish(q)
            return req.redirect(to: "/whitelists/\(q.description)")
        } catch let e as DomainError where e.status == .conflict {
            return try await render(req, q, error: e)
        }
    }
}
