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
    }

    static func safeNext(_ raw: String?) -> String {
        // Only local paths: never an open redirect.
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\") else { return "/" }
        return raw
    }

    func form(req: Request) async throws -> Response {
        let next = Self.safeNext(try? req.query.get(String.self, at: "next"))
        return try await req.render("pages/login", title: req.texts["login"]!, nav: "login", Form(next: next, username: "", error: nil))
    }

    struct Credentials: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    func login(req: Request) async throws -> Response {
        let c = (try? req.content.decode(Credentials.self)) ?? Credentials()
        let username = (c.username ?? "").trimmingCharacters(in: .whitespaces)
        let next = Self.safeNext(c.next)
        let ip = req.remoteAddress?.ipAddress ?? "unknown"
        let throttle = LoginThrottle(db: req.sql)
        do {
            try await throttle.check(username: username, ip: ip)
        } catch let e as APIError {
            let response = try await req.render("pages/login", title: req.texts["login"]!, nav: "login",
                                                Form(next: next, username: username, error: e.message))
            response.status = .tooManyRequests
            return response
        }
        if let userID = try await UserStore(db: req.sql).verify(username: username, password: c.password ?? "") {
            let token = try await WebSessionStore(db: req.sql).create(userID: userID)
            let response = req.redirect(to: next)
            response.cookies[WebSessionStore.cookieName] = HTTPCookies.Value(
                string: token, path: "/", isSecure: req.headers.first(name: "X-Forwarded-Proto") == "https",
                isHTTPOnly: true, sameSite: .lax)
            return response
        }
        try await throttle.recordFailure(username: username, ip: ip)
        let response = try await req.render("pages/login", title: req.texts["login"]!, nav: "login",
                                            Form(next: next, username: username, error: req.texts["loginFailed"]))
        response.status = .unauthorized
        return response
    }

    func logout(req: Request) async throws -> Response {
        if let user = req.webUser { try await WebSessionStore(db: req.sql).destroy(hash: user.sessionHash) }
        let response = req.redirect(to: "/login")
        response.cookies[WebSessionStore.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/")
        return response
    }
}
