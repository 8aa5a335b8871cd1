import Fluent
import SQLKit

/// Innovation consortia (创新联合体, Policy L1, G4): led by a firm, with member firms or
/// institutions; G4 counts the city-level ones approved in a year.
struct M043_CreateConsortia: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("consortia")
            .field("id", .int64, .identifier(auto: true))
            .field("name", .string, .required)
            .field("lead_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("type", .string, .required)  // ecosystem | task | platform
            .field("level", .string, .required)  // national | provincial | city
            .field("approved_on", .string, .required)
            .field("approved_year", .int, .required)
            .field("chains", .string, .required)  // codes, comma-separated
            .field("projects", .string)
            .field("outcomes", .string)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_consortia_level_year").on("consortia").column("level").column("approved_year").run()
        try await db.sql.create(index: "idx_consortia_lead").on("consortia").column("lead_uscc").run()
        try await db.schema("consortium_members")
            .field("consortium_id", .int64, .required, .references("consortia", "id", onDelete: .cascade))
            .field("enterprise_uscc", .string, .references("enterprises", "uscc"))
            .field("institution", .string)
            .field("role", .string, .required)
            .create()
        try await db.sql.create(index: "idx_consortium_members").on("consortium_members").column("consortium_id").run()
        try await db.sql.create(index: "idx_consortium_members_firm").on("consortium_members").column("enterprise_uscc").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("consortium_members").delete()
        try await db.schema("consortia").delete()
    }
}
