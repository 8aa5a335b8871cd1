import ChainLeadCore
import Crypto
import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

@testable import App

/// Running it like a production service: liveness and readiness, metrics for Prometheus from
/// allowed addresses only, request ids, JSON log lines, configuration checked at start, and
/// backups taken while the server writes.
@Suite struct OperationsTests {
    @Test func livenessNeedsNothingAndReadinessWantsEveryMigration() async throws {
        try await TestServer.with { server in
            // act
            let live = try await server.exchange(.GET, server.root + "/healthz")
            let ready = try await server.exchange(.GET, server.root + "/readyz")
            // check
            #expect(live.status == 200 && live.text.contains(#""status":"ok""#))
            #expect(ready.status == 200, "\(ready.text)")
            #expect(try ready.json()["pending"] as? Int == 0)
            #expect(live.headers.first(name: "X-Request-Id")?.isEmpty == false)
            // a migration not applied: not ready
            try await server.sql.raw("DELETE FROM _fluent_migrations WHERE name LIKE '%M039%'").run()
            let behind = try await server.exchange(.GET, server.root + "/readyz")
            #expect(try behind.status == 503 && (behind.json()["pending"] as? Int) == 1, "\(behind.text)")
        }
    }

    @Test func metricsAnswerAllowedAddressesOnly() async throws {
        try await TestServer.with(over: .http) { server in
            // setup: one request to count
            _ = try await server.exchange(.GET, server.root + "/healthz")
            // act: loopback is allowed by default
            let metrics = try await server.exchange(.GET, server.root + "/metrics")
            // check
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("http_requests_total"), "\(metrics.text.prefix(500))")
            #expect(metrics.headers.first(name: .contentType)?.hasPrefix("text/plain") == true)
        }
        try await TestServer.with(over: .http, config: { $0.metricsAllow = ["10.9.9.9"] }) { server in
            let refused = try await server.exchange(.GET, server.root + "/metrics")
            #expect(refused.status == 404)
        }
    }

    @Test func metricsShowTheDatabasePoolAndTheRequestsInFlight() async throws {
        try await TestServer.with(over: .http) { server in
            // setup: some database work
            _ = try await server.exchange(.GET, server.root + "/readyz")
            // act
            let text = try await server.exchange(.GET, server.root + "/metrics").text
            // check: gauges with plausible values
            func value(_ name: String) -> Double? {
                text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
            }
            #expect((value("chainlead_db_pool_max") ?? 0) >= 1, "\(text.prefix(800))")
            #expect((value("chainlead_db_acquire_seconds") ?? -1) >= 0)
            #expect((value("chainlead_http_requests_in_flight") ?? 0) >= 1, "the scrape itself is in flight")
            if TestServer.postgresAdminURL != nil {
                // PostgreSQL's view of this process's connections: the pool keeps the ones it opened
                #expect(text.contains(#"chainlead_db_connections{state="idle"}"#), "\(text.suffix(800))")
            }
        }
    }

    @Test func logLinesAreJSONWithTheRequestIdAndNoBinds() throws {
        // setup: a handler writing to a buffer, behind the redaction every logger has
        let lines = NIOLockedValueBox<[Data]>([])
        var logger = Logger(label: "test") { label in
            RedactingLogHandler(wrapping: JSONLogHandler(label: label, write: { data in lines.withLockedValue { $0.append(data) } }))
        }
        logger[metadataKey: "request-id"] = "abc-123"
        // act
        logger.info("request", metadata: ["route": "GET /workbench", "status": "200", "binds": "secret-password"])
        // check
        let data = try #require(lines.withLockedValue { $0.first })
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["request_id"] as? String == "abc-123")
        #expect(object["route"] as? String == "GET /workbench")
        #expect(object["message"] as? String == "request" && object["level"] as? String == "info")
        #expect(object["binds"] == nil && !String(decoding: data, as: UTF8.self).contains("secret-password"))
    }

    @Test func badSettingsAreNamedOneLineEach() {
        // act
        let problems = AppConfig.problems(environment: [
            "CHAINLEAD_SESSION_IDLE_MINUTES": "abc", "CHAINLEAD_TRUSTED_PROXIES": "10.0.0.0/8,not-an-ip", "LOG_LEVEL": "loud",
            "CHAINLEAD_METRICS_ALLOW": "127.0.0.1,::1",
        ])
        // check: three problems, each naming its variable, in Chinese and English
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("CHAINLEAD_SESSION_IDLE_MINUTES=abc") && $0.contains(" / ") })
        #expect(problems.contains { $0.contains("not-an-ip") })
        #expect(AppConfig.problems(environment: ["CHAINLEAD_TRUSTED_PROXIES": "127.0.0.1", "CHAINLEAD_LOG_FORMAT": "json"]).isEmpty)
    }

    @Test func honourHintThresholdsComeFromAFileThatIsChecked() throws {
        // setup: a good file, one with a value out of range, one that is not JSON
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hints-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json").path
        let range = dir.appendingPathComponent("range.json").path
        let broken = dir.appendingPathComponent("broken.json").path
        try Data(#"{"littleGiantRdHigh":0.04}"#.utf8).write(to: URL(fileURLWithPath: good))
        try Data(#"{"closeness":2}"#.utf8).write(to: URL(fileURLWithPath: range))
        try Data("closeness=0.8".utf8).write(to: URL(fileURLWithPath: broken))
        // act
        var config = AppConfig(database: .sqlite(path: ":memory:"))
        config.apply(environment: ["CHAINLEAD_HONOUR_HINTS": good])
        // check
        #expect(config.honourHints.littleGiantRdHigh == 0.04 && config.honourHints.littleGiantRdMid == 0.06)
        #expect(AppConfig.problems(environment: ["CHAINLEAD_HONOUR_HINTS": good]).isEmpty)
        #expect(AppConfig.problems(environment: ["CHAINLEAD_HONOUR_HINTS": range]).first?.contains("closeness") == true)
        #expect(AppConfig.problems(environment: ["CHAINLEAD_HONOUR_HINTS": broken]).count == 1)
        #expect(AppConfig.problems(environment: ["CHAINLEAD_HONOUR_HINTS": dir.appendingPathComponent("none").path]).count == 1)
    }

    @Test func serveRefusesBadSettingsWithExitCode2() async throws {
        try CLITests.requireBinary()
        // act
        let run = try await CLITests.run(
            ["serve", "--port", "0", "--database", "sqlite:///nonexistent-dir/x.sqlite"], environment: ["CHAINLEAD_BCRYPT_COST": "99"])
        // check
        #expect(run.status == 2, "\(run.output)")
        #expect(run.output.contains("CHAINLEAD_BCRYPT_COST=99"))
    }

    /// Per table: rows and a checksum of every row, as `sqlite3` prints them.
    static func tableDigest(_ path: String) throws -> [String: String] {
        let tables = try sqlite3(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").split(separator: "\n")
        var out: [String: String] = [:]
        for t in tables {
            let rows = try sqlite3(path, "SELECT * FROM \"\(t)\" ORDER BY 1")
            out[String(t)] = SHA256.hash(data: Data(rows.utf8)).map { String(format: "%02x", $0) }.joined()
        }
        return out
    }

    static func sqlite3(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aBackupTakenUnderWritesRestoresToTheSameTables() async throws {
        try await TestServer.with { server in
            guard case .sqlite(let live) = server.app.chainLead.database else { return }  // PostgreSQL: pg_dump (docs)
            // setup: writes keep coming while the backup runs
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let backup = dir.appendingPathComponent("b.sqlite").path
            let writer = Task {
                for i in 0..<40 {
                    let uscc = makeUSCC(division: "320214", serial: 7000 + i)
                    _ = try await server.send(
                        .POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"备份企业\#(i)","district":"320214","segments":["ic-fab-m1"]}"#
                    )
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            // act
            try await Backup.write(.sqlite(path: live), to: backup, db: server.sql)
            try await writer.value
            let restored = dir.appendingPathComponent("restored.sqlite").path
            try Backup.restore(backup, to: .sqlite(path: restored), force: false, hasData: false)
            // check: a sound copy of some moment of the writes, and the restore equals it table by table
            #expect(try Self.sqlite3(backup, "PRAGMA integrity_check").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
            let copied =
                Int(try Self.sqlite3(backup, "SELECT COUNT(*) FROM enterprises").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            let now = Int(try Self.sqlite3(live, "SELECT COUNT(*) FROM enterprises").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            #expect((0...40).contains(copied) && now == 40, "backup \(copied), live \(now)")
            let a = try Self.tableDigest(backup)
            let b = try Self.tableDigest(restored)
            #expect(a.count > 30 && a == b)
            // a database that holds data is replaced only when forced; a backup file is never overwritten
            #expect(throws: CommandLineError.self) { try Backup.restore(backup, to: .sqlite(path: restored), force: false, hasData: true) }
            try Backup.restore(backup, to: .sqlite(path: restored), force: true, hasData: true)
            await #expect(throws: CommandLineError.self) { try await Backup.write(.sqlite(path: live), to: backup, db: server.sql) }
        }
    }

    @Test func theBackupAndRestoreCommandsWorkAndRefuseToOverwrite() async throws {
        try CLITests.requireBinary()
        // setup: a small demo database
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = "sqlite://" + dir.appendingPathComponent("live.sqlite").path
        let fresh = "sqlite://" + dir.appendingPathComponent("fresh.sqlite").path
        let file = dir.appendingPathComponent("backup.sqlite").path
        #expect(try await CLITests.run(["demo", "--database", live, "--enterprises", "30"]).status == 0)
        // act
        let backup = try await CLITests.run(["backup", file, "--database", live])
        let again = try await CLITests.run(["backup", file, "--database", live])
        let restore = try await CLITests.run(["restore", file, "--database", fresh])
        let over = try await CLITests.run(["restore", file, "--database", fresh])
        let forced = try await CLITests.run(["restore", file, "--database", fresh, "--force"])
        // check
        #expect(backup.status == 0, "\(backup.output)")
        #expect(again.status != 0 && again.output.contains("exists"))
        #expect(restore.status == 0, "\(restore.output)")
        #expect(over.status != 0 && over.output.contains("--force"), "\(over.output)")
        #expect(forced.status == 0, "\(forced.output)")
        let count = try Self.sqlite3(dir.appendingPathComponent("fresh.sqlite").path, "SELECT COUNT(*) FROM enterprises")
        #expect(count.trimmingCharacters(in: .whitespacesAndNewlines) == "30")
    }

    @Test func aTokenOverItsMinuteGets429WithRetryAfter() async throws {
        try await TestServer.with(config: { $0.apiRateLimit = 5 }) { server in
            // setup: a second token keeps its own count
            let other = try await server.bearer("other_official", [Grant(.official, .city)])
            // the count is per calendar minute: a burst that straddles one would start afresh
            let into = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
            if into > 40 { try await Task.sleep(for: .seconds(61 - into)) }
            // act: six requests with one token
            var statuses: [Int] = []
            var last: TestServer.Reply?
            for _ in 0..<6 {
                let r = try await server.send(.GET, "/chains")
                statuses.append(r.status)
                last = r
            }
            let fresh = try await server.send(.GET, "/chains", token: .some(other))
            // check: five pass, the sixth waits for the next minute; the other token is untouched
            #expect(statuses.prefix(5).allSatisfy { $0 == 200 } && statuses.last == 429, "\(statuses)")
            let wait = Int(last?.headers.first(name: "Retry-After") ?? "") ?? 0
            #expect((1...60).contains(wait))
            #expect(try last?.json()["error"] as? String == "rate_limited")
            #expect(fresh.status == 200)
        }
        // the limiter itself: a new minute starts a new count
        let limiter = RateLimiter(perMinute: 2)
        let t = Date(timeIntervalSince1970: 1_000_040)  // 20 s into a minute
        #expect(limiter.admit("k", now: t) == nil && limiter.admit("k", now: t) == nil)
        #expect(limiter.admit("k", now: t) == 40)
        #expect(limiter.admit("k", now: t.addingTimeInterval(60)) == nil)
    }
}
