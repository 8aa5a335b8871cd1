import SQLKit

/// People as officials name them — "张明远（市工业和信息化局产业链办）" — in histories, the audit
/// trail and import lists, instead of login names. An account without a name shows its login name;
/// system actors ("cli:…", "demo") stay as they are.
enum PeopleNames {
    static func describe(displayName: String?, unit: String?, username: String) -> String {
        guard let name = displayName, !name.isEmpty else { return username }
        return unit.map { $0.isEmpty ? name : "\(name)（\($0)）" } ?? name
    }

    /// Names of these accounts, read in one query.
    struct Row: Decodable {
        var username: String
        var displayName: String?
        var unit: String?
    }

    static func load(_ usernames: [String], db: any SQLDatabase) async throws -> [String: String] {
        let list = Array(Set(usernames)).filter { !$0.isEmpty }.sorted()
        guard !list.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for chunk in list.chunked(500) {
            let rows = try await db.raw(
                "SELECT username, display_name, unit FROM users WHERE username IN \(SQLBind.group(Array(chunk)))"
            ).rows(Row.self)
            for r in rows { out[r.username] = describe(displayName: r.displayName, unit: r.unit, username: r.username) }
        }
        return out
    }
}
