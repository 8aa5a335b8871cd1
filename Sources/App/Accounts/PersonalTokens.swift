import ChainLeadCore
import Foundation
import SQLKit

/// Personal tokens of the current user (the settings page and the API): named, expiring,
/// shown once, revocable. Creating and revoking are audited, never with the token.
struct PersonalTokens {
    let db: any SQLDatabase
    /// Who acts: checked, and recorded in the audit trail.
    let caller: Caller

    struct Issued {
        var id: Int64
        var name: String
        var token: String
        var expiresAt: Date
    }

    func create(name raw: String, days: Int?) async throws -> Issued {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.unicodeScalars.count <= 50 else { throw DomainError.invalid("name", "令牌名称不能为空且不超过50个字符") }
        let days = days ?? 90
        guard (1...TokenStore.maxPersonalDays).contains(days) else {
            throw DomainError.invalid("days", "有效期须为1至\(TokenStore.maxPersonalDays)天")
        }
        guard let userID = caller.userID else { throw DomainError.unauthenticated }
        let store = TokenStore(db: db)
        let issued = try await store.issue(
            for: userID, now: Date.nowSeconds(), name: name, personal: true,
            lifetime: TimeInterval(days) * 86_400)
        let id =
            try await db.raw("SELECT id FROM api_tokens WHERE token_hash = \(bind: TokenStore.hash(issued.token))")
            .first(decodingColumn: "id", as: Int64.self) ?? 0
        try await AuditLog(db: db, caller: caller).record(
            entity: "token", key: "\(id)", action: "create",
            extra: ["name": name, "expiresAt": ISO8601DateFormatter().string(from: issued.expiresAt)])
        return Issued(id: id, name: name, token: issued.token, expiresAt: issued.expiresAt)
    }

    func revoke(id: Int64) async throws {
        guard let userID = caller.userID else { throw DomainError.unauthenticated }
        guard try await TokenStore(db: db).revoke(tokenID: id, of: userID) else {
            throw DomainError.notFound("个人令牌 \(id)", field: "id")
        }
        try await AuditLog(db: db, caller: caller).record(entity: "token", key: "\(id)", action: "revoke")
    }
}
