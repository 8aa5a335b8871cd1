import Fluent

/// A counter on each account, raised by every change: a change is one conditional write on the
/// version it read, so of two racing changes one wins and the other answers 409.
struct M030_UserVersions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").field("version", .int64, .required, .sql(.default(0))).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("users").deleteField("version").update()
    }
}
