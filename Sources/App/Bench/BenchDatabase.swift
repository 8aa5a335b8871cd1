import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// Where a bench keeps its data (issue 21: every bench runs on SQLite and on PostgreSQL): a fresh
/// SQLite file in the work folder, or a PostgreSQL database the bench empties first. Each has its
/// own shell (`sqlite3`, `psql`) for the comparison figures and for generating big cities.
public enum BenchDatabase: Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// `postgres` (a `postgres://` URL) or, without one, a SQLite file named `name` in `work`.
    public static func make(postgres: String?, work: String, name: String) throws -> BenchDatabase {
        if let postgres {
            guard postgres.hasPrefix("postgres://") || postgres.hasPrefix("postgresql://") else {
                throw CommandLineError("--postgres must be a postgres:// URL")
            }
            return .postgres(url: postgres)
        }
        let dir = URL(fileURLWithPath: work)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return .sqlite(path: dir.appendingPathComponent(name).path)
    }

    public var description: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }

    var location: DatabaseLocation {
        switch self {
        case .sqlite(let path): .sqlite(path: path)
        case .postgres(let url): .postgres(url: url)
        }
    }

    /// The `--database` argument of a `chainlead serve` on it.
    var argument: String {
        switch self {
        case .sqlite(let path): "sqlite://" + path
        case .postgres(let url): url
        }
    }

    /// The database's own shell: `sqlite3` or `psql`.
    var shellName: String {
        switch self {
        case .sqlite: "sqlite3"
        case .postgres: "psql"
        }
    }

    /// Empties the database and applies the app's migrations.
    func fresh() async throws {
        switch self {
        case .sqlite(let path):
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres:
            let (status, out) = try shell("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            guard status == 0 else { throw CommandLineError("psql failed (is the server up?):\n\(out)") }
        }
        let app = try await open(migrate: true)
        try await app.asyncShutdown()
    }

    /// The app on this database (the caller shuts it down).
    func open(migrate: Bool = false) async throws -> Application {
        let app = try await Application.make(.init(name: "production", arguments: ["chainlead"]))
        app.logger.logLevel = .warning  // no migration chatter among the figures
        var config = AppConfig(database: location)
        config.autoMigrate = migrate
        do { try await configure(app, config) } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    /// Runs `script` in the database's shell; its exit status and what it printed (`psql`
    /// unaligned, without headers, so rows read as `a|b|c` in both).
    func shell(_ script: String) throws -> (Int32, String) {
        switch self {
        case .sqlite(let path): try BenchDatabase.run(["sqlite3", path], input: script)
        case .postgres(let url): try BenchDatabase.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url], input: script)
        }
    }

    /// Runs a tool of the machine (`sqlite3`, `psql`, `wrk`) with `input` on its standard input;
    /// its exit status and everything it printed, standard error included.
    static func run(_ arguments: [String], input: String? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdin = Pipe()
        let output = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        process.standardOutput = output
        process.standardError = output
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Generates a city of `firms` firms and `links` supply links in the database itself.
    func generate(firms: Int, links: Int, log: @Sendable (String) -> Void) throws {
        log("generating \(firms) firms and \(links) supply links in \(self) …")
        let start = Date()
        let script =
            switch self {
            case .sqlite: SupplyBench.generation(firms: firms, links: links)
            case .postgres: Self.postgresGeneration(firms: firms, links: links)
            }
        let (status, output) = try shell(script)
        guard status == 0 else { throw CommandLineError("\(shellName) failed (is it installed?):\n\(output.suffix(2000))") }
        log(String(format: "  generated in %.1f s", Date().timeIntervalSince(start)))
    }

    /// `SupplyBench.generation` in PostgreSQL's words: the same firms, members and links.
    static func postgresGeneration(firms n: Int, links: Int) -> String {
        let uscc = { (i: String) in "'BENCH' || lpad((\(i))::text, 13, '0')" }
        return """
            SET synchronous_commit = off;
            CREATE TEMP TABLE dist AS SELECT ROW_NUMBER() OVER (ORDER BY code) - 1 AS n, code FROM districts;
            CREATE TEMP TABLE seg AS SELECT ROW_NUMBER() OVER (ORDER BY code) - 1 AS n, code, chain_code FROM segments;
            BEGIN;
            INSERT INTO enterprises (uscc, name, name_sort, former_names, search_text, district_code, status, tier, synthetic, created_at, updated_at)
            SELECT \(uscc("i")), '基准企业' || i, '\(PinyinKey.sortKey("基准企业"))' || i, '', 'bench' || i, d.code, 'active',
                   CASE WHEN i % 1000 = 0 THEN 'leader' WHEN i % 100 = 0 THEN 'backbone' ELSE 'none' END, true, now(), now()
            FROM generate_series(0, \(n - 1)) AS i JOIN dist d ON d.n = i % (SELECT COUNT(*) FROM dist);
            INSERT INTO memberships (enterprise_uscc, segment_code, is_primary)
            SELECT \(uscc("i")), g.code, true FROM generate_series(0, \(n - 1)) AS i JOIN seg g ON g.n = (i * 7) % (SELECT COUNT(*) FROM seg);
            WITH v AS (
              SELECT i,
                CASE WHEN i % 5 < 3 THEN ((i * 2654435761) % \(max(1, n / 1000))) * 1000 ELSE ((i * 2654435761) % \(max(1, n / 100))) * 100 END AS b,
                (i * 40503 + 17) % \(n) AS sup, (i * 7) % 500000 AS k, i % 2 AS outside, (i * 13) % (SELECT COUNT(*) FROM seg) AS sg
              FROM generate_series(0::bigint, \(links - 1)::bigint) AS i)
            INSERT INTO supply_links (buyer_uscc, supplier_uscc, supplier_name, supplier_city, supplier_key, supplier_district,
                                      segment, chain, year, amount, category, resolution, created_at)
            SELECT \(uscc("v.b")),
                   CASE WHEN v.outside = 0 THEN \(uscc("v.sup")) END,
                   CASE WHEN v.outside = 0 THEN '基准企业' || v.sup ELSE '市外供应商' || v.k END,
                   CASE WHEN v.outside = 1 THEN '上海' END,
                   CASE WHEN v.outside = 0 THEN \(uscc("v.sup")) ELSE 'name:市外供应商' || v.k || '|上海' END,
                   CASE WHEN v.outside = 0 THEN d.code END,
                   g.code, g.chain_code, \(SupplyBench.year), 10000 + (v.i * 37 % 100000) * 100,
                   CASE v.i % 12 WHEN 0 THEN 'energy' WHEN 1 THEN 'logistics' WHEN 2 THEN 'service' WHEN 3 THEN 'equipment'
                                 WHEN 4 THEN 'component' WHEN 5 THEN 'component' ELSE 'material' END,
                   CASE WHEN v.outside = 0 THEN 'uscc' ELSE 'outside' END, now()
            FROM v JOIN seg g ON g.n = v.sg JOIN dist d ON d.n = v.sup % (SELECT COUNT(*) FROM dist)
            ON CONFLICT DO NOTHING;
            COMMIT;
            ANALYZE;
            """
    }

    /// A user with `grants` and a bearer token for it (bench accounts: never for people).
    static func token(_ app: Application, username: String, grants: [Grant]) async throws -> String {
        let id = try await UserStore(db: app.db.sql).upsert(
            username: username, password: UserStore.randomPassword(), grants: grants, separationOfDuties: false)
        return try await TokenStore(db: app.db.sql).issue(for: id, name: "bench", lifetime: 7 * 86_400).token
    }
}
