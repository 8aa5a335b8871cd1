import ChainLeadCore
import Foundation
import SQLKit

/// Login throttling: after 10 failures for one account, or 50 from one client address,
/// within 15 minutes, further attempts are refused (429) until the window has passed.
/// Kept in the database so every app instance sees the same counts.
struct LoginThrottle: Sendable {
    let db: any SQLDatabase
    var window: TimeInterval = 15 * 60
    var perAccount = 10
    var perAddress = 50

    static let refused = DomainError(.tooMany, "too_many_attempts", "登录失败次数过多，请15分钟后再试")

    /// Claims one attempt before the password is checked: the attempt is recorded first and the
    /// window counted after, each a single statement, so of many parallel attempts at most the
    /// limit see a count within it and go on to the check. Answers the attempt, which stays as a
    /// failure unless `cleared`; 429 beyond a limit (that attempt is not kept).
    func begin(username: String, ip: String, now: Date = Date()) async throws -> Int64 {
        let since = now.addingTimeInterval(-window)
        let attempt =
            try await db.insert(into: "login_failures").columns("username", "client_ip", "at")
            .values(SQLBind(String(username.prefix(100))), SQLBind(ip), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
        struct Counts: Decodable {
            var account: Int
            var address: Int
        }
        let counts = try await db.raw(
            """
            SELECT
              (SELECT COUNT(*) FROM login_failures WHERE username = \(bind: String(username.prefix(100))) AND at > \(bind: since)) AS account,
              (SELECT COUNT(*) FROM login_failures WHERE client_ip = \(bind: ip) AND at > \(bind: since)) AS address
            """
        ).row(Counts.self)
        let account = counts?.account ?? 0
        let address = counts?.address ?? 0
        if account > perAccount || address > perAddress {
            try await cleared(attempt)
            throw Self.refused
        }
        // Old rows have no use: keep the table small.
        try await db.delete(from: "login_failures").where("at", .lessThan, SQLBind(now.addingTimeInterval(-2 * window))).run()
        return attempt
    }

    /// The password was right, or was never checked: the attempt is no failure.
    func cleared(_ attempt: Int64) async throws {
        try await db.delete(from: "login_failures").where("id", .equal, SQLBind(attempt)).run()
    }
}
