import Fluent
import SQLKit

/// A request's co-departments (协办部门) in a table of their own, one row each with its position,
/// moved from the newline-joined column: a department's queue is then an indexed exact match.
struct M031_RequestCoDepartments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("request_co_departments")
            .field("request_id", .int64, .required, .references("requests", "id", onDelete: .cascade))
            .field("department", .string, .required)
            .field("position", .int, .required)
            .unique(on: "request_id", "department")
            .create()
        let sql = db.sql
        try await sql.create(index: "idx_request_co_departments_department").on("request_co_departments").column("department").run()
        var moved: [(Int64, String, Int)] = []
        for row in try await sql.raw("SELECT id, co_departments FROM requests WHERE co_departments <> ''").all() {
            let id = try row.decode(column: "id", as: Int64.self)
            var seen = Set<String>()
            for (i, d) in try row.decode(column: "co_departments", as: String.self).split(separator: "\n").map(String.init).enumerated()
            where !d.isEmpty && seen.insert(d).inserted {
                moved.append((id, d, i))
            }
        }
        for chunk in moved.chunked(500) {
            var insert = sql.insert(into: "request_co_departments").columns("request_id", "department", "position")
            for (id, d, i) in chunk { insert = insert.values(SQLBind(id), SQLBind(d), SQLBind(i)) }
            try await insert.run()
        }
    }
    func revert(on db: any Database) async throws { try await db.schema("request_co_departments").delete() }
}
