import Foundation
import SQLKit

struct AuditRecord: Sendable {
    var id: Int64
    var at: Date
    var username: String?
    var clientIP: String?
    var entity: String
    var key: String
    var action: String
    var changes: [String: AuditLog.Change]
}

struct AuditFilter: Sendable {
    var entity: String?
    var user: String?
    var action: String?
    var key: String?
    /// The key itself or any key below it (`USCC` and `USCC/2024`).
    var keyOrBelow: String?
    var from: Date?
    var to: Date?
}

/// `SELECT * FROM audit_entries`.
private struct AuditEntryRow: Decodable {
    var id: Int64
    var at: Date
    var username: String?
    var clientIp: String?
    var entity: String
    var entityKey: String
    var action: String
    var changes: String
}

/// Reads of the audit trail (there are no writes here but appends: `AuditLog`).
struct AuditQueries {
    let db: any SQLDatabase

    func list(_ f: AuditFilter, page: PageRequest) async throws -> (items: [AuditRecord], total: Int) {
        var parts: [SQLQueryString] = ["1 = 1"]
        if let v = f.entity { parts.append("entity = \(bind: v)") }
        if let v = f.user { parts.append("username = \(bind: v)") }
        if let v = f.action { parts.append("action = \(bind: v)") }
        if let v = f.key { parts.append("entity_key = \(bind: v)") }
        if let v = f.keyOrBelow {
            parts.append("(entity_key = \(bind: v) OR entity_key LIKE \(bind: EnterpriseQueries.likeEscaped(v) + "/%") ESCAPE '\\')")
        }
        if let v = f.from { parts.append("at >= \(bind: v)") }
        if let v = f.to { parts.append("at < \(bind: v)") }
        let condition = parts.joined(separator: " AND ")
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE \(condition)").first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await db.raw(
            """
            SELECT * FROM audit_entries WHERE \(condition) ORDER BY id DESC LIMIT \(bind: page.per) OFFSET \(bind: page.offset)
            """
        ).rows(AuditEntryRow.self)
        let decoder = JSONDecoder()
        let items = rows.map { row in
            AuditRecord(
                id: row.id, at: row.at, username: row.username, clientIP: row.clientIp, entity: row.entity, key: row.entityKey,
                action: row.action,
                // An entry whose changes no longer decode still shows who did what and when.
                changes: (try? decoder.decode([String: AuditLog.Change].self, from: Data(row.changes.utf8))) ?? [:])
        }
        return (items, total)
    }
}
