import Fluent
import SQLKit

/// A visit can be planned ahead (计划走访): its date, counted on the district's workbench.
struct M040_PlannedVisits: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("visits").field("planned_on", .string).update()
        try await db.sql.create(index: "idx_visits_planned").on("visits").column("planned_on").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_visits_planned").run()
        try await db.schema("visits").deleteField("planned_on").update()
    }
}
