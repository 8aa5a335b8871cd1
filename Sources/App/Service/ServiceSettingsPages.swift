import ChainLeadCore
import Vapor

/// The routing table and the working calendar as pages: everyone sees them, the system
/// administrator edits them (Policy S6).
struct ServiceSettingsPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("service-settings", use: show)
        routes.post("service-settings", "routing", ":category", use: saveRouting)
        routes.post("service-settings", "calendar", use: saveDay)
    }

    struct RuleRow: Encodable, Sendable {
        var category: String
        var label: String
        var lead: String
        var co: String
        var version: Int64
    }

    struct DayRow: Encodable, Sendable {
        var day: String
        var kind: String
        var name: String
    }

    struct Content: Encodable, Sendable {
        var rules: [RuleRow]
        var days: [DayRow]
        var departments: [String]
        var canEdit: Bool
        var message: String?
        var error: String?
    }

    func render(_ req: Request, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .serviceSettings)
        let settings = ServiceSettings(db: req.sql)
        let table = try await settings.routing()
        let versions = try await settings.routingVersions()
        let days = try await settings.days().map {
            DayRow(day: $0.day, kind: req.texts[$0.kind == "holiday" ? "holiday" : "makeUpDay"], name: $0.name ?? "")
        }
        let content = Content(
            rules: RequestCategory.allCases.map { c in
                let r = table.route(c)
                return RuleRow(
                    category: c.rawValue, label: c.nameZh, lead: r.lead, co: r.co.joined(separator: "、"), version: versions[c.rawValue] ?? 1
                )
            },
            days: days, departments: Department.all,
            canEdit: Policy.decide(req.webUser?.grants ?? [], .update, .serviceSettings).allowed,
            message: message ?? req.queryValue("imported").map { "\(req.texts["calendarImported"])\($0)" }, error: error?.message)
        let response = try await req.render("service/service_settings", title: req.texts["serviceSettings"], nav: "requests", content)
        if let error { response.status = error.status }
        return response
    }

    func show(req: Request) async throws -> Response { try await render(req) }

    struct RoutingForm: Decodable {
        var lead: String?
        var co: String?
        var version: String?
    }

    func saveRouting(req: Request) async throws -> Response {
        try await req.require(.update, .serviceSettings)
        guard let category = req.parameters.get("category").flatMap(RequestCategory.init(rawValue:)) else {
            throw DomainError.notFound("页面")
        }
        let form = try req.content.decode(RoutingForm.self)
        let lead = (form.lead ?? "").trimmingCharacters(in: .whitespaces)
        let co = (form.co ?? "").split(whereSeparator: { "、,，; ".contains($0) }).map(String.init).filter { !$0.isEmpty }
        do {
            try await ServiceSettings(db: req.sql).setRouting(
                category, lead: lead, co: co, caller: req.caller, expected: form.version.flatMap { Int64($0) })
        } catch var e as DomainError where e.kind == .stale {
            // Both sides in words: what is stored now, and what was sent.
            let now = try await ServiceSettings(db: req.sql).routing().route(category)
            func words(_ lead: String, _ co: [String]) -> String { "牵头 \(lead)" + (co.isEmpty ? "" : "，协办 " + co.joined(separator: "、")) }
            e.message += "现存：\(words(now.lead, now.co))；您提交：\(words(lead, co))。"
            return try await render(req, error: e)
        } catch let e as DomainError {
            return try await render(req, error: e)
        }
        return try await render(req, message: req.texts["saved"])
    }

    struct DayForm: Decodable {
        var day: String?
        var kind: String?
    }

    func saveDay(req: Request) async throws -> Response {
        try await req.require(.update, .serviceSettings)
        let form = try req.content.decode(DayForm.self)
        guard let day = form.day.flatMap(SimpleDate.init(iso:)) else {
            return try await render(req, error: .invalid("day", "日期格式应为 YYYY-MM-DD"))
        }
        do {
            try await ServiceSettings(db: req.sql).setDay(day, kind: form.kind ?? "normal", caller: req.caller)
        } catch let e as DomainError {
            return try await render(req, error: e)
        }
        return try await render(req, message: req.texts["saved"])
    }
}
