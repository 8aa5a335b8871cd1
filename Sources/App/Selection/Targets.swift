import ChainLeadCore
import Foundation
import SQLKit

/// The 2027 targets counted from decisions (Policy G1, G2, G5).
struct TargetFirm: Sendable, Codable {
    var enterprise: String
    var name: String
    var chains: String
    var outputValue: Int64?
}

struct TargetFigure: Sendable {
    var code: String
    var value: Double
    var target: Double
    var items: [TargetFirm]
}

struct Targets {
    let db: any SQLDatabase
    let caller: Caller
    var scope = SupportingRateScope()

    static let g2Threshold: Int64 = 10_000_000_000

    /// G1: firms whose recognition is active on 31 December of `year` (today, for the current
    /// year); G2: those with output ≥ 10 billion yuan in the year before (or their latest year);
    /// G5: the city's supporting rate of the year's purchases (the latest recorded year up to it).
    func figures(year: Int, today: SimpleDate) async throws -> [TargetFigure] {
        let leaders = try await leaders(year: year, today: today)
        let big = leaders.filter { ($0.outputValue ?? 0) >= Self.g2Threshold }
        var out = [
            TargetFigure(code: "G1", value: Double(leaders.count), target: 100, items: leaders),
            TargetFigure(code: "G2", value: Double(big.count), target: 15, items: big),
        ]
        let champions = try await firstTimeChampions(year: year)
        out.append(TargetFigure(code: "G3", value: Double(champions.count), target: 5, items: champions))
        let consortia = try await cityConsortia(year: year)
        out.append(TargetFigure(code: "G4", value: Double(consortia.count), target: 5, items: consortia))
        let years = try await SupplyQueries(db: db).years().filter { $0 <= year }
        if let y = years.last, let city = try await SupplyQueries(db: db).rates(year: y, level: .city, scope: scope).first {
            out.append(TargetFigure(code: "G5", value: city.figures.amountRate ?? 0, target: 0.5, items: []))
        } else {
            out.append(TargetFigure(code: "G5", value: 0, target: 0.5, items: []))
        }
        return out
    }

    /// G3: firms first recognised as national manufacturing single champion (enterprise level) on
    /// the list of `year` (Policy G3: at least 5 a year), from the honours recorded.
    func firstTimeChampions(year: Int) async throws -> [TargetFirm] {
        try await db.raw(
            """
            SELECT h.enterprise_uscc AS enterprise, e.name,
              COALESCE((SELECT MIN(s.chain_code) FROM memberships m JOIN segments s ON s.code = m.segment_code
                        WHERE m.enterprise_uscc = h.enterprise_uscc AND m.is_primary = \(bind: true)), '') AS chains,
              e.latest_output_value AS output_value
            FROM honours h JOIN enterprises e ON e.uscc = h.enterprise_uscc
            WHERE h.kind = 'single-champion' AND h.first_time = \(bind: true) AND h.year = \(bind: year) AND h.deleted_at IS NULL
            ORDER BY e.name
            """
        ).rows(TargetFirm.self)
    }

    /// G4: city-level innovation consortia approved in `year` (Policy G4: about 5 a year), each
    /// item its leading firm with the consortium's name.
    func cityConsortia(year: Int) async throws -> [TargetFirm] {
        try await db.raw(
            """
            SELECT c.lead_uscc AS enterprise, c.name || '（' || e.name || '）' AS name, c.chains, e.latest_output_value AS output_value
            FROM consortia c JOIN enterprises e ON e.uscc = c.lead_uscc
            WHERE c.level = 'city' AND c.approved_year = \(bind: year) ORDER BY c.approved_on, c.id
            """
        ).rows(TargetFirm.self).map {
            var firm = $0
            firm.chains = firm.chains.split(separator: ",").first.map(String.init) ?? ""
            return firm
        }
    }

    /// The firms G1 counts for `year`, with the output G2 reads.
    func leaders(year: Int, today: SimpleDate) async throws -> [TargetFirm] {
        let on = year >= today.year ? today.description : "\(year)-12-31"
        return try await db.raw(
            """
            SELECT r.enterprise_uscc AS enterprise, e.name, MIN(r.chain_code) AS chains,
              COALESCE(MAX(f.output_value), MAX(e.latest_output_value)) AS output_value
            FROM recognitions r JOIN enterprises e ON e.uscc = r.enterprise_uscc
            LEFT JOIN figures f ON f.enterprise_uscc = r.enterprise_uscc AND f.year = \(bind: year - 1)
            WHERE r.recognised_on <= \(bind: on) AND (r.status = 'active' OR r.ended_on > \(bind: on))
            GROUP BY r.enterprise_uscc, e.name ORDER BY e.name
            """
        ).rows(TargetFirm.self)
    }
}
