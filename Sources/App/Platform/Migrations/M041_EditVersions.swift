import Fluent
import SQLKit

/// Optimistic concurrency (`EditVersion`): what people edit carries a version. Campaigns and
/// users have one already.
struct M041_EditVersions: AsyncMigration {
    static let tables = ["enterprises", "figures", "leads", "routing_rules", "selection_schemes"]

    func prepare(on db: any Database) async throws {
        for table in Self.tables {
            try await db.schema(table).field("version", .int64, .required, .sql(.default(1))).update()
        }
    }

    func revert(on db: any Database) async throws {
        for table in Self.tables.reversed() { try await db.schema(table).deleteField("version").update() }
    }
}
