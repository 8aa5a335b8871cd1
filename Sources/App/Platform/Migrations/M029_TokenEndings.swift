import Fluent

/// When a token was ended (revoked, a password changed, the account disabled): personal tokens
/// keep their row and are listed as ended.
struct M029_TokenEndings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("api_tokens").field("ended_at", .datetime).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("api_tokens").deleteField("ended_at").update()
    }
}
