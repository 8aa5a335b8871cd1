import ChainLeadCore
import Foundation
import SQLKit

/// A stored selection scheme (Policy S2).
struct StoredScheme: Sendable {
    var id: Int64
    var scheme: SelectionScheme
    var isDefault: Bool
    var frozen: Bool
    var updatedAt: Date
    /// `EditVersion`.
    var version: Int64 = 1
}

/// Versioned selection schemes: a scheme a campaign uses is frozen; a change is a copy.
struct SchemeStore {
    let db: any SQLDatabase
    let caller: Caller

    struct Row: Decodable {
        var id: Int64
        var body: String
        var isDefault: Bool
        var frozen: Bool
        var updatedAt: Date
        var version: Int64
    }

    static func decode(_ r: Row) throws -> StoredScheme {
        guard let scheme = try? JSONDecoder().decode(SelectionScheme.self, from: Data(r.body.utf8)) else {
            throw DomainError.storedValue("selection_schemes.body")
        }
        return StoredScheme(id: r.id, scheme: scheme, isDefault: r.isDefault, frozen: r.frozen, updatedAt: r.updatedAt, version: r.version)
    }

    func list() async throws -> [StoredScheme] {
        try await db.raw("SELECT id, body, is_default, frozen, updated_at, version FROM selection_schemes ORDER BY id").rows(Row.self).map(
            Self.decode)
    }

    func find(_ id: Int64) async throws -> StoredScheme {
        guard
            let row = try await db.raw(
                "SELECT id, body, is_default, frozen, updated_at, version FROM selection_schemes WHERE id = \(bind: id)"
            ).row(
                Row.self)
        else { throw DomainError.notFound("遴选方案 \(id)", field: "scheme") }
        return try Self.decode(row)
    }

    /// The scheme reviews use: the newest one marked default.
    func standard() async throws -> StoredScheme {
        guard
            let row = try await db.raw(
                "SELECT id, body, is_default, frozen, updated_at, version FROM selection_schemes WHERE is_default = \(bind: true) ORDER BY id DESC LIMIT 1"
            ).row(Row.self)
        else { throw DomainError.notFound("默认遴选方案", field: "scheme") }
        return try Self.decode(row)
    }

    static func encode(_ scheme: SelectionScheme) throws -> String { try Applications.encode(scheme) }

    func create(_ scheme: SelectionScheme, makeDefault: Bool) async throws -> StoredScheme {
        if let problem = scheme.problem() { throw DomainError(problem) }
        let body = try Self.encode(scheme)
        let now = Date.nowSeconds()
        let id = try await db.withTransaction { tx in
            if makeDefault { try await tx.raw("UPDATE selection_schemes SET is_default = \(bind: false)").run() }
            let id = try await tx.insert(into: "selection_schemes")
                .columns("name", "body", "is_default", "frozen", "created_by", "created_at", "updated_at")
                .values(
                    SQLBind(scheme.name), SQLBind(body), SQLBind(makeDefault), SQLBind(false), SQLBind(caller.username), SQLBind(now),
                    SQLBind(now)
                )
                .runReturningID()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "selection_scheme", key: "\(id)", action: "create", changes: ["name": .init(from: nil, to: scheme.name)])
            return id
        }
        return try await find(id)
    }

    /// Replaces an unfrozen scheme: one conditional write, so a campaign freezing it meanwhile wins (409).
    func update(_ id: Int64, _ scheme: SelectionScheme, makeDefault: Bool?, expected: Int64? = nil) async throws -> StoredScheme {
        if let problem = scheme.problem() { throw DomainError(problem) }
        let old = try await find(id)
        if old.frozen { throw Self.frozenError }
        if let expected, expected != old.version { throw EditVersion.stale("遴选方案“\(old.scheme.name)”", stored: old.version) }
        let body = try Self.encode(scheme)
        try await db.withTransaction { tx in
            if makeDefault == true { try await tx.raw("UPDATE selection_schemes SET is_default = \(bind: false)").run() }
            let isDefault = makeDefault ?? old.isDefault
            let updated = try await tx.raw(
                """
                UPDATE selection_schemes SET name = \(bind: scheme.name), body = \(bind: body), is_default = \(bind: isDefault),
                  updated_at = \(bind: Date.nowSeconds()), version = version + 1
                WHERE id = \(bind: id) AND frozen = \(bind: false) AND version = \(bind: old.version) RETURNING id
                """
            ).all()
            guard !updated.isEmpty else {
                let now = try await find(id)
                throw now.frozen ? Self.frozenError : EditVersion.stale("遴选方案“\(old.scheme.name)”", stored: now.version)
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "selection_scheme", key: "\(id)", action: "update", changes: ["name": .init(from: old.scheme.name, to: scheme.name)]
            )
        }
        return try await find(id)
    }

    static let frozenError = DomainError(.conflict, "scheme_frozen", "该方案已被遴选批次使用，不能修改；请复制后修改新方案", field: "scheme")
}
