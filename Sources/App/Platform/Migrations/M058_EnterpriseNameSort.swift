import ChainLeadCore
import Fluent
import SQLKit

/// Names in pinyin order (issue 20): a sort key stored with each name, and the name's pinyin (full
/// and initials) for the list's search. Existing firms are filled in batches; no other column changes.
struct M058_EnterpriseNameSort: AsyncMigration {
    struct Row: Decodable {
        var uscc: String
        var name: String
    }

    func prepare(on db: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        try await db.schema("enterprises").field("name_sort", .string).update()
        try await db.schema("enterprises").field("name_pinyin", .string).update()
        let sql = db.sql
        var after = ""
        while true {
            let rows = try await sql.raw(
                "SELECT uscc, name FROM enterprises WHERE uscc > \(bind: after) ORDER BY uscc LIMIT 1000"
            ).all().map { try $0.decode(model: Row.self, keyDecodingStrategy: .convertFromSnakeCase) }
            guard let last = rows.last else { break }
            after = last.uscc
            var sortCase: [SQLQueryString] = []
            var searchCase: [SQLQueryString] = []
            for r in rows {
                sortCase.append("WHEN \(bind: r.uscc) THEN \(bind: PinyinKey.sortKey(r.name))")
                searchCase.append("WHEN \(bind: r.uscc) THEN \(bind: EnterpriseSearch.pinyin(r.name))")
            }
            try await sql.raw(
                """
                UPDATE enterprises SET name_sort = CASE uscc \(sortCase.joined(separator: " ")) END,
                  name_pinyin = CASE uscc \(searchCase.joined(separator: " ")) END
                WHERE uscc IN \(SQLBind.group(rows.map(\.uscc)))
                """
            ).run()
        }
        try await sql.create(index: "idx_enterprises_name_sort").on("enterprises").column("name_sort").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_enterprises_name_sort").run()
        try await db.schema("enterprises").deleteField("name_pinyin").update()
        try await db.schema("enterprises").deleteField("name_sort").update()
    }
}
