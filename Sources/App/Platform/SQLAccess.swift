import Fluent
import SQLKit

extension Database {
    /// The database as SQL, handed to services once at the boundary. Both drivers ChainLead
    /// configures (SQLite, PostgreSQL) vend SQL databases; anything else is a set-up error.
    var sql: any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { preconditionFailure("ChainLead runs on SQL databases only (SQLite, PostgreSQL)") }
        return sql
    }
}

extension SQLDatabase {
    /// Runs `body` in one transaction on one connection, committed when it returns and rolled back
    /// when it throws. On SQLite the transaction begins IMMEDIATE: it takes the write lock first and
    /// waits for it (busy timeout), where a deferred one that read before writing would fail with
    /// "database is locked" as soon as another connection wrote in between (WAL's stale snapshot).
    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let begin: SQLQueryString = dialect.name == "sqlite" ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await withSession { session in
            try await session.raw(begin).run()
            do {
                let value = try await body(session)
                try await session.raw("COMMIT").run()
                return value
            } catch {
                // The body's error is what the caller needs; a failed rollback ends the session anyway.
                try? await session.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}
