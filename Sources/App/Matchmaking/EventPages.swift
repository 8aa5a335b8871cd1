import ChainLeadCore
import Vapor

/// Promotion and matchmaking events as pages (Policy L1, L3): the list with a form for city
/// officials, and one event with its firms, the demands and offers of those invited, the invite
/// form, the firm's registration button and the `.xlsx` of registrations and outcomes.
struct EventPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("events", use: list)
        routes.post("events", use: create)
        routes.get("events", ":id", use: show)
        routes.post("events", ":id", "invitations", use: invite)
        routes.post("events", ":id", "registrations", use: register)
        routes.get("events", ":id", "registrations.xlsx", use: export)
    }

    struct ListContent: Encodable, Sendable {
        var rows: [MatchmakingPages.Row]
        var chains: [EnterprisePages.Option]
        var canHold: Bool
        var message: String?
        var error: String?
    }

    func list(req: Request) async throws -> Response { try await renderList(req) }

    func renderList(_ req: Request, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .matchmaking(.events))
        let t = req.texts
        let en = req.locale == .en
        let chains = try await TaxonomyQueries(db: req.sql).chains()
        let names = Dictionary(chains.map { ($0.code, en ? $0.nameEn : $0.name) }, uniquingKeysWith: { a, _ in a })
        let events = try await Events(db: req.sql, caller: req.caller).list()
        let content = ListContent(
            rows: events.map { e in
                MatchmakingPages.Row(
                    cells: [
                        .init(text: e.date), .init(text: e.title, link: "/events/\(e.id)"),
                        .init(text: e.chains.map { names[$0] ?? $0 }.joined(separator: "、")), .init(text: e.place), .init(text: e.host),
                        .init(text: "\(e.registered) / \(e.invited)"), .init(text: "\(e.matches) / \(e.deals)"),
                        .init(text: Display.wan(e.dealValue)),
                    ], id: "event-\(e.id)")
            },
            chains: chains.map { .init(value: $0.code, label: en ? $0.nameEn : $0.name, selected: false) },
            canHold: Policy.decide(req.caller.grants, .create, .matchmaking(.events)).allowed,
            message: req.queryValue("held") != nil ? t["eventHeld"] : nil, error: error?.message)
        let response = try await req.render("matchmaking/events", title: t["eventsTitle"], nav: "matchmaking", content)
        if let error { response.status = error.status }
        return response
    }

    struct EventForm: Decodable {
        var title: String?
        var chains: [String]?
        var date: String?
        var place: String?
        var host: String?
    }

    func create(req: Request) async throws -> Response {
        try await req.require(.read, .matchmaking(.events))
        let form = try req.content.decode(EventForm.self)
        do {
            guard let date = form.date.flatMap(SimpleDate.init(iso:)) else { throw DomainError.invalid("date", "请填写活动日期") }
            let made = try await Events(db: req.sql, caller: req.caller).create(
                title: form.title ?? "", chains: form.chains ?? [], date: date, place: form.place ?? "", host: form.host ?? "")
            return req.redirect(to: "/events/\(made.id)?held=1")
        } catch let e as DomainError {
            return try await renderList(req, error: e)
        }
    }

    struct Content: Encodable, Sendable {
        var detail: EventDetail
        var chainNames: String
        var firms: [MatchmakingPages.Row]
        var demands: [MatchmakingPages.Row]
        var offers: [MatchmakingPages.Row]
        var segments: [EnterprisePages.Option]
        var tiers: [EnterprisePages.Option]
        var canInvite: Bool
        var canExport: Bool
        var firm: String?
        var registered: Bool
        var message: String?
        var error: String?
    }

    func show(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        return try await render(req, id: id)
    }

    func render(_ req: Request, id: Int64, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .matchmaking(.events))
        let t = req.texts
        let en = req.locale == .en
        let caller = req.caller
        let detail = try await EventDetail.load(id, db: req.sql, caller: caller)
        let chains = try await TaxonomyQueries(db: req.sql).chains()
        let names = Dictionary(chains.map { ($0.code, en ? $0.nameEn : $0.name) }, uniquingKeysWith: { a, _ in a })
        let firm = caller.grants.lazy.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } }.first
        let segments = try await MatchmakingPages.segmentOptions(req)
        let segmentNames = Dictionary(segments.map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
        let content = Content(
            detail: detail, chainNames: detail.event.chains.map { names[$0] ?? $0 }.joined(separator: "、"),
            firms: detail.firms.map { f in
                MatchmakingPages.Row(
                    cells: [
                        .init(text: f.enterpriseName), .init(text: Tier(rawValue: f.tier).map { en ? $0.rawValue : $0.nameZh } ?? f.tier),
                        .init(text: f.invited ? t["yes"] : t["no"]), .init(text: f.registered ? t["yes"] : t["no"]),
                    ], id: "firm-\(f.enterprise)")
            },
            demands: detail.demands.map { d in
                MatchmakingPages.Row(
                    cells: [.init(text: d.title, link: "/demands/\(d.id)"), .init(text: d.buyerName), .init(text: d.segmentName)],
                    id: "demand-\(d.id)")
            },
            offers: detail.offers.map { o in
                MatchmakingPages.Row(
                    cells: [
                        .init(text: o.title), .init(text: o.enterpriseName),
                        .init(text: o.segments.map { segmentNames[$0] ?? $0 }.joined(separator: "、")),
                    ], id: "offer-\(o.id)")
            },
            segments: segments.filter { s in detail.event.chains.contains { s.value.hasPrefix($0 + "-") } },
            tiers: Tier.allCases.filter { $0 != .none }.map {
                .init(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: false)
            },
            canInvite: Policy.decide(caller.grants, .update, .matchmaking(.events)).allowed,
            canExport: Policy.decide(caller.grants, .export, .matchmaking(.events)).allowed, firm: firm,
            registered: firm.map { u in detail.firms.contains { $0.enterprise == u && $0.registered } } ?? false,
            message: req.queryValue("held") != nil
                ? t["eventHeld"]
                : req.queryValue("invited", as: Int.self).map { t["eventInvited"].replacingOccurrences(of: "%d", with: String($0)) }
                    ?? (req.queryValue("registered") != nil ? t["eventRegistered"] : nil),
            error: error?.message)
        let response = try await req.render("matchmaking/event", title: detail.event.title, nav: "matchmaking", content)
        if let error { response.status = error.status }
        return response
    }

    struct InviteForm: Decodable {
        var segments: [String]?
        var tiers: [String]?
    }

    func invite(req: Request) async throws -> Response {
        try await req.require(.read, .matchmaking(.events))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(InviteForm.self)
        do {
            let added = try await Events(db: req.sql, caller: req.caller).invite(
                id, chains: nil, segments: form.segments ?? [], tiers: (form.tiers ?? []).compactMap(Tier.init(rawValue:)))
            return req.redirect(to: "/events/\(id)?invited=\(added)")
        } catch let e as DomainError where e.status != .notFound && e.status != .forbidden {
            return try await render(req, id: id, error: e)
        }
    }

    struct RegisterForm: Decodable {
        var enterprise: String?
    }

    func register(req: Request) async throws -> Response {
        try await req.require(.read, .matchmaking(.events))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(RegisterForm.self)
        do {
            guard let firm = try InnovationRecordPages.uscc(form.enterprise) else { throw DomainError.invalid("enterprise", "请填写报名企业") }
            _ = try await Events(db: req.sql, caller: req.caller).register(id, enterprise: firm)
            return req.redirect(to: "/events/\(id)?registered=1")
        } catch let e as DomainError where e.status != .notFound && e.status != .forbidden {
            return try await render(req, id: id, error: e)
        }
    }

    func export(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let data = try await EventDetail.export(id, db: req.sql, caller: req.caller)
        return try NoticePages().download(
            data, name: "event-\(id).xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }
}
