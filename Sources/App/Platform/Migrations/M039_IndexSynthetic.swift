import Fluent
import SQLKit

/// Every page and the health check ask whether demo data are loaded (the banner): an index
/// answers without reading a million enterprises.
struct M039_IndexSynthetic: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.create(index: "idx_enterprises_synthetic").on("enterprises").column("synthetic").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_enterprises_synthetic").run()
    }
}
