import ChainLeadCore
import Crypto
import Foundation
import SQLKit
import Vapor

public struct AuthenticatedUser: Sendable {
    public var id: Int64
    public var username: String
    public var grants: [Grant]
}

/// Bearer tokens: 32 random bytes, handed out once, stored as SHA-256 hashes, expiring.
public struct TokenStore: Sendable {
    let db: any SQLDatabase
    var lifetime: TimeInterval = 12 * 3600

    public static func hash(_ token: String) -> String {
        // Every API call hashes its token: hex by table, not `String(format:)` per byte.
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public func issue(
        for userID: Int64, now: Date = Date(), name: String? = nil, personal: Bool = false,
        lifetime custom: TimeInterval? = nil
    ) async throws -> (token: String, expiresAt: Date) {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        let token =
            "cl_"
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let expires = now.addingTimeInterval(custom ?? lifetime)
        try await db.insert(into: "api_tokens")
            .columns("user_id", "token_hash", "expires_at", "created_at", "name", "personal")
            .values(SQLBind(userID), SQLBind(Self.hash(token)), SQLBind(expires), SQLBind(now), SQLBind(name), SQLBind(personal))
            .run()
        return (token, expires)
    }

    public func user(forToken token: String, now: Date = Date()) async throws -> AuthenticatedUser? {
        guard !token.isEmpty, token.count < 200 else { return nil }
        struct Row: Decodable {
            var id: Int64
            var username: String
            var expiresAt: Date
            var role: String?
            var scope: String?
        }
        // The token, its user and the user's grants in one statement: every API call starts here.
        let rows = try await db.raw(
            """
            SELECT u.id, u.username, t.expires_at, g.role, g.scope FROM api_tokens t JOIN users u ON u.id = t.user_id
            LEFT JOIN user_grants g ON g.user_id = u.id
            WHERE t.token_hash = \(bind: Self.hash(token)) AND u.disabled = \(bind: false)
              AND u.must_change_password = \(bind: false) AND t.ended_at IS NULL
            ORDER BY g.id
            """
        ).rows(Row.self)
        guard let row = rows.first, row.expiresAt > now else { return nil }
        let grants = try await GrantStore(db: db).effective(GrantStore.grants(rows.map { ($0.role, $0.scope) }))
        return AuthenticatedUser(id: row.id, username: row.username, grants: grants)
    }
}

/// A personal token as its owner sees it on the settings page: never the token itself.
struct PersonalToken: Sendable {
    var id: Int64
    var name: String
    var createdAt: Date
    var expiresAt: Date
    /// Revoked, or ended by a password change or a reset: kept and listed as ended.
    var endedAt: Date?
}

extension TokenStore {
    static let maxPersonalDays = 365

    func personalTokens(of userID: Int64) async throws -> [PersonalToken] {
        struct Row: Decodable {
            var id: Int64
            var name: String?
            var createdAt: Date
            var expiresAt: Date
            var endedAt: Date?
        }
        return try await db.raw(
            """
            SELECT id, name, created_at, expires_at, ended_at FROM api_tokens
            WHERE user_id = \(bind: userID) AND personal = \(bind: true) ORDER BY id DESC
            """
        ).rows(Row.self).map {
            PersonalToken(id: $0.id, name: $0.name ?? "", createdAt: $0.createdAt, expiresAt: $0.expiresAt, endedAt: $0.endedAt)
        }
    }

    /// Revokes one of the user's own personal tokens (kept, marked ended); false when there is no
    /// such token or it had already ended.
    func revoke(tokenID: Int64, of userID: Int64, now: Date = Date.nowSeconds()) async throws -> Bool {
        let ended = try await db.raw(
            """
            UPDATE api_tokens SET ended_at = \(bind: now)
            WHERE id = \(bind: tokenID) AND user_id = \(bind: userID) AND personal = \(bind: true) AND ended_at IS NULL
            RETURNING id
            """
        ).all()
        return !ended.isEmpty
    }
}
