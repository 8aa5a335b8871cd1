import Fluent
import SQLKit

/// Open labs and testing platforms (Policy L1): what a chain leader shares, and the bookings
/// SMEs ask for. Completed bookings are counted per lab and per owner from `lab_bookings`.
struct M047_CreateLabs: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("labs")
            .field("id", .int64, .identifier(auto: true))
            .field("owner_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("capability", .string, .required)
            .field("standards", .string)
            .field("price_band", .string)
            .field("availability", .string)
            .field("status", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("lab_bookings")
            .field("id", .int64, .identifier(auto: true))
            .field("lab_id", .int64, .required, .references("labs", "id"))
            .field("requester_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("from_date", .string, .required)
            .field("to_date", .string, .required)
            .field("purpose", .string, .required)
            .field("status", .string, .required)
            .field("reason", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = db.sql
        try await sql.create(index: "idx_labs_owner").on("labs").column("owner_uscc").run()
        try await sql.create(index: "idx_lab_bookings_lab").on("lab_bookings").column("lab_id").column("status").run()
        try await sql.create(index: "idx_lab_bookings_requester").on("lab_bookings").column("requester_uscc").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("lab_bookings").delete()
        try await db.schema("labs").delete()
    }
}
