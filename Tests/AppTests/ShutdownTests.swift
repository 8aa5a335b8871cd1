import ChainLeadCore
import Foundation
import SQLKit
import Synchronization
import Testing
import Vapor

@testable import App

/// Graceful shutdown: at SIGTERM the server stops taking work, lets what is in flight finish
/// (within `CHAINLEAD_SHUTDOWN_TIMEOUT_SECONDS`) and exits cleanly; the escalation job ends the
/// batch under way and begins no new one.
@Suite struct ShutdownTests {
    @Test func atShutdownTheEscalationBatchUnderWayEndsAndNoNewOneBegins() async throws {
        try await TestServer.with { server in
            // setup: 250 requests long overdue, three batches' worth
            let first = try await RaceTests().request(server)
            let columns = """
                enterprise_uscc, district_code, category, title, description, urgency, status, lead_department, filed_on,
                accept_by, answer_by, reopen_count, escalation, filed_by, filed_via, created_at, updated_at
                """
            for _ in 1..<250 {
                try await server.sql.raw(
                    "INSERT INTO requests (\(unsafeRaw: columns)) SELECT \(unsafeRaw: columns) FROM requests WHERE id = \(bind: first)"
                ).run()
            }
            try await server.sql.update("requests").set("accept_by", to: SQLBind("2026-01-05")).set("answer_by", to: SQLBind("2026-01-06"))
                .run()
            // act: the pass is cancelled (as at shutdown) while its first batch is under way
            let calls = Calls()
            let pass = Task {
                try await EscalationJob.runOnce(server.sql, today: SimpleDate(iso: "2026-03-02")!) {
                    if calls.next() == 1 { withUnsafeCurrentTask { $0?.cancel() } }
                    return true
                }
            }
            let raised = try await pass.value
            // check: the batch it had begun was finished, whole; none after it
            #expect(raised == EscalationJob.batchSize)
            let flagged = try await server.sql.raw("SELECT COUNT(*) AS n FROM requests WHERE escalation > 0").first()?.decode(
                column: "n", as: Int.self)
            #expect(flagged == EscalationJob.batchSize)
        }
    }

    final class Calls: Sendable {
        let count = Mutex(0)
        func next() -> Int {
            count.withLock {
                $0 += 1
                return $0
            }
        }
    }

    @Test func sigtermLetsAnImportInFlightFinishAndExitsCleanly() async throws {
        guard TestServer.postgresAdminURL == nil else { return }
        try CLITests.requireBinary()
        // setup: a small city, an official, a file of 15,000 firms
        let (dir, path, db) = try await MultiInstanceTests.demoCity("sigterm")
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try await CLITests.run([
            "users", "create", "--username", "term_official", "--password", "Term-Pw-2026", "--role", "official", "--scope", "city",
            "--database", db,
        ])
        #expect(made.status == 0, "\(made.output.suffix(300))")
        var csv = "统一社会信用代码,企业名称,所在区县,环节代码\n"
        for i in 0..<15_000 { csv += "\(makeUSCC(division: "320214", serial: 700_000 + i)),停机测试企业\(i),320214,ic-fab-m1\n" }
        // A timeout no loaded test machine reaches: the test is about waiting, not about the limit.
        let log = dir.appendingPathComponent("server.log")
        let server = try MultiInstanceTests.start(
            db, password: "Term-Admin-1", environment: ["CHAINLEAD_SHUTDOWN_TIMEOUT_SECONDS": "600", "LOG_LEVEL": "info"], log: log)
        defer { if server.process.isRunning { server.process.terminate() } }
        try await MultiInstanceTests.waitReady(server)
        let token = try await MultiInstanceTests.token(server.base, "term_official", "Term-Pw-2026")
        // The log left by start-up and login must not pass for the import's writing.
        _ = try OperationsTests.sqlite3(path, "PRAGMA wal_checkpoint(TRUNCATE)")
        let before = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(before < 256 << 10, "\(before)")

        // act: the import is sent; once it is writing, the server gets SIGTERM
        let body = csv
        let upload = Task {
            try await MultiInstanceTests.call(
                "POST", server.base + "/api/v1/imports/enterprises?file_name=firms.csv", body: body,
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "text/csv"])
        }
        var writing = false
        // Up to five minutes: on a loaded machine the file is read and checked for long before writing,
        // and the signal must come while it writes (a fresh-clone CI beside a build once took over a minute).
        for _ in 0..<30_000 {
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            if wal > 256 << 10 {
                writing = true
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let stillRunning = server.process.isRunning
        kill(server.process.processIdentifier, SIGTERM)
        let reply: MultiInstanceTests.Reply
        do { reply = try await upload.value } catch {
            server.process.waitUntilExit()
            let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            Issue.record("\(error) — exit \(server.process.terminationStatus); the server's log ends: \(said.suffix(3000))")
            return
        }
        server.process.waitUntilExit()

        // check: it was writing when told to stop; the import was answered in full and is stored;
        // the process ended by itself with status 0; new connections are refused
        #expect(writing && stillRunning)
        #expect(reply.status == 200, "\(reply.status) \(reply.body.prefix(300))")
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        #expect(
            try OperationsTests.sqlite3(path, "SELECT COUNT(*) FROM enterprises").trimmingCharacters(in: .whitespacesAndNewlines) == "15060"
        )
        #expect((try? await MultiInstanceTests.call("GET", server.base + "/healthz")) == nil)
    }

    @Test func shutdownWaitsForWorkARequestLeftRunning() async throws {
        // setup: an app with the shutdown hook, and work started by a request (like a page's
        // import) still running
        let app = try await Application.make(.testing)
        app.chainLead = AppConfig(database: .sqlite(path: ":memory:"))
        app.lifecycle.use(BackgroundWork.Shutdown())
        let done = Calls()
        app.backgroundWork.run {
            try? await Task.sleep(for: .milliseconds(400))
            _ = done.next()
        }
        #expect(app.backgroundWork.running == 1)
        // act: the app shuts down (as at SIGTERM)
        try await app.asyncShutdown()
        // check: the work ended first
        #expect(done.count.withLock { $0 } == 1)
        #expect(app.backgroundWork.running == 0)
    }
}
