import ChainLeadCore
import Foundation
import NIOCore
import SQLKit
import Vapor

/// `chainlead bench desk`: the service desk (S6) under load. A demo city is served by
/// `chainlead serve` in its own process; `clients` clients at once, for `seconds`, each file a
/// request for a firm (as the city's dispatcher) and then act on it as its lead department
/// (accept, answer). Afterwards every acknowledged request and action is looked up in the
/// database: figure `desk`, goal 0 lost acknowledged writes and p99 < 200 ms.
public enum DeskBench {
    public static func run(
        clients: Int, seconds: Int, workDirectory: String, postgres: String? = nil,
        log: @escaping @Sendable (String) -> Void, emit: @Sendable (BenchFigure) -> Void = { _ in }
    ) async throws {
        let database = try BenchDatabase.make(postgres: postgres, work: workDirectory, name: "bench-desk.sqlite")
        try await database.fresh()
        let app = try await database.open()
        let official: String
        let departments: String
        let firms: [String]
        do {
            log("loading a demo city of 300 firms …")
            _ = try await DemoLoader(db: app.db).load(enterprises: 300, seed: 2027)
            official = try await BenchDatabase.token(app, username: "bench_dispatcher", grants: [Grant(.official, .city)])
            // One account heading every department, so that a client can act as whichever leads.
            departments = try await BenchDatabase.token(
                app, username: "bench_departments",
                grants: (Department.all + District.all.map(\.name)).map { Grant(.department, .department($0, head: true)) })
            firms = try await app.db.sql.raw("SELECT uscc FROM enterprises WHERE status = 'active' ORDER BY uscc LIMIT 200")
                .all(decodingColumn: "uscc", as: String.self)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        guard !firms.isEmpty else { throw CommandLineError("the demo city has no active firm") }

        let marker = String(UUID().uuidString.prefix(8))
        let (tallies, memory) = try await BenchServer.with(database, connections: clients, log: log) { server, client in
            log("  \(clients) clients filing and acting for \(seconds) s …")
            let deadline = Date().addingTimeInterval(Double(seconds))
            let tallies = try await withThrowingTaskGroup(of: Tally.self) { group in
                for n in 0..<clients {
                    group.addTask {
                        try await Self.client(
                            n, run: marker, base: server.base, http: client, official: official, departments: departments, firms: firms,
                            until: deadline)
                    }
                }
                var all = Tally()
                for try await t in group { all.add(t) }
                return all
            }
            return (tallies, server.memory)
        }
        // What the server acknowledged, looked up in the database after the load.
        let check = try await database.open()
        let stored: Set<Int64>
        let actions: Int
        do {
            let sql = check.db.sql
            let like = "bench-desk-\(marker)-%"
            stored = Set(
                try await sql.raw("SELECT id FROM requests WHERE title LIKE \(bind: like)").all(decodingColumn: "id", as: Int64.self))
            actions =
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM request_events ev JOIN requests r ON r.id = ev.request_id
                    WHERE r.title LIKE \(bind: like) AND ev.action IN ('accept', 'answer')
                    """
                ).first(decodingColumn: "n", as: Int.self) ?? 0
        } catch {
            try? await check.asyncShutdown()
            throw error
        }
        try await check.asyncShutdown()
        let lostFiled = tallies.filed.filter { !stored.contains($0) }.count
        let lostActions = max(0, tallies.acted - actions)
        let latencies = tallies.latencies.sorted()
        let p99 = latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        let total = latencies.count
        log(
            String(
                format:
                    "    %d requests filed and %d actions acknowledged (%d HTTP calls, %.0f/s); in the database: %d of the filed, %d actions; lost: %d; p99 %.1f ms; failures %d; server RSS peak %d MiB",
                tallies.filed.count, tallies.acted, total, Double(total) / Double(seconds), tallies.filed.count - lostFiled, actions,
                lostFiled + lostActions, p99 * 1000, tallies.failures, memory.peak))
        var figure = BenchFigure(
            bench: "desk", database: database, figure: "desk", seconds: p99,
            comparison: "every acknowledged write looked up in the database after the load", comparisonSeconds: nil,
            goal: "0 lost acknowledged writes, p99 < 200 ms")
        figure.requestsPerSecond = Double(total) / Double(seconds)
        figure.failures = tallies.failures
        figure.acknowledged = tallies.filed.count + tallies.acted
        figure.lost = lostFiled + lostActions
        figure.unacknowledgedStored = max(0, stored.count - (tallies.filed.count - lostFiled))
        figure.serverPeakMemoryMiB = memory.peak
        figure.met = lostFiled + lostActions == 0 && p99 < 0.2 && !tallies.filed.isEmpty
        emit(figure)
    }

    struct Tally: Sendable {
        var filed: [Int64] = []
        var acted = 0
        var failures = 0
        var latencies: [Double] = []

        mutating func add(_ other: Tally) {
            filed += other.filed
            acted += other.acted
            failures += other.failures
            latencies += other.latencies
        }
    }

    /// One client: file, accept, answer, again until the deadline.
    static func client(
        _ n: Int, run: String, base: String, http: HTTPClient, official: String, departments: String, firms: [String], until deadline: Date
    ) async throws -> Tally {
        var tally = Tally()
        var i = 0
        func call(_ path: String, token: String, body: String) async -> (Int, String) {
            let started = DispatchTime.now().uptimeNanoseconds
            defer { tally.latencies.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9) }
            do {
                var request = try HTTPClient.Request(url: base + path, method: .POST, body: .string(body))
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                request.headers.add(name: "Content-Type", value: "application/json")
                let response = try await http.execute(request: request).get()
                return (Int(response.status.code), response.body.map { String(buffer: $0) } ?? "")
            } catch {
                return (0, "\(error)")
            }
        }
        while Date() < deadline {
            i += 1
            let firm = firms[(n * 7 + i) % firms.count]
            let body = #"{"enterprise":"\#(firm)","category":"policy","title":"bench-desk-\#(run)-\#(n)-\#(i)","description":"压力测试：政策咨询"}"#
            let (status, text) = await call("/api/v1/requests", token: official, body: body)
            guard status == 201,
                let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                let id = (object["id"] as? NSNumber)?.int64Value
            else {
                tally.failures += 1
                continue
            }
            tally.filed.append(id)
            for action in [#"{"action":"accept"}"#, #"{"action":"answer","text":"已答复：按政策办理"}"#] {
                let (code, _) = await call("/api/v1/requests/\(id)/actions", token: departments, body: action)
                if code == 200 { tally.acted += 1 } else { tally.failures += 1 }
            }
        }
        return tally
    }
}
