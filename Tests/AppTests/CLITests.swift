import Foundation
import Testing

@testable import App

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `chainlead` executable itself, run as a user would (built next to the test bundle).
@Suite struct CLITests {
    static var binary: URL {
        // Linux: the test runner is itself an executable in the build folder; macOS: inside a bundle.
        let here = Bundle.main.bundleURL
        let candidates = [
            here.appendingPathComponent("chainlead"),
            here.deletingLastPathComponent().appendingPathComponent("chainlead"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// A missing binary fails the test (never a silent pass): `swift test` builds every product.
    static func requireBinary() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path), "build the chainlead product first (swift build --build-tests)")
    }

    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs the binary on a Dispatch thread: waiting for a child process must not hold one of the
    /// few cooperative threads every other test of the run needs.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(arguments, environment: environment) })
            }
        }
    }

    static func runBlocking(_ arguments: [String], environment: [String: String]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    func databaseArgument(_ location: DatabaseLocation) -> String {
        switch location {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let url): url
        }
    }

    @Test func demoLoadsOnceAndMigrateIsIdempotent() async throws {
        try Self.requireBinary()
        // setup
        let scratch = try await ScratchDatabase.make()
        defer { Task { try? await scratch.drop() } }
        let db = databaseArgument(scratch.location)
        // act
        let first = try await Self.run(["demo", "--database", db, "--enterprises", "60", "--seed", "3"])
        let again = try await Self.run(["demo", "--database", db, "--enterprises", "60"])
        let migrate = try await Self.run(["migrate", "--database", db])
        // check
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("Loaded 60 synthetic enterprises"))
        #expect(again.status != 0)
        #expect(again.output.contains("already holds 60 enterprises"))
        #expect(migrate.status == 0, "\(migrate.output)")
    }

    /// `--quick --json`: a small size of each bench, one JSON figure per line beside its comparison.
    @Test func quickBenchesPrintTheirFiguresAsJSON() async throws {
        try Self.requireBinary()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        var figures: [BenchFigure] = []
        for bench in ["import", "supporting-rate"] {
            let run = try await Self.run(["bench", bench, "--quick", "--json", "--work", work])
            #expect(run.status == 0, "\(run.output.suffix(600))")
            figures += run.output.split(separator: "\n").filter { $0.hasPrefix(#"{"bench""#) }.compactMap {
                try? JSONDecoder().decode(BenchFigure.self, from: Data($0.utf8))
            }
        }
        #expect(figures.map(\.figure) == ["import-csv", "import-xlsx", "rate-all-levels", "rate-city"])
        for f in figures {
            #expect(f.seconds > 0 && (f.comparisonSeconds ?? 0) > 0 && f.peakMemoryMiB > 0, "\(f)")
            #expect(abs((f.ratio ?? 0) - f.seconds / (f.comparisonSeconds ?? 1)) < 1e-9)
        }
    }

    /// CI runs the supporting-rate bench at a small size: the app's figures must equal the shell's.
    @Test func supportingRateBenchRunsSmall() async throws {
        try Self.requireBinary()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let run = try await Self.run(["bench", "supporting-rate", "--firms", "5000", "--links", "20000", "--work", work])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("sqlite3 shell, the same aggregations"))
        #expect(run.output.contains("ratio:"))
        #expect(run.output.contains("the same in the shell"))
        #expect(run.output.contains("peak memory"))
        let bad = try await Self.run(["bench", "supporting-rate", "--links", "5"])
        #expect(bad.status != 0 && bad.output.contains("--links"))
    }

    /// The matching bench runs small: it ranks, names the first candidate and reports its times.
    @Test func matchingBenchRunsSmall() async throws {
        try Self.requireBinary()
        let run = try await Self.run(["bench", "matching", "--offers", "500"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("ranking one demand among 500 offers (top 50 worded), median of 5 runs:"))
        #expect(run.output.contains("first: 供应商"))
        let bad = try await Self.run(["bench", "matching", "--offers", "5"])
        #expect(bad.status != 0 && bad.output.contains("--offers"))
    }

    @Test func badArgumentsGetClearMessages() async throws {
        try Self.requireBinary()
        let url = try await Self.run(["migrate", "--database", "mysql://x"])
        #expect(url.status != 0)
        #expect(url.output.contains("Unsupported database URL"))
        let count = try await Self.run(["demo", "--enterprises", "5"])
        #expect(count.status != 0)
        #expect(count.output.contains("--enterprises"))
    }

    @Test func serveDemoPrintsTheLoginAndAnswersHealth() async throws {
        try Self.requireBinary()
        // setup
        let scratch = try await ScratchDatabase.make()
        let port = Int.random(in: 20000...40000)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = [
            "serve", "--demo", "--enterprises", "80", "--port", String(port),
            "--database", databaseArgument(scratch.location),
        ]
        var env = ProcessInfo.processInfo.environment
        env["CHAINLEAD_ADMIN_PASSWORD"] = nil
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            Task { try? await scratch.drop() }
        }
        // act: poll /healthz
        var healthy = false
        for _ in 0..<150 where !healthy {
            try await Task.sleep(for: .milliseconds(200))
            if let (data, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/v1/healthz")!),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                healthy = String(decoding: data, as: UTF8.self).contains("\"demo\" : true")
            }
        }
        process.terminate()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // check
        #expect(healthy, "\(output)")
        #expect(output.contains("Log in as admin with password: "))
        #expect(output.contains("district_jy") && output.contains("district:320281"))
        #expect(output.contains("synthetic"))
        #expect(process.terminationStatus == 0 || process.terminationReason == .uncaughtSignal)
    }
}

extension CLITests {
    @Test func usersCreateChecksRoleScopeAndPassword() async throws {
        try Self.requireBinary()
        let scratch = try await ScratchDatabase.make()
        defer { Task { try? await scratch.drop() } }
        let db = databaseArgument(scratch.location)
        _ = try await Self.run(["migrate", "--database", db])
        let ok = try await Self.run([
            "users", "create", "--username", "jy", "--password", "Jiangyin-2026", "--role", "district", "--scope", "district:320281",
            "--database", db,
        ])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("district (district:320281)"))
        let weak = try await Self.run(["users", "create", "--username", "x", "--password", "short", "--role", "official", "--database", db])
        #expect(weak.status != 0)
        #expect(weak.output.contains("密码"))
        let badScope = try await Self.run([
            "users", "create", "--username", "y", "--password", "Jiangyin-2026", "--role", "district", "--scope", "district:999",
            "--database", db,
        ])
        #expect(badScope.status != 0)
        #expect(badScope.output.contains("does not fit"))
    }
}
