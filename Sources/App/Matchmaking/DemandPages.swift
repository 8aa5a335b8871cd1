import ChainLeadCore
import SQLKit
import Vapor

/// One demand as a page (Policy L1, L3): what is asked, the ranked candidates with their
/// reasons and a button to start a match, and the matches with their next steps.
enum DemandPages {
    struct CandidateRow: Encodable, Sendable {
        var rank: Int
        var enterprise: String
        var name: InnovationRecordPages.Cell
        var score: String
        var reasons: [String]
        var local: Bool
        var already: Bool
        var match: Int64?
    }

    struct MatchRow: Encodable, Sendable {
        var id: Int64
        var supplier: String
        var status: String
        var statusLabel: String
        var amount: String?
        var contact: String
        var moves: [EnterprisePages.Option]
        var canMove: Bool
        var canRate: Bool
        var ratings: String?
    }

    struct Content: Encodable, Sendable {
        var demand: DemandView
        var statusLabel: String
        var certifications: String?
        /// The caller may see the ranking (so an empty one is said, not hidden)
        var ranked: Bool
        var candidates: [CandidateRow]
        var matches: [MatchRow]
        var canAct: Bool
        var categories: [EnterprisePages.Option]
        var year: Int
        var message: String?
        var error: String?
        var errorField: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        return try await render(req, id: id)
    }

    static func render(_ req: Request, id: Int64, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .matchmaking(.lists))
        let t = req.texts
        let en = req.locale == .en
        let caller = req.caller
        let scope = req.application.chainLead.supplyScope
        let demand = try await Demands(db: req.sql, caller: caller).find(id)
        let resource = Resource.matchmaking(.demand(buyer: demand.buyer, chains: [demand.chain]))
        let canRead = Policy.decide(caller.grants, .read, resource).allowed
        let canAct = Policy.decide(caller.grants, .update, resource).allowed
        let candidates = canRead ? try await Candidates(db: req.sql, caller: caller, scope: scope).rank(demand: id, limit: 50) : []
        let openable = try await Access.openable(candidates.map(\.enterprise), caller: caller, db: req.sql)
        let matches = try await Matches(db: req.sql, caller: caller, scope: scope).list(demand: id, limit: 500)
        let mine = Set(caller.grants.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } })
        let content = Content(
            demand: demand, statusLabel: t["demand_" + demand.status],
            certifications: demand.certifications.isEmpty ? nil : demand.certifications.joined(separator: "、"),
            ranked: canRead,
            candidates: candidates.enumerated().map { i, c in
                CandidateRow(
                    rank: i + 1, enterprise: c.enterprise,
                    name: .init(text: c.enterpriseName, link: openable.contains(c.enterprise) ? "/enterprises/\(c.enterprise)" : nil),
                    score: String(format: "%.1f", c.score), reasons: c.reasons, local: c.local, already: c.alreadySupplies, match: c.match)
            },
            matches: matches.map { m in
                let status = MatchStatus(rawValue: m.status) ?? .recommended
                return MatchRow(
                    id: m.id, supplier: m.supplierName, status: m.status, statusLabel: t["match_" + m.status],
                    amount: m.amount.map { Display.wan($0) },
                    contact: m.buyerContact.map { [$0.person, $0.phone].compactMap { $0 }.joined(separator: " ") } ?? t["contactHidden"],
                    moves: MatchStatus.allCases.filter { status.canMove(to: $0) }.map {
                        .init(value: $0.rawValue, label: t["match_" + $0.rawValue], selected: false)
                    },
                    canMove: canAct && status.isOpen,
                    canRate: status == .deal
                        && ((mine.contains(m.buyer) && m.buyerRating == nil) || (mine.contains(m.supplier) && m.supplierRating == nil)),
                    ratings: m.buyerRating == nil && m.supplierRating == nil
                        ? nil
                        : [m.buyerRating.map { "\(t["demandBuyer"]) \($0)" }, m.supplierRating.map { "\(t["matchSupplier"]) \($0)" }]
                            .compactMap { $0 }.joined(separator: " · "))
            },
            canAct: canAct && demand.status == "open",
            categories: SupplyCategory.allCases.filter { $0 != .energy }.map {
                .init(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: false)
            },
            year: SimpleDate.today().year, message: MatchmakingPages.message(req), error: error?.message, errorField: error?.field)
        let response = try await req.render("matchmaking/demand", title: demand.title, nav: "matchmaking", content)
        if let error { response.status = error.status }
        return response
    }

    struct OpenForm: Decodable {
        var demand: Int64?
        var supplier: String?
    }

    @Sendable static func openMatch(req: Request) async throws -> Response {
        try await req.require(.read, .matchmaking(.lists))
        let form = try req.content.decode(OpenForm.self)
        guard let demand = form.demand else { throw Abort(.notFound) }
        do {
            guard let supplier = try InnovationRecordPages.uscc(form.supplier, field: "supplier") else {
                throw DomainError.invalid("supplier", "请选择供应商")
            }
            _ = try await Matches(db: req.sql, caller: req.caller, scope: req.application.chainLead.supplyScope).open(
                demand: demand, supplier: supplier)
            return req.redirect(to: "/demands/\(demand)?opened=1#matches")
        } catch let e as DomainError where e.status != .notFound && e.status != .forbidden {
            return try await render(req, id: demand, error: e)
        }
    }

    struct MoveForm: Decodable {
        var to: String?
        var amount: String?
        var year: String?
        var category: String?
        var reason: String?
    }

    @Sendable static func move(req: Request) async throws -> Response {
        try await req.require(.read, .matchmaking(.lists))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(MoveForm.self)
        let matches = Matches(db: req.sql, caller: req.caller, scope: req.application.chainLead.supplyScope)
        let match = try await matches.find(id)
        do {
            guard let to = form.to.flatMap(MatchStatus.init(rawValue:)) else { throw DomainError.invalid("to", "请选择下一步") }
            var amount: Int64?
            if let text = form.amount?.nilIfBlank {
                guard let n = Int64(text.replacingOccurrences(of: ",", with: "")) else {
                    throw DomainError.invalid("amount", "成交金额应为整数（元）")
                }
                amount = n
            }
            _ = try await matches.move(
                id,
                MatchMoveInput(
                    to: to, amount: amount, year: form.year.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) },
                    category: form.category.flatMap(SupplyCategory.init(rawValue:)), reason: form.reason))
            return req.redirect(to: "/demands/\(match.demand)?moved=1#matches")
        } catch let e as DomainError where e.status != .forbidden {
            return try await render(req, id: match.demand, error: e)
        }
    }

    struct RateForm: Decodable {
        var score: String?
    }

    @Sendable static func rate(req: Request) async throws -> Response {
        try await req.require(.read, .matchmaking(.lists))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(RateForm.self)
        let matches = Matches(db: req.sql, caller: req.caller, scope: req.application.chainLead.supplyScope)
        let match = try await matches.find(id)
        do {
            _ = try await matches.rate(id, score: form.score.flatMap { Int($0) } ?? 0)
            return req.redirect(to: "/demands/\(match.demand)?rated=1#matches")
        } catch let e as DomainError where e.status != .forbidden {
            return try await render(req, id: match.demand, error: e)
        }
    }
}
