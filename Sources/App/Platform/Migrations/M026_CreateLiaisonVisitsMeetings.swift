import Fluent
import SQLKit

/// Policy S1, S6: liaison officers (挂钩联系) per firm, visit records whose demands become
/// requests, topic meetings (专题会商) with a decision per request, and each cluster's
/// service list (专项服务清单).
struct M026_CreateLiaisonVisitsMeetings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("liaisons")
            .field("enterprise_uscc", .string, .identifier(auto: false), .references("enterprises", "uscc"))
            .field("username", .string, .required)
            .field("assigned_by", .string)
            .field("assigned_at", .datetime, .required)
            .create()
        try await db.schema("visits")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("visited_on", .string, .required)
            .field("visitors", .string, .required)
            .field("notes", .string, .required)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("meetings")
            .field("id", .int64, .identifier(auto: true))
            .field("title", .string, .required)
            .field("held_on", .string, .required)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("meeting_items")
            .field("meeting_id", .int64, .required, .references("meetings", "id", onDelete: .cascade))
            .field("request_id", .int64, .required, .references("requests", "id", onDelete: .cascade))
            .field("decision", .string)
            .field("owner", .string)
            .field("new_deadline", .string)
            .field("decided_at", .datetime)
            .unique(on: "meeting_id", "request_id")
            .create()
        try await db.schema("service_offers")
            .field("id", .int64, .identifier(auto: true))
            .field("cluster_code", .string, .required, .references("clusters", "code"))
            .field("title", .string, .required)
            .field("department", .string, .required)
            .field("how_to_ask", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("requests").field("visit_id", .int64).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("requests").deleteField("visit_id").update()
        for table in ["service_offers", "meeting_items", "meetings", "visits", "liaisons"] { try await db.schema(table).delete() }
    }
}
