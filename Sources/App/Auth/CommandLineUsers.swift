import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// `chainlead users create`: an account with a final password and one role with its scope.
public enum CommandLineUsers {
    public static func create(_ app: Application, username: String, password: String, role roleName: String, scope: String?) async throws -> String {
        guard let role = Role(rawValue: roleName) else {
            throw CommandLineError("unknown role '\(roleName)': one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = username.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100, !name.contains(where: { $0.isWhitespace }) else {
            throw CommandLineError("the username must be 1–100 characters without spaces")
        }
        if let problem = PasswordPolicy.problem(with: password) { throw CommandLineError(problem) }
        guard let grant = Grant.parse(role: role, scope: scope ?? "city") else {
            throw CommandLineError("scope '\(scope ?? "city")' does not fit role \(role.rawValue): e.g. city, chains:ic-fab, department:市数据局[:head], district:320214, enterprise:USCC, bank:NAME, expert[:USCC]")
        }
        var context = RequestContext.current
        context.username = "cli:\(ProcessInfo.processInfo.environment["USER"] ?? "root")"
        try await RequestContext.$current.withValue(context) {
            try await app.db.transactionCarryingContext { tx in
                try await UserStore(db: tx).upsert(username: name, password: password, grants: [grant])
                try await AuditLog(db: tx).record(entity: "user", key: name, action: "create_or_grant",
                                                  extra: ["role": role.rawValue, "scope": grant.scopeText])
            }
        }
        return "User \(name) holds \(role.rawValue) (\(grant.scopeText))."
    }
}
