import Fluent
import SQLKit

/// Files attached to requests, kept in the database (every instance sees them), and the
/// record of daily digests sent (one per department and day).
struct M027_CreateRequestAttachments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("request_attachments")
            .field("id", .int64, .identifier(auto: true))
            .field("request_id", .int64, .required, .references("requests", "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_by", .string)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await db.schema("digests_sent")
            .field("department", .string, .required)
            .field("day", .string, .required)
            .field("sent_at", .datetime, .required)
            .unique(on: "department", "day")
            .create()
        try await (db.sql).create(index: "idx_request_attachments_request").on("request_attachments").column("request_id").run()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("digests_sent").delete()
        try await db.schema("request_attachments").delete()
    }
}
