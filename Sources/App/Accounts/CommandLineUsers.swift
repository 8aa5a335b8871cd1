import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// `chainlead users create`: an account with a final password and one role with its scope.
public enum CommandLineUsers {
    public static func create(_ app: Application, username: String, password: String, role roleName: String, scope: String?) async throws
        -> String
    {
        guard let role = Role(rawValue: roleName) else {
            throw CommandLineError("unknown role '\(roleName)': one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = username.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100, !name.contains(where: { $0.isWhitespace }) else {
            throw CommandLineError("the username must be 1–100 characters without spaces")
        }
        if let problem = PasswordPolicy.problem(with: password) { throw CommandLineError(problem) }
        guard let grant = Grant.parse(role: role, scope: scope ?? "city") else {
            throw CommandLineError(
                "scope '\(scope ?? "city")' does not fit role \(role.rawValue): e.g. city, chains:ic-fab, department:市数据局[:head], district:320214, enterprise:USCC, bank:NAME, expert[:USCC]"
            )
        }
        if let problem = try await GrantStore(db: app.db.sql).unknownScopeValue(grant) { throw CommandLineError(problem) }
        let caller = Caller.commandLine
        let separation = app.chainLead.separationOfDuties
        do {
            try await app.db.sql.withTransaction { tx in
                do {
                    try await UserStore(db: tx).upsert(username: name, password: password, grants: [grant], separationOfDuties: separation)
                } catch let e as DomainError {
                    throw CommandLineError(e.message)
                }
                try await AuditLog(db: tx, caller: caller).record(
                    entity: "user", key: name, action: "create_or_grant",
                    extra: ["role": role.rawValue, "scope": grant.scopeText])
            }
        }
        return "User \(name) holds \(role.rawValue) (\(grant.scopeText))."
    }

    /// `chainlead users reset-password`: answers the line to print (with the password when made here).
    public static func resetPassword(_ app: Application, username: String, password: String?) async throws -> String {
        do {
            do {
                let set = try await AccountService(db: app.db.sql, caller: .commandLine).resetPasswordFromCommandLine(
                    username, password: password)
                return password == nil
                    ? "The password of \(username) is now: \(set) (to be changed at the next login)."
                    : "The password of \(username) was reset (to be changed at the next login)."
            } catch let e as DomainError {
                throw CommandLineError(e.message)
            }
        }
    }
}
