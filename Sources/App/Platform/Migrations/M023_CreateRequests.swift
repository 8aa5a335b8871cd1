import Fluent
import SQLKit

/// The service express (服务直通车, Policy S6): enterprise requests, each routed to a lead
/// department (and co-departments) with working-day deadlines; every step in `request_events`.
struct M023_CreateRequests: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("requests")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("district_code", .string, .required)
            .field("category", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("urgency", .string, .required)
            .field("status", .string, .required)
            .field("lead_department", .string, .required)
            .field("co_departments", .string, .required)  // newline-separated
            .field("filed_on", .string, .required)  // YYYY-MM-DD, Asia/Shanghai
            .field("accept_by", .string, .required)
            .field("answer_by", .string, .required)
            .field("accepted_on", .string)
            .field("answered_on", .string)  // the first answer
            .field("satisfied", .bool)
            .field("reopen_count", .int, .required)
            .field("escalation", .int, .required)
            .field("filed_by", .string)
            .field("filed_via", .string, .required)  // enterprise, liaison, official
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await db.schema("request_events")
            .field("id", .int64, .identifier(auto: true))
            .field("request_id", .int64, .required, .references("requests", "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor", .string)
            .field("actor_kind", .string, .required)
            .field("action", .string, .required)
            .field("status_from", .string)
            .field("status_to", .string, .required)
            .field("department", .string)
            .field("text", .string)
            .create()
        let sql = db.sql
        try await sql.create(index: "idx_requests_lead").on("requests").column("lead_department").column("status").run()
        try await sql.create(index: "idx_requests_enterprise").on("requests").column("enterprise_uscc").run()
        try await sql.create(index: "idx_request_events_request").on("request_events").column("request_id").run()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("request_events").delete()
        try await db.schema("requests").delete()
    }
}
