import Fluent

/// Imports run as jobs whose progress any app instance can report.
struct M015_CreateImportJobs: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("import_jobs")
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)  // enterprises | figures
            .field("file_name", .string, .required)
            .field("checksum", .string, .required)  // SHA-256 of the file
            .field("skip_invalid", .bool, .required)
            .field("status", .string, .required)  // queued | running | done | failed
            .field("total_rows", .int, .required)
            .field("processed_rows", .int, .required)
            .field("result", .string)  // JSON: counts, or the error body
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("import_jobs").delete() }
}
