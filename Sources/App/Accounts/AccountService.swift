import ChainLeadCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// An account as the user-management pages and API show it. No password hash leaves here.
struct AccountSummary: Sendable {
    var id: Int64
    var username: String
    var displayName: String?
    /// 单位: the department, district office, firm or bank the person works for.
    var unit: String? = nil
    var disabled: Bool
    var mustChangePassword: Bool
    var grants: [Grant]
    var createdAt: Date
    /// Raised by every change (see `AccountService.claim`).
    var version: Int64 = 0
}

/// An account as stored (the columns `list` and `find` read).
private struct UserRow: Decodable {
    var id: Int64
    var username: String
    var displayName: String?
    var unit: String?
    var disabled: Bool
    var mustChangePassword: Bool
    var createdAt: Date
    var version: Int64

    func summary(grants: [Int64: [Grant]]) -> AccountSummary {
        AccountSummary(
            id: id, username: username, displayName: displayName, unit: unit, disabled: disabled, mustChangePassword: mustChangePassword,
            grants: grants[id] ?? [], createdAt: createdAt, version: version)
    }
}

/// User management (Policy: the system administrator creates, disables and resets
/// accounts; the security administrator assigns roles and scopes — 三员分立), shared by
/// the pages and the API. Every change is audited; no password ever enters the audit.
struct AccountService {
    let db: any SQLDatabase
    /// Who acts: checked, and recorded in the audit trail.
    let caller: Caller
    var sql: any SQLDatabase { db }
    var separationOfDuties = true

    static let usernamePattern = "2–50 个字符：字母、数字、下划线、点或连字符"

    static func validUsername(_ s: String) -> Bool {
        (2...50).contains(s.unicodeScalars.count)
            && s.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_.-".unicodeScalars.contains($0)) }
    }

    func list() async throws -> [AccountSummary] {
        struct GrantRow: Decodable {
            var userId: Int64
            var role: String
            var scope: String
        }
        let rows = try await sql.raw(
            """
            SELECT id, username, display_name, unit, disabled, must_change_password, created_at, version FROM users ORDER BY username
            """
        ).rows(UserRow.self)
        let grantRows = try await sql.raw("SELECT user_id, role, scope FROM user_grants ORDER BY id").rows(GrantRow.self)
        var grants: [Int64: [Grant]] = [:]
        for row in grantRows {
            guard let role = Role(rawValue: row.role), let g = Grant.parse(role: role, scope: row.scope) else { continue }
            grants[row.userId, default: []].append(g)
        }
        return rows.map { $0.summary(grants: grants) }
    }

    func find(_ username: String) async throws -> AccountSummary {
        guard
            let row = try await sql.raw(
                """
                SELECT id, username, display_name, unit, disabled, must_change_password, created_at, version FROM users WHERE username = \(bind: username)
                """
            ).row(UserRow.self)
        else { throw DomainError.notFound("账号 \(username)", field: "username") }
        return row.summary(grants: [row.id: try await GrantStore(db: sql).grants(of: row.id)])
    }

    /// Creates an account. Without a password a temporary one is made; either way the
    /// user must change it at first login. Answers the account and the temporary password.
    func create(username raw: String, displayName: String?, password: String?, unit: String? = nil) async throws -> (AccountSummary, String)
    {
        let username = raw.trimmingCharacters(in: .whitespaces)
        guard Self.validUsername(username) else { throw DomainError.invalid("username", "用户名须为\(Self.usernamePattern)") }
        if let d = displayName, d.unicodeScalars.count > 50 { throw DomainError.invalid("displayName", "姓名不能超过50个字符") }
        if let u = unit, u.unicodeScalars.count > 100 { throw DomainError.invalid("unit", "单位不能超过100个字符") }
        let initial = password ?? UserStore.randomPassword()
        if let problem = PasswordPolicy.problem(with: initial) { throw DomainError.invalid("password", problem, code: "weak_password") }
        if try await UserStore(db: sql).find(username: username) != nil {
            throw DomainError(.conflict, "duplicate", "账号 \(username) 已存在", field: "username")
        }
        let hash = try await Passwords.hash(initial)
        try await db.withTransaction { tx in
            let tsql = tx
            try await tsql.insert(into: "users")
                .columns("username", "password_hash", "display_name", "unit", "disabled", "must_change_password", "created_at")
                .values(
                    SQLBind(username), SQLBind(hash), SQLBind(displayName?.nilIfBlank), SQLBind(unit?.nilIfBlank), SQLBind(false),
                    SQLBind(true),
                    SQLBind(Date.nowSeconds())
                )
                .run()
            try await AuditLog(db: tsql, caller: caller).record(
                entity: "user", key: username, action: "create",
                changes: ["displayName": .init(from: nil, to: displayName?.nilIfBlank), "unit": .init(from: nil, to: unit?.nilIfBlank)])
        }
        return (try await find(username), initial)
    }

