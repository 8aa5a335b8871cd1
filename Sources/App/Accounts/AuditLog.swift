import Foundation
import SQLKit

/// Appends one entry to the audit trail (Policy: every write is audited). `changes` maps a
/// field to its before/after values.
struct AuditLog {
    let db: any SQLDatabase
    /// Who did it, from where.
    let caller: Caller

    struct Change: Codable, Sendable {
        var from: String?
        var to: String?
    }

    func record(entity: String, key: String, action: String, changes: [String: Change] = [:], extra: [String: String] = [:]) async throws {
        var payload: [String: Change] = changes
        for (k, v) in extra { payload[k] = Change(from: nil, to: v) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        try await db.insert(into: "audit_entries")
            .columns("at", "username", "client_ip", "entity", "entity_key", "action", "changes")
            .values(
                SQLBind(Date()), SQLBind(caller.username), SQLBind(caller.clientIP), SQLBind(entity),
                SQLBind(key), SQLBind(action), SQLBind(json)
            )
            .run()
    }
}
