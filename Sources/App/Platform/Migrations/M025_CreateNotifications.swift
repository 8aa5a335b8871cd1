import Fluent
import SQLKit

/// In-product notifications, the outbox an e-mail/SMS gateway reads, and job leases (one
/// escalation loop per cluster of instances).
struct M025_CreateNotifications: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("notifications")
            .field("id", .int64, .identifier(auto: true))
            .field("username", .string, .required)
            .field("request_id", .int64, .references("requests", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        try await db.schema("outbox")
            .field("id", .int64, .identifier(auto: true))
            .field("channel", .string, .required)  // email | sms
            .field("recipient", .string, .required)  // a username; the gateway resolves the address
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
        try await db.schema("job_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
        let sql = db.sql
        try await sql.create(index: "idx_notifications_user").on("notifications").column("username").column("read_at").run()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("job_leases").delete()
        try await db.schema("outbox").delete()
        try await db.schema("notifications").delete()
    }
}
