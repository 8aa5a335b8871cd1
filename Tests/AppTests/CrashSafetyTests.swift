import ChainLeadCore
import Foundation
import Testing

@testable import App

/// A power cut or `kill -9` in the middle of work (SQLite, WAL, synchronous=FULL): the import is
/// all or nothing, the database stays sound, and the import can simply be run again.
@Suite struct CrashSafetyTests {
    @Test func anImportKilledMidWriteLeavesNothingAndRunsAgain() async throws {
        // SQLite's durability; the PostgreSQL pass of the suite need not run it again
        guard TestServer.postgresAdminURL == nil else { return }
        try CLITests.requireBinary()
        // setup: a file of 40,000 new firms
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "统一社会信用代码,企业名称,所在区县,环节代码\n"
        for i in 0..<40_000 { csv += "\(makeUSCC(division: "320214", serial: 500_000 + i)),崩溃测试企业\(i),320214,ic-fab-m1\n" }
        let file = dir.appendingPathComponent("firms.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
        func count(_ path: String) throws -> String {
            try OperationsTests.sqlite3(path, "SELECT COUNT(*) FROM enterprises").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        // act: on a small city, start the import and kill it once its transaction has written to
        // the log. The kill can land just after the commit (the process then still tidies up):
        // that is all of the file, not a part, and the attempt is made again on a fresh city.
        var killedBeforeCommit: String?
        for attempt in 0..<3 where killedBeforeCommit == nil {
            let path = dir.appendingPathComponent("city\(attempt).sqlite").path
            let db = "sqlite://" + path
            #expect(try await CLITests.run(["demo", "--database", db, "--enterprises", "60"]).status == 0)
            let process = Process()
            process.executableURL = CLITests.binary
            process.arguments = ["import", "enterprises", file, "--database", db]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            var killed = false
            for _ in 0..<1000 {
                let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
                if wal > 256 << 10, process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    killed = true
                    break
                }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            process.waitUntilExit()
            #expect(killed, "the import ended before it could be killed: make the file bigger")
            // check: whenever it was killed, the database is sound and holds all of the file or none
            #expect(try OperationsTests.sqlite3(path, "PRAGMA integrity_check").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
            let after = try count(path)
            #expect(["60", "40060"].contains(after), "a part of the import survived: \(after) firms")
            if after == "60" { killedBeforeCommit = path }
        }

        // check: the same import again succeeds in full
        let path = try #require(killedBeforeCommit, "three kills all came after the commit")
        let again = try await CLITests.run(["import", "enterprises", file, "--database", "sqlite://" + path])
        #expect(again.status == 0, "\(again.output.suffix(500))")
        #expect(try count(path) == "40060")
    }
}
