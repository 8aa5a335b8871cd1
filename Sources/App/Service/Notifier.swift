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

    /// The role and the grant scopes that make a user one of `audience` (not the chiefs, whose
    /// scope is a set of chains).
    static func grants(_ audience: Audience) -> (role: String, scopes: [String])? {
        switch audience {
        case .department(let d): ("department", ["department:\(d)", "department:\(d):head"])
        case .departmentHead(let d): ("department", ["department:\(d):head"])
        case .enterprise(let u): ("enterprise", ["enterprise:\(u)"])
        case .district(let c): ("district", ["district:\(c)"])
        case .dispatchers: ("official", ["city"])
        case .chiefs: nil
        }
    }

    func chiefs(of chains: Set<String>) async throws -> [String] {
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
        }.sorted()
    }

    /// Everyone in the audiences, each once, audience by audience (by username within one): one
    /// statement for all but the chiefs. Read before a write transaction, so that the transaction
    /// (which holds SQLite's only write lock) has no reads in it.
    func recipients(_ audiences: [Audience]) async throws -> [String] {
        struct Row: Decodable {
            var username: String
            var role: String
            var scope: String
        }
        let wanted = audiences.compactMap(Self.grants)
        let scopes = Array(Set(wanted.flatMap(\.scopes))).sorted()
        var rows: [Row] = []
        if !scopes.isEmpty {
            rows = try await db.raw(
                """
                SELECT DISTINCT u.username, g.role, g.scope FROM user_grants g JOIN users u ON u.id = g.user_id
                WHERE g.scope IN \(SQLGroupExpression(SQLList(scopes.map { SQLBind($0) }))) AND u.disabled = \(bind: false)
                ORDER BY u.username
                """
            ).rows(Row.self)
        }
        var seen: Set<String> = []
        var users: [String] = []
        for audience in audiences {
            let members: [String]
            if case .chiefs(let chains) = audience {
                members = try await chiefs(of: chains)
            } else if let (role, scopes) = Self.grants(audience) {
                members = rows.filter { $0.role == role && scopes.contains($0.scope) }.map(\.username)
            } else {
                members = []
            }
            for user in members where seen.insert(user).inserted { users.append(user) }
        }
        return users
    }

    /// Notifies everyone in the audiences (each once), and queues the e-mail.
    func notify(_ audiences: [Audience], request: Int64?, kind: String, text: String, now: Date = Date.nowSeconds()) async throws {
        try await send(to: try await recipients(audiences), request: request, kind: kind, text: text, now: now)
    }

    /// Notifies these users and queues their e-mail: two statements whatever their number (up to
    /// 100), as they run inside the caller's write transaction.
    func send(to users: [String], request: Int64?, kind: String, text: String, now: Date = Date.nowSeconds()) async throws {
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