    func setDisabled(_ username: String, _ disabled: Bool) async throws -> AccountSummary {
        let account = try await find(username)
        if disabled && account.id == caller.userID {
            throw DomainError.invalid("disabled", "不能停用当前登录的账号", code: "self_disable")
        }
        guard account.disabled != disabled else { return account }
        try await db.withTransaction { tx in
            let tsql = tx
            try await Self.claim(account, db: tsql)
            try await tsql.update("users").set("disabled", to: SQLBind(disabled)).where("id", .equal, SQLBind(account.id)).run()
            if disabled { try await Self.endSessionsAndTokens(of: account.id, db: tsql) }
            try await AuditLog(db: tsql, caller: caller).record(
                entity: "user", key: username, action: disabled ? "disable" : "enable",
                changes: ["disabled": .init(from: "\(account.disabled)", to: "\(disabled)")])
        }
        return try await find(username)
    }

    func updateDisplayName(_ username: String, _ displayName: String?) async throws -> AccountSummary {
        let account = try await find(username)
        if let d = displayName, d.unicodeScalars.count > 50 { throw DomainError.invalid("displayName", "姓名不能超过50个字符") }
        let value = displayName?.nilIfBlank
        guard value != account.displayName else { return account }
        try await db.withTransaction { tx in
            let tsql = tx
            try await Self.claim(account, db: tsql)
            try await tsql.update("users").set("display_name", to: SQLBind(value)).where("id", .equal, SQLBind(account.id)).run()
            try await AuditLog(db: tsql, caller: caller).record(
                entity: "user", key: username, action: "update",
                changes: ["displayName": .init(from: account.displayName, to: value)])
        }
        return try await find(username)
    }

