import Fluent

/// Accounts created on the pages must change their password at first login; personal
/// tokens carry a name. (SQLite adds one column per ALTER, hence one update each.)
struct M019_AccountLifecycle: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").field("must_change_password", .bool, .required, .sql(.default(false))).update()
        try await db.schema("users").field("password_changed_at", .datetime).update()
        try await db.schema("api_tokens").field("name", .string).update()
        try await db.schema("api_tokens").field("personal", .bool, .required, .sql(.default(false))).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("api_tokens").deleteField("personal").update()
        try await db.schema("api_tokens").deleteField("name").update()
        try await db.schema("users").deleteField("password_changed_at").update()
        try await db.schema("users").deleteField("must_change_password").update()
    }
}
