import ChainLeadCore
import Foundation
import Vapor

/// A chain's or a cluster's dashboard as a page (Policy S1, G5): `/dashboard/chains/{code}` and
/// `/dashboard/clusters/{code}`, from `ScopeDashboard` (also `GET /chains/{code}/dashboard`),
/// each figure linking to where its rows are handled when the caller may open that page.
struct ScopeDashboardPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dashboard", "chains", ":code", use: chain)
        routes.get("dashboard", "clusters", ":code", use: cluster)
    }

    struct Content: Encodable, Sendable {
        var kind: String
        var code: String
        var name: String
        var asOf: String
        var chains: [ScopeDashboardView.Chain]
        var tiers: [ScopeDashboardView.Count]
        var rateSVG: String
        var rates: [[String]]
        var gapYear: Int
        var gaps: [[String]]
        var gapLinks: [String]
        var open: Int
        var overdue: Int
        var stages: [ScopeDashboardView.Count]
        var honours: Int
        var reviews: Int
        var needs: Int
        var answered: Int
        var approved: Int
    }

    @Sendable func chain(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        return try await render(req, try await dashboard(req).chain(code))
    }

    @Sendable func cluster(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        return try await render(req, try await dashboard(req).cluster(code))
    }

    /// Who may read it is decided per chain inside (`ScopeDashboard.build`).
    func dashboard(_ req: Request) async throws -> ScopeDashboard {
        ScopeDashboard(
            db: req.sql, caller: req.caller, scope: req.application.chainLead.supplyScope, rule: req.application.chainLead.segmentRule)
    }

    func render(_ req: Request, _ d: ScopeDashboardView) async throws -> Response {
        let points = d.supportingRate.compactMap { r in r.rate.map { TargetPoint(year: r.year, value: $0) } }
        let chainOf = Dictionary(d.chains.map { ($0.name, $0.code) }, uniquingKeysWith: { a, _ in a })
        let content = Content(
            kind: d.kind, code: d.code, name: d.name, asOf: ImportPages.when(d.asOf), chains: d.chains, tiers: d.firmsByTier,
            rateSVG: DashboardPages.sparkline(points, target: SupportingRate.target, rate: true),
            rates: d.supportingRate.map { r in
                [
                    "\(r.year)", r.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—", String(format: "%.1f", r.totalAmount / 1e8),
                    String(format: "%.1f", r.localAmount / 1e8),
                ]
            },
            gapYear: d.gapYear ?? 0,
            gaps: d.gaps.map { [$0.chain, $0.name, SegmentStatus(rawValue: $0.status)?.nameZh ?? $0.status] },
            gapLinks: d.gaps.map { "/chains/\(chainOf[$0.chain] ?? "")?segment=\($0.segment)#segment" },
            open: d.openRequests, overdue: d.overdueRequests, stages: d.leadsByStage, honours: d.honoursThisYear, reviews: d.reviewsDue,
            needs: d.financingNeeds, answered: d.financingAnswered, approved: d.financingApproved)
        return try await req.render("dashboard/scope", title: d.name + req.texts["sdTitle"], nav: "dashboard", content)
    }
}
