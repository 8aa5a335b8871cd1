import Fluent
import SQLKit

/// The newline-joined column, now in `request_co_departments`.
struct M032_DropRequestCoDepartmentsColumn: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.raw("ALTER TABLE requests DROP COLUMN co_departments").run()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("requests").field("co_departments", .string, .required, .sql(.default(""))).update()
    }
}
