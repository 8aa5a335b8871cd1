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

    static let refused = APIError(.tooManyRequests, "too_many_attempts", "登录失败次数过多，请15分钟后再试")

    func check(username: String, ip: String, now: Date = Date()) async throws {
        let since = now.addingTimeInterval(-window)
        let row = try await db.raw("""
            SELECT
              (SELECT COUNT(*) FROM login_failures WHERE username = \(bind: username) AND at > \(bind: since)) AS account,
              (SELECT COUNT(*) FROM login_failures WHERE client_ip = \(bind: ip) AND at > \(bind: since)) AS address
            """).first()
        let account = try row?.decode(column: "account", as: Int.self) ?? 0
        let address = try row?.decode(column: "address", as: Int.self) ?? 0
        if account >= perAccount || address >= perAddress { throw Self.refused }
    }

    func recordFailure(username: String, ip: String, now: Date = Date()) async throws {
        try await db.insert(into: "login_failures").columns("username", "client_ip", "at")
            .values(SQLBind(String(username.prefix(100))), SQLBind(ip), SQLBind(now)).run()
        // Old rows have no use: keep the table small.
        try await db.delete(from: "login_failures").where("at", .lessThan, SQLBind(now.addingTimeInterval(-2 * window))).run()
    }
}
