import ChainLeadCore
import Vapor

/// Recording a visit to a firm on a page (Policy S1): who visited, notes, and the demands
/// raised, each filed as a request in the same step.
struct VisitPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("visits", "new", use: form)
        routes.post("visits", use: save)
    }

    struct DemandSlot: Encodable, Sendable {
        var index: Int
        var categories: [EnterprisePages.Option]
    }

    struct Content: Encodable, Sendable {
        var enterprise: String
        var enterpriseName: String
        var today: String
        var slots: [DemandSlot]
        var visits: [VisitRow]
        var error: String?
        var message: String?
    }

    struct VisitRow: Encodable, Sendable {
        var visitedOn: String
        var visitors: String
        var notes: String
        var requests: [Int64]
        var planned = false
    }

    func render(_ req: Request, uscc: String, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        guard let detail = try await EnterpriseQueries(db: req.sql).detail(uscc) else { throw DomainError.notFound("企业") }
        let resource = Resource.visit(
            enterprise: uscc, district: detail.record.draft.district, chains: Set(detail.memberships.map(\.chain)))
        try await req.require(.read, resource)
        let visits = try await EnterpriseCare(db: req.sql, caller: req.caller).visits(of: uscc).map {
            VisitRow(
                visitedOn: $0.visitedOn, visitors: $0.visitors, notes: $0.notes, requests: $0.requests,
                planned: ($0.plannedOn ?? "") >= SimpleDate.today().description)
        }
        let content = Content(
            enterprise: uscc, enterpriseName: detail.record.draft.name, today: SimpleDate.today().description,
            slots: (1...3).map { i in
                DemandSlot(
                    index: i, categories: RequestCategory.allCases.map { .init(value: $0.rawValue, label: $0.nameZh, selected: false) })
            },
            visits: visits, error: error?.message, message: message)
        let response = try await req.render("service/visit", title: req.texts["recordVisit"], nav: "requests", content)
        if let error { response.status = error.status }
        return response
    }

    func form(req: Request) async throws -> Response {
        try await render(req, uscc: (req.queryValue("enterprise") ?? "").uppercased())
    }

    func save(req: Request) async throws -> Response {
        // A form that cannot be read is an empty one: each missing field is then reported.
        let raw = (try? req.content.decode([String: String].self)) ?? [:]
        let uscc = (raw["enterprise"] ?? "").uppercased()
        guard let detail = try await EnterpriseQueries(db: req.sql).detail(uscc) else { throw DomainError.notFound("企业") }
        try await req.require(
            .create, .visit(enterprise: uscc, district: detail.record.draft.district, chains: Set(detail.memberships.map(\.chain))))
        var demands: [RequestInput] = []
        for i in 1...3 {
            let title = (raw["title\(i)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let text = (raw["description\(i)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !title.isEmpty || !text.isEmpty else { continue }
            demands.append(
                RequestInput(
                    enterprise: uscc, category: RequestCategory(rawValue: raw["category\(i)"] ?? "") ?? .other,
                    title: title, description: text, urgency: raw["urgent\(i)"] == "on" ? .urgent : .normal))
        }
        do {
            guard let day = SimpleDate(iso: raw["visitedOn"] ?? ""), (1949...2100).contains(day.year) else {
                throw DomainError.invalid("visitedOn", "走访日期格式应为 YYYY-MM-DD")
            }
            let visitors = raw["visitors"] ?? ""
            guard visitors.unicodeScalars.count <= 200, (raw["notes"] ?? "").unicodeScalars.count <= 4000 else {
                throw DomainError.invalid("notes", "走访人员不超过200字，记录不超过4000字")
            }
            let id = try await EnterpriseCare(db: req.sql, caller: req.caller).recordVisit(
                enterprise: uscc, visitedOn: day, visitors: visitors, notes: raw["notes"] ?? "", demands: demands,
                plannedOn: raw["planned"] == "on" ? day : nil)
            let filed = try await EnterpriseCare(db: req.sql, caller: req.caller).visit(id).requests.count
            return try await render(req, uscc: uscc, message: String(format: req.texts["visitRecorded"], filed))
        } catch let e as DomainError where e.status != .forbidden {
            return try await render(req, uscc: uscc, error: e)
        }
    }
}
