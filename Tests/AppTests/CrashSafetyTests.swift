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
        // setup: a small city, and a file of 40,000 new firms
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("city.sqlite").path
        let db = "sqlite://" + path
        #expect(try await CLITests.run(["demo", "--database", db, "--enterprises", "60"]).status == 0)
        var csv = "统一社会信用代码,企业名称,所在区县,环节代码\n"
        for i in 0..<40_000 { csv += "\(makeUSCC(division: "320214", serial: 500_000 + i)),崩溃测试企业\(i),320214,ic-fab-m1\n" }
        let file = dir.appendingPathComponent("firms.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))

        // act: start the import and kill it once its transaction has written a megabyte
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["import", "enterprises", file, "--database", db]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var killedMidWrite = false
        for _ in 0..<600 {
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            if wal > 1 << 20, process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedMidWrite = true
                break
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()

        // check: killed while writing; the database is sound and holds none of the file
        #expect(killedMidWrite, "the import ended before it could be killed: make the file bigger")
        #expect(try OperationsTests.sqlite3(path, "PRAGMA integrity_check").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        #expect(
            try OperationsTests.sqlite3(path, "SELECT COUNT(*) FROM enterprises").trimmingCharacters(in: .whitespacesAndNewlines) == "60")
        // the same import again succeeds in full
        let again = try await CLITests.run(["import", "enterprises", file, "--database", db])
        #expect(again.status == 0, "\(again.output.suffix(500))")
        #expect(
            try OperationsTests.sqlite3(path, "SELECT COUNT(*) FROM enterprises").trimmingCharacters(in: .whitespacesAndNewlines) == "40060"
        )
    }
}
