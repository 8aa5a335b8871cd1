import ChainLeadCore
import Foundation
import SQLKit

/// The roles and scopes of users.
struct GrantStore: Sendable {
    let db: any SQLDatabase

    func grants(of userID: Int64) async throws -> [Grant] {
        try await db.raw("SELECT role, scope FROM user_grants WHERE user_id = \(bind: userID) ORDER BY id").all().compactMap { row in
            guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
            return Grant.parse(role: role, scope: try row.decode(column: "scope", as: String.self))
        }
    }

    /// Adds a grant (idempotent).
    func add(_ grant: Grant, to userID: Int64) async throws {
        let existing = try await grants(of: userID)
        guard !existing.contains(grant) else { return }
        try await db.insert(into: "user_grants").columns("user_id", "role", "scope", "created_at")
            .values(SQLBind(userID), SQLBind(grant.role.rawValue), SQLBind(grant.scopeText), SQLBind(Date.nowSeconds())).run()
    }
}
