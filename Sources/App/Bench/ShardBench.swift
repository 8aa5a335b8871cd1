import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// `chainlead bench supporting-rate --shards N` (issue 22): private PostgreSQL servers on
/// loopback — a coordinator and N shards — made province mode by `ProvinceSetup`; the same city
/// is generated through the coordinator on 1 shard and then on N, and the city figure and every
/// level are recomputed through the app's queries, beside the city aggregation in `psql`.
public enum ShardBench {
    public static func run(
        firms: Int, links: Int, shards: Int, workDirectory: String, log: @escaping @Sendable (String) -> Void,
        emit: @Sendable (BenchFigure) -> Void = { _ in }
    ) async throws {
        // Not in the work folder: the `postgres` user must reach the data, and a work folder
        // may be private to its owner (mktemp -d).
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("chainlead-shardbench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        log("starting a coordinator and \(shards) shards (private PostgreSQL servers in \(work)) …")
        var clusters: [BenchCluster] = []
        defer {
            for c in clusters { c.stop() }
            try? FileManager.default.removeItem(atPath: work)
        }
        let coordinator = try BenchCluster.start(work + "/province-coordinator")
        clusters.append(coordinator)
        for i in 1...shards { clusters.append(try BenchCluster.start(work + "/province-shard-\(i)")) }
        let shardClusters = Array(clusters.dropFirst())
        var oneShard: (city: Double, all: Double)? = nil
        for n in Set([1, shards]).sorted() {
            try coordinator.recreate("province")
            for s in shardClusters { try s.recreate("shard") }
            let database = BenchDatabase.postgres(url: coordinator.url("province"))
            let setup = try await database.open(migrate: true)
            do {
                let addresses = try shardClusters.prefix(n).map { try ShardAddress(url: $0.url("shard")) }
                _ = try await ProvinceSetup(app: setup).initialise(shards: addresses, partitions: 8)
            } catch {
                try? await setup.asyncShutdown()
                throw error
            }
            try await setup.asyncShutdown()
            try database.generate(firms: firms, links: links, log: log)
            let (city, all, figures) = try await measure(database)
            let (_, cityLine) = try database.shell(SupplyBench.referenceSQL.components(separatedBy: ";\n")[0] + ";\n")
            var shellTimes: [Double] = []
            for _ in 0..<2 {
                let t = Date()
                _ = try database.shell(SupplyBench.referenceSQL.components(separatedBy: ";\n")[0] + ";\n")
                shellTimes.append(Date().timeIntervalSince(t))
            }
            let fields = cityLine.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
            guard fields.count == 5, Double(fields[1]) == figures.totalAmount, Double(fields[2]) == figures.localAmount,
                Int(fields[3]) == figures.suppliers, Int(fields[4]) == figures.localSuppliers
            else { throw CommandLineError("on \(n) shard(s) the app's city figure differs from psql's: \(cityLine)") }
            let memory = coordinator.peakBackendMiB()
            log(
                String(
                    format:
                        "  %d shard(s): city figure %.2f s (psql %.2f s), every level %.2f s; %.0f of %.0f yuan local (psql: %@); coordinator's largest backend %d MiB",
                    n, city, shellTimes.min() ?? 0, all, figures.localAmount, figures.totalAmount,
                    cityLine.trimmingCharacters(in: .whitespacesAndNewlines), memory))
            for (name, seconds, comparison, comparisonSeconds, goal) in [
                ("rate-city", city, "the city aggregation by amount in psql on the coordinator", shellTimes.min(), "≤ 1.5× the shell"),
                ("rate-all-levels", all, oneShard == nil ? "—" : "the same on 1 shard", oneShard?.all, "< 5 s"),
            ] {
                var figure = BenchFigure(
                    bench: "supporting-rate", database: database, figure: name, seconds: seconds, comparison: comparison,
                    comparisonSeconds: comparisonSeconds, goalRatio: name == "rate-city" ? 1.5 : nil,
                    goalSeconds: name == "rate-all-levels" ? 5 : nil, goal: goal)
                figure.shards = n
                figure.coordinatorPeakMemoryMiB = memory
                emit(figure)
            }
            oneShard = oneShard ?? (city, all)
        }
    }

    /// The best of two runs of the city figure and of every level.
    static func measure(_ database: BenchDatabase) async throws -> (city: Double, all: Double, figures: RateFigures) {
        let app = try await database.open()
        do {
            var cityTimes: [Double] = []
            var allTimes: [Double] = []
            var figures = RateFigures()
            for _ in 0..<2 {
                var t = Date()
                figures =
                    try await SupplyQueries(db: app.db.sql).computeRates(
                        year: SupplyBench.year, level: .city, code: nil, scope: SupportingRateScope()
                    ).first?.figures ?? RateFigures()
                cityTimes.append(Date().timeIntervalSince(t))
                t = Date()
                _ = try await SupplyBench.recompute(app.db.sql, handles: app.sqlDatabasesPerEventLoop())
                allTimes.append(Date().timeIntervalSince(t))
            }
            try await app.asyncShutdown()
            return (cityTimes.min() ?? 0, allTimes.min() ?? 0, figures)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
