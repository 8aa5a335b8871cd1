import Fluent

/// The roles a user holds, each with its scope (text form of ChainLeadCore's `Scope`).
struct M016_CreateUserGrants: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("user_grants")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("scope", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "role", "scope")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("user_grants").delete() }
}
