import Fluent
import SQLKit

/// A lead's follow-up log, and the indexes its workbench reads by (Policy L2): each contact, visit or talk, who held it, what came of it and the next step.
struct M057_CreateLeadEvents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("lead_events")
            .field("id", .int64, .identifier(auto: true))
            .field("lead_id", .int64, .required, .references("leads", "id", onDelete: .cascade))
            .field("happened_on", .string, .required)  // yyyy-MM-dd
            .field("what", .string, .required)
            .field("next_step", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_lead_events_lead").on("lead_events").column("lead_id").column("happened_on").run()
        try await db.sql.create(index: "idx_leads_owner").on("leads").column("owner").run()
        // A supplier's page and a lead's start read one supplier's links.
        try await db.sql.create(index: "idx_supply_links_supplier_key").on("supply_links").column("supplier_key").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_supply_links_supplier_key").run()
        try await db.sql.drop(index: "idx_leads_owner").run()
        try await db.schema("lead_events").delete()
    }
}
