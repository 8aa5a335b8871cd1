import ChainLeadCore
import Foundation
import SQLKit

/// One target of the 2027 programme as the dashboard and `GET /targets` show it (Policy G1–G5):
/// this year's value, the year whose records it counts, the trend over the recorded years and
/// the breakdown per cluster.
struct TargetPoint: Sendable, Codable, Equatable {
    var year: Int
    var value: Double
}

struct TargetCluster: Sendable, Codable, Equatable {
    var code: String
    var name: String
    var value: Double
}

struct TargetSummary: Sendable {
    var figure: TargetFigure
    var dataYear: Int
    var trend: [TargetPoint]
    var clusters: [TargetCluster]
}

/// The trend and cluster breakdown of each target: a grouped query per target (G1 and G2 one per
/// recorded year over the small recognitions table), never a scan of the registry.
/// A firm counts in the cluster of the chain its item names (its first recognised chain for G1
/// and G2, its primary segment's chain for G3, the consortium's first chain for G4), so the
/// clusters add up to the city; G5 per cluster is the cluster's own supporting rate.
extension Targets {
    func summaries(year: Int, today: SimpleDate) async throws -> [TargetSummary] {
        let figures = try await figures(year: year, today: today)
        let clusterOf = try await chainClusters()
        let names = try await clusterNames()
        func byCluster(_ items: [TargetFirm]) -> [TargetCluster] {
            var counts: [String: Int] = [:]
            for i in items { if let c = clusterOf[i.chains] { counts[c, default: 0] += 1 } }
            return counts.sorted { $0.key < $1.key }.map {
                TargetCluster(code: $0.key, name: names[$0.key] ?? $0.key, value: Double($0.value))
            }
        }
        let supplyYears = try await SupplyQueries(db: db).years().filter { $0 <= year }
        var out: [TargetSummary] = []
        for f in figures {
            switch f.code {
            case "G1", "G2":
                var trend: [TargetPoint] = []
                for y in try await recognitionYears(upTo: year) {
                    let leaders = try await leaders(year: y, today: today)
                    let n = f.code == "G1" ? leaders.count : leaders.filter { ($0.outputValue ?? 0) >= Self.g2Threshold }.count
                    trend.append(TargetPoint(year: y, value: Double(n)))
                }
                out.append(TargetSummary(figure: f, dataYear: year, trend: trend, clusters: byCluster(f.items)))
            case "G3":
                let trend = try await countsByYear(
                    """
                    SELECT year AS y, COUNT(*) AS n FROM honours WHERE kind = 'single-champion' AND first_time = \(bind: true)
                      AND deleted_at IS NULL AND year <= \(bind: year) GROUP BY year ORDER BY year
                    """)
                out.append(TargetSummary(figure: f, dataYear: year, trend: trend, clusters: byCluster(f.items)))
            case "G4":
                let trend = try await countsByYear(
                    """
                    SELECT approved_year AS y, COUNT(*) AS n FROM consortia WHERE level = 'city' AND approved_year <= \(bind: year)
                    GROUP BY approved_year ORDER BY approved_year
                    """)
                out.append(TargetSummary(figure: f, dataYear: year, trend: trend, clusters: byCluster(f.items)))
            default:
                var trend: [TargetPoint] = []
                for y in supplyYears {
                    let rate = try await SupplyQueries(db: db).rates(year: y, level: .city, scope: scope).first?.figures.amountRate
                    trend.append(TargetPoint(year: y, value: rate ?? 0))
                }
                let dataYear = supplyYears.last ?? year
                let clusters = try await SupplyQueries(db: db).rates(year: dataYear, level: .cluster, scope: scope).compactMap { r in
                    r.figures.amountRate.map { TargetCluster(code: r.code, name: names[r.code] ?? r.code, value: $0) }
                }.sorted { $0.code < $1.code }
                out.append(TargetSummary(figure: f, dataYear: dataYear, trend: trend, clusters: clusters))
            }
        }
        return out
    }

    /// The years from the first recognition up to `year`.
    func recognitionYears(upTo year: Int) async throws -> [Int] {
        guard
            let first = try await db.raw("SELECT MIN(recognised_on) AS d FROM recognitions").first(decodingColumn: "d", as: String?.self)
                ?? nil,
            let y = Int(first.prefix(4)), y <= year
        else { return [] }
        return Array(max(y, year - 20)...year)
    }

    private func countsByYear(_ sql: SQLQueryString) async throws -> [TargetPoint] {
        try await db.raw(sql).all().map {
            TargetPoint(year: try $0.decode(column: "y", as: Int.self), value: Double(try $0.decode(column: "n", as: Int.self)))
        }
    }

    private func chainClusters() async throws -> [String: String] {
        var out: [String: String] = [:]
        for r in try await db.raw("SELECT code, cluster_code FROM chains").all() {
            out[try r.decode(column: "code", as: String.self)] = try r.decode(column: "cluster_code", as: String.self)
        }
        return out
    }

    private func clusterNames() async throws -> [String: String] {
        var out: [String: String] = [:]
        for r in try await db.raw("SELECT code, name FROM clusters").all() {
            out[try r.decode(column: "code", as: String.self)] = try r.decode(column: "name", as: String.self)
        }
        return out
    }
}
