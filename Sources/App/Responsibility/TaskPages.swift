import ChainLeadCore
import Foundation
import OfficeFormats
import Vapor

/// The responsibility matrix as a page (Policy S1–S7), `/tasks?quarter=`: clauses × departments
/// coloured by each department's reported status (missing past the due day: overdue), a
/// department's report form for its own cells, and the matrix as `.xlsx`.
struct TaskPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tasks", use: show)
        routes.get("tasks.xlsx", use: workbook)
        routes.post("tasks", "reports", use: report)
    }

    struct Cell: Encodable, Sendable {
        var id: String
        var css: String
        var label: String
        var title: String
    }

    struct Row: Encodable, Sendable {
        var clause: String
        var title: String
        var cells: [Cell]
    }

    struct Option: Encodable, Sendable {
        var value: String
        var label: String
    }

    struct Content: Encodable, Sendable {
        var quarter: String
        var due: String
        var departments: [String]
        var rows: [Row]
        var myDepartment: String?
        var myClauses: [Option]
        /// For a city official, who reports on a department's behalf: every clause × department.
        var anyPairs: [Option]
        var statuses: [Option]
        var error: String?
    }

    func quarter(_ req: Request) throws -> Quarter {
        if let text = req.queryValue("quarter", as: String.self), let q = Quarter(text) { return q }
        return try APIHandler.currentQuarter()
    }

    @Sendable func show(req: Request) async throws -> Response { try await render(req, quarter: try quarter(req)) }

    func render(_ req: Request, quarter: Quarter, error: DomainError? = nil) async throws -> Response {
        let t = req.texts
        let matrix = try await TaskReports(db: req.sql, caller: req.caller).matrix(quarter)
        let departments = PolicyTasks.departments
        let mine = req.caller.grants.compactMap { g -> String? in if case .department(let d, _) = g.scope { d } else { nil } }.first
        let content = Content(
            quarter: matrix.quarter, due: matrix.due, departments: departments,
            rows: matrix.tasks.map { task in
                Row(
                    clause: task.clause, title: task.title,
                    cells: departments.map { d in
                        guard let c = task.departments.first(where: { $0.department == d }) else {
                            return Cell(id: "", css: "none", label: "", title: "")
                        }
                        let status = c.status.flatMap(TaskStatus.init(rawValue:))
                        return Cell(
                            id: "cell-\(task.clause)-\(departments.firstIndex(of: d) ?? 0)",
                            css: c.overdue ? "overdue" : (status?.rawValue ?? "missing"),
                            label: c.overdue ? t["taskOverdue"] : (status?.nameZh ?? t["taskMissing"]), title: c.progress ?? "")
                    })
            },
            myDepartment: mine,
            myClauses: PolicyTasks.all.filter { t in mine.map { t.departments.contains($0) } ?? false }.map {
                Option(value: $0.clause, label: "\($0.clause) \($0.title)")
            },
            anyPairs: mine == nil && Policy.decide(req.caller.grants, .create, .tasks(.report(department: ""))).allowed
                ? PolicyTasks.all.flatMap { task in
                    task.departments.map { Option(value: "\(task.clause)|\($0)", label: "\(task.clause) \(task.title) · \($0)") }
                } : [],
            statuses: TaskStatus.allCases.map { Option(value: $0.rawValue, label: $0.nameZh) }, error: error?.message)
        let response = try await req.render("tasks/tasks", title: t["tasksTitle"], nav: "tasks", content)
        if let error { response.status = error.status }
        return response
    }

    struct Form: Decodable {
        var clause: String?
        var department: String?
        var quarter: String?
        var status: String?
        var progress: String?
        /// "S2|市工业和信息化局": a clause and a department in one choice (the official's form).
        var pair: String?
    }

    func report(req: Request) async throws -> Response {
        try await req.require(.read, .tasks(.matrix))
        var form = try req.content.decode(Form.self)
        if let pair = form.pair, let bar = pair.firstIndex(of: "|") {
            form.clause = String(pair[..<bar])
            form.department = String(pair[pair.index(after: bar)...])
        }
        let clause = form.clause ?? ""
        let q = try form.quarter.flatMap(Quarter.init) ?? APIHandler.currentQuarter()
        // A department reports for itself; a city official names the department.
        let own = req.caller.grants.compactMap { g -> String? in if case .department(let d, _) = g.scope { d } else { nil } }.first
        let department = own ?? (form.department ?? "").trimmingCharacters(in: .whitespaces)
        try await req.require(.create, .tasks(.report(department: department)))
        do {
            guard let status = TaskStatus(rawValue: form.status ?? "") else { throw DomainError.invalid("status", "请选择进展状态") }
            _ = try await TaskReports(db: req.sql, caller: req.caller).report(
                clause: clause, department: department, quarter: q, status: status, progress: form.progress ?? "")
            return req.redirect(to: "/tasks?quarter=\(q.description)#row-\(clause)")
        } catch let e as DomainError where e.status != .forbidden && e.status != .notFound {
            return try await render(req, quarter: q, error: e)
        }
    }

    func workbook(req: Request) async throws -> Response {
        let q = try quarter(req)
        let matrix = try await TaskReports(db: req.sql, caller: req.caller).matrix(q)
        var rows: [[XLSXValue]] = []
        for task in matrix.tasks {
            for c in task.departments {
                rows.append([
                    .text(task.clause), .text(task.title), .text(c.department),
                    .text(c.overdue ? "逾期未报" : (c.status.flatMap(TaskStatus.init(rawValue:))?.nameZh ?? "未报送")), .text(c.progress ?? ""),
                ])
            }
        }
        let data = try XLSXWriter.write(
            sheetName: "\(matrix.quarter)责任分工", header: ["条款", "任务", "责任单位", "进展状态", "进展情况"], rows: rows,
            columnWidths: [6, 16, 30, 12, 60], stamp: ExportStamp(req.caller))
        return try NoticePages().download(
            data, name: "tasks-\(matrix.quarter).xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }
}
