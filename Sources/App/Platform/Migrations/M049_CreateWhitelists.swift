import Fluent
import SQLKit

/// Financing whitelists (融资白名单, Policy S5), one per quarter: derived as a draft, confirmed
/// item by item with reasons, published to banks. Dishonesty flags are violations of a
/// dishonesty kind (`Whitelists.dishonestKinds`), not a table of their own.
struct M049_CreateWhitelists: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("whitelists")
            .field("quarter", .string, .identifier(auto: false))
            .field("data_year", .int, .required)
            .field("status", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("published_by", .string)
            .field("published_at", .datetime)
            .create()
        try await db.schema("whitelist_items")
            .field("quarter", .string, .required, .references("whitelists", "quarter"))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("basis", .string, .required)
            .field("of_leaders", .string, .required)
            .field("share", .double)
            .field("amount", .int64)
            .field("excluded_rule", .string)
            .field("excluded_reason", .string)
            .field("included", .bool, .required)
            .field("decision_reason", .string)
            .field("decided_by", .string)
            .unique(on: "quarter", "enterprise_uscc")
            .create()
        try await db.sql.create(index: "idx_whitelist_items_enterprise").on("whitelist_items").column("enterprise_uscc").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("whitelist_items").delete()
        try await db.schema("whitelists").delete()
    }
}
