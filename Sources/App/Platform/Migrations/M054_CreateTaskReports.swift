import Fluent
import SQLKit

/// Quarterly progress reports per clause of the policy and responsible department (Policy S1–S7).
struct M054_CreateTaskReports: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("task_reports")
            .field("id", .int64, .identifier(auto: true))
            .field("clause", .string, .required)
            .field("department", .string, .required)
            .field("quarter", .string, .required)
            .field("status", .string, .required)
            .field("progress", .string, .required)
            .field("reported_by", .string, .required)
            .field("reported_at", .datetime, .required)
            .unique(on: "clause", "department", "quarter")
            .create()
        try await db.sql.create(index: "idx_task_reports_quarter").on("task_reports").column("quarter").run()
    }

    func revert(on db: any Database) async throws { try await db.schema("task_reports").delete() }
}
