import ChainLeadCore
import Foundation
import SQLKit

struct ProjectStepView: Sendable, Codable {
    var id: Int64
    var project: Int64
    var phase: String
    var name: String
    var department: String?
    var targetDate: String
    var doneDate: String?
    /// Working days past its target on the working calendar (0 when on time).
    var overdueWorkingDays: Int
}

struct GreenChannelProjectView: Sendable, Codable {
    var project: ProjectView
    var fastTrack: Bool
    var steps: [ProjectStepView]
    var overdueSteps: Int
    var quotas: [QuotaView]
}

/// The green channel for major and key-node projects (Policy S5): a project's steps through
/// planning, approvals, construction and operation, each with a target date and the department
/// that owns it, late by working days on the city's calendar; its quota requests alongside.
struct GreenChannelSteps {
    let db: any SQLDatabase
    let caller: Caller

    /// Puts a project on the green channel (or changes its fast-track flag).
    func enrol(project id: Int64, fastTrack: Bool) async throws -> GreenChannelProjectView {
        try await Access.require(.update, .finance(.greenChannel), caller: caller, db: db)
        let caller = self.caller
        try await db.withTransaction { tx in
            let changed = try await tx.raw(
                "UPDATE projects SET green_channel = \(bind: true), fast_track = \(bind: fastTrack) WHERE id = \(bind: id) RETURNING id"
            ).all()
            guard !changed.isEmpty else { throw DomainError.notFound("项目 \(id)", field: "id") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "project", key: String(id), action: "update", extra: ["greenChannel": "true", "fastTrack": "\(fastTrack)"])
        }
        return try await find(id)
    }

