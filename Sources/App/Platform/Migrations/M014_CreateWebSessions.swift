import Fluent

/// Browser sessions, in the database so several app instances share them.
struct M014_CreateWebSessions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("web_sessions")
            .field("id_hash", .string, .identifier(auto: false))  // SHA-256 of the cookie value
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("web_sessions").delete() }
}
