import Foundation
import Testing

@testable import App

/// Upgrades: a database made by an earlier release (`Tests/Fixtures`, see its README) is migrated
/// by this build with no row lost or changed, and the server then runs on it. SQLite from the
/// release's file; PostgreSQL from the release's plain-SQL dump.
@Suite struct UpgradeTests {
    static let releases = ["0.1.0"]

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// A shell pipeline's output; a failure fails the test with what it printed.
    static func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problems = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(command.prefix(200)): \(String(decoding: problems, as: UTF8.self).prefix(800))")
        return String(decoding: data, as: UTF8.self)
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Every table's columns and every row (as text, in a fixed order), but the migration ledger.
    struct Snapshot {
        var columns: [String: [String]] = [:]
        var rows: [String: String] = [:]
    }

    struct Store {
        var url: String
        var query: (String) throws -> String

        func tables() throws -> [String] {
            let sql =
                url.hasPrefix("sqlite")
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
            return try query(sql).split(separator: "\n").map(String.init).filter { $0 != "_fluent_migrations" }
        }

        func columns(_ table: String) throws -> [String] {
            let sql =
                url.hasPrefix("sqlite")
                ? "SELECT name FROM pragma_table_info('\(table)') ORDER BY cid"
                : "SELECT column_name FROM information_schema.columns WHERE table_name = '\(table)' ORDER BY ordinal_position"
            return try query(sql).split(separator: "\n").map(String.init)
        }

        func snapshot(of tables: [String: [String]]? = nil) throws -> Snapshot {
            var out = Snapshot()
            let wanted = try tables ?? Dictionary(uniqueKeysWithValues: try self.tables().map { ($0, try columns($0)) })
            for (table, cols) in wanted {
                let list = cols.map { url.hasPrefix("sqlite") ? "\"\($0)\"" : "\"\($0)\"::text" }.joined(separator: ", ")
                let order = (1...cols.count).map(String.init).joined(separator: ", ")
                out.columns[table] = cols
                out.rows[table] = try query("SELECT \(list) FROM \"\(table)\" ORDER BY \(order)")
            }
            return out
        }

        func migrationsApplied() throws -> Int {
            Int(try query("SELECT COUNT(*) FROM _fluent_migrations").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
    }

    /// The release's database, loaded fresh: a file on SQLite, a new database on PostgreSQL.
    static func load(_ release: String, into dir: URL) async throws -> (Store, @Sendable () async throws -> Void) {
        if let admin = TestServer.postgresAdminURL {
            let name = "cl_upgrade_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            _ = try shell("psql -q \(quoted(admin)) -c \(quoted("CREATE DATABASE \(name)"))")
            let url = try ScratchDatabase.url(admin, database: name)
            _ = try shell("gzip -dc \(quoted(fixture("v\(release)-postgres.sql.gz"))) | psql -q -v ON_ERROR_STOP=1 \(quoted(url))")
            let store = Store(url: url) { sql in try shell("psql -At -F '|' -v ON_ERROR_STOP=1 \(quoted(url)) -c \(quoted(sql))") }
            return (store, { _ = try shell("psql -q \(quoted(admin)) -c \(quoted("DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))") })
        }
        let path = dir.appendingPathComponent("v\(release).sqlite").path
        _ = try shell("gzip -dc \(quoted(fixture("v\(release).sqlite.gz"))) > \(quoted(path))")
        let store = Store(url: "sqlite://" + path) { sql in try shell("sqlite3 \(quoted(path)) \(quoted(sql))") }
        return (store, {})
    }

    @Test(arguments: releases) func aDatabaseOfAnEarlierReleaseIsMigratedWithNoRowLost(release: String) async throws {
        try CLITests.requireBinary()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // setup: the release's database, as it left it
        let (store, drop) = try await Self.load(release, into: dir)
        let before = try store.snapshot()
        #expect(try store.migrationsApplied() < AppMigrations.all.count, "the fixture is already at this build's schema")
        #expect(try store.query("SELECT COUNT(*) FROM enterprises").trimmingCharacters(in: .whitespacesAndNewlines) == "60")

        // act: this build's migrations
        let migrated = try await CLITests.run(["migrate", "--database", store.url])
        #expect(migrated.status == 0, "\(migrated.output.suffix(800))")

        // check: every table of the release holds the same rows, column for column
        #expect(try store.migrationsApplied() == AppMigrations.all.count)
        let after = try store.snapshot(of: before.columns)
        for (table, rows) in before.rows {
            #expect(after.rows[table] == rows, "\(table) changed in the upgrade")
        }
        // … and the server runs on it: ready, and the release's account signs in and reads its firms
        let instance = try MultiInstanceTests.start(store.url, password: "Upgrade-Admin-1")
        defer { instance.process.terminate() }
        try await MultiInstanceTests.waitReady(instance)
        let token = try await MultiInstanceTests.call(
            "POST", instance.base + "/api/v1/auth/token", body: #"{"username":"fixture_official","password":"Fixture-Pw-1"}"#,
            headers: ["Content-Type": "application/json"])
        #expect(token.status == 200, "\(token.body.prefix(300))")
        try await drop()
    }
}
