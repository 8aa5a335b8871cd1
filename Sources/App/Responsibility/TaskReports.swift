import ChainLeadCore
import Foundation
import SQLKit

struct TaskCellView: Sendable, Codable {
    var department: String
    var status: String?
    var progress: String?
    var reportedAt: Date?
    /// The quarter's report is past its due day and missing.
    var overdue: Bool
}

struct TaskRowView: Sendable, Codable {
    var clause: String
    var title: String
    var localGovernments: Bool
    var departments: [TaskCellView]
}

struct TaskMatrixView: Sendable, Codable {
    var quarter: String
    var due: String
    var tasks: [TaskRowView]
}

/// The responsibility matrix (Policy S1–S7): the clauses and their departments from Core's
/// `PolicyTasks`, each department's report for the quarter from one query.
struct TaskReports {
    let db: any SQLDatabase
    let caller: Caller

    /// A department's report for a clause and quarter; reporting again replaces it (audited).
    func report(clause: String, department: String, quarter: Quarter, status: TaskStatus, progress: String) async throws -> TaskCellView {
        guard let task = PolicyTasks.task(clause) else { throw DomainError.notFound("条款 \(clause)", field: "clause") }
        try await Access.require(.create, .tasks(.report(department: department)), caller: caller, db: db)
        guard task.departments.contains(department) else {
            throw DomainError.invalid("department", "\(clause)“\(task.title)”未列出\(department.prefix(30))为责任单位")
        }
        let text = progress.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.unicodeScalars.count <= 2000 else { throw DomainError.invalid("progress", "请填写进展（不超过2000字）") }
        let q = quarter.description
        let caller = self.caller
        try await db.withTransaction { tx in
            let before = try await tx.raw(
                "SELECT status FROM task_reports WHERE clause = \(bind: clause) AND department = \(bind: department) AND quarter = \(bind: q)"
            ).first(decodingColumn: "status", as: String.self)
            try await tx.raw(
                """
                INSERT INTO task_reports (clause, department, quarter, status, progress, reported_by, reported_at)
                VALUES (\(bind: clause), \(bind: department), \(bind: q), \(bind: status.rawValue), \(bind: text), \(bind: caller.username ?? "system"),
                  \(bind: Date.nowSeconds()))
                ON CONFLICT (clause, department, quarter) DO UPDATE SET status = excluded.status, progress = excluded.progress,
                  reported_by = excluded.reported_by, reported_at = excluded.reported_at
                """
            ).run()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "task_report", key: "\(clause)/\(department)/\(q)", action: before == nil ? "create" : "update",
                changes: ["status": .init(from: before, to: status.rawValue)])
        }
        guard
            let cell = try await matrix(quarter).tasks.first(where: { $0.clause == clause })?.departments.first(where: {
                $0.department == department
            })
        else { throw DomainError.internal }
        return cell
    }

    func matrix(_ quarter: Quarter) async throws -> TaskMatrixView {
        try await Access.require(.read, .tasks(.matrix), caller: caller, db: db)
        let q = quarter.description
        struct Row: Decodable {
            var clause: String
            var department: String
            var status: String
            var progress: String
            var reportedAt: Date
        }
        var reports: [String: Row] = [:]
        for r in try await db.raw(
            "SELECT clause, department, status, progress, reported_at FROM task_reports WHERE quarter = \(bind: q)"
        ).rows(Row.self) {
            reports[r.clause + "|" + r.department] = r
        }
        let calendar = try await ServiceSettings(db: db).calendar()
        let due = PolicyTasks.due(year: quarter.year, quarter: quarter.quarter, calendar: calendar)
        let late = due.map { SimpleDate.today() > $0 } ?? false
        return TaskMatrixView(
            quarter: q, due: due?.description ?? "",
            tasks: PolicyTasks.all.map { t in
                TaskRowView(
                    clause: t.clause, title: t.title, localGovernments: t.localGovernments,
                    departments: t.departments.map { d in
                        let r = reports[t.clause + "|" + d]
                        return TaskCellView(
                            department: d, status: r?.status, progress: r?.progress, reportedAt: r?.reportedAt, overdue: r == nil && late)
                    })
            })
    }
}
