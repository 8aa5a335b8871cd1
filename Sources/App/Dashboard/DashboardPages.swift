import ChainLeadCore
import Foundation
import Vapor

/// The leadership's dashboard (Policy G1–G5), `/dashboard`: the five targets with this year's
/// value against the target, the trend over the recorded years, the breakdown per cluster, the
/// scope and as-of time, and a drill-down from each figure to the rows it counts. Every figure
/// comes from `Targets.summaries`, the source of `GET /api/v1/targets`. Printable on one A4 page.
struct DashboardPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dashboard", use: show)
    }

    struct Card: Encodable, Sendable {
        var code: String
        var label: String
        var value: String
        var target: String
        var percent: Int
        var met: Bool
        var dataYear: Int
        var trendSVG: String
        var href: String
    }

    struct ClusterRow: Encodable, Sendable {
        var name: String
        /// The cluster's own dashboard, when the caller reads every chain of it.
        var href: String?
        var cells: [String]
    }

    struct Content: Encodable, Sendable {
        var year: Int
        var asOf: String
        var cards: [Card]
        var clusters: [ClusterRow]
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await req.require(.read, .selection(.targets))
        let t = req.texts
        let today = SimpleDate.today()
        let year = req.queryValue("year", as: Int.self).map { min(max($0, 2000), 2100) } ?? today.year
        let summaries = try await Targets(db: req.sql, caller: req.caller, scope: req.application.chainLead.supplyScope).summaries(
            year: year, today: today)
        let text = DashboardExports.text
        let cards = summaries.map { s in
            let f = s.figure
            let ratio = f.target > 0 ? f.value / f.target : 0
            return Card(
                code: f.code, label: t["target_" + f.code], value: text(f.code, f.value), target: text(f.code, f.target),
                percent: ratio.isFinite ? Int((min(ratio, 1) * 100).rounded()) : 0,
                met: f.code == "G5" ? f.value > f.target : f.value >= f.target,
                dataYear: s.dataYear, trendSVG: Self.sparkline(s.trend, target: f.target, rate: f.code == "G5"),
                href: f.code == "G5" ? "/supply?year=\(s.dataYear)" : "/selection/targets?year=\(year)#\(f.code.lowercased())")
        }
        var names: [String: String] = [:]
        var values: [String: [String: Double]] = [:]
        for s in summaries {
            for c in s.clusters {
                names[c.code] = c.name
                values[c.code, default: [:]][s.figure.code] = c.value
            }
        }
        struct ChainRow: Decodable {
            var code: String
            var clusterCode: String
        }
        var readable: [String: Bool] = [:]
        for c in try await req.sql.raw("SELECT code, cluster_code FROM chains").rows(ChainRow.self) {
            let may = Policy.decide(req.caller.grants, .read, .supplyAnalysis(chain: c.code)).allowed
            readable[c.clusterCode] = (readable[c.clusterCode] ?? true) && may
        }
        let content = Content(
            year: year, asOf: ImportPages.when(Date()), cards: cards,
            clusters: names.keys.sorted().map { code in
                ClusterRow(
                    name: names[code] ?? code, href: readable[code] == true ? "/dashboard/clusters/\(code)" : nil,
                    cells: ["G1", "G2", "G3", "G4", "G5"].map { g in values[code]?[g].map { text(g, $0) } ?? "—" })
            })
        return try await req.render("dashboard/dashboard", title: t["dashboardTitle"], nav: "dashboard", content)
    }

    /// A small bar chart of the recorded years, the target as a dashed line; numbers only, so
    /// nothing in it needs escaping.
    static func sparkline(_ points: [TargetPoint], target: Double, rate: Bool) -> String {
        let w = 220.0
        let h = 64.0
        let top = 6.0
        let bottom = 14.0
        let high = max(points.map(\.value).max() ?? 0, target, rate ? 0.01 : 1)
        let step = w / Double(max(points.count, 1))
        var bars = ""
        for (i, p) in points.enumerated() {
            let bh = (h - top - bottom) * max(0, min(p.value / high, 1))
            let x = Double(i) * step + step * 0.15
            bars += String(
                format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar\"/>", x, h - bottom - bh, step * 0.7, bh)
            bars += String(
                format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%d</text>", x + step * 0.35, h - 3, p.year)
        }
        let ty = h - bottom - (h - top - bottom) * min(target / high, 1)
        let line = String(
            format: "<line x1=\"0\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" class=\"target\" stroke-dasharray=\"4 3\"/>", w, ty, ty)
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" class=\"sparkline\" role=\"img\">\(bars)\(line)</svg>"
    }
}