    func addStep(project id: Int64, phase: GreenChannelPhase, name: String, department: String?, target: String) async throws
        -> ProjectStepView
    {
        try await Access.require(.update, .finance(.greenChannel), caller: caller, db: db)
        let title = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.unicodeScalars.count <= 100 else { throw DomainError.invalid("name", "请填写节点名称（不超过100字）") }
        guard let date = SimpleDate(iso: target), (2000...2100).contains(date.year) else {
            throw DomainError.invalid("targetDate", "目标日期应写作 2026-12-31（2000至2100年）")
        }
        let dept = department?.trimmingCharacters(in: .whitespaces).nilIfBlank
        if let dept {
            guard try await ServiceSettings(db: db).knows(department: dept) else {
                throw DomainError.invalid("department", "部门“\(dept.prefix(30))”不在交办规则的部门名单中")
            }
        }
        let project = try await find(id)
        guard project.project.greenChannel else { throw DomainError.invalid("project", "该项目未列入绿色通道，请先列入", code: "not_green_channel") }
        let caller = self.caller
        let stepID = try await db.withTransaction { tx -> Int64 in
            guard
                let sid = try await tx.raw(
                    """
                    INSERT INTO project_steps (project_id, phase, name, department, target_date, created_by, created_at)
                    VALUES (\(bind: id), \(bind: phase.rawValue), \(bind: title), \(bind: dept), \(bind: date.description),
                      \(bind: caller.username ?? "system"), \(bind: Date.nowSeconds()))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "project_step", key: String(sid), action: "step",
                extra: ["project": String(id), "phase": phase.rawValue, "targetDate": date.description, "department": dept ?? ""])
            return sid
        }
        guard let step = try await find(id).steps.first(where: { $0.id == stepID }) else { throw DomainError.internal }
        return step
    }

    /// Marks a step done: its department or a city official; one conditional write, 409 when done.
    func complete(step id: Int64, on text: String?) async throws -> ProjectStepView {
        try await Access.require(.read, .finance(.greenChannel), caller: caller, db: db)
        guard
            let row = try await db.raw("SELECT project_id, department FROM project_steps WHERE id = \(bind: id)").first()
        else { throw DomainError.notFound("节点 \(id)", field: "id") }
        let project = try row.decode(column: "project_id", as: Int64.self)
        let department = try row.decode(column: "department", as: String?.self)
        let owner: FinanceResource = department.map { .departmentStep(department: $0) } ?? .greenChannel
        try await Access.require(.update, .finance(owner), caller: caller, db: db)
        let day: SimpleDate
        if let text = text?.nilIfBlank {
            guard let d = SimpleDate(iso: text), d.year >= 2000 else { throw DomainError.invalid("date", "办结日期应写作 2026-12-31") }
            guard d <= SimpleDate.today() else { throw DomainError.invalid("date", "办结日期不能晚于今天") }
            day = d
        } else {
            day = SimpleDate.today()
        }
        let caller = self.caller
        try await db.withTransaction { tx in
            let done = try await tx.raw(
                "UPDATE project_steps SET done_date = \(bind: day.description) WHERE id = \(bind: id) AND done_date IS NULL RETURNING id"
            ).all()
            guard !done.isEmpty else { throw DomainError(.conflict, "done", "该节点已办结", field: "id") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "project_step", key: String(id), action: "step_done", extra: ["doneDate": day.description])
        }
        guard let step = try await find(project).steps.first(where: { $0.id == id }) else { throw DomainError.internal }
        return step
    }

    func find(_ id: Int64) async throws -> GreenChannelProjectView {
        guard let p = try await list(id: id, onlyGreen: false).first else { throw DomainError.notFound("项目 \(id)", field: "id") }
        return p
    }

    /// Green-channel projects with their steps and quotas: one query each, the lateness in Swift.
    func list(id: Int64? = nil, chain: String? = nil, overdueOnly: Bool = false, onlyGreen: Bool = true, limit: Int = 500) async throws
        -> [GreenChannelProjectView]
    {
        try await Access.require(.read, .finance(.greenChannel), caller: caller, db: db)
        var filter: SQLQueryString = onlyGreen ? "p.green_channel = \(bind: true)" : "1 = 1"
        if let id { filter = filter + " AND p.id = \(bind: id)" }
        if let chain { filter = filter + " AND p.chain_code = \(bind: chain)" }
        var projects: [ProjectView] = []
        var fast = Set<Int64>()
        for r in try await db.raw(
            """
            SELECT \(Projects.columns), p.fast_track FROM \(Projects.from) WHERE \(filter)
            ORDER BY p.year DESC, p.id DESC LIMIT \(bind: limit)
            """
        ).all() {
            let p = try r.decode(model: ProjectView.self, keyDecodingStrategy: SnakeColumns.strategy)
            if try r.decode(column: "fast_track", as: Bool.self) { fast.insert(p.id) }
            projects.append(p)
        }
        guard !projects.isEmpty else { return [] }
        let ids = projects.map(\.id)
        struct StepRow: Decodable {
            var id: Int64
            var projectId: Int64
            var phase: String
            var name: String
            var department: String?
            var targetDate: String
            var doneDate: String?
        }
        let calendar = try await ServiceSettings(db: db).calendar()
        let today = SimpleDate.today()
        let order = Dictionary(uniqueKeysWithValues: GreenChannelPhase.allCases.enumerated().map { ($1.rawValue, $0) })
        var steps: [Int64: [ProjectStepView]] = [:]
        for s in try await db.raw(
            """
            SELECT id, project_id, phase, name, department, target_date, done_date FROM project_steps
            WHERE project_id IN \(SQLBind.group(ids)) ORDER BY target_date, id
            """
        ).rows(StepRow.self) {
            let late = SimpleDate(iso: s.targetDate).map {
                GreenChannel.overdue(target: $0, done: s.doneDate.flatMap(SimpleDate.init(iso:)), today: today, calendar: calendar)
            }
            steps[s.projectId, default: []].append(
                ProjectStepView(
                    id: s.id, project: s.projectId, phase: s.phase, name: s.name, department: s.department, targetDate: s.targetDate,
                    doneDate: s.doneDate, overdueWorkingDays: late ?? 0))
        }
        let quotas = try await Quotas(db: db, caller: caller).list(projects: ids)
        let out = projects.map { p in
            let mine = (steps[p.id] ?? []).sorted { (order[$0.phase] ?? 9, $0.targetDate) < (order[$1.phase] ?? 9, $1.targetDate) }
            return GreenChannelProjectView(
                project: p, fastTrack: fast.contains(p.id), steps: mine,
                overdueSteps: mine.filter { $0.doneDate == nil && $0.overdueWorkingDays > 0 }.count, quotas: quotas[p.id] ?? [])
        }
        return overdueOnly ? out.filter { $0.overdueSteps > 0 } : out
    }
}
