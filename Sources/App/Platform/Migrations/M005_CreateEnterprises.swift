import Fluent

struct M005_CreateEnterprises: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("enterprises")
            .field("uscc", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("short_name", .string)
            .field("former_names", .string, .required)  // newline-separated
            .field("search_text", .string, .required)  // lower-cased names and USCC, for substring search
            .field("district_code", .string, .required, .references("districts", "code"))
            .field("address", .string)
            .field("founded", .string)  // YYYY-MM-DD
            .field("ownership", .string)
            .field("contact_person", .string)
            .field("contact_phone", .string)
            .field("contact_email", .string)
            .field("status", .string, .required)
            .field("status_date", .string)
            .field("successor_uscc", .string)
            .field("tier", .string, .required)
            .field("uscc_override_reason", .string)
            .field("latest_year", .int)  // denormalised from figures for sorting
            .field("latest_output_value", .int64)
            .field("synthetic", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("enterprises").delete() }
}
