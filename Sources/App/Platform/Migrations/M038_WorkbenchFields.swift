import Fluent
import SQLKit

/// The workbench (工作台): an account's unit (单位) shown beside its name, and the request
/// counts by status and the auditor's recent entries, read without a scan.
struct M038_WorkbenchFields: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").field("unit", .string).update()
        try await db.sql.create(index: "idx_requests_status").on("requests").column("status").column("answer_by").run()
        try await db.sql.create(index: "idx_audit_at").on("audit_entries").column("at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_audit_at").run()
        try await db.sql.drop(index: "idx_requests_status").run()
        try await db.schema("users").deleteField("unit").update()
    }
}
