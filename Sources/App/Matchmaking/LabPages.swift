import ChainLeadCore
import Vapor

/// Open labs and testing platforms as a page (Policy L1): the labs with their completed
/// bookings, a form to list one (its owner or an official), a form to ask for a booking, and the
/// caller's bookings with the owner's decisions (post → redirect → get).
struct LabPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("labs", use: show)
        routes.post("labs", use: postLab)
        routes.post("lab-bookings", use: postBooking)
        routes.post("lab-bookings", ":id", "moves", use: move)
    }

    struct BookingRow: Encodable, Sendable {
        var id: Int64
        var cells: [String]
        var moves: [EnterprisePages.Option]
    }

    struct Content: Encodable, Sendable {
        var labs: [MatchmakingPages.Row]
        var labOptions: [EnterprisePages.Option]
        var bookings: [BookingRow]
        var kinds: [EnterprisePages.Option]
        var firm: String?
        var canList: Bool
        var canBook: Bool
        var message: String?
        var error: String?
    }

    func show(req: Request) async throws -> Response { try await render(req) }

    func render(_ req: Request, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .labs(.lists))
        let t = req.texts
        let en = req.locale == .en
        let caller = req.caller
        let firm = caller.grants.lazy.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } }.first
        let official = caller.grants.contains { $0.role == .official && $0.scope == .city }
        let labs = try await Labs(db: req.sql, caller: caller).list(limit: 500)
        let bookings = try await LabBookings(db: req.sql, caller: caller).list(limit: 500)
        let content = Content(
            labs: labs.map { l in
                MatchmakingPages.Row(
                    cells: [
                        .init(text: l.name), .init(text: l.ownerName),
                        .init(text: LabKind(rawValue: l.kind).map { en ? $0.rawValue : $0.nameZh } ?? l.kind),
                        .init(text: l.capability),
                        .init(text: [l.standards, l.priceBand, l.availability].compactMap { $0 }.joined(separator: " · ")),
                        .init(text: "\(l.completedBookings) / \(l.ownerCompletedBookings)"),
                    ], id: "lab-\(l.id)")
            },
            labOptions: labs.filter { $0.status == "active" && $0.owner != firm }.map {
                .init(value: String($0.id), label: "\($0.name)（\($0.ownerName)）", selected: false)
            },
            bookings: bookings.map { b in
                let status = BookingStatus(rawValue: b.status) ?? .requested
                let mine = Set(caller.grants.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } })
                let moves = BookingStatus.allCases.filter {
                    status.canMove(to: $0, asOwner: official || mine.contains(b.owner), asRequester: mine.contains(b.requester))
                }
                return BookingRow(
                    id: b.id,
                    cells: [
                        b.labName, b.ownerName, b.requesterName, "\(b.from) – \(b.to)", b.purpose, t["booking_" + b.status], b.reason ?? "",
                    ],
                    moves: moves.map { .init(value: $0.rawValue, label: t["booking_" + $0.rawValue], selected: false) })
            },
            kinds: LabKind.allCases.map { .init(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: false) },
            firm: firm, canList: firm != nil || official, canBook: firm != nil || official, message: Self.message(req),
            error: error?.message)
        let response = try await req.render("matchmaking/labs", title: t["labsTitle"], nav: "matchmaking", content)
        if let error { response.status = error.status }
        return response
    }

    static func message(_ req: Request) -> String? {
        if req.queryValue("listed") != nil { return req.texts["labListed"] }
        if req.queryValue("booked") != nil { return req.texts["bookingRequested"] }
        if req.queryValue("moved") != nil { return req.texts["bookingMoved"] }
        return nil
    }

    struct LabForm: Decodable {
        var owner: String?
        var name: String?
        var kind: String?
        var capability: String?
        var standards: String?
        var priceBand: String?
        var availability: String?
    }

    func postLab(req: Request) async throws -> Response {
        try await req.require(.read, .labs(.lists))
        let form = try req.content.decode(LabForm.self)
        do {
            guard let owner = try InnovationRecordPages.uscc(form.owner, field: "owner") else {
                throw DomainError.invalid("owner", "请填写平台所属企业的统一社会信用代码")
            }
            guard let kind = form.kind.flatMap(LabKind.init(rawValue:)) else { throw DomainError.invalid("kind", "请选择平台类型") }
            _ = try await Labs(db: req.sql, caller: req.caller).create(
                LabInput(
                    owner: owner, name: form.name ?? "", kind: kind, capability: form.capability ?? "", standards: form.standards,
                    priceBand: form.priceBand, availability: form.availability))
            return req.redirect(to: "/labs?listed=1")
        } catch let e as DomainError {
            return try await render(req, error: e)
        }
    }

    struct BookingForm: Decodable {
        var lab: Int64?
        var requester: String?
        var from: String?
        var to: String?
        var purpose: String?
    }

    func postBooking(req: Request) async throws -> Response {
        try await req.require(.read, .labs(.lists))
        let form = try req.content.decode(BookingForm.self)
        do {
            guard let lab = form.lab else { throw DomainError.invalid("lab", "请选择要预约的平台") }
            guard let requester = try InnovationRecordPages.uscc(form.requester, field: "requester") else {
                throw DomainError.invalid("requester", "请填写预约企业的统一社会信用代码")
            }
            guard let from = form.from.flatMap(SimpleDate.init(iso:)) else { throw DomainError.invalid("from", "请填写开始日期") }
            guard let to = form.to.flatMap(SimpleDate.init(iso:)) else { throw DomainError.invalid("to", "请填写结束日期") }
            _ = try await LabBookings(db: req.sql, caller: req.caller).request(
                lab: lab, requester: requester, from: from, to: to, purpose: form.purpose ?? "")
            return req.redirect(to: "/labs?booked=1#bookings")
        } catch let e as DomainError {
            return try await render(req, error: e)
        }
    }

    struct MoveForm: Decodable {
        var to: String?
        var reason: String?
    }

    func move(req: Request) async throws -> Response {
        try await req.require(.read, .labs(.lists))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(MoveForm.self)
        let bookings = LabBookings(db: req.sql, caller: req.caller)
        _ = try await bookings.find(id)
        do {
            guard let to = form.to.flatMap(BookingStatus.init(rawValue:)) else { throw DomainError.invalid("to", "请选择办理结果") }
            _ = try await bookings.move(id, to: to, reason: form.reason)
            return req.redirect(to: "/labs?moved=1#bookings")
        } catch let e as DomainError where e.status != .forbidden {
            return try await render(req, error: e)
        }
    }
}
