import Fluent

struct M007_CreateTierChanges: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("tier_changes")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc", onDelete: .cascade))
            .field("tier", .string, .required)
            .field("previous_tier", .string)
            .field("changed_on", .string, .required)  // YYYY-MM-DD, Asia/Shanghai
            .field("reason", .string, .required)
            .field("changed_by", .string)
            .field("created_at", .datetime, .required)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("tier_changes").delete() }
}
