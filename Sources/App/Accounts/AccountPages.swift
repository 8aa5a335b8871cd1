import ChainLeadCore
import Vapor

/// One's own account: change the password (forced after a temporary one), personal tokens.
struct AccountPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("account", use: show)
        routes.post("account", "password", use: changePassword)
        routes.post("account", "tokens", use: createToken)
        routes.post("account", "tokens", ":id", "revoke", use: revokeToken)
    }

    struct TokenRow: Encodable, Sendable {
        var id: Int64
        var name: String
        var created: String
        var expires: String
        var expired: Bool
        /// When it was revoked or ended by a password change.
        var ended: String?
    }

    struct Content: Encodable, Sendable {
        var first: Bool
        var username: String
        var roles: [String]
        var message: String?
        var error: String?
        var errorField: String?
        var newToken: String?
        var tokens: [TokenRow]
    }

    func render(_ req: Request, message: String? = nil, error: DomainError? = nil, newToken: String? = nil) async throws -> Response {
        guard let user = req.webUser else { throw DomainError.unauthenticated }
        try await req.require(.read, .ownAccount)
        let now = Date()
        let tokens = try await TokenStore(db: req.sql).personalTokens(of: user.id).map {
            TokenRow(
                id: $0.id, name: $0.name, created: ImportPages.when($0.createdAt), expires: ImportPages.when($0.expiresAt),
                expired: $0.expiresAt <= now, ended: $0.endedAt.map(ImportPages.when))
        }
        let content = Content(
            first: user.mustChangePassword, username: user.username,
            roles: user.grants.map(try await GrantWords.load(user.grants, db: req.sql).describe),
            message: message, error: error?.message, errorField: error?.field, newToken: newToken, tokens: tokens)
        let response = try await req.render("accounts/account", title: req.texts["account"], nav: "account", content)
        if let error { response.status = error.status }
        return response
    }

    func show(req: Request) async throws -> Response { try await render(req) }

    struct PasswordForm: Decodable {
        var currentPassword: String?
        var newPassword: String?
        var confirmPassword: String?
    }

    func changePassword(req: Request) async throws -> Response {
        guard let user = req.webUser else { throw DomainError.unauthenticated }
        try await req.require(.update, .ownAccount)
        let form = try req.content.decode(PasswordForm.self)
        let new = form.newPassword ?? ""
        guard new == (form.confirmPassword ?? "") else {
            return try await render(req, error: .invalid("confirmPassword", req.texts["passwordMismatch"]))
        }
        let throttle = LoginThrottle(db: req.sql)
        let ip = req.clientIP ?? "unknown"
        do {
            let attempt = try await throttle.begin(username: user.username, ip: ip)
            do {
                try await AccountService(db: req.sql, caller: req.caller).changePassword(
                    username: user.username, current: form.currentPassword ?? "", new: new,
                    keepingSession: user.sessionHash)
                try await throttle.cleared(attempt)
            } catch let e as DomainError where e.code != "wrong_password" {
                try await throttle.cleared(attempt)
                throw e
            }
        } catch let e as DomainError {
            return try await render(req, error: e)
        }
        if user.mustChangePassword { return req.redirect(to: "/?password=changed") }
        var changed = user
        changed.mustChangePassword = false
        req.webUser = changed
        return try await render(req, message: req.texts["passwordChanged"])
    }

    struct TokenForm: Decodable {
        var name: String?
        var days: Int?
    }

    func createToken(req: Request) async throws -> Response {
        try await req.require(.update, .ownAccount)
        let form = try req.content.decode(TokenForm.self)
        do {
            let issued = try await PersonalTokens(db: req.sql, caller: req.caller).create(name: form.name ?? "", days: form.days)
            return try await render(req, message: req.texts["tokenCreated"], newToken: issued.token)
        } catch let e as DomainError {
            return try await render(req, error: e)
        }
    }

    func revokeToken(req: Request) async throws -> Response {
        try await req.require(.update, .ownAccount)
        guard let id = req.parameters.get("id", as: Int64.self) else { throw DomainError.notFound("个人令牌") }
        try await PersonalTokens(db: req.sql, caller: req.caller).revoke(id: id)
        return try await render(req, message: req.texts["tokenRevoked"])
    }
}
