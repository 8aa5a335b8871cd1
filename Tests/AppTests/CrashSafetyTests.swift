import ChainLeadCore
import Foundation
import Synchronization
import Testing

@testable import App

/// A power cut or `kill -9` in the middle of work (SQLite, WAL, synchronous=FULL): the import is
/// all or nothing, the database stays sound, and the import can simply be run again.
@Suite struct CrashSafetyTests {
    @Test func anImportKilledMidWriteLeavesNothingAndRunsAgain() async throws {
        // SQLite's durability; the PostgreSQL pass of the suite need not run it again
        guard TestServer.postgresAdminURL == nil else { return }
        try CLITests.requireBinary()
        // setup: a small city and a file of 40,000 new firms
        let (dir, path, db) = try await MultiInstanceTests.demoCity("crash")
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "统一社会信用代码,企业名称,所在区县,环节代码\n"
        for i in 0..<40_000 { csv += "\(makeUSCC(division: "320214", serial: 500_000 + i)),崩溃测试企业\(i),320214,ic-fab-m1\n" }
        let file = dir.appendingPathComponent("firms.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
        func count() throws -> String {
            try OperationsTests.sqlite3(path, "SELECT COUNT(*) FROM enterprises").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        // act: start the import and kill it when it reports a batch written inside its transaction
        // (`N/40000 rows written`, printed before the commit) with most of the file still to come
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["import", "enterprises", file, "--database", db]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let killedAt = Killed()
        try process.run()
        let pid = process.processIdentifier
        output.fileHandleForReading.readabilityHandler = { handle in
            for line in String(decoding: handle.availableData, as: UTF8.self).split(separator: "\n") where line.hasSuffix("rows written") {
                let parts = line.split(separator: " ").first?.split(separator: "/").compactMap { Int($0) } ?? []
                if parts.count == 2, parts[0] > 0, parts[0] < parts[1] / 2, killedAt.first(parts[0]) { kill(pid, SIGKILL) }
            }
        }
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil

        // check: killed mid-write; the database is sound and holds none of the file
        #expect(killedAt.rows > 0, "the import never reported a batch: make the file bigger")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try OperationsTests.sqlite3(path, "PRAGMA integrity_check").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        #expect(try count() == "60", "killed after \(killedAt.rows) rows were written")
        // the same import again succeeds in full
        let again = try await CLITests.run(["import", "enterprises", file, "--database", db])
        #expect(again.status == 0, "\(again.output.suffix(500))")
        #expect(try count() == "40060")
    }

    /// The rows written when the kill was sent (0: not yet).
    final class Killed: Sendable {
        private let value = Mutex(0)
        var rows: Int { value.withLock { $0 } }
        /// True the first time only.
        func first(_ rows: Int) -> Bool {
            value.withLock {
                guard $0 == 0 else { return false }
                $0 = rows
                return true
            }
        }
    }

    @Test func aServerKilledInAWorkflowBurstLeavesNoHalfAppliedChange() async throws {
        guard TestServer.postgresAdminURL == nil else { return }
        try CLITests.requireBinary()
        // setup: a small city, a department officer, 120 requests routed to the department
        let (dir, path, db) = try await MultiInstanceTests.demoCity("burst")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rule = try OperationsTests.sqlite3(
            path, "SELECT category || '|' || lead_department FROM routing_rules ORDER BY category LIMIT 1"
        )
        .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
        try #require(rule.count == 2)
        let (category, department) = (rule[0], rule[1])
        let firm = try OperationsTests.sqlite3(path, "SELECT uscc FROM enterprises ORDER BY uscc LIMIT 1")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for (user, role, scope) in [("burst_official", "official", "city"), ("burst_dept", "department", "department:\(department):head")] {
            let made = try await CLITests.run([
                "users", "create", "--username", user, "--password", "Burst-Pw-2026", "--role", role, "--scope", scope, "--database", db,
            ])
            #expect(made.status == 0, "\(made.output.suffix(300))")
        }
        let password = "Burst-Admin-1"
        var server = try MultiInstanceTests.start(db, password: password)
        try await MultiInstanceTests.waitReady(server)
        func token(_ base: String, _ user: String) async throws -> String {
            try await MultiInstanceTests.token(base, user, "Burst-Pw-2026")
        }
        let first = server.base
        @Sendable func api(
            _ method: String, _ path: String, _ body: String? = nil, _ bearer: String, base: String = first
        ) async throws -> MultiInstanceTests.Reply {
            try await MultiInstanceTests.call(
                method, base + "/api/v1" + path, body: body,
                headers: ["Authorization": "Bearer \(bearer)", "Content-Type": "application/json"])
        }
        let official = try await token(server.base, "burst_official")
        var ids: [Int] = []
        for i in 0..<120 {
            let r = try await api(
                "POST", "/requests", #"{"enterprise":"\#(firm)","category":"\#(category)","title":"突发\#(i)","description":"压力测试"}"#,
                official)
            ids.append(
                try #require((try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any])?["id"] as? Int, "\(r.body)"))
        }
        let officer = try await token(server.base, "burst_dept")

        // act: every request moved accept → start → answer by 16 workers at once (360 actions);
        // killed once 60 have been answered, with the rest in flight
        let pid = server.process.processIdentifier
        let filed = ids
        final class Count: Sendable {
            let value = Mutex(0)
        }
        let answered = Count()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    for id in filed where id % 16 == worker {
                        for action in ["accept", "start", "answer"] {
                            let body = action == "answer" ? #"{"action":"answer","text":"已办理"}"# : #"{"action":"\#(action)"}"#
                            guard (try? await api("POST", "/requests/\(id)/actions", body, officer)) != nil else { return }
                            if answered.value.withLock({ n in
                                n += 1
                                return n == 60
                            }) {
                                kill(pid, SIGKILL)
                            }
                        }
                    }
                }
            }
        }
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .uncaughtSignal)

        // check: the file is sound; each request's status is the one its last event says
        #expect(try OperationsTests.sqlite3(path, "PRAGMA integrity_check").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        let mismatched = try OperationsTests.sqlite3(
            path,
            """
            SELECT COUNT(*) FROM requests r WHERE r.status <> (SELECT e.status_to FROM request_events e WHERE e.request_id = r.id ORDER BY e.id DESC LIMIT 1)
            """
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(mismatched == "0", "requests whose status and history disagree: \(mismatched)")
        let statuses = try OperationsTests.sqlite3(
            path, "SELECT status, COUNT(*) FROM requests WHERE title LIKE '突发%' GROUP BY status ORDER BY status")
        #expect(statuses.contains("answered") || statuses.contains("accepted") || statuses.contains("inProgress"), "\(statuses)")
        #expect(!statuses.split(separator: "\n").allSatisfy { $0.hasPrefix("answered") }, "the burst finished before the kill: \(statuses)")

        // … and after a restart the work simply goes on to the end
        server = try MultiInstanceTests.start(db, password: password)
        defer { server.process.terminate() }
        try await MultiInstanceTests.waitReady(server)
        let again = try await token(server.base, "burst_dept")
        for id in ids {
            for action in ["accept", "start", "answer"] {
                let body = action == "answer" ? #"{"action":"answer","text":"已办理"}"# : #"{"action":"\#(action)"}"#
                let r = try await api("POST", "/requests/\(id)/actions", body, again, base: server.base)
                #expect([200, 409].contains(r.status), "\(id) \(action): \(r.status) \(r.body.prefix(200))")
            }
        }
        #expect(
            try OperationsTests.sqlite3(path, "SELECT COUNT(*) FROM requests WHERE title LIKE '突发%' AND status <> 'answered'")
                .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}
