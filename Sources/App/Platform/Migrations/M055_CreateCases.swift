import Fluent
import SQLKit

/// Achievements and cases for the yearly case book, their pictures, and the "hundred chain
/// leaders" events and media coverage with the firms they feature (Policy S7).
struct M055_CreateCases: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("cases")
            .field("id", .int64, .identifier(auto: true))
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("chain_code", .string, .required, .references("chains", "code"))
            .field("category", .string, .required)
            .field("body", .string, .required)
            .field("key_figures", .string, .required)  // JSON [{label, value}]
            .field("status", .string, .required)
            .field("version", .int, .required)
            .field("review_note", .string)
            .field("submitted_by", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_cases_year_status").on("cases").column("year").column("status").run()
        try await db.sql.create(index: "idx_cases_enterprise").on("cases").column("enterprise_uscc").run()
        try await db.schema("case_pictures")
            .field("id", .int64, .identifier(auto: true))
            .field("case_id", .int64, .required, .references("cases", "id", onDelete: .cascade))
            .field("caption", .string, .required)
            .field("content_type", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("size", .int64, .required)
            .field("data", .data, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_case_pictures_case").on("case_pictures").column("case_id").run()
        try await db.schema("publicity")
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("date", .string, .required)
            .field("title", .string, .required)
            .field("link", .string)
            .field("note", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_publicity_date").on("publicity").column("date").run()
        try await db.schema("publicity_firms")
            .field("publicity_id", .int64, .required, .references("publicity", "id", onDelete: .cascade))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .unique(on: "publicity_id", "enterprise_uscc")
            .create()
        try await db.sql.create(index: "idx_publicity_firms_enterprise").on("publicity_firms").column("enterprise_uscc").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("publicity_firms").delete()
        try await db.schema("publicity").delete()
        try await db.schema("case_pictures").delete()
        try await db.schema("cases").delete()
    }
}
