import Fluent

/// Append-only audit trail: who changed what, when, from where, with before/after values.
struct M011_CreateAuditEntries: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_entries")
            .field("id", .int64, .identifier(auto: true))
            .field("at", .datetime, .required)
            .field("username", .string)
            .field("client_ip", .string)
            .field("entity", .string, .required)
            .field("entity_key", .string, .required)
            .field("action", .string, .required)
            .field("changes", .string, .required)  // JSON {"field": {"from": …, "to": …}}
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("audit_entries").delete() }
}
