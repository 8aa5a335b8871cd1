import Fluent

/// The resolution queue: an outside supplier name that likely is a registered firm waits for
/// an official's yes or no; the answer is remembered so nobody decides the same pair twice.
struct M021_CreateSupplierMatches: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("supplier_matches")
            .field("id", .int64, .identifier(auto: true))
            .field("supplier_key", .string, .required)
            .field("supplier_name", .string, .required)
            .field("supplier_city", .string)
            .field("candidate_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "supplier_key", "candidate_uscc")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("supplier_matches").delete() }
}
