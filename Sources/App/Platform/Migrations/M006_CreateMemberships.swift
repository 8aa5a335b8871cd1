import Fluent

/// Enterprise ↔ segment, many-to-many; exactly one membership per enterprise is primary.
struct M006_CreateMemberships: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("memberships")
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc", onDelete: .cascade))
            .field("segment_code", .string, .required, .references("segments", "code"))
            .field("is_primary", .bool, .required)
            .unique(on: "enterprise_uscc", "segment_code")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("memberships").delete() }
}
