import Fluent
import SQLKit

/// Files attached to a selection application (Policy S2): evidence, and the signed integrity
/// pledge (承诺书) when the scheme requires one.
struct M035_CreateApplicationAttachments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("application_attachments")
            .field("id", .int64, .identifier(auto: true))
            .field("application_id", .int64, .required, .references("applications", "id", onDelete: .cascade))
            .field("kind", .string, .required)  // pledge | evidence
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_by", .string)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_application_attachments_application").on("application_attachments").column("application_id")
            .run()
    }

    func revert(on db: any Database) async throws { try await db.schema("application_attachments").delete() }
}
