import App
import ArgumentParser
import Foundation

/// `chainlead bench …`: the figures of docs/BENCHMARKS.md, each beside its comparison from the same run.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks: `bench import|supporting-rate|list|desk|scoring|matching` (docs/BENCHMARKS.md).")
    @ArgumentParser.Argument(help: "import, supporting-rate, list, desk, scoring or matching") var what: String
    @ArgumentParser.Option(help: "import: enterprises to generate (each with 3 years of figures)") var enterprises = 100_000
    @ArgumentParser.Option(help: "supporting-rate, list: firms in the registry") var firms = 1_000_000
    @ArgumentParser.Option(help: "supporting-rate: supply links in one year") var links = 10_000_000
    @ArgumentParser.Option(help: "scoring: applications to score") var applications = 5_000
    @ArgumentParser.Option(help: "scoring: chains they apply for") var chains = 30
    @ArgumentParser.Option(help: "matching: offers to rank one demand among") var offers = 100_000
    @ArgumentParser.Option(help: "list: wrk's connections") var connections = 64
    @ArgumentParser.Option(help: "desk: clients filing and acting at once") var clients = 200
    @ArgumentParser.Option(help: "list, desk: seconds of load") var seconds = 60
    @ArgumentParser.Option(
        help: "Run on this PostgreSQL database (postgres://…; the bench empties it) instead of a SQLite file")
    var postgres: String?
    @ArgumentParser.Option(
        help: "supporting-rate: province mode on private PostgreSQL servers — a coordinator and this many shards (1 shard, then these)")
    var shards: Int?
    @ArgumentParser.Option(help: "Folder for the generated files and databases") var work = "bench-work"
    @ArgumentParser.Flag(help: "A small size of each bench, for CI's debug build (so none rots)") var quick = false
    @ArgumentParser.Flag(help: "One JSON object per figure on standard output; the progress goes to standard error") var json = false

    func validate() throws {
        guard ["import", "supporting-rate", "list", "desk", "scoring", "matching"].contains(what) else {
            throw ValidationError("available: import, supporting-rate, list, desk, scoring, matching")
        }
        guard (1...1_000).contains(connections) else { throw ValidationError("--connections must be 1…1000") }
        guard (1...1_000).contains(clients) else { throw ValidationError("--clients must be 1…1000") }
        guard (1...3_600).contains(seconds) else { throw ValidationError("--seconds must be 1…3600") }
        guard (10...2_000_000).contains(offers) else { throw ValidationError("--offers must be 10…2000000") }
        guard (10...200_000).contains(applications) else { throw ValidationError("--applications must be 10…200000") }
        guard (1...30).contains(chains) else { throw ValidationError("--chains must be 1…30") }
        guard (100...2_000_000).contains(enterprises) else { throw ValidationError("--enterprises must be 100…2000000") }
        guard (1_000...5_000_000).contains(firms) else { throw ValidationError("--firms must be 1000…5000000") }
        guard (1_000...50_000_000).contains(links) else { throw ValidationError("--links must be 1000…50000000") }
        if let shards {
            guard what == "supporting-rate", postgres == nil else {
                throw ValidationError("--shards goes with supporting-rate, without --postgres")
            }
            guard (1...8).contains(shards) else { throw ValidationError("--shards must be 1…8") }
        }
    }

    func run() async throws {
        let json = self.json
        let log: @Sendable (String) -> Void = { line in
            if json { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
        }
        let emit: @Sendable (BenchFigure) -> Void = { figure in if json { print(figure.jsonLine) } }
        if what == "supporting-rate", let shards {
            try await ShardBench.run(
                firms: quick ? 5_000 : firms, links: quick ? 50_000 : links, shards: shards, workDirectory: work, log: log, emit: emit)
        } else if what == "supporting-rate" {
            try await SupplyBench.run(
                firms: quick ? 5_000 : firms, links: quick ? 50_000 : links, workDirectory: work, postgres: postgres, log: log,
                emit: emit)
        } else if what == "list" {
            try await ListBench.run(
                firms: quick ? 5_000 : firms, connections: quick ? 16 : connections, seconds: quick ? 3 : seconds, workDirectory: work,
                postgres: postgres, log: log, emit: emit)
        } else if what == "desk" {
            try await DeskBench.run(
                clients: quick ? 20 : clients, seconds: quick ? 5 : seconds, workDirectory: work, postgres: postgres, log: log, emit: emit)
        } else if what == "matching" {
            MatchingBench.run(offers: quick ? 1_000 : offers, log: log)
        } else if what == "scoring" {
            try await ScoringBench.run(
                applications: quick ? 100 : applications, chains: quick ? 3 : chains, workDirectory: work, log: log)
        } else {
            try await ImportBench.run(
                enterprises: quick ? 1_000 : enterprises, workDirectory: work, postgres: postgres, log: log, emit: emit)
        }
    }
}
