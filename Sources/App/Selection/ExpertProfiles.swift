import ChainLeadCore
import Foundation
import SQLKit

/// An expert's profile (Policy S1, S2): field, title, employer, and the standing interests they
/// declare (firms they hold shares in or worked for in the last 3 years, family ties). Declared
/// interests naming a firm block assignments to its applications.
struct ExpertProfile: Codable, Sendable, Equatable {
    struct Interest: Codable, Sendable, Equatable {
        var enterprise: String?
        var name: String
        var kind: String
        var detail: String?
    }

    var username: String
    var displayName: String?
    var field: String?
    var title: String?
    /// The employer's USCC: the account's scope `expert:USCC` when it names one, else the profile's.
    var employer: String?
    var employerName: String?
    var interests: [Interest]
    var updatedBy: String?
    var updatedAt: Date?
}

struct ExpertProfiles {
    let db: any SQLDatabase
    let caller: Caller

    struct Account: Decodable {
        var username: String
        var displayName: String?
        var scope: String
    }

    /// Expert accounts among `usernames` (each with its scope's employer, if any).
    static func accounts(_ usernames: [String], db: any SQLDatabase) async throws -> [String: String?] {
        guard !usernames.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT u.username, u.display_name, g.scope FROM users u JOIN user_grants g ON g.user_id = u.id
            WHERE g.role = 'expert' AND u.disabled = \(bind: false) AND u.username IN \(SQLBind.group(usernames))
            """
        ).rows(Account.self)
        var out: [String: String?] = [:]
        for r in rows {
            let employer = r.scope.hasPrefix("expert:") ? String(r.scope.dropFirst(7)) : nil
            if out[r.username] == nil || employer != nil { out[r.username] = employer }
        }
        return out
    }

    func authorise(_ action: Action, _ username: String) async throws {
        try await Access.require(action, .selection(.expertProfile(own: username == caller.username)), caller: caller, db: db)
    }

    func find(_ username: String) async throws -> ExpertProfile {
        try await authorise(.read, username)
        return try await Self.load([username], db: db)[username] ?? { throw DomainError.notFound("专家 \(username)", field: "username") }()
    }

    struct Row: Decodable {
        var username: String
        var displayName: String?
        var field: String?
        var title: String?
        var employerUscc: String?
        var employerName: String?
        var interests: String?
        var updatedBy: String?
        var updatedAt: Date?
    }

    /// Profiles of expert accounts (an expert with no saved profile gets an empty one).
    static func load(_ usernames: [String], db: any SQLDatabase) async throws -> [String: ExpertProfile] {
        let accounts = try await accounts(usernames, db: db)
        guard !accounts.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT u.username, u.display_name, p.field, p.title, p.employer_uscc, p.employer_name, p.interests, p.updated_by, p.updated_at
            FROM users u LEFT JOIN expert_profiles p ON p.username = u.username WHERE u.username IN \(SQLBind.group(Array(accounts.keys)))
            """
        ).rows(Row.self)
        var out: [String: ExpertProfile] = [:]
        for r in rows {
            let interests = try Applications.json(r.interests, [ExpertProfile.Interest].self, column: "expert_profiles.interests") ?? []
            out[r.username] = ExpertProfile(
                username: r.username, displayName: r.displayName, field: r.field, title: r.title,
                employer: (accounts[r.username] ?? nil) ?? r.employerUscc, employerName: r.employerName, interests: interests,
                updatedBy: r.updatedBy, updatedAt: r.updatedAt)
        }
        return out
    }

    func save(_ username: String, _ p: ExpertProfile) async throws -> ExpertProfile {
        try await authorise(.update, username)
        let old = try await Self.load([username], db: db)[username]
        guard let old else { throw DomainError.notFound("专家 \(username)", field: "username") }
        for (i, interest) in p.interests.enumerated() {
            if let u = interest.enterprise { _ = try APIHandler.pathUSCC(u, field: "interests[\(i)].enterprise") }
            guard ConflictKind(rawValue: interest.kind) != nil else {
                throw DomainError.invalid("interests[\(i)].kind", "利益关系类型应为 employer、shareholding、employment、family 或 other")
            }
        }
        if let e = p.employer { _ = try APIHandler.pathUSCC(e, field: "employer") }
        let now = Date.nowSeconds()
        let caller = self.caller
        let interests = try Applications.encode(p.interests)
        try await db.withTransaction { tx in
            try await tx.delete(from: "expert_profiles").where("username", .equal, SQLBind(username)).run()
            try await tx.insert(into: "expert_profiles")
                .columns("username", "field", "title", "employer_uscc", "employer_name", "interests", "updated_by", "updated_at")
                .values(
                    SQLBind(username), SQLBind(p.field), SQLBind(p.title), SQLBind(p.employer), SQLBind(p.employerName),
                    SQLBind(interests), SQLBind(caller.username), SQLBind(now)
                ).run()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "expert", key: username, action: "update",
                changes: [
                    "employer": .init(from: old.employer, to: p.employer),
                    "interests": .init(from: "\(old.interests.count)", to: "\(p.interests.count)"),
                ])
        }
        return try await Self.load([username], db: db)[username] ?? old
    }
}
