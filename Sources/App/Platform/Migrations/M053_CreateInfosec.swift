import Fluent
import SQLKit

/// Information-security inspections of chain leaders, their findings with rectification and
/// re-test, and trainings and drills with the firms that attended (Policy S6).
struct M053_CreateInfosec: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("infosec_inspections")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("kind", .string, .required)  // onsite | remote
            .field("organisation", .string, .required)
            .field("date", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_infosec_inspections_enterprise").on("infosec_inspections").column("enterprise_uscc").run()
        try await db.schema("infosec_findings")
            .field("id", .int64, .identifier(auto: true))
            .field("inspection_id", .int64, .required, .references("infosec_inspections", "id"))
            .field("title", .string, .required)
            .field("severity", .string, .required)
            .field("owner", .string, .required)  // the rectification owner (a person or unit of the firm)
            .field("deadline", .string, .required)
            .field("status", .string, .required)  // open | rectified | closed
            .field("rectified_on", .string)
            .field("rectification", .string)
            .field("retest_result", .string)  // pass | fail
            .field("retested_on", .string)
            .create()
        try await db.sql.create(index: "idx_infosec_findings_inspection").on("infosec_findings").column("inspection_id").run()
        // The overdue list reads open findings by deadline, never the whole table.
        try await db.sql.create(index: "idx_infosec_findings_open").on("infosec_findings").column("status").column("deadline").run()
        try await db.schema("infosec_trainings")
            .field("id", .int64, .identifier(auto: true))
            .field("date", .string, .required)
            .field("title", .string, .required)
            .field("kind", .string, .required)  // training | drill
            .field("attendees", .string, .required)  // USCCs, one per line
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        for t in ["infosec_trainings", "infosec_findings", "infosec_inspections"] { try await db.schema(t).delete() }
    }
}