    func updateUnit(_ username: String, _ unit: String?) async throws -> AccountSummary {
        let account = try await find(username)
        if let u = unit, u.unicodeScalars.count > 100 { throw DomainError.invalid("unit", "单位不能超过100个字符") }
        let value = unit?.nilIfBlank
        guard value != account.unit else { return account }
        try await db.withTransaction { tx in
            try await Self.claim(account, db: tx)
            try await tx.update("users").set("unit", to: SQLBind(value)).where("id", .equal, SQLBind(account.id)).run()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "user", key: username, action: "update", changes: ["unit": .init(from: account.unit, to: value)])
        }
        return try await find(username)
    }

    /// A new temporary password; the old sessions and tokens end; change at next login.
    func resetPassword(_ username: String) async throws -> String {
        let account = try await find(username)
        if account.id == caller.userID {
            throw DomainError.invalid("username", "不能重置当前登录账号的密码，请在“账号设置”中修改密码", code: "self_reset")
        }
        // Whoever resets these accounts' passwords could act as them: only on the server, by the CLI.
        if account.grants.contains(where: { SeparationOfDuties.systemRoles.contains($0.role) }) {
            // Best effort: the refusal stands even when its audit entry cannot be written.
            try? await AuditLog(db: sql, caller: caller).record(
                entity: "access", key: username, action: "denied_reset_password",
                extra: ["reason": "system account"])
            throw DomainError(
                .forbidden, "system_account",
                "系统管理员、安全管理员和审计员的密码只能由服务器上的命令行重置（chainlead users reset-password）", field: "username")
        }
        let temporary = UserStore.randomPassword()
        let hash = try await Passwords.hash(temporary)
        try await db.withTransaction { tx in
            let tsql = tx
            try await Self.claim(account, db: tsql)
            try await tsql.update("users").set("password_hash", to: SQLBind(hash)).set("must_change_password", to: SQLBind(true))
                .where("id", .equal, SQLBind(account.id)).run()
            try await Self.endSessionsAndTokens(of: account.id, db: tsql)
            try await AuditLog(db: tsql, caller: caller).record(entity: "user", key: username, action: "reset_password")
        }
        return temporary
    }

    /// `chainlead users reset-password`: the one way to reset any account, run on the server.
    /// The password must then be changed at first login; every session and token ends; audited.
    func resetPasswordFromCommandLine(_ username: String, password given: String?) async throws -> String {
        let account = try await find(username)
        let password = given ?? UserStore.randomPassword()
        if let problem = PasswordPolicy.problem(with: password) { throw DomainError.invalid("password", problem, code: "weak_password") }
        let hash = try await Passwords.hash(password)
        try await db.withTransaction { tx in
            let tsql = tx
            try await tsql.update("users").set("password_hash", to: SQLBind(hash)).set("must_change_password", to: SQLBind(true))
                .where("id", .equal, SQLBind(account.id)).run()
            try await Self.endSessionsAndTokens(of: account.id, db: tsql)
            try await AuditLog(db: tsql, caller: caller).record(
                entity: "user", key: username, action: "reset_password", extra: ["via": "command line"])
        }
        return password
    }

    /// Replaces the account's roles and scopes (the security administrator's work).
    func setGrants(_ username: String, _ grants: [Grant]) async throws -> AccountSummary {
        let account = try await find(username)
        if grants.count > 20 { throw DomainError.invalid("grants", "一个账号最多20个角色") }
        var deduplicated: [Grant] = []
        for g in grants where !deduplicated.contains(g) { deduplicated.append(g) }
        let unique = deduplicated
        if separationOfDuties, let problem = SeparationOfDuties.violation(unique) {
            throw DomainError.invalid("grants", problem, code: "separation_of_duties")
        }
        for g in unique {
            if let problem = try await GrantStore(db: sql).unknownScopeValue(g) {
                throw DomainError.invalid("grants", "\(g.role.nameZh)的范围无效：\(problem)", code: "unknown_scope")
            }
        }
        if account.id == caller.userID && !unique.contains(where: { $0.role == .security }) {
            throw DomainError.invalid("grants", "不能撤销自己的安全管理员角色", code: "self_revoke")
        }
        let before = account.grants.map { "\($0.role.rawValue)(\($0.scopeText))" }.sorted().joined(separator: "; ")
        let after = unique.map { "\($0.role.rawValue)(\($0.scopeText))" }.sorted().joined(separator: "; ")
        guard before != after else { return account }
        try await db.withTransaction { tx in
            let tsql = tx
            try await Self.claim(account, db: tsql)
            try await tsql.delete(from: "user_grants").where("user_id", .equal, SQLBind(account.id)).run()
            for g in unique { try await GrantStore(db: tsql).add(g, to: account.id) }
            try await AuditLog(db: tsql, caller: caller).record(
                entity: "user", key: username, action: "set_grants",
                changes: ["grants": .init(from: before, to: after)])
        }
        return try await find(username)
    }

    /// The user's own change: the current password proves who asks; the new one meets the policy.
    /// Every other session and token of the account ends; `keepingSession` (the page's own) goes on.
    func changePassword(username: String, current: String, new: String, keepingSession: String? = nil) async throws {
        guard let userID = try await UserStore(db: sql).verify(username: username, password: current),
            let verifiedHash = try await UserStore(db: sql).find(username: username)?.hash
        else {
            throw DomainError.invalid("currentPassword", "当前密码不正确", code: "wrong_password")
        }
        if let problem = PasswordPolicy.problem(with: new) { throw DomainError.invalid("newPassword", problem, code: "weak_password") }
        guard new != current else { throw DomainError.invalid("newPassword", "新密码不能与当前密码相同", code: "same_password") }
        let hash = try await Passwords.hash(new)
        // Who changes it: the signed-in caller, or (the first-login form) the account itself.
        let actor = caller.username == nil ? Caller(userID: userID, username: username, grants: [], clientIP: caller.clientIP) : caller
        do {
            try await db.withTransaction { tx in
                let tsql = tx
                // Conditional on the password just verified: of two racing changes one wins (409 for the other).
                let changed = try await tsql.update("users").set("password_hash", to: SQLBind(hash)).set(
                    "version", to: SQLRaw("version + 1")
                )
                .set("must_change_password", to: SQLBind(false)).set("password_changed_at", to: SQLBind(Date.nowSeconds()))
                .where("id", .equal, SQLBind(userID)).where("password_hash", .equal, SQLBind(verifiedHash)).returning("id").all()
                guard !changed.isEmpty else { throw Self.changedMeanwhile }
                try await Self.endSessionsAndTokens(of: userID, keepingSession: keepingSession, db: tsql)
                try await AuditLog(db: tsql, caller: actor).record(entity: "user", key: username, action: "change_password")
            }
        }
    }

    /// Ends every session and token of the account but `keepingSession` (the caller's own web
    /// session, when it changes its own password): sign-in tokens go, personal tokens are kept
    /// and marked ended, so their owner sees what stopped working.
    static let changedMeanwhile = DomainError(.conflict, "changed_meanwhile", "该账号刚被他人修改，请刷新后重试", field: "username")

    /// The first write of every account change, inside its transaction: raises the version the
    /// change was read at, or throws 409 when another change came first.
    static func claim(_ account: AccountSummary, db: any SQLDatabase) async throws {
        let claimed = try await db.update("users").set("version", to: SQLRaw("version + 1"))
            .where("id", .equal, SQLBind(account.id)).where("version", .equal, SQLBind(account.version)).returning("id").all()
        guard !claimed.isEmpty else { throw changedMeanwhile }
    }

    static func endSessionsAndTokens(of userID: Int64, keepingSession: String? = nil, db: any SQLDatabase) async throws {
        var sessions = db.delete(from: "web_sessions").where("user_id", .equal, SQLBind(userID))
        if let keep = keepingSession { sessions = sessions.where("id_hash", .notEqual, SQLBind(keep)) }
        try await sessions.run()
        try await db.delete(from: "api_tokens").where("user_id", .equal, SQLBind(userID)).where("personal", .equal, SQLBind(false)).run()
        try await db.update("api_tokens").set("ended_at", to: SQLBind(Date.nowSeconds()))
            .where("user_id", .equal, SQLBind(userID)).where("personal", .equal, SQLBind(true)).where(SQLRaw("ended_at IS NULL")).run()
    }
}

extension String {
    var nilIfBlank: String? {
        let t = trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
}
