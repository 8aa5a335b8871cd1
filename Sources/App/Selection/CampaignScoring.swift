import ChainLeadCore
import Foundation
import SQLKit

/// Scores a campaign (Policy S2): eligibility and explainable indicator scores per chain, ranks,
/// proposed pool tiers. Reads set-based (a handful of queries per 500 applications), scores in
/// Swift over arrays, writes back in multi-row updates.
struct CampaignScoring {
    let db: any SQLDatabase
    let caller: Caller
    var scope = SupportingRateScope()

    struct Result: Sendable {
        var scored: Int
        /// Applications whose figures changed since they were filed (re-scored on the new ones).
        var refreshed: Int
        /// Seconds spent reading, scoring and writing (for `chainlead bench scoring`).
        var phases: [(String, Double)] = []
    }

    /// Decoded by column name (a hot path: no per-field key conversion).
    struct AppRow {
        var id: Int64
        var chainCode: String
        var enterpriseUscc: String
        var evidence: String
        var figures: String
        var districtCode: String
        var status: String
        var aboveScaleYear: Int?

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            chainCode = try row.decode(column: "chain_code", as: String.self)
            enterpriseUscc = try row.decode(column: "enterprise_uscc", as: String.self)
            evidence = try row.decode(column: "evidence", as: String.self)
            figures = try row.decode(column: "figures", as: String.self)
            districtCode = try row.decode(column: "district_code", as: String.self)
            status = try row.decode(column: "status", as: String.self)
            aboveScaleYear = try row.decode(column: "above_scale_year", as: Int?.self)
        }
    }

    func score(_ campaignID: Int64, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Result {
        let campaign = try await Campaigns(db: db, caller: caller).find(campaignID)
        try await Access.require(.update, .selection(.campaign(chains: Set(campaign.chains))), caller: caller, db: db)
        guard campaign.status != "draft" else { throw DomainError(.conflict, "not_open", "草稿状态的遴选批次不能评分", field: "campaign") }
        let scheme = try await SchemeStore(db: db, caller: caller).find(campaign.schemeID).scheme
        let started = Date()
        let apps = try await db.raw(
            """
            SELECT a.id, a.chain_code, a.enterprise_uscc, a.evidence, a.figures, e.district_code, e.status, e.above_scale_year
            FROM applications a JOIN enterprises e ON e.uscc = a.enterprise_uscc
            WHERE a.campaign_id = \(bind: campaignID) AND a.status IN ('accepted', 'recommended', 'recognised')
            ORDER BY a.id
            """
        ).all().map(AppRow.init)
        let facts = try await ScoringFacts.load(
            db: db, firms: .applicants(campaign: campaignID), year: campaign.year, years: scheme.eligibility.figureYears, scope: scope)
        let pledged = scheme.requirePledge ? try await ApplicationAttachments.pledged(campaign: campaignID, db: db) : []
        let read = Date()
        var updates: [ScoreUpdate] = []
        var refreshed = 0
        let inCity = Set(District.all.map(\.code))
        for (chain, group) in Dictionary(grouping: apps, by: \.chainCode).sorted(by: { $0.key < $1.key }) {
            var applicants: [Applicant] = []
            var reasons: [[EligibilityReason]] = []
            for a in group {
                let f = facts.figures[a.enterpriseUscc] ?? [:]
                let eligibility = EligibilityFacts(
                    districtInCity: inCity.contains(a.districtCode), status: EnterpriseStatus(rawValue: a.status) ?? .active,
                    outputLastYear: f[String(campaign.year - 1)]?.outputValue, yearsWithFigures: Set(f.keys.compactMap { Int($0) }),
                    openSeriousViolations: facts.violations[a.enterpriseUscc] ?? 0,
                    inChain: facts.chains[a.enterpriseUscc]?.contains(chain) ?? false, aboveScaleYear: a.aboveScaleYear,
                    hasPledge: pledged.contains(a.id))
                let why = EligibilityRules.check(eligibility, scheme: scheme, year: campaign.year)
                reasons.append(why)
                let declared = SelectionJSON.evidence(a.evidence)
                let evidence = facts.records[a.enterpriseUscc]?.merged(declared: declared) ?? declared
                applicants.append(
                    Applicant(
                        id: a.enterpriseUscc, eligible: why.isEmpty,
                        values: ScoringFacts.values(
                            year: campaign.year, figures: f, supply: facts.supply[a.enterpriseUscc], evidence: evidence)))
                if SelectionJSON.figures(f) != a.figures { refreshed += 1 }
            }
            let scored = Scoring.score(applicants, scheme: scheme)
            let eligibleScores = scored.filter(\.eligible).compactMap(\.indicatorScore)
            let ranks = Scoring.ranks(eligibleScores)
            var next = 0
            for (i, s) in scored.enumerated() {
                var rank: Int?
                if s.eligible {
                    rank = ranks[next]
                    next += 1
                }
                let f = facts.figures[group[i].enterpriseUscc] ?? [:]
                updates.append(
                    ScoreUpdate(
                        id: group[i].id, eligible: s.eligible, reasons: SelectionJSON.reasons(reasons[i]), score: s.indicatorScore,
                        rank: rank, indicators: SelectionJSON.indicators(s.indicators),
                        proposed: s.indicatorScore.map { Scoring.proposedTier(score: $0, pools: scheme.pools).rawValue },
                        figures: SelectionJSON.figures(f)))
            }
            progress(updates.count, apps.count)
        }
        let computed = Date()
        let now = Date.nowSeconds()
        let caller = self.caller
        let all = updates
        let changed = refreshed
        try await db.withTransaction { tx in
            for chunk in all.chunked(400) { try await ScoreUpdate.write(Array(chunk), at: now, on: tx) }
            try await tx.raw("UPDATE campaigns SET scored_at = \(bind: now), version = version + 1 WHERE id = \(bind: campaignID)").run()
            if scheme.stages.experts {
                for chain in campaign.chains { try await ExpertPanel.refresh(campaign: campaignID, chain: chain, on: tx) }
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "campaign", key: "\(campaignID)", action: "score",
                extra: ["scored": "\(all.count)", "refreshed": "\(changed)"])
        }
        let phases =
            [
                ("read", read.timeIntervalSince(started)), ("score", computed.timeIntervalSince(read)),
                ("write", Date().timeIntervalSince(computed)),
            ] + facts.timings
        return Result(scored: all.count, refreshed: refreshed, phases: phases)
    }
}

