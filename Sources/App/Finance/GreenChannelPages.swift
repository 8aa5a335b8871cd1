import ChainLeadCore
import Foundation
import Vapor

/// The green channel as a page (Policy S5), `/green-channel`: each project with its steps, late
/// ones flagged with their working days, a department's "done" button on its own steps, an
/// official's form to add a step, and the quota requests with their decisions.
struct GreenChannelPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("green-channel", use: show)
        routes.post("green-channel", "projects", ":id", "steps", use: addStep)
        routes.post("green-channel", "steps", ":id", "done", use: complete)
        routes.post("green-channel", "projects", ":id", "quotas", use: requestQuota)
        routes.post("green-channel", "quotas", ":id", "decision", use: decideQuota)
    }

    struct StepRow: Encodable, Sendable {
        var id: Int64
        var cells: [String]
        var overdue: Int
        var done: Bool
        var canComplete: Bool
    }

    struct ProjectBlock: Encodable, Sendable {
        var id: Int64
        var title: String
        var facts: String
        var fastTrack: Bool
        var overdueSteps: Int
        var steps: [StepRow]
        var quotas: [QuotaRow]
    }

    struct QuotaRow: Encodable, Sendable {
        var id: Int64
        var cells: [String]
        var canDecide: Bool
    }

    struct Option: Encodable, Sendable {
        var value: String
        var label: String
    }

    struct Content: Encodable, Sendable {
        var projects: [ProjectBlock]
        var canAdd: Bool
        var phases: [Option]
        var departments: [String]
        var overdueOnly: Bool
        var error: String?
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, overdueOnly: (try? req.query.get(Bool.self, at: "overdue")) ?? false)
    }

    func render(_ req: Request, overdueOnly: Bool = false, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .finance(.greenChannel))
        let t = req.texts
        let grants = req.caller.grants
        let list = try await GreenChannelSteps(db: req.sql, caller: req.caller).list(overdueOnly: overdueOnly)
        let content = Content(
            projects: list.map { g in
                let p = g.project
                return ProjectBlock(
                    id: p.id, title: p.name,
                    facts: [
                        p.enterpriseName ?? p.investor ?? "", p.segmentName ?? "", p.amount.map { "\(Display.wan(Double($0)))万元" } ?? "",
                        ProjectStage(rawValue: p.stage)?.nameZh ?? p.stage,
                    ].filter { !$0.isEmpty }.joined(separator: " · "),
                    fastTrack: g.fastTrack, overdueSteps: g.overdueSteps,
                    steps: g.steps.map { s in
                        StepRow(
                            id: s.id,
                            cells: [
                                GreenChannelPhase(rawValue: s.phase)?.nameZh ?? s.phase, s.name, s.department ?? "—", s.targetDate,
                                s.doneDate ?? "—",
                            ], overdue: s.overdueWorkingDays, done: s.doneDate != nil,
                            canComplete: s.doneDate == nil
                                && Policy.decide(
                                    grants, .update, .finance(s.department.map { .departmentStep(department: $0) } ?? .greenChannel)
                                ).allowed)
                    },
                    quotas: g.quotas.map { q in
                        QuotaRow(
                            id: q.id,
                            cells: [
                                QuotaKind(rawValue: q.kind)?.nameZh ?? q.kind, "\(Display.grouped(q.asked, decimals: 1))\(q.unit)",
                                q.granted.map { "\(Display.grouped($0, decimals: 1))\(q.unit)" } ?? "—", q.department,
                                QuotaStatus(rawValue: q.status)?.nameZh ?? q.status,
                            ],
                            canDecide: q.status == QuotaStatus.submitted.rawValue
                                && Policy.decide(grants, .update, .finance(.departmentStep(department: q.department))).allowed)
                    })
            },
            canAdd: Policy.decide(grants, .update, .finance(.greenChannel)).allowed,
            phases: GreenChannelPhase.allCases.map { Option(value: $0.rawValue, label: $0.nameZh) }, departments: Department.all,
            overdueOnly: overdueOnly, error: error?.message)
        let response = try await req.render("finance/green-channel", title: t["greenChannelTitle"], nav: "green-channel", content)
        if let error { response.status = error.status }
        return response
    }

    struct StepForm: Decodable {
        var phase: String?
        var name: String?
        var department: String?
        var targetDate: String?
    }

    func addStep(req: Request) async throws -> Response {
        try await req.require(.update, .finance(.greenChannel))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(StepForm.self)
        do {
            guard let phase = GreenChannelPhase(rawValue: form.phase ?? "") else { throw DomainError.invalid("phase", "请选择阶段") }
            let step = try await GreenChannelSteps(db: req.sql, caller: req.caller).addStep(
                project: id, phase: phase, name: form.name ?? "", department: form.department, target: form.targetDate ?? "")
            return req.redirect(to: "/green-channel#step-\(step.id)")
        } catch let e as DomainError where e.status != .forbidden {
            return try await render(req, error: e)
        }
    }

    func complete(req: Request) async throws -> Response {
        try await req.require(.read, .finance(.greenChannel))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        do {
            _ = try await GreenChannelSteps(db: req.sql, caller: req.caller).complete(step: id, on: nil)
            return req.redirect(to: "/green-channel#step-\(id)")
        } catch let e as DomainError where e.status != .forbidden {
            return try await render(req, error: e)
        }
    }

    struct QuotaForm: Decodable {
        var kind: String?
        var asked: String?
        var department: String?
        var status: String?
        var granted: String?
        var note: String?
    }

    static func number(_ text: String?, _ field: String) throws -> Double? {
        guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
        guard let v = Double(t), v.isFinite else { throw DomainError.invalid(field, "应为数字") }
        return v
    }

    func requestQuota(req: Request) async throws -> Response {
        try await req.require(.update, .finance(.greenChannel))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(QuotaForm.self)
        do {
            guard let kind = QuotaKind(rawValue: form.kind ?? "") else { throw DomainError.invalid("kind", "请选择指标类型") }
            guard let asked = try Self.number(form.asked, "asked") else { throw DomainError.invalid("asked", "请填写申请数量") }
            let q = try await Quotas(db: req.sql, caller: req.caller).request(
                project: id, kind: kind, asked: asked, department: form.department ?? "")
            return req.redirect(to: "/green-channel#quota-\(q.id)")
        } catch let e as DomainError where e.status != .forbidden {
            return try await render(req, error: e)
        }
    }

    func decideQuota(req: Request) async throws -> Response {
        try await req.require(.read, .finance(.greenChannel))
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(QuotaForm.self)
        do {
            guard let status = QuotaStatus(rawValue: form.status ?? ""), status != .submitted else {
                throw DomainError.invalid("status", "请选择决定")
            }
            _ = try await Quotas(db: req.sql, caller: req.caller).decide(
                id, status: status, granted: try Self.number(form.granted, "granted"), note: form.note)
            return req.redirect(to: "/green-channel#quota-\(id)")
        } catch let e as DomainError where e.status != .forbidden {
            return try await render(req, error: e)
        }
    }
}
