import ChainLeadAPI
import ChainLeadCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Implements the generated `APIProtocol`: one extension per area (System, Taxonomy,
/// Enterprises). Handlers validate, call queries and rules, and map to API types; errors
/// are thrown as `DomainError` and rendered by `APIErrorMiddleware`.
struct APIHandler: APIProtocol {
    let app: Application

    /// The database, handed to services as SQL.
    var sql: any SQLDatabase { app.db.sql }
    var registry: RegistryService { RegistryService(db: sql, caller: caller) }
}

extension Date {
    /// Whole seconds: both databases round-trip these exactly.
    static func nowSeconds() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}
