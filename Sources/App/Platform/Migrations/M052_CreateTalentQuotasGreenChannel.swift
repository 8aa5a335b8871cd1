import Fluent
import SQLKit

/// Talent-programme nominations, quota requests of projects (land, energy use, emissions) and
/// the green channel's steps per project (Policy S5).
struct M052_CreateTalentQuotasGreenChannel: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("talent_nominations")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("programme", .string, .required)
            .field("person", .string, .required)
            .field("field", .string, .required)
            .field("level", .string, .required)  // national | provincial | city
            .field("year", .int, .required)
            .field("status", .string, .required)
            .field("outcome", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_talent_enterprise").on("talent_nominations").column("enterprise_uscc").run()
        try await db.sql.create(index: "idx_talent_year_status").on("talent_nominations").column("year").column("status").run()
        try await db.schema("quota_requests")
            .field("id", .int64, .identifier(auto: true))
            .field("project_id", .int64, .required, .references("projects", "id"))
            .field("kind", .string, .required)  // land | energy | emission
            .field("asked", .double, .required)
            .field("granted", .double)
            .field("department", .string, .required)
            .field("status", .string, .required)
            .field("note", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .create()
        try await db.sql.create(index: "idx_quota_requests_project").on("quota_requests").column("project_id").run()
        try await db.schema("project_steps")
            .field("id", .int64, .identifier(auto: true))
            .field("project_id", .int64, .required, .references("projects", "id"))
            .field("phase", .string, .required)  // planning | approvals | construction | operation
            .field("name", .string, .required)
            .field("department", .string)
            .field("target_date", .string, .required)
            .field("done_date", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_project_steps_project").on("project_steps").column("project_id").run()
        // The overdue list reads open steps by target date, never the whole table.
        try await db.sql.create(index: "idx_project_steps_open").on("project_steps").column("done_date").column("target_date").run()
        try await db.schema("projects").field("fast_track", .bool, .required, .sql(.default(false))).update()
        try await db.sql.create(index: "idx_projects_green").on("projects").column("green_channel").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_projects_green").run()
        try await db.schema("projects").deleteField("fast_track").update()
        for t in ["project_steps", "quota_requests", "talent_nominations"] { try await db.schema(t).delete() }
    }
}
