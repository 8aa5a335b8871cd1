import Fluent
import SQLKit

/// The enterprise import that last wrote a firm (issue 20): the import's result page links to the
/// firms it added or changed (`/enterprises?import=…`).
struct M059_EnterpriseImportBatch: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("enterprises").field("import_batch", .string).update()
        try await db.sql.create(index: "idx_enterprises_import_batch").on("enterprises").column("import_batch").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_enterprises_import_batch").run()
        try await db.schema("enterprises").deleteField("import_batch").update()
    }
}
