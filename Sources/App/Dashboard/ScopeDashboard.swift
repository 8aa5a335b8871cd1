import ChainLeadCore
import Foundation
import SQLKit

struct ScopeDashboardView: Sendable, Codable {
    struct Count: Sendable, Codable {
        var code: String
        var name: String
        var count: Int
    }

    struct Rate: Sendable, Codable {
        var year: Int
        /// Local share of chain leaders' purchases, 0…1; nil when nothing was bought.
        var rate: Double?
        var totalAmount: Double
        var localAmount: Double
    }

    struct Gap: Sendable, Codable {
        var segment: String
        var name: String
        var chain: String
        var status: String
    }

    struct Chain: Sendable, Codable {
        var code: String
        var name: String
    }

    var kind: String
    var code: String
    var name: String
    var asOf: Date
    var chains: [Chain]
    var firmsByTier: [Count]
    var supportingRate: [Rate]
    var gapYear: Int?
    var gaps: [Gap]
    var openRequests: Int
    var overdueRequests: Int
    var leadsByStage: [Count]
    var honoursThisYear: Int
    var reviewsDue: Int
    var financingNeeds: Int
    var financingAnswered: Int
    var financingApproved: Int
}

/// One chain's or one cluster's dashboard for chain chiefs (Policy S1, G5): firms by tier, the
/// supporting rate over the recorded years, missing and weak segments, open and overdue
/// requests of its firms, leads by stage, honours this year, reviews due, financing needs and
/// banks' answers. Every figure is one aggregate query over indexed columns; what the caller may
/// read is decided per chain by the supply-analysis rule (a cluster needs all of its chains).
struct ScopeDashboard {
    let db: any SQLDatabase
    let caller: Caller
    var scope = SupportingRateScope()
    var rule = SegmentStatusRule()
    var today = SimpleDate.today()

    func chain(_ code: String) async throws -> ScopeDashboardView {
        let chains = try await db.raw("SELECT code, name FROM chains WHERE code = \(bind: code)").rows(ScopeDashboardView.Chain.self)
        guard let c = chains.first else { throw DomainError.notFound("产业链 \(code)", field: "code") }
        return try await build(kind: "chain", code: code, name: c.name, chains: chains)
    }

    func cluster(_ code: String) async throws -> ScopeDashboardView {
        guard
            let name = try await db.raw("SELECT name FROM clusters WHERE code = \(bind: code)").first(
                decodingColumn: "name", as: String.self)
        else { throw DomainError.notFound("产业集群 \(code)", field: "code") }
        let chains = try await db.raw("SELECT code, name FROM chains WHERE cluster_code = \(bind: code) ORDER BY sort_order").rows(
            ScopeDashboardView.Chain.self)
        return try await build(kind: "cluster", code: code, name: name, chains: chains)
    }

