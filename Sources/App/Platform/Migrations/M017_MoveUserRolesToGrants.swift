import Fluent
import Foundation
import SQLKit

/// Roles move from the `users.roles` list to `user_grants` (city scope), and the column goes.
struct M017_MoveUserRolesToGrants: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql
        let rows = try await sql.raw("SELECT id, roles FROM users").all()
        for row in rows {
            let id = try row.decode(column: "id", as: Int64.self)
            for role in try row.decode(column: "roles", as: String.self).split(separator: ",") {
                try await sql.insert(into: "user_grants").columns("user_id", "role", "scope", "created_at")
                    .values(SQLBind(id), SQLBind(String(role)), SQLBind("city"), SQLBind(Date())).run()
            }
        }
        try await db.schema("users").deleteField("roles").update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("users").field("roles", .string, .required, .sql(.default(""))).update()
    }
}
