import ChainLeadCore
import SQLKit
import Vapor

/// Supply–demand matchmaking as pages (Policy L1, L3): the hub (`/matchmaking`) shows a firm its
/// suggested demands, its demands, the demands open to it, its offers and matches, and
/// government the figures; each form posts, then redirects (post → redirect → get).
struct MatchmakingPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("matchmaking", use: hub)
        routes.post("demands", use: postDemand)
        routes.post("offers", use: postOffer)
        routes.get("demands", ":id", use: DemandPages.show)
        routes.post("matches", use: DemandPages.openMatch)
        routes.post("matches", ":id", "moves", use: DemandPages.move)
        routes.post("matches", ":id", "rating", use: DemandPages.rate)
    }

    struct Row: Encodable, Sendable {
        var cells: [InnovationRecordPages.Cell]
        var id: String = ""
        var form: [String: String] = [:]
        var done: String?
        /// The caller may act on the row (publish the suggestion).
        var may = false
    }

    struct Hub: Encodable, Sendable {
        var firm: String?
        var government: Bool
        /// City-wide suggestions group a year's purchases of every leader: computed when asked.
        var suggestionsAsked: Bool
        var suggestions: [Row]
        var demands: [Row]
        var openDemands: [Row]
        var offers: [Row]
        var matches: [Row]
        var figures: [Row]
        var year: Int
        var segments: [EnterprisePages.Option]
        var canPostDemand: Bool
        var canPostOffer: Bool
        var message: String?
        var error: String?
        var errorField: String?
    }

    func hub(req: Request) async throws -> Response { try await render(req) }

    func render(_ req: Request, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .matchmaking(.lists))
        let t = req.texts
        let caller = req.caller
        let scope = req.application.chainLead.supplyScope
        let firm = caller.grants.lazy.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } }.first
        let government = caller.grants.contains { [.official, .chief, .district, .department].contains($0.role) }
        let demands = try await Demands(db: req.sql, caller: caller).list(DemandFilter(), limit: 200)
        let asked = firm != nil || req.queryValue("suggestions") != nil
        let suggestions = asked ? try await DemandSuggestions(db: req.sql, caller: caller, scope: scope).list(buyer: firm, year: nil) : []
        let offers = try await Offers(db: req.sql, caller: caller).list(enterprise: firm, limit: 200)
        let matches = try await Matches(db: req.sql, caller: caller, scope: scope).list(limit: 200)
        let year =
            req.queryValue("year", as: Int.self).flatMap { SupplyService.validYears.contains($0) ? $0 : nil } ?? SimpleDate.today().year
        let figures = government ? try await MatchmakingFigures(db: req.sql, caller: caller, scope: scope).figures(year: year) : nil
        let segmentOptions = try await Self.segmentOptions(req)
        let segmentNames = Dictionary(segmentOptions.map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
        func demandRow(_ d: DemandView) -> Row {
            Row(
                cells: [
                    .init(text: d.title, link: "/demands/\(d.id)"), .init(text: d.buyerName), .init(text: d.segmentName),
                    .init(text: t["demand_" + d.status]), .init(text: String(d.matches)),
                ], id: "demand-\(d.id)")
        }
        let content = Hub(
            firm: firm, government: government, suggestionsAsked: asked,
            suggestions: suggestions.map { s in
                Row(
                    cells: [
                        .init(text: s.buyerName), .init(text: s.segmentName), .init(text: Display.wan(s.outsideAmount)),
                        .init(text: "\(Int((s.outsideShare * 100).rounded()))%"), .init(text: String(s.localFirms)),
                    ], id: s.segment,
                    form: [
                        "buyer": s.buyer, "segment": s.segment, "title": s.title, "description": s.description,
                    ], done: s.demand.map { "/demands/\($0)" },
                    may: Policy.decide(caller.grants, .create, .matchmaking(.demand(buyer: s.buyer, chains: [s.chain]))).allowed)
            },
            demands: demands.filter { firm == nil || $0.buyer == firm }.map(demandRow),
            openDemands: firm == nil ? [] : demands.filter { $0.buyer != firm }.map(demandRow),
            offers: offers.map { o in
                Row(
                    cells: [
                        .init(text: o.title), .init(text: o.enterpriseName),
                        .init(text: o.segments.map { segmentNames[$0] ?? $0 }.joined(separator: "、")),
                        .init(text: o.capacity ?? "—"),
                    ], id: "offer-\(o.id)")
            },
            matches: matches.map { m in
                Row(
                    cells: [
                        .init(text: m.demandTitle, link: "/demands/\(m.demand)"), .init(text: m.buyerName), .init(text: m.supplierName),
                        .init(text: t["match_" + m.status]),
                        .init(
                            text: m.buyerContact.map { [$0.person, $0.phone].compactMap { $0 }.joined(separator: " ") }
                                ?? t["contactHidden"]),
                    ], id: "match-\(m.id)")
            },
            figures: (figures.map { [$0.total] + $0.chains } ?? []).map { f in
                Row(
                    cells: [
                        .init(text: f.code == "city" ? t["mmCity"] : f.name), .init(text: String(f.demands)),
                        .init(text: String(f.matched)),
                        .init(text: String(f.deals)), .init(text: Display.wan(f.dealValue)),
                        .init(text: f.localShare.map { "\(Int(($0 * 100).rounded()))%" } ?? "—"),
                    ], id: "figures-\(f.code)")
            },
            year: year, segments: segmentOptions,
            canPostDemand: firm != nil || caller.grants.contains { $0.role == .official },
            canPostOffer: firm != nil || Policy.decide(caller.grants, .create, .matchmaking(.offer(enterprise: ""))).allowed,
            message: Self.message(req), error: error?.message, errorField: error?.field)
        let response = try await req.render("matchmaking/hub", title: t["matchmakingTitle"], nav: "matchmaking", content)
        if let error { response.status = error.status }
        return response
    }

    static func message(_ req: Request) -> String? {
        let t = req.texts
        if req.queryValue("offered") != nil { return t["offerPublished"] }
        if req.queryValue("moved") != nil { return t["matchMoved"] }
        if req.queryValue("rated") != nil { return t["rated"] }
        if req.queryValue("opened") != nil { return t["matchOpened"] }
        return nil
    }

    /// Every segment in use, "chain · segment", for the forms.
    static func segmentOptions(_ req: Request) async throws -> [EnterprisePages.Option] {
        let en = req.locale == .en
        return try await req.sql.raw(
            """
            SELECT s.code, s.name, s.name_en, c.name AS chain_name, c.name_en AS chain_name_en FROM segments s
            JOIN chains c ON c.code = s.chain_code WHERE s.retired_on IS NULL ORDER BY c.sort_order, s.sort_order
            """
        ).all().map { r in
            let chain = try r.decode(column: en ? "chain_name_en" : "chain_name", as: String.self)
            let name = try r.decode(column: en ? "name_en" : "name", as: String.self)
            return .init(value: try r.decode(column: "code", as: String.self), label: chain + " · " + name, selected: false)
        }
    }

    struct DemandForm: Decodable {
        var buyer: String?
        var title: String?
        var description: String?
        var segment: String?
        var quantity: String?
        var budgetBand: String?
        var needBy: String?
        var deliveryPlace: String?
        var certifications: String?
        var preferLocal: String?
        var visibility: String?
    }

    func postDemand(req: Request) async throws -> Response {
        try await req.require(.read, .matchmaking(.lists))
        let form = try req.content.decode(DemandForm.self)
        do {
            guard let buyer = try InnovationRecordPages.uscc(form.buyer, field: "buyer") else {
                throw DomainError.invalid("buyer", "请填写采购方的18位统一社会信用代码")
            }
            let needBy = try form.needBy?.nilIfBlank.map { text -> SimpleDate in
                guard let d = SimpleDate(iso: text) else { throw DomainError.invalid("needBy", "需求日期应为 2026-03-31 这样的日期") }
                return d
            }
            let made = try await Demands(db: req.sql, caller: req.caller).create(
                DemandInput(
                    buyer: buyer, title: form.title ?? "", description: form.description ?? "", segment: form.segment ?? "",
                    quantity: form.quantity, budgetBand: form.budgetBand, needBy: needBy, deliveryPlace: form.deliveryPlace,
                    certifications: (form.certifications ?? "").split(whereSeparator: \.isNewline).map(String.init),
                    preferLocal: form.preferLocal != nil || form.visibility == nil, visibility: form.visibility ?? "segment"))
            return req.redirect(to: "/demands/\(made.id)")
        } catch let e as DomainError {
            return try await render(req, error: e)
        }
    }

    struct OfferForm: Decodable {
        var enterprise: String?
        var title: String?
        var description: String?
        var segments: [String]?
        var certifications: String?
        var capacity: String?
        var referenceCustomers: String?
    }

    func postOffer(req: Request) async throws -> Response {
        try await req.require(.read, .matchmaking(.lists))
        let form = try req.content.decode(OfferForm.self)
        do {
            guard let firm = try InnovationRecordPages.uscc(form.enterprise) else {
                throw DomainError.invalid("enterprise", "请填写企业的18位统一社会信用代码")
            }
            _ = try await Offers(db: req.sql, caller: req.caller).create(
                OfferInput(
                    enterprise: firm, title: form.title ?? "", description: form.description ?? "", segments: form.segments ?? [],
                    certifications: (form.certifications ?? "").split(whereSeparator: \.isNewline).map(String.init),
                    capacity: form.capacity, referenceCustomers: form.referenceCustomers))
            return req.redirect(to: "/matchmaking?offered=1#offers")
        } catch let e as DomainError {
            return try await render(req, error: e)
        }
    }
}