/// One application's stored score.
struct ScoreUpdate: Sendable {
    var id: Int64
    var eligible: Bool
    var reasons: String
    var score: Double?
    var rank: Int?
    var indicators: String
    var proposed: String?
    var figures: String

    /// One `UPDATE … FROM (VALUES …)` for many rows (both databases name the columns column1…).
    static func write(_ rows: [ScoreUpdate], at now: Date, on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        var values: [SQLQueryString] = []
        for r in rows {
            values.append(
                """
                (CAST(\(bind: r.id) AS BIGINT), CAST(\(bind: r.eligible) AS BOOLEAN), CAST(\(bind: r.reasons) AS TEXT),
                 CAST(\(bind: r.score) AS DOUBLE PRECISION), CAST(\(bind: r.rank) AS INTEGER), CAST(\(bind: r.indicators) AS TEXT),
                 CAST(\(bind: r.proposed) AS TEXT), CAST(\(bind: r.figures) AS TEXT))
                """)
        }
        guard var list = values.first else { return }
        for v in values.dropFirst() { list = list + ", " + v }
        try await db.raw(
            """
            UPDATE applications SET eligible = v.column2, reasons = v.column3, indicator_score = v.column4, final_score = v.column4,
              rank = v.column5, indicators = v.column6, proposed_tier = v.column7, figures = v.column8,
              scored_at = \(bind: now)
            FROM (VALUES \(list)) AS v WHERE applications.id = v.column1
            """
        ).run()
    }
}
