import Fluent
import Foundation
import SQLKit
import Vapor

/// Province mode (issue 22): the supply links spread over several PostgreSQL servers by
/// PostgreSQL's own hash partitioning — each partition a `postgres_fdw` foreign table on a
/// shard — while the app keeps talking to one coordinator with the SQL it already runs.
/// `docs/PROVINCE.md` explains the layout and how it maps to Citus.
public struct ProvinceSetup: Sendable {
    /// The tables spread over the shards, with the column that places a row: the firm (the buyer
    /// for links), so one firm's purchases and its yearly figures sit in partitions of the same
    /// number — on the same shard.
    public static let distributed: [(table: String, key: String)] = [("supply_links", "buyer_uscc"), ("figures", "enterprise_uscc")]

    let db: any SQLDatabase
    let log: @Sendable (String) -> Void

    init(db: any SQLDatabase, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.db = db
        self.log = log
    }

    /// On the app's database (the coordinator).
    public init(app: Application, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.init(db: app.db.sql, log: log)
    }

    /// Creates the foreign servers and the partitions; returns what it did, one line each.
    public func initialise(shards: [ShardAddress], partitions: Int) async throws -> [String] {
        guard db.dialect.name == "postgresql" else { throw ProvinceError.notPostgres }
        guard !shards.isEmpty else { throw ProvinceError.noShards }
        guard (shards.count...1024).contains(partitions) else { throw ProvinceError.partitions(partitions, shards.count) }
        // Checked before anything is made: a coordinator holding links is left as it was.
        var spread: Set<String> = []
        for (table, _) in Self.distributed {
            switch try await kind(table) {
            case "p": spread.insert(table)
            case "r":
                if try await db.raw("SELECT 1 AS one FROM \(ident: table) LIMIT 1").first() != nil { throw ProvinceError.holdsData(table) }
            default: throw ProvinceError.missingTable(table)
            }
        }
        var said: [String] = []
        try await db.raw("CREATE EXTENSION IF NOT EXISTS postgres_fdw").run()
        try await db.raw("CREATE EXTENSION IF NOT EXISTS dblink").run()
        for (i, shard) in shards.enumerated() {
            said.append(try await server(shard, name: Self.serverName(i)))
        }
        for (table, key) in Self.distributed {
            if spread.contains(table) {
                let count =
                    try await db.raw("SELECT COUNT(*) AS n FROM pg_inherits WHERE inhparent = to_regclass(\(bind: "public." + table))")
                    .first(decodingColumn: "n", as: Int.self) ?? 0
                said.append("\(table): already spread over \(count) partitions (nothing changed)")
            } else {
                said.append(try await self.spread(table, key: key, shards: shards.count, partitions: partitions))
            }
        }
        let name = try await db.raw("SELECT current_database() AS n").first(decodingColumn: "n", as: String.self) ?? ""
        // Lets PostgreSQL push an aggregate or join on the partition key (the buyer) to each shard whole.
        try await db.raw("ALTER DATABASE \(ident: name) SET enable_partitionwise_aggregate = on").run()
        try await db.raw("ALTER DATABASE \(ident: name) SET enable_partitionwise_join = on").run()
        return said
    }

    static func serverName(_ i: Int) -> String { "chainlead_shard_\(i + 1)" }

    static func partitionName(_ table: String, _ k: Int) -> String { "\(table)_p\(k)" }

    func server(_ shard: ShardAddress, name: String) async throws -> String {
        let exists = try await db.raw("SELECT 1 AS one FROM pg_foreign_server WHERE srvname = \(bind: name)").first() != nil
        if exists { return "\(name): kept as defined before (ALTER SERVER \(name) OPTIONS (SET host …) to move it)" }
        // Options are literals in DDL: the values come from a parsed URL and are quoted here.
        try await db.raw(
            """
            CREATE SERVER \(ident: name) FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host \(unsafeRaw: Self.literal(shard.host)),
              port \(unsafeRaw: Self.literal(String(shard.port))), dbname \(unsafeRaw: Self.literal(shard.database)),
              async_capable 'true', batch_size '1000', fetch_size '10000')
            """
        ).run()
        var options = "user \(Self.literal(shard.user))"
        if let password = shard.password { options += ", password \(Self.literal(password))" }
        try await db.raw("CREATE USER MAPPING IF NOT EXISTS FOR PUBLIC SERVER \(ident: name) OPTIONS (\(unsafeRaw: options))").run()
        log("  \(name) → \(shard.host):\(shard.port)/\(shard.database)")
        return "\(name): created (\(shard.host):\(shard.port)/\(shard.database))"
    }

    /// Replaces an empty table by a partitioned one of the same columns whose partitions are
    /// tables on the shards (round robin), each with the table's keys and indexes.
    func spread(_ table: String, key: String, shards: Int, partitions: Int) async throws -> String {
        let shape = try await TableShape.read(db, table)
        for k in 0..<partitions {
            let server = Self.serverName(k % shards)
            let part = Self.partitionName(table, k)
            for ddl in shape.shardDDL(as: part) {
                try await db.raw("SELECT dblink_exec(\(bind: server), \(bind: ddl)) AS done").run()
            }
            log("  \(part) on \(server)")
        }
        try await db.withTransaction { tx in
            try await tx.raw("ALTER TABLE \(ident: table) RENAME TO \(ident: table + "_single")").run()
            try await tx.raw(
                """
                CREATE TABLE \(ident: table) (LIKE \(ident: table + "_single") INCLUDING DEFAULTS INCLUDING IDENTITY)
                PARTITION BY HASH (\(ident: key))
                """
            ).run()
            for k in 0..<partitions {
                let part = Self.partitionName(table, k)
                try await tx.raw(
                    """
                    CREATE FOREIGN TABLE \(ident: part) PARTITION OF \(ident: table)
                    FOR VALUES WITH (MODULUS \(unsafeRaw: String(partitions)), REMAINDER \(unsafeRaw: String(k)))
                    SERVER \(ident: Self.serverName(k % shards)) OPTIONS (schema_name 'public', table_name \(unsafeRaw: Self.literal(part)))
                    """
                ).run()
            }
            try await tx.raw("DROP TABLE \(ident: table + "_single")").run()
        }
        return "\(table): spread over \(partitions) partitions on \(shards) shards by \(key)"
    }

    /// `r` for an ordinary table, `p` for a partitioned one, nil for none.
    func kind(_ table: String) async throws -> String? {
        try await db.raw("SELECT relkind::text AS kind FROM pg_class WHERE oid = to_regclass(\(bind: "public." + table))")
            .first(decodingColumn: "kind", as: String.self)
    }

    static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
}
