import Fluent

/// Investment-attraction leads in the pipeline (补链招商, Policy L2): one per outside supplier.
struct M022_CreateLeads: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("leads")
            .field("id", .int64, .identifier(auto: true))
            .field("supplier_key", .string, .required)
            .field("supplier_name", .string, .required)
            .field("supplier_city", .string)
            .field("stage", .string, .required)
            .field("owner", .string)
            .field("host_park", .string)
            .field("co_sponsor_uscc", .string, .references("enterprises", "uscc"))
            .field("notes", .string)
            .field("one_matter", .bool, .required)
            .field("dropped_reason", .string)
            .field("landed_uscc", .string, .references("enterprises", "uscc"))
            .field("landed_year", .int)
            .field("evidence", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "supplier_key")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("leads").delete() }
}
