import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// Accounts; their roles and scopes are in `GrantStore`.
public struct UserStore: Sendable {
    let db: any SQLDatabase

    public func find(username: String) async throws -> (id: Int64, hash: String, disabled: Bool)? {
        struct Row: Decodable {
            var id: Int64
            var passwordHash: String
            var disabled: Bool
        }
        guard
            let row = try await db.raw(
                "SELECT id, password_hash, disabled FROM users WHERE username = \(bind: username)"
            ).row(Row.self)
        else { return nil }
        return (row.id, row.passwordHash, row.disabled)
    }

    func mustChangePassword(_ userID: Int64) async throws -> Bool {
        try await db.raw("SELECT must_change_password FROM users WHERE id = \(bind: userID)")
            .first(decodingColumn: "must_change_password", as: Bool.self) ?? false
    }

    /// Creates the user, or sets the password of an existing one; adds the grants. Answers the id.
    /// With `separationOfDuties` (the default) the account's grants after the change must pass
    /// 三员分立, whoever asks (the CLI, the demo loader, tests); only the documented all-powerful
    /// demo account is made with it off.
    @discardableResult
    public func upsert(username: String, password: String, grants: [Grant], separationOfDuties: Bool = true) async throws -> Int64 {
        if separationOfDuties, let existing = try await find(username: username) {
            let held = try await GrantStore(db: db).grants(of: existing.id)
            if let problem = SeparationOfDuties.violation(held + grants) {
                throw DomainError.invalid("grants", problem, code: "separation_of_duties")
            }
        } else if separationOfDuties, let problem = SeparationOfDuties.violation(grants) {
            throw DomainError.invalid("grants", problem, code: "separation_of_duties")
        }
        let hash = try await Passwords.hash(password)
        let id: Int64
        if let existing = try await find(username: username) {
            try await db.update("users").set("password_hash", to: SQLBind(hash))
                .where("username", .equal, SQLBind(username)).run()
            id = existing.id
        } else {
            id = try await db.insert(into: "users")
                .columns("username", "password_hash", "disabled", "created_at")
                .values(SQLBind(username), SQLBind(hash), SQLBind(false), SQLBind(Date()))
                .runReturningID()
        }
        for grant in grants { try await GrantStore(db: db).add(grant, to: id) }
        return id
    }

    /// Verifies a password. An unknown user costs a hash too, so both answers take alike.
    public func verify(username: String, password: String) async throws -> Int64? {
        let found = try await find(username: username)
        let hash = found?.hash ?? Passwords.dummyHash
        let ok = await Passwords.verify(password, against: hash)
        guard let found, ok, !found.disabled else { return nil }
        return found.id
    }

    public static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        // (the alphabet is a non-empty literal)
        let core = String((0..<14).map { _ in alphabet.randomElement() ?? "x" })
        return core + "-7a"
    }
}
