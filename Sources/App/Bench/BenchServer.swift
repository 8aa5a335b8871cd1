import Foundation
import Vapor

/// A `chainlead serve` child process on a bench database, for the benches measured over HTTP
/// (`list`, `desk`, `memory`): the figures are the server's, not the load generator's, so the
/// server runs as its own process and its memory is read from `/proc`.
final class BenchServer: @unchecked Sendable {
    let process: Process
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    init(database: BenchDatabase, log: @Sendable (String) -> Void) throws {
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["serve", "--port", "\(port)", "--database", database.argument]
        // The per-token limit would refuse a load test's own traffic; the admin password is set so
        // that the server never prints one.
        process.environment = ProcessInfo.processInfo.environment.merging(
            [
                "CHAINLEAD_API_RATE_LIMIT": "0", "LOG_LEVEL": "error", "CHAINLEAD_ADMIN_PASSWORD": UserStore.randomPassword(),
            ]
        ) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        log("  server pid \(process.processIdentifier) on \(base) (\(database))")
    }

    /// Waits until `/readyz` answers 200.
    func waitReady(_ client: HTTPClient) async throws {
        for _ in 0..<600 {
            if !process.isRunning { throw CommandLineError("chainlead serve stopped before it was ready") }
            if let r = try? await client.get(url: base + "/readyz").get(), r.status == .ok { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CommandLineError("chainlead serve did not get ready in 60 s")
    }

    /// `VmHWM` (peak) and `VmRSS` (now) of the server, MiB.
    var memory: (peak: Int, now: Int) {
        let text = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            let line = text.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
        }
        return (field("VmHWM"), field("VmRSS"))
    }

    /// Runs `body` with a ready server on `database` and an HTTP client of `connections`
    /// connections; both are stopped afterwards, whatever `body` did.
    static func with<T>(
        _ database: BenchDatabase, connections: Int, log: @Sendable (String) -> Void,
        _ body: (BenchServer, HTTPClient) async throws -> T
    ) async throws -> T {
        let server = try BenchServer(database: database, log: log)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let result: Result<T, any Error>
        do {
            try await server.waitReady(client)
            result = .success(try await body(server, client))
        } catch {
            result = .failure(error)
        }
        server.stop()
        try? await client.shutdown()
        return try result.get()
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CommandLineError("no socket for a free port") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// What `wrk` measured: requests per second, the 99th percentile latency, and the answers that
/// were not 2xx/3xx.
struct WrkResult: Sendable {
    var requestsPerSecond: Double
    var p99: Double
    var requests: Int
    var failures: Int

    /// Runs `wrk --latency` with `connections` for `seconds` on `url`, with a Lua script of paths
    /// when given; the Authorization header on every request.
    static func run(
        url: String, paths: [String]?, token: String?, connections: Int, seconds: Int, work: URL
    ) throws -> WrkResult {
        var arguments = ["wrk", "-t", "2", "-c", "\(connections)", "-d", "\(seconds)s", "--latency", "--timeout", "10s"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        if let paths {
            let script = work.appendingPathComponent("wrk-paths.lua")
            let list = paths.map { "\"" + $0 + "\"" }.joined(separator: ",\n  ")
            try """
            local paths = {
              \(list)
            }
            local i = 0
            request = function()
              i = i + 1
              return wrk.format("GET", paths[(i % #paths) + 1])
            end
            """.write(to: script, atomically: true, encoding: .utf8)
            arguments += ["-s", script.path]
        }
        arguments.append(url)
        let (status, text) = try BenchDatabase.run(arguments)
        guard status == 0, let result = parse(text) else {
            throw CommandLineError("wrk failed (is it installed? apt-get install wrk):\n\(text.suffix(1500))")
        }
        return result
    }

    /// Reads wrk's summary: `Requests/sec:`, the `99%` line of the latency distribution,
    /// `N requests in`, `Non-2xx or 3xx responses:` and socket errors.
    static func parse(_ text: String) -> WrkResult? {
        var rps: Double?
        var p99: Double?
        var requests = 0
        var failures = 0
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("Requests/sec:"), words.count >= 2 { rps = Double(words[1]) }
            if line.hasPrefix("99%"), words.count >= 2 { p99 = seconds(words[1]) }
            if words.count >= 3, words[1] == "requests", words[2] == "in" { requests = Int(words[0]) ?? 0 }
            if line.hasPrefix("Non-2xx or 3xx responses:"), let n = words.last.flatMap({ Int($0) }) { failures += n }
            if line.hasPrefix("Socket errors:") {
                for part in line.dropFirst("Socket errors:".count).split(separator: ",") {
                    failures += Int(part.split(separator: " ").last ?? "") ?? 0
                }
            }
        }
        guard let rps, let p99 else { return nil }
        return WrkResult(requestsPerSecond: rps, p99: p99, requests: requests, failures: failures)
    }

    /// `861.23ms`, `1.76s`, `950.00us` → seconds.
    static func seconds(_ text: String) -> Double? {
        for (unit, scale) in [("us", 1e-6), ("ms", 1e-3), ("m", 60.0), ("s", 1.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
    }
}