    func build(kind: String, code: String, name: String, chains: [ScopeDashboardView.Chain]) async throws -> ScopeDashboardView {
        for c in chains { try await Access.require(.read, .supplyAnalysis(chain: c.code), caller: caller, db: db) }
        if chains.isEmpty { try await Access.require(.read, .supplyAnalysis(chain: nil), caller: caller, db: db) }
        let codes = SQLBind.group(chains.isEmpty ? [""] : chains.map(\.code))
        let firms = Self.firms(chains: chains.map(\.code))
        struct TierRow: Decodable {
            var tier: String
            var n: Int
        }
        let tiers = try await db.raw(
            "SELECT e.tier, COUNT(*) AS n FROM enterprises e WHERE e.status = 'active' AND e.uscc IN (\(firms)) GROUP BY e.tier"
        ).rows(TierRow.self)
        let byTier = Dictionary(uniqueKeysWithValues: tiers.map { ($0.tier, $0.n) })
        let queries = SupplyQueries(db: db, rows: Policy.supplyRows(caller.grants))
        let years = try await queries.years()
        var rates: [ScopeDashboardView.Rate] = []
        for y in years {
            let rows = try await queries.rates(year: y, level: kind == "chain" ? .chain : .cluster, code: code, scope: scope)
            let f = rows.first?.figures ?? RateFigures()
            rates.append(.init(year: y, rate: f.amountRate, totalAmount: f.totalAmount, localAmount: f.localAmount))
        }
        var gaps: [ScopeDashboardView.Gap] = []
        let gapYear = years.last
        if let gapYear {
            for c in chains {
                let facts = try await queries.segmentFacts(year: gapYear, chain: c.code, scope: scope)
                for s in try await TaxonomyQueries(db: db).segments(chain: c.code) where s.retiredOn == nil {
                    let (status, _, _) = SupplyQueries.status(facts[s.code], rule: rule)
                    if status == .missing || status == .weak {
                        gaps.append(.init(segment: s.code, name: s.name, chain: c.name, status: status.rawValue))
                    }
                }
            }
        }
        let requests: SQLQueryString =
            "FROM requests r WHERE " + RequestService.scope(caller.grants) + " AND r.enterprise_uscc IN (\(firms))"
        struct StageRow: Decodable {
            var stage: String
            var n: Int
        }
        let stages = try await db.raw(
            """
            SELECT stage, COUNT(*) AS n FROM leads
            WHERE supplier_key IN (SELECT l.supplier_key FROM supply_links l WHERE l.chain IN \(codes)) GROUP BY stage
            """
        ).rows(StageRow.self)
        let byStage = Dictionary(uniqueKeysWithValues: stages.map { ($0.stage, $0.n) })
        let needs: SQLQueryString = "FROM finance_needs n WHERE n.enterprise_uscc IN (\(firms))"
        return ScopeDashboardView(
            kind: kind, code: code, name: name, asOf: Date.nowSeconds(), chains: chains,
            firmsByTier: Tier.allCases.reversed().map { .init(code: $0.rawValue, name: $0.nameZh, count: byTier[$0.rawValue] ?? 0) },
            supportingRate: rates, gapYear: gapYear, gaps: gaps,
            openRequests: try await count("SELECT COUNT(*) AS n " + requests + " AND " + RequestService.openSQL),
            overdueRequests: try await count("SELECT COUNT(*) AS n " + requests + " AND " + RequestService.overdueSQL(on: today)),
            leadsByStage: LeadStage.allCases.map { .init(code: $0.rawValue, name: $0.nameZh, count: byStage[$0.rawValue] ?? 0) },
            honoursThisYear: try await count(
                "SELECT COUNT(*) AS n FROM honours h WHERE h.deleted_at IS NULL AND h.year = \(bind: today.year) AND h.enterprise_uscc IN (\(firms))"
            ),
            reviewsDue: try await count(
                """
                SELECT COUNT(*) AS n FROM recognitions r WHERE r.status = 'active' AND r.chain_code IN \(codes)
                  AND r.review_due <= \(bind: today.adding(days: 90).description)
                """),
            financingNeeds: try await count("SELECT COUNT(*) AS n " + needs),
            financingAnswered: try await count(
                "SELECT COUNT(DISTINCT f.need_id) AS n FROM finance_recommendations f WHERE f.answered_at IS NOT NULL AND f.need_id IN (SELECT n.id \(needs))"
            ),
            financingApproved: try await count(
                "SELECT COUNT(DISTINCT f.need_id) AS n FROM finance_recommendations f WHERE f.status = 'approved' AND f.need_id IN (SELECT n.id \(needs))"
            ))
    }

    /// The firms active in the chains' segments (memberships are indexed on the segment).
    static func firms(chains: [String]) -> SQLQueryString {
        """
        SELECT m.enterprise_uscc FROM memberships m JOIN segments s ON s.code = m.segment_code
        WHERE s.chain_code IN \(SQLBind.group(chains.isEmpty ? [""] : chains))
        """
    }

    static func firms(cluster: String) -> SQLQueryString {
        """
        SELECT m.enterprise_uscc FROM memberships m JOIN segments s ON s.code = m.segment_code
        JOIN chains k ON k.code = s.chain_code WHERE k.cluster_code = \(bind: cluster)
        """
    }

    func count(_ sql: SQLQueryString) async throws -> Int {
        try await db.raw(sql).first(decodingColumn: "n", as: Int.self) ?? 0
    }
}
