import ChainLeadAPI
import ChainLeadCore
import Foundation
import SQLKit

extension APIHandler {
    var care: EnterpriseCare { EnterpriseCare(db: app.db.sql, caller: caller) }

    func setLiaison(_ input: Operations.SetLiaison.Input) async throws -> Operations.SetLiaison.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .liaison)
        try rejectNulls(except: [])
        let uscc = try Self.pathUSCC(input.path.uscc)
        guard try await EnterpriseQueries(db: sql).exists(uscc) else { throw DomainError.notFound("统一社会信用代码为 \(uscc) 的企业", field: "uscc") }
        try Self.checkLengths([("username", body.username, 100)])
        try await care.setLiaison(enterprise: uscc, username: body.username)
        let account = try await AccountService(db: sql, caller: caller).find(body.username)
        return .ok(.init(body: .json(.init(enterprise: uscc, username: body.username, displayName: account.displayName))))
    }

    func listLiaisonFirms(_ input: Operations.ListLiaisonFirms.Input) async throws -> Operations.ListLiaisonFirms.Output {
        try await require(.read, .ownAccount)
        let username = caller.username ?? ""
        var out: [Components.Schemas.LiaisonFirm] = []
        for firm in try await care.firms(of: username) {
            let (open, _) = try await requests.list(
                RequestFilter(enterprise: firm.uscc), grants: [Grant(.official, .city)], page: PageRequest(page: 1, per: 200))
            out.append(
                .init(
                    enterprise: firm.uscc, name: firm.name, tier: .init(rawValue: firm.tier.rawValue),
                    openRequests: try open.filter { $0.status != .closed }.map { try Self.request($0, history: nil) }))
        }
        return .ok(.init(body: .json(out)))
    }

    func visitResource(_ uscc: String) async throws -> Resource {
        guard let detail = try await EnterpriseQueries(db: sql).detail(uscc) else {
            throw DomainError.invalid("enterprise", "企业 \(uscc) 不在企业库中")
        }
        return .visit(enterprise: uscc, district: detail.record.draft.district, chains: Set(detail.memberships.map(\.chain)))
    }

    func createVisit(_ input: Operations.CreateVisit.Input) async throws -> Operations.CreateVisit.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let uscc = try Self.pathUSCC(body.enterprise, field: "enterprise")
        try await require(.create, try await visitResource(uscc))
        guard let day = SimpleDate(iso: body.visitedOn) else { throw DomainError.invalid("visitedOn", "日期格式应为 YYYY-MM-DD") }
        try Self.checkLengths([("visitors", body.visitors, 200), ("notes", body.notes, 4000)])
        let demands = (body.demands ?? []).map { d in
            RequestInput(
                enterprise: uscc, category: RequestCategory(rawValue: d.category.rawValue) ?? .other, title: d.title,
                description: d.description, urgency: d.urgency.flatMap { Urgency(rawValue: $0.rawValue) } ?? .normal)
        }
        let planned = try Self.date(body.plannedOn, field: "plannedOn")
        let id = try await care.recordVisit(
            enterprise: uscc, visitedOn: day, visitors: body.visitors, notes: body.notes ?? "", demands: demands, plannedOn: planned)
        return .created(.init(body: .json(Self.visit(try await care.visit(id)))))
    }

    func listVisits(_ input: Operations.ListVisits.Input) async throws -> Operations.ListVisits.Output {
        let uscc = try Self.pathUSCC(input.query.enterprise, field: "enterprise")
        guard try await EnterpriseQueries(db: sql).exists(uscc) else {
            throw DomainError.notFound("统一社会信用代码为 \(uscc) 的企业", field: "enterprise")
        }
        try await require(.read, try await visitResource(uscc))
        return .ok(.init(body: .json(try await care.visits(of: uscc).map(Self.visit))))
    }

    static func visit(_ v: EnterpriseCare.VisitRecord) -> Components.Schemas.Visit {
        .init(
            id: v.id, enterprise: v.enterprise, visitedOn: v.visitedOn, visitors: v.visitors, notes: v.notes, createdBy: v.createdBy,
            plannedOn: v.plannedOn, requests: v.requests)
    }

    func createMeeting(_ input: Operations.CreateMeeting.Input) async throws -> Operations.CreateMeeting.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .meetings)
        try rejectNulls(except: [])
        try Self.checkLengths([("title", body.title, 100)])
        guard let day = SimpleDate(iso: body.heldOn) else { throw DomainError.invalid("heldOn", "日期格式应为 YYYY-MM-DD") }
        guard !body.requests.isEmpty, body.requests.count <= 100 else { throw DomainError.invalid("requests", "议程应有1至100项诉求") }
        let id = try await care.createMeeting(title: body.title, heldOn: day, requests: body.requests)
        return .created(.init(body: .json(try Self.meeting(try await care.meeting(id)))))
    }

    func getMeeting(_ input: Operations.GetMeeting.Input) async throws -> Operations.GetMeeting.Output {
        try await require(.read, .meetings)
        return .ok(.init(body: .json(try Self.meeting(try await care.meeting(input.path.id, visibleTo: caller.grants)))))
    }

    func decideMeetingItem(_ input: Operations.DecideMeetingItem.Input) async throws -> Operations.DecideMeetingItem.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .meetings)
        try rejectNulls(except: [])
        try Self.checkLengths([("decision", body.decision, 2000), ("owner", body.owner, 50)])
        let deadline = try body.newDeadline.map { try Self.isoDay($0, field: "newDeadline") }
        _ = try await care.meeting(input.path.id)
        try await care.decide(
            meeting: input.path.id, request: input.path.requestId, decision: body.decision, owner: body.owner, newDeadline: deadline)
        return .ok(.init(body: .json(try Self.meeting(try await care.meeting(input.path.id)))))
    }

    static func meeting(_ m: EnterpriseCare.MeetingRecord) throws -> Components.Schemas.Meeting {
        .init(
            id: m.id, title: m.title, heldOn: m.heldOn,
            items: try m.items.map {
                .init(
                    requestId: $0.requestID, title: $0.title, status: try mirrored($0.status), decision: $0.decision,
                    owner: $0.owner, newDeadline: $0.newDeadline)
            })
    }

    func listServiceOffers(_ input: Operations.ListServiceOffers.Input) async throws -> Operations.ListServiceOffers.Output {
        try await require(.read, .serviceOffers)
        try Self.validateCode(input.path.code, field: "code")
        guard try await TaxonomyQueries(db: sql).clusters(code: input.path.code).first != nil else {
            throw DomainError.notFound("产业集群“\(input.path.code)”", field: "code")
        }
        return .ok(.init(body: .json(try await care.offers(cluster: input.path.code).map(Self.offer))))
    }

    func createServiceOffer(_ input: Operations.CreateServiceOffer.Input) async throws -> Operations.CreateServiceOffer.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .serviceOffers)
        try rejectNulls(except: [])
        try Self.validateCode(input.path.code, field: "code")
        guard try await TaxonomyQueries(db: sql).clusters(code: input.path.code).first != nil else {
            throw DomainError.notFound("产业集群“\(input.path.code)”", field: "code")
        }
        try Self.checkLengths([("title", body.title, 100), ("department", body.department, 50), ("howToAsk", body.howToAsk, 1000)])
        let id = try await care.addOffer(cluster: input.path.code, title: body.title, department: body.department, howToAsk: body.howToAsk)
        // The row just written, read back in its list's shape.
        guard let offer = try await care.offers(cluster: input.path.code).first(where: { $0.id == id }) else { throw DomainError.internal }
        return .created(.init(body: .json(Self.offer(offer))))
    }

    static func offer(_ o: EnterpriseCare.Offer) -> Components.Schemas.ServiceOffer {
        .init(id: o.id, cluster: o.cluster, title: o.title, department: o.department, howToAsk: o.howToAsk)
    }
}
