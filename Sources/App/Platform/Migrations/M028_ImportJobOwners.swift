import Fluent

/// Which instance runs an import and when it last said so: an import whose instance died is
/// marked failed, and an instance never fails another live instance's import.
struct M028_ImportJobOwners: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("import_jobs").field("owner", .string).update()
        try await db.schema("import_jobs").field("heartbeat_at", .datetime).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("import_jobs").deleteField("heartbeat_at").update()
        try await db.schema("import_jobs").deleteField("owner").update()
    }
}
