import Foundation
import SQLKit

/// A table's columns, keys and indexes as the coordinator's catalog has them, written out again
/// for a partition on a shard: the shard holds the keys a partition can enforce (every unique key
/// of a distributed table includes its placing column, or is the coordinator-made id).
struct TableShape: Sendable {
    var table: String
    var columns: [(name: String, type: String, notNull: Bool)]
    /// `PRIMARY KEY (id)`, `UNIQUE (…)` as `pg_get_constraintdef` writes them.
    var keys: [String]
    /// `CREATE INDEX name ON public.table USING btree (…)` for the indexes that are not keys.
    var indexes: [(name: String, definition: String)]

    static func read(_ db: any SQLDatabase, _ table: String) async throws -> TableShape {
        struct Column: Decodable {
            var name: String
            var type: String
            var notNull: Bool
        }
        struct Index: Decodable {
            var name: String
            var definition: String
        }
        let relation = "public." + table
        let columns = try await db.raw(
            """
            SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
            FROM pg_attribute a WHERE a.attrelid = to_regclass(\(bind: relation)) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """
        ).rows(Column.self)
        let keys = try await db.raw(
            """
            SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
            WHERE conrelid = to_regclass(\(bind: relation)) AND contype IN ('p', 'u') ORDER BY contype, conname
            """
        ).all(decodingColumn: "definition", as: String.self)
        let indexes = try await db.raw(
            """
            SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = to_regclass(\(bind: relation))
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY i.relname
            """
        ).rows(Index.self)
        return TableShape(
            table: table, columns: columns.map { ($0.name, $0.type, $0.notNull) }, keys: keys,
            indexes: indexes.map { ($0.name, $0.definition) }
        )
    }

    /// The statements that make partition `part` on a shard; each may run again harmlessly.
    func shardDDL(as part: String) -> [String] {
        let quoted = { (s: String) in "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let body = columns.map { quoted($0.name) + " " + $0.type + ($0.notNull ? " NOT NULL" : "") } + keys
        var out = ["CREATE TABLE IF NOT EXISTS public.\(quoted(part)) (" + body.joined(separator: ", ") + ")"]
        for index in indexes {
            let renamed = index.definition
                .replacingOccurrences(
                    of: "CREATE INDEX \(index.name) ON", with: "CREATE INDEX IF NOT EXISTS \(quoted(index.name + "_" + part)) ON"
                )
                .replacingOccurrences(of: " ON public.\(table) ", with: " ON public.\(quoted(part)) ")
            out.append(renamed)
        }
        return out
    }
}

/// A shard's PostgreSQL server, from `postgres://user[:password]@host[:port]/database`.
public struct ShardAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    public var password: String?

    init(host: String, port: Int, database: String, user: String, password: String?) {
        (self.host, self.port, self.database, self.user, self.password) = (host, port, database, user, password)
    }

    public init(url: String) throws {
        guard let c = URLComponents(string: url), ["postgres", "postgresql"].contains(c.scheme ?? ""),
            let host = c.host, !host.isEmpty
        else { throw ProvinceError.badShard(url) }
        let database = String(c.path.drop(while: { $0 == "/" }))
        self.host = host
        self.port = c.port ?? 5432
        self.database = database.isEmpty ? "postgres" : database
        self.user = c.user ?? "postgres"
        // URLComponents gives them percent-encoded.
        self.password = c.password.map { $0.removingPercentEncoding ?? $0 }
    }
}

public enum ProvinceError: Error, CustomStringConvertible {
    case notPostgres, noShards
    case partitions(Int, Int)
    case badShard(String)
    case missingTable(String)
    case holdsData(String)

    public var description: String {
        switch self {
        case .notPostgres: "省级模式需要 PostgreSQL 协调库 / province mode needs a PostgreSQL coordinator (--database postgres://…)"
        case .noShards: "请至少指定一个分片 / give at least one --shard postgres://…"
        case .partitions(let n, let shards):
            "分区数 \(n) 无效：应在 \(shards)…1024 之间 / --partitions must be between the number of shards (\(shards)) and 1024"
        case .badShard(let url): "分片地址无效：\(url) / a shard must be postgres://user[:password]@host[:port]/database"
        case .missingTable(let t): "协调库缺少表 \(t)：请先运行 chainlead migrate / the coordinator has no table \(t)"
        case .holdsData(let t):
            """
            协调库的 \(t) 已有数据，未做任何修改 / the coordinator's \(t) already holds rows; nothing was changed.
            To move an existing city to province mode: `chainlead export` the data (or pg_dump --data-only -t \(t)),
            run `province init` on a fresh coordinator, and load the data through it (imports or psql \\copy into \(t):
            the coordinator routes each row to its shard).
            """
        }
    }
}
