import ChainLeadCore
import Foundation
import SQLKit

/// In-product notifications, and the same message in the outbox for an e-mail/SMS gateway to
/// send (the app itself makes no network calls). Recipients are found through their grants.
struct Notifier {
    let db: any SQLDatabase

    enum Audience: Hashable {
        case department(String)
        case departmentHead(String)
        case enterprise(String)
        case district(String)
        case dispatchers
        case chiefs(Set<String>)
    }

    func usernames(_ audience: Audience) async throws -> [String] {
        let (role, scopes): (String, [String])
        switch audience {
        case .department(let d): (role, scopes) = ("department", ["department:\(d)", "department:\(d):head"])
        case .departmentHead(let d): (role, scopes) = ("department", ["department:\(d):head"])
        case .enterprise(let u): (role, scopes) = ("enterprise", ["enterprise:\(u)"])
        case .district(let c): (role, scopes) = ("district", ["district:\(c)"])
        case .dispatchers: (role, scopes) = ("official", ["city"])
        case .chiefs(let chains):
            struct Row: Decodable {
                var username: String
                var scope: String
            }
            let rows = try await db.raw(
                """
                SELECT DISTINCT u.username, g.scope FROM user_grants g JOIN users u ON u.id = g.user_id
                WHERE g.role = 'chief' AND u.disabled = \(bind: false)
                """
            ).rows(Row.self)
            return rows.compactMap { row in
                guard let grant = Grant.parse(role: .chief, scope: row.scope), case .chains(let mine) = grant.scope,
                    !mine.isDisjoint(with: chains)
                else { return nil }
                return row.username
            }
        }
        return try await db.raw(
            """
            SELECT DISTINCT u.username FROM user_grants g JOIN users u ON u.id = g.user_id
            WHERE g.role = \(bind: role) AND g.scope IN \(SQLGroupExpression(SQLList(scopes.map { SQLBind($0) }))) AND u.disabled = \(bind: false)
            ORDER BY u.username
            """
        ).all(decodingColumn: "username", as: String.self)
    }

    /// Notifies everyone in the audiences (each once), and queues the e-mail.
    func notify(_ audiences: [Audience], request: Int64?, kind: String, text: String, now: Date = Date.nowSeconds()) async throws {
        var seen: Set<String> = []
        var users: [String] = []
        for audience in audiences {
            for user in try await usernames(audience) where seen.insert(user).inserted { users.append(user) }
        }
        // Two statements whatever the audience: these run inside the caller's write transaction.
        for chunk in users.chunked(100) where !chunk.isEmpty {
            var notices = db.insert(into: "notifications").columns("username", "request_id", "kind", "text", "created_at")
            var mails = db.insert(into: "outbox").columns("channel", "recipient", "subject", "body", "created_at")
            for user in chunk {
                notices = notices.values(SQLBind(user), SQLBind(request), SQLBind(kind), SQLBind(text), SQLBind(now))
                mails = mails.values(SQLBind("email"), SQLBind(user), SQLBind("【链主通】" + text.prefix(60)), SQLBind(text), SQLBind(now))
            }
            try await notices.run()
            try await mails.run()
        }
    }
}
