import ChainLeadCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import SQLiteKit
import Vapor

/// Where a long write (an import) runs. On PostgreSQL: the app's pool, in a transaction.
/// On SQLite: a connection of its own, so the app's one connection per event loop stays
/// free for other requests while the import holds the write lock (`BEGIN IMMEDIATE`).
struct WriteSession: Sendable {
    /// For the reads before the write.
    let sql: any SQLDatabase
    let isSQLite: Bool
    private let run: @Sendable (@escaping @Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    private let finish: @Sendable () async -> Void

    func transaction(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await run(body)
    }

    /// The same, answering what `body` answers.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let result = NIOLockedValueBox<T?>(nil)
        try await run { tx in
            let value = try await body(tx)
            result.withLockedValue { $0 = value }
        }
        guard let value = result.withLockedValue({ $0 }) else { throw DomainError.internal }
        return value
    }

    func close() async { await finish() }

    /// The same session, running `hook` just before each transaction begins (what another user
    /// may do at that moment — for tests of the read-inside-the-transaction rule).
    func beforeEachTransaction(_ hook: @escaping @Sendable () async throws -> Void) -> WriteSession {
        let run = self.run
        return WriteSession(
            sql: sql, isSQLite: isSQLite,
            run: { body in
                try await hook()
                try await run(body)
            }, finish: finish)
    }

    static func open(_ app: Application) async throws -> WriteSession {
        return try await open(
            db: app.db, location: app.chainLead.database, threadPool: app.threadPool,
            eventLoop: app.eventLoopGroup.any(), logger: app.logger)
    }

    static func open(
        db: any Database, location: DatabaseLocation, threadPool: NIOThreadPool,
        eventLoop: any EventLoop, logger: Logger
    ) async throws -> WriteSession {
        guard case .sqlite(let path) = location else {
            return WriteSession(
                sql: db.sql, isSQLite: false,
                run: { body in _ = try await db.sql.withTransaction { tx in try await body(tx) } },
                finish: {})
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
        let sql = connection.sql()
        do {
            for pragma in ["PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=30000", "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY"] {
                try await sql.raw(SQLQueryString(pragma)).run()
            }
        } catch {
            // A connection must be closed before it is let go.
            try? await connection.close()
            throw error
        }
        return WriteSession(
            sql: sql, isSQLite: true,
            run: { body in
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    try await body(sql)
                    try await sql.raw("COMMIT").run()
                } catch {
                    // The body's error is what the caller needs; a failed rollback ends with the connection.
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            },
            // Closing the import's own connection: its work is committed or rolled back already.
            finish: { try? await connection.close() })
    }
}
