import ChainLeadCore
import Foundation
import Vapor

/// Information security as a page (Policy S6), `/infosec`: figures per cluster, inspections
/// with their findings (late ones flagged in working days), an official's forms to record an
/// inspection, a finding and a re-test, and a firm's form to report a rectification.
struct InfosecPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("infosec", use: show)
        routes.post("infosec", "inspections", use: inspect)
        routes.post("infosec", "inspections", ":id", "findings", use: addFinding)
        routes.post("infosec", "findings", ":id", "rectification", use: rectify)
        routes.post("infosec", "findings", ":id", "retest", use: retest)
    }

    struct FindingRow: Encodable, Sendable {
        var id: Int64
        var cells: [String]
        var overdue: Int
        var canRectify: Bool
        var canRetest: Bool
    }

    struct Block: Encodable, Sendable {
        var id: Int64
        var title: String
        var findings: [FindingRow]
    }

    struct Content: Encodable, Sendable {
        var figures: [[String]]
        var inspections: [Block]
        var canRecord: Bool
        var today: String
        var overdueOnly: Bool
        var error: String?
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, overdueOnly: (try? req.query.get(Bool.self, at: "overdue")) ?? false)
    }

    func render(_ req: Request, overdueOnly: Bool = false, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .infosec(.records))
        let t = req.texts
        let grants = req.caller.grants
        let canRecord = Policy.decide(grants, .update, .infosec(.records)).allowed
        let list = try await InfosecRecords(db: req.sql, caller: req.caller).list(enterprise: nil, overdueOnly: overdueOnly)
        let figures = try await InfosecTrainings(db: req.sql, caller: req.caller).figures()
        let content = Content(
            figures: figures.map {
                [$0.name, "\($0.inspections)", "\($0.findings)", "\($0.critical)", "\($0.high)", "\($0.open)", "\($0.overdue)"]
            },
            inspections: list.map { i in
                Block(
                    id: i.id,
                    title: "\(i.enterpriseName) · \(InspectionKind(rawValue: i.kind)?.nameZh ?? i.kind) · \(i.organisation) · \(i.date)",
                    findings: i.findings.map { f in
                        FindingRow(
                            id: f.id,
                            cells: [
                                f.title, FindingSeverity(rawValue: f.severity)?.nameZh ?? f.severity, f.owner, f.deadline,
                                FindingStatus(rawValue: f.status)?.nameZh ?? f.status, f.rectification ?? "",
                            ], overdue: f.overdueWorkingDays,
                            canRectify: f.status == FindingStatus.open.rawValue
                                && Policy.decide(grants, .update, .infosec(.firm(enterprise: i.enterprise))).allowed,
                            canRetest: f.status == FindingStatus.rectified.rawValue && canRecord)
                    })
            }, canRecord: canRecord, today: SimpleDate.today().description, overdueOnly: overdueOnly, error: error?.message)
        let response = try await req.render("infosec/infosec", title: t["infosecTitle"], nav: "infosec", content)
        if let error { response.status = error.status }
        return response
    }

    func act(_ req: Request, _ body: () async throws -> String) async throws -> Response {
        do {
            return req.redirect(to: try await body())
        } catch let e as DomainError where e.status != .forbidden {
            return try await render(req, error: e)
        }
    }

    struct Form: Decodable {
        var enterprise: String?
        var kind: String?
        var organisation: String?
        var date: String?
        var title: String?
        var severity: String?
        var owner: String?
        var deadline: String?
        var rectification: String?
        var passed: String?
    }

    func inspect(req: Request) async throws -> Response {
        try await req.require(.create, .infosec(.records))
        let f = try req.content.decode(Form.self)
        return try await act(req) {
            guard let kind = InspectionKind(rawValue: f.kind ?? "") else { throw DomainError.invalid("kind", "请选择检查方式") }
            let i = try await InfosecRecords(db: req.sql, caller: req.caller).inspect(
                enterprise: (f.enterprise ?? "").trimmingCharacters(in: .whitespaces), kind: kind, organisation: f.organisation ?? "",
                date: f.date ?? "")
            return "/infosec#inspection-\(i.id)"
        }
    }

    func addFinding(req: Request) async throws -> Response {
        try await req.require(.update, .infosec(.records))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let f = try req.content.decode(Form.self)
        return try await act(req) {
            guard let severity = FindingSeverity(rawValue: f.severity ?? "") else { throw DomainError.invalid("severity", "请选择严重程度") }
            let made = try await InfosecRecords(db: req.sql, caller: req.caller).addFinding(
                inspection: id, title: f.title ?? "", severity: severity, owner: f.owner ?? "", deadline: f.deadline ?? "")
            return "/infosec#finding-\(made.id)"
        }
    }

    func rectify(req: Request) async throws -> Response {
        try await req.require(.read, .infosec(.records))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let f = try req.content.decode(Form.self)
        return try await act(req) {
            _ = try await InfosecRecords(db: req.sql, caller: req.caller).rectify(id, on: f.date ?? "", note: f.rectification ?? "")
            return "/infosec#finding-\(id)"
        }
    }

    func retest(req: Request) async throws -> Response {
        try await req.require(.update, .infosec(.records))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let f = try req.content.decode(Form.self)
        return try await act(req) {
            _ = try await InfosecRecords(db: req.sql, caller: req.caller).retest(id, passed: f.passed == "true", on: f.date ?? "")
            return "/infosec#finding-\(id)"
        }
    }
}
