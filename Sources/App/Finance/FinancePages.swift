import ChainLeadCore
import Foundation
import Vapor

/// Financing as one page (Policy S5), `/finance?round=ID`: the rounds; a round's needs with
/// the answers the caller sees (`FinanceVisibility`), an official's recommend form, a firm's form
/// to file a need, a bank's answer form per recommendation addressed to it, the figures per bank
/// and chain and the round's workbook; the banks' directory. Every form posts, then redirects
/// back here (post → redirect → get).
struct FinancePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("finance", use: show)
        routes.post("finance", "rounds", use: openRound)
        routes.post("finance", "needs", use: fileNeed)
        routes.post("finance", "needs", ":id", "recommendations", use: recommend)
        routes.post("finance", "recommendations", ":id", "answer", use: answer)
        routes.post("banks", use: registerBank)
    }

    struct Option: Encodable, Sendable {
        var value: String
        var label: String
    }

    struct NeedRow: Encodable, Sendable {
        var id: Int64
        var cells: [String]
        var answers: [String]
        /// Banks it can still be recommended to (an official's form).
        var banks: [Option]
    }

    struct AnswerRow: Encodable, Sendable {
        var id: Int64
        var cells: [String]
        var status: String
        var statusLabel: String
        var canAnswer: Bool
    }

    struct Content: Encodable, Sendable {
        var rounds: [MatchmakingPages.Row]
        var round: FinanceRoundView?
        var needs: [NeedRow]
        var addressed: [AnswerRow]
        var figures: [[String]]
        var banks: [[String]]
        var bankNames: [String]
        var canOpenRound: Bool
        var canRecommend: Bool
        var canExport: Bool
        var canRegisterBank: Bool
        var canSeeNeeds: Bool
        var isBank: Bool
        /// The caller may file a need in the open round: for its own firm, or (an official) for any.
        var canFile: Bool
        var ownFirm: String?
        var nextQuarter: String
        var defaultUntil: String
        var side: FinanceSidePages.Side
        var message: String?
        var error: String?
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, round: try? req.query.get(Int64.self, at: "round"), message: try? req.query.get(String.self, at: "done"))
    }

    func render(_ req: Request, round wanted: Int64?, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .finance(.rounds))
        let t = req.texts
        let caller = req.caller
        let may = { (a: Action, r: FinanceResource) in Policy.decide(caller.grants, a, .finance(r)).allowed }
        let rounds = try await FinanceRounds(db: req.sql, caller: caller).list()
        let round = rounds.first { $0.id == wanted } ?? rounds.first
        let seesLists = may(.read, .lists)
        let isBank = caller.grants.contains { $0.role == .bank }
        let needs = seesLists && !isBank ? try await FinanceNeeds(db: req.sql, caller: caller).list(round: round?.id, enterprise: nil) : []
        let addressed =
            seesLists && isBank && round != nil ? try await Recommendations(db: req.sql, caller: caller).list(round: round?.id) : []
        let banks = may(.read, .banks) ? try await Banks(db: req.sql, caller: caller).list() : []
        let figures =
            seesLists && round != nil ? try await FinanceFiguresQuery(db: req.sql, caller: caller).figures(round: round?.id ?? 0) : nil
        let firm = caller.grants.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } }.first
        let today = SimpleDate.today()
        let content = Content(
            rounds: rounds.map { r in
                MatchmakingPages.Row(
                    cells: [
                        .init(text: r.quarter, link: "/finance?round=\(r.id)"), .init(text: r.openUntil),
                        .init(text: r.open ? t["roundOpen"] : t["roundClosed"]), .init(text: String(r.needs)),
                    ], id: "round-\(r.id)")
            },
            round: round,
            needs: needs.map { n in
                let asked = Set(n.recommendations.map(\.bank))
                return NeedRow(
                    id: n.id,
                    cells: [
                        n.enterpriseName, Display.wan(n.amount), n.purpose, "\(n.termMonths)",
                        NeedUrgency(rawValue: n.urgency)?.nameZh ?? n.urgency,
                    ],
                    answers: n.recommendations.map { Self.answerText($0) },
                    banks: banks.filter { !asked.contains($0.name) }.map { Option(value: $0.name, label: $0.name) })
            },
            addressed: addressed.map { a in
                let status = AnswerStatus(rawValue: a.recommendation.status) ?? .recommended
                return AnswerRow(
                    id: a.recommendation.id,
                    cells: [a.enterpriseName, a.enterprise, Display.wan(a.asked), a.purpose, "\(a.termMonths)"],
                    status: status.rawValue, statusLabel: Self.answerText(a.recommendation),
                    canAnswer: !status.isFinal && may(.update, .answer(bank: a.recommendation.bank)))
            },
            figures: figures.map { f in
                ([f.total] + f.banks + f.chains).map { x in
                    [
                        x.name, String(x.needs), Display.wan(x.asked), String(x.approvedCount), Display.wan(x.approved), String(x.declined),
                        x.meanDaysToFirstAnswer.map { String(format: "%.1f", $0) } ?? "—",
                        x.declineReasons.map { "\($0.reason)（\($0.count)）" }.joined(separator: "；"),
                    ]
                }
            } ?? [],
            banks: banks.map { [$0.name, $0.branch ?? "", $0.contactPerson ?? ""] }, bankNames: banks.map(\.name),
            canOpenRound: may(.create, .rounds), canRecommend: may(.create, .recommend), canExport: may(.export, .lists),
            canRegisterBank: may(.create, .banks), canSeeNeeds: seesLists && !isBank, isBank: isBank,
            canFile: round?.open == true && (firm != nil || may(.create, .need(enterprise: ""))), ownFirm: firm,
            nextQuarter: Quarter(containing: today)?.description ?? "", defaultUntil: today.adding(days: 30).description,
            side: try await FinanceSidePages.side(req, ownFirm: firm), message: message.flatMap { t["finance_done_" + $0] },
            error: error?.message)
        let response = try await req.render("finance/hub", title: t["financeTitle"], nav: "finance", content)
        if let error { response.status = error.status }
        return response
    }

    static func answerText(_ r: RecommendationView) -> String {
        let status = AnswerStatus(rawValue: r.status)
        var text = "\(r.bank)：\(status?.nameZh ?? r.status)"
        if status == .approved, let a = r.amount { text += " \(Display.wan(a))万元" + (r.rateBand.map { "，\($0)" } ?? "") }
        if status == .declined, let why = r.reason { text += "（\(why)）" }
        return text
    }

    /// Runs a write; a refused or failed one shows the page again with the reason, in place.
    func act(_ req: Request, round: Int64?, _ body: () async throws -> String) async throws -> Response {
        do {
            return req.redirect(to: try await body())
        } catch let e as DomainError where e.status != .forbidden {
            return try await render(req, round: round, error: e)
        }
    }

    struct RoundForm: Decodable {
        var quarter: String?
        var openUntil: String?
        var invited: String?
    }

    func openRound(req: Request) async throws -> Response {
        try await req.require(.create, .finance(.rounds))
        let form = try req.content.decode(RoundForm.self)
        return try await act(req, round: nil) {
            guard let q = form.quarter.flatMap(Quarter.init) else { throw DomainError.invalid("quarter", "季度应写作 2026Q4") }
            let invited = (form.invited ?? "").split(whereSeparator: { $0.isNewline || $0 == "," || $0 == "，" || $0 == " " }).map(
                String.init)
            let made = try await FinanceRounds(db: req.sql, caller: req.caller).create(
                quarter: q, openUntil: form.openUntil ?? "", invited: invited)
            return "/finance?round=\(made.id)&done=round"
        }
    }

    struct NeedForm: Decodable {
        var round: Int64?
        var enterprise: String?
        var amountWan: String?
        var purpose: String?
        var termMonths: String?
        var collateral: String?
        var products: String?
        var urgency: String?
        var contactPerson: String?
        var contactPhone: String?
    }

    func fileNeed(req: Request) async throws -> Response {
        try await req.require(.read, .finance(.rounds))
        let form = try req.content.decode(NeedForm.self)
        let enterprise = (form.enterprise ?? "").trimmingCharacters(in: .whitespaces)
        try await req.require(.create, .finance(.need(enterprise: enterprise)))
        return try await act(req, round: form.round) {
            guard let round = form.round else { throw DomainError.invalid("round", "请选择征集批次") }
            guard let wan = Double((form.amountWan ?? "").trimmingCharacters(in: .whitespaces)), wan.isFinite, wan > 0, wan <= 100_000_000
            else {
                throw DomainError.invalid("amountWan", "融资金额应为大于0、不超过1万亿元的数（单位：万元）")
            }
            guard let term = Int((form.termMonths ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw DomainError.invalid("termMonths", "期限应为1至360个月")
            }
            let need = try await FinanceNeeds(db: req.sql, caller: req.caller).file(
                FinanceNeedInput(
                    round: round, enterprise: enterprise, amount: Int64((wan * 10_000).rounded()), purpose: form.purpose ?? "",
                    termMonths: term,
                    collateral: form.collateral, products: form.products, urgency: NeedUrgency(rawValue: form.urgency ?? "") ?? .normal,
                    contactPerson: form.contactPerson, contactPhone: form.contactPhone))
            return "/finance?round=\(round)&done=need#need-\(need.id)"
        }
    }

    struct RecommendForm: Decodable {
        var banks: [String]?
        var round: Int64?
    }

    func recommend(req: Request) async throws -> Response {
        try await req.require(.create, .finance(.recommend))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(RecommendForm.self)
        return try await act(req, round: form.round) {
            let need = try await Recommendations(db: req.sql, caller: req.caller).recommend(need: id, banks: form.banks ?? [])
            return "/finance?round=\(need.round)&done=recommend#need-\(id)"
        }
    }

    struct AnswerForm: Decodable {
        var status: String?
        var amountWan: String?
        var rateBand: String?
        var termMonths: String?
        var reason: String?
        var round: Int64?
    }

    func answer(req: Request) async throws -> Response {
        try await req.require(.read, .finance(.lists))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(AnswerForm.self)
        return try await act(req, round: form.round) {
            guard let status = AnswerStatus(rawValue: form.status ?? ""), status != .recommended else {
                throw DomainError.invalid("status", "请选择答复：已对接、已授信或未获授信")
            }
            var amount: Int64?
            if let text = form.amountWan?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                guard let wan = Double(text), wan.isFinite, wan > 0, wan <= 100_000_000 else {
                    throw DomainError.invalid("amountWan", "授信金额应为大于0、不超过1万亿元的数（单位：万元）")
                }
                amount = Int64((wan * 10_000).rounded())
            }
            let term = try form.termMonths.flatMap(\.nilIfBlank).map { text -> Int in
                guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else { throw DomainError.invalid("termMonths", "期限应为1至360个月") }
                return n
            }
            let done = try await Recommendations(db: req.sql, caller: req.caller).answer(
                id, AnswerInput(status: status, amount: amount, rateBand: form.rateBand, termMonths: term, reason: form.reason))
            return "/finance?round=\(done.round)&done=answer#rec-\(id)"
        }
    }

    struct BankForm: Decodable {
        var name: String?
        var branch: String?
        var contactPerson: String?
        var contactPhone: String?
    }

    func registerBank(req: Request) async throws -> Response {
        try await req.require(.create, .finance(.banks))
        let form = try req.content.decode(BankForm.self)
        return try await act(req, round: nil) {
            _ = try await Banks(db: req.sql, caller: req.caller).create(
                BankView(name: form.name ?? "", branch: form.branch, contactPerson: form.contactPerson, contactPhone: form.contactPhone))
            return "/finance?done=bank#banks"
        }
    }
}
