import ChainLeadCore
import Foundation
import SQLKit

/// Liaison officers (挂钩联系, Policy S6): who looks after a firm, and their firms.
extension EnterpriseCare {

    func setLiaison(enterprise: String, username: String) async throws {
        guard try await UserStore(db: sql).find(username: username) != nil else {
            throw DomainError.invalid("username", "账号 \(username.prefix(40)) 不存在")
        }
        let before = try await liaison(of: enterprise)
        let now = Date.nowSeconds()
        try await db.withTransaction { tx in
            try await tx.delete(from: "liaisons").where("enterprise_uscc", .equal, SQLBind(enterprise)).run()
            try await tx.insert(into: "liaisons").columns("enterprise_uscc", "username", "assigned_by", "assigned_at")
                .values(SQLBind(enterprise), SQLBind(username), SQLBind(caller.username), SQLBind(now)).run()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "liaison", key: enterprise, action: "assign", changes: ["username": .init(from: before, to: username)])
        }
    }

    func liaison(of enterprise: String) async throws -> String? {
        try await sql.raw("SELECT username FROM liaisons WHERE enterprise_uscc = \(bind: enterprise)")
            .first(decodingColumn: "username", as: String.self)
    }

    func firms(of username: String) async throws -> [(uscc: String, name: String, tier: Tier)] {
        try await sql.raw(
            """
            SELECT e.uscc, e.name, e.tier FROM liaisons l JOIN enterprises e ON e.uscc = l.enterprise_uscc
            WHERE l.username = \(bind: username) ORDER BY e.name
            """
        ).rows(FirmRow.self).map { ($0.uscc, $0.name, Tier(rawValue: $0.tier) ?? .none) }
    }

    struct FirmRow: Decodable {
        var uscc: String
        var name: String
        var tier: String
    }
}
