import Fluent
import SQLKit

/// Promotion and matchmaking events (供需对接会、产品推介会, Policy L1, L3): the event, the firms
/// invited (by chain, segment and tier) and those registered. Demands published and matches
/// started at an event carry its id (`demands.event_id`, `matches.event_id`, from M046).
struct M048_CreateEvents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("events")
            .field("id", .int64, .identifier(auto: true))
            .field("title", .string, .required)
            .field("chains", .string, .required)
            .field("held_on", .string, .required)
            .field("place", .string, .required)
            .field("host", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("event_firms")
            .field("event_id", .int64, .required, .references("events", "id"))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("invited_at", .datetime)
            .field("registered_at", .datetime)
            .unique(on: "event_id", "enterprise_uscc")
            .create()
        try await db.sql.create(index: "idx_matches_event").on("matches").column("event_id").run()
        try await db.sql.create(index: "idx_demands_event").on("demands").column("event_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_demands_event").run()
        try await db.sql.drop(index: "idx_matches_event").run()
        try await db.schema("event_firms").delete()
        try await db.schema("events").delete()
    }
}
