import Foundation

/// One measured figure of a bench beside what it is held against, measured in the same run
/// (issue 21). `chainlead bench … --json` prints one per line on standard output, for other tools.
public struct BenchFigure: Codable, Sendable, Equatable {
    public var bench: String
    /// `SQLite` or `PostgreSQL`: every bench runs on both.
    public var database: String?
    /// `import-csv`, `import-xlsx`, `rate-city`, `rate-all-levels`, `list`, `desk` or `memory`.
    public var figure: String
    public var seconds: Double
    public var comparison: String
    public var comparisonSeconds: Double?
    /// `seconds / comparisonSeconds` when there is a comparison.
    public var ratio: Double?
    /// The goal in words, e.g. "≤ 3× the shell".
    public var goal: String
    public var met: Bool
    /// Peak resident memory of the bench process, MiB.
    public var peakMemoryMiB: Int
    /// The HTTP benches (`list`, `memory`, `desk`): the server is its own process.
    public var serverPeakMemoryMiB: Int?
    public var requestsPerSecond: Double?
    public var comparisonRequestsPerSecond: Double?
    /// Answers that were not 2xx, and transport errors.
    public var failures: Int?
    /// `desk`: writes the server acknowledged, of them the ones found in the database, and
    /// the ones written although their answer was lost (a timeout).
    public var acknowledged: Int?
    public var lost: Int?
    public var unacknowledgedStored: Int?
    /// Province mode (`--shards`): the shards the links were spread over, and the largest peak
    /// resident memory among the coordinator's PostgreSQL processes.
    public var shards: Int?
    public var coordinatorPeakMemoryMiB: Int?

    public init(
        bench: String, database: BenchDatabase? = nil, figure: String, seconds: Double, comparison: String, comparisonSeconds: Double?,
        goalRatio: Double? = nil,
        goalSeconds: Double? = nil, goal: String
    ) {
        self.bench = bench
        self.database = database?.description
        self.figure = figure
        self.seconds = seconds
        self.comparison = comparison
        self.comparisonSeconds = comparisonSeconds
        let ratio = comparisonSeconds.flatMap { $0 > 0 ? seconds / $0 : nil }
        self.ratio = ratio
        self.goal = goal
        self.met = (goalRatio.map { r in ratio.map { $0 <= r } ?? false } ?? true) && (goalSeconds.map { seconds <= $0 } ?? true)
        self.peakMemoryMiB = SupplyBench.peakRSS() / 1024
    }

    /// The figure as one line of JSON (keys sorted, so lines compare across runs).
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
