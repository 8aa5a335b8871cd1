import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// Who is logged in on this browser request.
struct WebUser: Sendable {
    var id: Int64
    var username: String
    var grants: [Grant]
    var csrfToken: String
    var sessionHash: String
    var mustChangePassword = false
    /// 姓名 and 单位, shown in the header instead of the login name.
    var displayName: String? = nil
    var unit: String? = nil
}

extension Request {
    private struct WebUserKey: StorageKey { typealias Value = WebUser }
    var webUser: WebUser? {
        get { storage[WebUserKey.self] }
        set { storage[WebUserKey.self] = newValue }
    }
}

/// Database-backed sessions: a random cookie value, stored hashed; idle timeout.
struct WebSessionStore: Sendable {
    let db: any SQLDatabase
    var idleTimeout: TimeInterval = 30 * 60
    /// However active, a session ends this long after login.
    var maxLifetime: TimeInterval = 12 * 3600

    static let cookieName = "cl_session"

    static func randomToken() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    func create(userID: Int64, now: Date = Date()) async throws -> String {
        let token = Self.randomToken()
        try await db.insert(into: "web_sessions")
            .columns("id_hash", "user_id", "csrf_token", "created_at", "last_seen_at")
            .values(SQLBind(TokenStore.hash(token)), SQLBind(userID), SQLBind(Self.randomToken()), SQLBind(now), SQLBind(now))
            .run()
        return token
    }

    /// The session's user, refreshing its idle clock; nil when unknown or idle too long.
    func user(forCookie token: String, now: Date = Date()) async throws -> WebUser? {
        guard token.count == 64 else { return nil }
        struct Row: Decodable {
            var csrfToken: String
            var lastSeenAt: Date
            var createdAt: Date
            var id: Int64
            var username: String
            var mustChangePassword: Bool
            var displayName: String?
            var unit: String?
            var role: String?
            var scope: String?
        }
        let hash = TokenStore.hash(token)
        // The session, its user and the user's grants in one statement: every page starts here.
        let rows = try await db.raw(
            """
            SELECT s.csrf_token, s.last_seen_at, s.created_at, u.id, u.username, u.must_change_password, u.display_name, u.unit,
                   g.role, g.scope
            FROM web_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN user_grants g ON g.user_id = u.id
            WHERE s.id_hash = \(bind: hash) AND u.disabled = \(bind: false)
            ORDER BY g.id
            """
        ).rows(Row.self)
        guard let row = rows.first else { return nil }
        let lastSeen = row.lastSeenAt
        let created = row.createdAt
        if now.timeIntervalSince(lastSeen) > idleTimeout || now.timeIntervalSince(created) > maxLifetime {
            try await destroy(hash: hash)
            return nil
        }
        // Touch at most once a minute: reads stay reads.
        if now.timeIntervalSince(lastSeen) > 60 {
            try await db.update("web_sessions").set("last_seen_at", to: SQLBind(now))
                .where("id_hash", .equal, SQLBind(hash)).run()
        }
        return WebUser(
            id: row.id,
            username: row.username,
            grants: try await GrantStore(db: db).effective(GrantStore.grants(rows.map { ($0.role, $0.scope) })),
            csrfToken: row.csrfToken,
            sessionHash: hash,
            mustChangePassword: row.mustChangePassword, displayName: row.displayName, unit: row.unit)
    }

    func destroy(hash: String) async throws {
        try await db.delete(from: "web_sessions").where("id_hash", .equal, SQLBind(hash)).run()
    }
}

/// Pages behind a login: no session → the login page, with the way back.
struct WebAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let config = request.application.chainLead
        let store = WebSessionStore(
            db: request.db.sql, idleTimeout: config.sessionIdleTimeout,
            maxLifetime: config.sessionMaxLifetime)
        if let cookie = request.cookies[WebSessionStore.cookieName]?.string,
            let user = try await store.user(forCookie: cookie)
        {
            request.webUser = user
            if user.mustChangePassword && !Self.allowedBeforePasswordChange(request) {
                return request.redirect(to: "/account?first=1")
            }
            return try await next.respond(to: request)
        }
        let back = request.method == .GET ? request.url.path + (request.url.query.map { "?" + $0 } ?? "") : "/"

        let target = "/login?next=" + (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")
        return request.redirect(to: target)
    }
}

extension WebAuthMiddleware {
    /// With a temporary password, only the password form and logging out.
    static func allowedBeforePasswordChange(_ request: Request) -> Bool {
        switch (request.method, request.url.path) {
        case (.GET, "/account"), (.POST, "/account/password"), (.POST, "/logout"): true
        default: false
        }
    }
}

/// Every form post carries the session's CSRF token. The body is read only within the route's
/// limit (256 KiB for forms): a longer declared body, or one without a length, is refused unread.
/// Upload routes (`Route.readsItsOwnBody`) authorise first, then read and check the token themselves.
struct CSRFMiddleware: AsyncMiddleware {
    static let formLimit = 256 << 10

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST, let user = request.webUser else { return try await next.respond(to: request) }
        if request.route?.readsOwnBody == true { return try await next.respond(to: request) }
        if request.body.data == nil {
            let length = request.headers.first(name: .contentLength).flatMap(Int.init)
            let chunked = request.headers.contains(name: .transferEncoding)
            if let length, length > Self.formLimit {
                return VaporErrorMiddleware.page(.payloadTooLarge, "表单内容过大（上限 256 KB） / The form is too large (256 KB at most)")
            }
            if length == nil && chunked {
                return VaporErrorMiddleware.page(.lengthRequired, "表单须注明长度（Content-Length） / The form needs a Content-Length")
            }
            if length ?? 0 > 0 { _ = try await request.body.collect(max: Self.formLimit).get() }
        }
        guard Self.tokenMatches(request, user) else { return Self.refusal }
        return try await next.respond(to: request)
    }

    static func tokenMatches(_ request: Request, _ user: WebUser, form: String?? = .none) -> Bool {
        // A body without the field sends no token: the check below then refuses.
        let sent: String? = form ?? ((try? request.content.get(String.self, at: "_csrf")) ?? request.headers.first(name: "X-CSRF-Token"))
        return sent == user.csrfToken
    }

    static var refusal: Response {
        VaporErrorMiddleware.page(.forbidden, "表单已过期（CSRF 校验失败），请刷新页面后重试 / The form expired (CSRF check failed): reload and try again")
    }
}
