import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// The first account. `serve` creates `admin` when there is none; with `--demo` it also
/// (re)sets the password so the banner can print it. `CHAINLEAD_ADMIN_PASSWORD` wins.
public enum Bootstrap {
    public struct AdminLogin: Sendable {
        public var username: String
        public var password: String?
        public var created: Bool
    }

    public static func ensureAdmin(_ app: Application, demo: Bool,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> AdminLogin {
        let users = UserStore(db: app.db as! any SQLDatabase)
        let given = environment["CHAINLEAD_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let exists = try await users.find(username: "admin") != nil
        if exists && !demo && given == nil {
            return AdminLogin(username: "admin", password: nil, created: false)
        }
        if exists && given == nil && !demo { return AdminLogin(username: "admin", password: nil, created: false) }
        let password = given ?? UserStore.randomPassword()
        if !exists || demo || given != nil {
            // The demo's admin holds every city-wide role (marked as such in the banner);
            // otherwise the system administrator holds only its own (三员分立).
            let grants: [Grant] = demo ? [Grant(.admin, .city), Grant(.security, .city), Grant(.official, .city)] : [Grant(.admin, .city)]
            try await users.upsert(username: "admin", password: password, grants: grants)
        }
        return AdminLogin(username: "admin", password: given == nil ? password : nil, created: !exists)
    }
}
