import Fluent
import SQLKit

/// Failed logins, for throttling (10 per account, 50 per client address, in 15 minutes).
struct M018_CreateLoginFailures: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("login_failures")
            .field("id", .int64, .identifier(auto: true))
            .field("username", .string, .required)
            .field("client_ip", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await (db.sql).create(index: "idx_login_failures_at").on("login_failures").column("at").run()
    }
    func revert(on db: any Database) async throws { try await db.schema("login_failures").delete() }
}
