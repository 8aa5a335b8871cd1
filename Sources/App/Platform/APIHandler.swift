import ChainLeadAPI
import Fluent
import Foundation
import SQLKit
import Vapor

/// Implements the generated `APIProtocol`: one extension per area (System, Taxonomy,
/// Enterprises). Handlers validate, call queries and rules, and map to API types; errors
/// are thrown as `APIError` and rendered by `APIErrorMiddleware`.
struct APIHandler: APIProtocol {
    let app: Application

    var db: any Database { app.db }
    var sql: any SQLDatabase { app.db as! any SQLDatabase }
    var registry: RegistryService { RegistryService(db: app.db) }

    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await app.db.transactionCarryingContext(body)
    }
}

extension Database {
    /// Runs `body` in one transaction; the SQL handle given to it belongs to the transaction.
    /// Fluent runs the closure in another task, so the request context is carried over by hand.
    /// On SQLite the transaction begins IMMEDIATE: it takes the write lock first and waits for it
    /// (busy timeout), where a deferred one that read before writing would fail with "database is
    /// locked" as soon as another connection wrote in between (WAL's stale snapshot).
    func transactionCarryingContext<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let context = RequestContext.current
        if let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" {
            return try await withConnection { connection in
                let tx = connection as! any SQLDatabase
                try await tx.raw("BEGIN IMMEDIATE").run()
                do {
                    let value = try await RequestContext.$current.withValue(context) { try await body(tx) }
                    try await tx.raw("COMMIT").run()
                    return value
                } catch {
                    try? await tx.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
        return try await transaction { tx in
            try await RequestContext.$current.withValue(context) { try await body(tx as! any SQLDatabase) }
        }
    }
}

extension Date {
    /// Whole seconds: both databases round-trip these exactly.
    static func nowSeconds() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}
