import ChainLeadCore
import SQLKit
import Vapor

struct LoginController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: form)
        routes.on(.POST, "login", body: .collect(maxSize: "16kb"), use: login)
        routes.grouped(WebAuthMiddleware(), CSRFMiddleware()).post("logout", use: logout)
    }

    struct Form: Encodable, Sendable {
        var next: String
        var username: String
        var error: String?
        var loginCSRF: String = ""
    }

    /// Before a session exists the login form is protected by a double-submit token: a random
    /// value in a cookie and in the form, which another site can neither read nor set.
    static let csrfCookie = "cl_login_csrf"

    func renderForm(_ req: Request, _ form: Form, status: HTTPResponseStatus = .ok) async throws -> Response {
        var form = form
        let token = req.cookies[Self.csrfCookie].map(\.string).flatMap { $0.count == 64 ? $0 : nil } ?? WebSessionStore.randomToken()
        form.loginCSRF = token
        let response = try await req.render("accounts/login", title: req.texts["login"], nav: "login", form)
        response.status = status
        response.cookies[Self.csrfCookie] = HTTPCookies.Value(
            string: token, path: "/login", isSecure: req.isHTTPS,
            isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// Where to go after login: a same-site path, else every role's workbench.
    static func safeNext(_ raw: String?) -> String {
        let path = SafeRedirect.path(raw)
        return path == "/" ? "/workbench" : path
    }

    func form(req: Request) async throws -> Response {
        let next = Self.safeNext(req.queryValue("next"))
        return try await renderForm(req, Form(next: next, username: "", error: nil))
    }

    struct Credentials: Content {
        var username: String?
        var password: String?
        var next: String?
        // swift-format-ignore: AlwaysUseLowerCamelCase
        // The form field's name, kept apart from the page-wide `_csrf` field.
        var _login_csrf: String?
    }

    func login(req: Request) async throws -> Response {
        // An unreadable login form is an empty one: it fails the CSRF check next.
        let c = (try? req.content.decode(Credentials.self)) ?? Credentials()
        let username = (c.username ?? "").trimmingCharacters(in: .whitespaces)
        let next = Self.safeNext(c.next)
        let ip = req.clientIP ?? "unknown"
        guard let sent = c._login_csrf, sent.count == 64, sent == req.cookies[Self.csrfCookie]?.string else {
            return try await renderForm(req, Form(next: next, username: username, error: req.texts["loginExpired"]), status: .forbidden)
        }
        let throttle = LoginThrottle(db: req.sql)
        let attempt: Int64
        do {
            attempt = try await throttle.begin(username: username, ip: ip)
        } catch let e as DomainError {
            return try await renderForm(req, Form(next: next, username: username, error: e.message), status: .tooManyRequests)
        }
        if let userID = try await UserStore(db: req.sql).verify(username: username, password: c.password ?? "") {
            try await throttle.cleared(attempt)
            let token = try await WebSessionStore(db: req.sql).create(userID: userID)
            // A temporary password is changed before anything else.
            let mustChange = try await UserStore(db: req.sql).mustChangePassword(userID)
            let response = req.redirect(to: mustChange ? "/account?first=1" : next)
            response.cookies[WebSessionStore.cookieName] = HTTPCookies.Value(
                string: token, path: "/", isSecure: req.isHTTPS, isHTTPOnly: true, sameSite: .lax)
            response.cookies[Self.csrfCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/login")
            return response
        }
        // The attempt stays as a failure.
        return try await renderForm(req, Form(next: next, username: username, error: req.texts["loginFailed"]), status: .unauthorized)
    }

    func logout(req: Request) async throws -> Response {
        if let user = req.webUser { try await WebSessionStore(db: req.sql).destroy(hash: user.sessionHash) }
        let response = req.redirect(to: "/login")
        response.cookies[WebSessionStore.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/")
        return response
    }
}

extension Request {
    /// Served over HTTPS, directly or (from a trusted proxy) as `X-Forwarded-Proto: https`.
    var isHTTPS: Bool {
        if url.scheme == "https" { return true }
        guard let peer = remoteAddress?.ipAddress,
            ClientAddress(trustedProxies: application.chainLead.trustedProxies).isTrusted(peer)
        else { return false }
        return headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }
}
