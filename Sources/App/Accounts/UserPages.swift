import ChainLeadCore
import Vapor

/// User management: the system administrator creates, disables and resets accounts; the
/// security administrator assigns roles and scopes (三员分立). Both see the list.
struct UserPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("users", use: list)
        routes.post("users", use: create)
        routes.get("users", ":username", use: show)
        routes.post("users", ":username", "disable", use: disable)
        routes.post("users", ":username", "enable", use: enable)
        routes.post("users", ":username", "reset", use: reset)
        routes.post("users", ":username", "grants", "add", use: addGrant)
        routes.post("users", ":username", "grants", "remove", use: removeGrant)
    }

    struct Row: Encodable, Sendable {
        var username: String
        var displayName: String
        var unit = ""
        var roles: [String]
        var disabled: Bool
        var mustChange: Bool
    }

    struct ListContent: Encodable, Sendable {
        var users: [Row]
        var canCreate: Bool
        var created: String?
        var temporaryPassword: String?
        var error: String?
        var errorField: String?
    }

    static func service(_ req: Request) -> AccountService {
        AccountService(db: req.sql, caller: req.caller, separationOfDuties: req.application.chainLead.separationOfDuties)
    }

    static func row(_ a: AccountSummary, words: GrantWords = GrantWords()) -> Row {
        Row(
            username: a.username, displayName: a.displayName ?? "", unit: a.unit ?? "", roles: a.grants.map(words.describe),
            disabled: a.disabled, mustChange: a.mustChangePassword)
    }

    static func rows(_ req: Request) async throws -> [Row] {
        let accounts = try await service(req).list()
        let words = try await GrantWords.load(accounts.flatMap(\.grants), db: req.sql)
        return accounts.map { row($0, words: words) }
    }

    func renderList(_ req: Request, created: String? = nil, temporary: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .users)
        let grants = req.webUser?.grants ?? []
        let content = ListContent(
            users: try await Self.rows(req),
            canCreate: Policy.decide(grants, .manageUsers, .users).allowed,
            created: created, temporaryPassword: temporary, error: error?.message, errorField: error?.field)
        let response = try await req.render("accounts/users", title: req.texts["users"], nav: "users", content)
        if let error { response.status = error.status }
        return response
    }

    func list(req: Request) async throws -> Response { try await renderList(req) }

    struct CreateForm: Decodable {
        var username: String?
        var displayName: String?
        var unit: String?
    }

    func create(req: Request) async throws -> Response {
        try await req.require(.manageUsers, .users)
        let form = try req.content.decode(CreateForm.self)
        do {
            let (account, temporary) = try await Self.service(req).create(
                username: form.username ?? "", displayName: form.displayName, password: nil, unit: form.unit)
            return try await renderList(req, created: account.username, temporary: temporary)
        } catch let e as DomainError {
            return try await renderList(req, error: e)
        }
    }

    struct GrantRow: Encodable, Sendable {
        var role: String
        var roleName: String
        /// The stored scope (the revoke form sends it back); `words` is what the page shows.
        var scope: String
        var words = ""
    }

    struct DetailContent: Encodable, Sendable {
        var user: Row
        var grants: [GrantRow]
        var canManage: Bool
        /// System accounts' passwords are reset on the server only (`chainlead users reset-password`).
        var canReset: Bool
        var canAssign: Bool
        var roles: [GrantRow]
        var message: String?
        var temporaryPassword: String?
        var error: String?
    }

    func renderDetail(_ req: Request, message: String? = nil, temporary: String? = nil, error: DomainError? = nil) async throws -> Response
    {
        try await req.require(.read, .users)
        let account = try await Self.service(req).find(req.parameters.get("username") ?? "")
        let grants = req.webUser?.grants ?? []
        let words = try await GrantWords.load(account.grants, db: req.sql)
        let content = DetailContent(
            user: Self.row(account, words: try await GrantWords.load(account.grants, db: req.sql)),
            grants: account.grants.map {
                GrantRow(role: $0.role.rawValue, roleName: $0.role.nameZh, scope: $0.scopeText, words: words.describe($0))
            },
            canManage: Policy.decide(grants, .manageUsers, .users).allowed,
            canReset: Policy.decide(grants, .manageUsers, .users).allowed
                && !account.grants.contains { SeparationOfDuties.systemRoles.contains($0.role) },
            canAssign: Policy.decide(grants, .assignRoles, .users).allowed,
            roles: Role.allCases.map { GrantRow(role: $0.rawValue, roleName: $0.nameZh, scope: "") },
            message: message, temporaryPassword: temporary, error: error?.message)
        let response = try await req.render("accounts/user", title: account.username, nav: "users", content)
        if let error { response.status = error.status }
        return response
    }

    func show(req: Request) async throws -> Response { try await renderDetail(req) }

    func disable(req: Request) async throws -> Response { try await setDisabled(req, true) }
    func enable(req: Request) async throws -> Response { try await setDisabled(req, false) }

    func setDisabled(_ req: Request, _ disabled: Bool) async throws -> Response {
        try await req.require(.manageUsers, .users)
        do {
            _ = try await Self.service(req).setDisabled(req.parameters.get("username") ?? "", disabled)
            return try await renderDetail(req, message: req.texts[disabled ? "userDisabled" : "userEnabled"])
        } catch let e as DomainError where e.status != .notFound {
            return try await renderDetail(req, error: e)
        }
    }

    func reset(req: Request) async throws -> Response {
        try await req.require(.manageUsers, .users)
        let temporary = try await Self.service(req).resetPassword(req.parameters.get("username") ?? "")
        return try await renderDetail(req, message: req.texts["passwordReset"], temporary: temporary)
    }

    struct GrantForm: Decodable {
        var role: String?
        var scope: String?
    }

    func changeGrants(_ req: Request, _ change: (inout [Grant], Grant) -> Void) async throws -> Response {
        try await req.require(.assignRoles, .users)
        let form = try req.content.decode(GrantForm.self)
        let service = Self.service(req)
        let account = try await service.find(req.parameters.get("username") ?? "")
        let scopeText = (form.scope ?? "").trimmingCharacters(in: .whitespaces)
        guard let role = form.role.flatMap(Role.init(rawValue:)),
            let grant = Grant.parse(role: role, scope: scopeText.isEmpty ? "city" : scopeText)
        else {
            return try await renderDetail(req, error: .invalid("scope", req.texts["badScope"]))
        }
        var grants = account.grants
        change(&grants, grant)
        do {
            _ = try await service.setGrants(account.username, grants)
            return try await renderDetail(req, message: req.texts["grantsSaved"])
        } catch let e as DomainError {
            return try await renderDetail(req, error: e)
        }
    }

    func addGrant(req: Request) async throws -> Response {
        try await changeGrants(req) { grants, g in if !grants.contains(g) { grants.append(g) } }
    }

    func removeGrant(req: Request) async throws -> Response {
        try await changeGrants(req) { grants, g in grants.removeAll { $0 == g } }
    }
}
