import ChainLeadAPI
import ChainLeadCore
import Foundation

extension APIHandler {
    var accounts: AccountService { AccountService(db: app.db.sql, caller: caller, separationOfDuties: app.chainLead.separationOfDuties) }

    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        try await require(.read, .users)
        return .ok(.init(body: .json(try await accounts.list().map(Self.user))))
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        try await require(.read, .users)
        return .ok(.init(body: .json(try Self.user(try await accounts.find(input.path.username)))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.manageUsers, .users)
        try rejectNulls(except: [])
        try Self.checkLengths([
            ("username", body.username, 100), ("displayName", body.displayName, 50), ("password", body.password, 200),
            ("unit", body.unit, 100),
        ])
        let (account, temporary) = try await accounts.create(
            username: body.username, displayName: body.displayName, password: body.password, unit: body.unit)
        return .created(.init(body: .json(.init(user: try Self.user(account), temporaryPassword: temporary))))
    }

    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        guard case .json(let patch) = input.body else { throw DomainError.malformed() }
        try await require(.manageUsers, .users)
        let nulls = nullKeys
        try rejectNulls(except: ["displayName", "unit"])
        try Self.checkLengths([("displayName", patch.displayName, 50), ("unit", patch.unit, 100)])
        let username = input.path.username
        var account = try await accounts.find(username)
        if patch.displayName != nil || nulls.contains("displayName") {
            account = try await accounts.updateDisplayName(username, patch.displayName)
        }
        if patch.unit != nil || nulls.contains("unit") { account = try await accounts.updateUnit(username, patch.unit) }
        if let disabled = patch.disabled { account = try await accounts.setDisabled(username, disabled) }
        return .ok(.init(body: .json(try Self.user(account))))
    }

    func resetUserPassword(_ input: Operations.ResetUserPassword.Input) async throws -> Operations.ResetUserPassword.Output {
        try await require(.manageUsers, .users)
        let temporary = try await accounts.resetPassword(input.path.username)
        return .ok(.init(body: .json(.init(temporaryPassword: temporary))))
    }

    func setUserGrants(_ input: Operations.SetUserGrants.Input) async throws -> Operations.SetUserGrants.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.assignRoles, .users)
        try rejectNulls(except: [])
        var grants: [Grant] = []
        for (i, g) in body.grants.enumerated() {
            guard let role = Role(rawValue: g.role.rawValue) else { throw DomainError.malformed(field: "grants") }
            guard g.scope.unicodeScalars.count <= 500, let grant = Grant.parse(role: role, scope: g.scope) else {
                throw DomainError.invalid(
                    "grants[\(i)].scope",
                    "范围“\(g.scope.prefix(60))”不适用于角色\(role.nameZh)：例如 city、chains:ic-fab、department:市数据局[:head]、district:320214、enterprise:统一社会信用代码、bank:银行名称、expert",
                    code: "bad_scope")
            }
            grants.append(grant)
        }
        let account = try await accounts.setGrants(input.path.username, grants)
        return .ok(.init(body: .json(try Self.user(account))))
    }

    // MARK: one's own account

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        let username = body.username.trimmingCharacters(in: .whitespaces)
        try rejectNulls(except: [])
        try Self.checkLengths([
            ("username", username, 100), ("currentPassword", body.currentPassword, 200), ("newPassword", body.newPassword, 200),
        ])
        let ip = caller.clientIP ?? "unknown"
        let throttle = LoginThrottle(db: sql)
        let attempt = try await throttle.begin(username: username, ip: ip)
        do {
            try await accounts.changePassword(username: username, current: body.currentPassword, new: body.newPassword)
        } catch let e as DomainError where e.code == "wrong_password" {
            throw e  // the attempt stays as a failure
        } catch {
            try await throttle.cleared(attempt)
            throw error
        }
        try await throttle.cleared(attempt)
        return .noContent(.init())
    }

    func listPersonalTokens(_ input: Operations.ListPersonalTokens.Input) async throws -> Operations.ListPersonalTokens.Output {
        try await require(.read, .ownAccount)
        let tokens = try await TokenStore(db: sql).personalTokens(of: caller.userID ?? 0)
        return .ok(
            .init(
                body: .json(
                    tokens.map { .init(id: $0.id, name: $0.name, createdAt: $0.createdAt, expiresAt: $0.expiresAt, endedAt: $0.endedAt) })))
    }

    func createPersonalToken(_ input: Operations.CreatePersonalToken.Input) async throws -> Operations.CreatePersonalToken.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .ownAccount)
        try rejectNulls(except: [])
        let issued = try await PersonalTokens(db: sql, caller: caller).create(name: body.name, days: body.days.map(Int.init))
        return .created(.init(body: .json(.init(id: issued.id, name: issued.name, token: issued.token, expiresAt: issued.expiresAt))))
    }

    func revokePersonalToken(_ input: Operations.RevokePersonalToken.Input) async throws -> Operations.RevokePersonalToken.Output {
        try await require(.update, .ownAccount)
        try await PersonalTokens(db: sql, caller: caller).revoke(id: input.path.id)
        return .noContent(.init())
    }

    static func user(_ a: AccountSummary) throws -> Components.Schemas.User {
        .init(
            username: a.username, displayName: a.displayName, unit: a.unit, disabled: a.disabled, mustChangePassword: a.mustChangePassword,
            grants: try a.grants.map { .init(role: try mirrored($0.role), scope: $0.scopeText) }, createdAt: a.createdAt)
    }
}
