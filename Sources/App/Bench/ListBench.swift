import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// `chainlead bench list`: a registry of `firms` firms, served by `chainlead serve` in its own
/// process; `wrk` loads filtered pages of `GET /api/v1/enterprises` with `connections`
/// connections, and, in the same run, the same server's `/healthz` (no database) as the
/// comparison. Figures `list` (p99 and requests per second against `/healthz`'s) and `memory`
/// (the server's peak RSS under that load).
public enum ListBench {
    public static func run(
        firms: Int, connections: Int, seconds: Int, workDirectory: String, postgres: String? = nil,
        log: @escaping @Sendable (String) -> Void, emit: @Sendable (BenchFigure) -> Void = { _ in }
    ) async throws {
        let database = try BenchDatabase.make(postgres: postgres, work: workDirectory, name: "bench-list.sqlite")
        try await database.fresh()
        try database.generate(firms: firms, links: 1_000, log: log)
        let app = try await database.open()
        let token: String
        let paths: [String]
        do {
            token = try await BenchDatabase.token(app, username: "bench_official", grants: [Grant(.official, .city)])
            paths = try await listPaths(app.db.sql)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()

        let (trivial, list, memory) = try await BenchServer.with(database, connections: 4, log: log) { server, client in
            // One pass over the pages first, as users would have made before the load: the first
            // request of each filter counts its rows (kept until the next registry write).
            let warm = Date()
            for path in paths {
                var request = try HTTPClient.Request(url: server.base + path)
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let response = try await client.execute(request: request).get()
                guard response.status == .ok else {
                    throw CommandLineError("\(path) answered \(response.status.code): \(response.body.map { String(buffer: $0) } ?? "")")
                }
            }
            log(
                String(
                    format: "  %d list pages answered once in %.2f s (each filter counted once)", paths.count,
                    Date().timeIntervalSince(warm)))
            let work = URL(fileURLWithPath: workDirectory)
            log("  wrk: /healthz, \(connections) connections, \(seconds) s …")
            let trivial = try WrkResult.run(
                url: server.base + "/healthz", paths: nil, token: nil, connections: connections, seconds: seconds, work: work)
            log(String(format: "    %.0f requests/s, p99 %.1f ms", trivial.requestsPerSecond, trivial.p99 * 1000))
            log("  wrk: \(paths.count) filtered list pages in turn, \(connections) connections, \(seconds) s …")
            let list = try WrkResult.run(
                url: server.base, paths: paths, token: token, connections: connections, seconds: seconds, work: work)
            let memory = server.memory
            log(
                String(
                    format: "    %.0f requests/s (%.2f× /healthz), p99 %.1f ms, %d not 2xx; server RSS peak %d MiB, now %d MiB",
                    list.requestsPerSecond, list.requestsPerSecond / max(trivial.requestsPerSecond, 1), list.p99 * 1000, list.failures,
                    memory.peak, memory.now))
            return (trivial, list, memory)
        }
        var figure = BenchFigure(
            bench: "list", database: database, figure: "list", seconds: list.p99,
            comparison: "/healthz on the same server (wrk, \(connections) connections, \(seconds) s)", comparisonSeconds: trivial.p99,
            goal: "p99 < 100 ms and ≥ 0.2× /healthz's requests per second")
        figure.requestsPerSecond = list.requestsPerSecond
        figure.comparisonRequestsPerSecond = trivial.requestsPerSecond
        figure.failures = list.failures
        figure.serverPeakMemoryMiB = memory.peak
        figure.met = list.p99 < 0.1 && list.requestsPerSecond >= 0.2 * trivial.requestsPerSecond && list.failures == 0
        emit(figure)
        var rss = BenchFigure(
            bench: "list", database: database, figure: "memory", seconds: Double(seconds),
            comparison: "the server's peak RSS (VmHWM) serving \(firms) firms under the list load", comparisonSeconds: nil,
            goal: "< 300 MB")
        rss.serverPeakMemoryMiB = memory.peak
        rss.met = memory.peak > 0 && Double(memory.peak) * 1_048_576 < 300_000_000
        emit(rss)
    }

    /// Filtered first pages of the list, as officials open them: by district (pages 1–3), by
    /// tier, chain, cluster and status, sorted by name (pinyin) or by code.
    static func listPaths(_ sql: any SQLDatabase) async throws -> [String] {
        let districts = try await sql.raw("SELECT code FROM districts ORDER BY code").all(decodingColumn: "code", as: String.self)
        let chains = try await sql.raw("SELECT code FROM chains ORDER BY code LIMIT 4").all(decodingColumn: "code", as: String.self)
        let clusters = try await sql.raw("SELECT code FROM clusters ORDER BY code LIMIT 2").all(decodingColumn: "code", as: String.self)
        let base = "/api/v1/enterprises?per=20"
        var paths = [base, base + "&page=2", base + "&sort=uscc", base + "&tier=leader", base + "&status=active"]
        for d in districts.prefix(4) {
            for page in 1...3 { paths.append(base + "&district=\(d)&page=\(page)") }
        }
        paths += chains.map { base + "&chain=\($0)" } + clusters.map { base + "&cluster=\($0)" }
        paths += districts.suffix(2).map { base + "&district=\($0)&tier=backbone" }
        return paths
    }
}
