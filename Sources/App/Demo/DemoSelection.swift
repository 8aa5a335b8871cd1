import ChainLeadCore
import Foundation
import SQLKit

/// The demo city's chain-leader selection (Policy S2, G1, G2): a finished 2025 campaign over every
/// chain (applications, scores, recognitions, pools), an open campaign this year, two reviews
/// due soon and a few early warnings. The demo's designated leaders are the recognised ones.
struct DemoSelection {
    let db: any SQLDatabase
    var progress: @Sendable (String) -> Void = { _ in }
    let caller = Caller.system("demo")

    static let scheme: SelectionScheme = {
        var s = SelectionScheme(
            name: "2025年链主企业遴选方案（演示）",
            indicators: [
                .init(.outputValue, weight: 50, .bands, bands: [.init(1e9, 40), .init(3e9, 70), .init(1e10, 100)]),
                .init(.outputGrowth, weight: 10, .percentile),
                .init(.rdIntensity, weight: 20, .bands, bands: [.init(0.02, 40), .init(0.03, 70), .init(0.05, 100)]),
                .init(.patents, weight: 10, .percentile), .init(.taxPaid, weight: 10, .minmax),
            ])
        s.recognition.quotaPerChain = 3
        s.eligibility.minOutputValue = 200_000_000
        s.recognition.minScore = 40
        s.pools.candidate = 45
        s.pools.backbone = 30
        s.pools.emerging = 15
        return s
    }()

    struct Scored: Decodable {
        var id: Int64
        var enterpriseUscc: String
        var chainCode: String
        var eligible: Bool?
        var finalScore: Double?
    }

    func load(_ firms: [DemoCity.Firm], seed: UInt64, today: SimpleDate) async throws {
        var rng = DemoRandom(seed: seed &+ 2025)
        let chains = DefaultTaxonomy.clusters.flatMap(\.chains).map(\.code)
        let stored = try await SchemeStore(db: db, caller: caller).create(Self.scheme, makeDefault: false)
        let campaigns = Campaigns(db: db, caller: caller)
        let past = try await campaigns.create(
            year: 2025, chains: chains, schemeID: stored.id, applyUntil: SimpleDate(year: 2025, month: 5, day: 31) ?? today, draft: false)
        let tiered = firms.filter { $0.draft.tier != .none && $0.draft.status == .active }
        let now = Date.nowSeconds()
        for chunk in tiered.chunked(300) {
            var insert = db.insert(into: "applications")
                .columns(
                    "campaign_id", "chain_code", "enterprise_uscc", "status", "nominated", "evidence", "figures", "figures_at",
                    "created_by",
                    "created_at")
            for f in chunk {
                let evidence = #"{"patents":\#(rng.int(0...(f.draft.tier == .leader ? 400 : 120)))}"#
                insert = insert.values(
                    SQLBind(past.id), SQLBind(Self.chain(of: f)), SQLBind(f.draft.uscc), SQLBind("accepted"), SQLBind(true),
                    SQLBind(evidence),
                    SQLBind("{}"), SQLBind(now), SQLBind("demo"), SQLBind(now))
            }
            try await insert.run()
        }
        let result = try await CampaignScoring(db: db, caller: caller).score(past.id)
        progress("  2025 campaign: \(result.scored) applications scored")

        let scored = try await db.raw(
            "SELECT id, enterprise_uscc, chain_code, eligible, final_score FROM applications WHERE campaign_id = \(bind: past.id)"
        ).rows(Scored.self)
        let byFirm = Dictionary(scored.map { ($0.enterpriseUscc, $0) }, uniquingKeysWith: { a, _ in a })
        let recognisedOn = SimpleDate(year: 2025, month: 6, day: 30) ?? today
        // Two leaders recognised before the platform, due for review within three weeks.
        let early = today.adding(days: -710)
        let leaders = tiered.filter { $0.draft.tier == .leader }
        var recognitions = db.insert(into: "recognitions")
            .columns("enterprise_uscc", "chain_code", "recognised_on", "review_due", "campaign_id", "status", "source", "created_at")
        try await FigureCache.bump(db, FigureCache.registry)
        var pools = db.insert(into: "chain_tiers").columns(
            "enterprise_uscc", "chain_code", "tier", "since", "last_score", "last_campaign_id")
        var history = db.insert(into: "tier_changes")
            .columns(
                "enterprise_uscc", "tier", "previous_tier", "changed_on", "reason", "changed_by", "created_at", "chain_code", "campaign_id")
        var fromCampaign: [Int64] = []
        for (i, f) in leaders.enumerated() {
            let app = byFirm[f.draft.uscc]
            let viaCampaign = i >= 2 && app?.eligible == true && (app?.finalScore ?? 0) >= Self.scheme.recognition.minScore
            let on = i < 2 ? early : recognisedOn
            if viaCampaign, let app { fromCampaign.append(app.id) }
            recognitions = recognitions.values(
                SQLBind(f.draft.uscc), SQLBind(Self.chain(of: f)), SQLBind(on.description),
                SQLBind(ReviewRules.reviewDue(after: on).description),
                SQLBind(viaCampaign ? past.id : nil), SQLBind("active"), SQLBind(viaCampaign ? "campaign" : "registry"), SQLBind(now))
        }
        for f in tiered {
            let app = byFirm[f.draft.uscc]
            let since =
                f.draft.tier == .leader && leaders.prefix(2).contains(where: { $0.draft.uscc == f.draft.uscc }) ? early : recognisedOn
            pools = pools.values(
                SQLBind(f.draft.uscc), SQLBind(Self.chain(of: f)), SQLBind(f.draft.tier.rawValue), SQLBind(since.description),
                SQLBind(app?.finalScore), SQLBind(past.id))
            history = history.values(
                SQLBind(f.draft.uscc), SQLBind(f.draft.tier.rawValue), SQLBind(Tier.none.rawValue), SQLBind(since.description),
                SQLBind("2025年度\(f.draft.tier.nameZh)遴选\(f.draft.tier == .leader ? "认定" : "入库")（演示数据）"), SQLBind("demo"), SQLBind(now),
                SQLBind(Self.chain(of: f)), SQLBind(past.id))
        }
        if !leaders.isEmpty { try await recognitions.run() }
        if !tiered.isEmpty {
            try await pools.run()
            try await history.run()
        }
        for chunk in fromCampaign.chunked(400) {
            try await db.raw("UPDATE applications SET status = 'recognised' WHERE id IN \(SQLBind.group(Array(chunk)))").run()
        }
        try await db.raw("UPDATE campaigns SET status = 'closed' WHERE id = \(bind: past.id)").run()
        progress("  \(leaders.count) chain leaders recognised, \(tiered.count - leaders.count) firms in the pools")
        try await moves(tiered, today: today)
        try await openCampaign(tiered, today: today)
        try await warnings(leaders, today: today)
    }

    /// A few pool moves this year, so the pools' movement chart has something to show.
    func moves(_ tiered: [DemoCity.Firm], today: SimpleDate) async throws {
        let backbone = tiered.filter { $0.draft.tier == .backbone }
        let emerging = tiered.filter { $0.draft.tier == .emerging }
        var plan: [(DemoCity.Firm, Tier, String)] = []
        for f in backbone.prefix(3) { plan.append((f, .candidate, "产值和研发投入增长，升为准链主（演示）")) }
        for f in emerging.prefix(2) { plan.append((f, .none, "连续两年未达新锐企业标准，出库（演示）")) }
        for f in backbone.dropFirst(3).prefix(2) { plan.append((f, .emerging, "产值下降，调整为新锐企业（演示）")) }
        let changes = plan.map { f, tier, reason in
            ChainTiers.Change(enterprise: f.draft.uscc, chain: Self.chain(of: f), tier: tier, reason: reason)
        }
        let caller = self.caller
        try await db.withTransaction { tx in
            for change in changes { try await ChainTiers.apply(change, by: caller, today: today, on: tx) }
        }
    }

    /// This year's campaign, open: a few firms applied (awaiting their district), a few nominated.
    func openCampaign(_ tiered: [DemoCity.Firm], today: SimpleDate) async throws {
        let chains = DefaultTaxonomy.clusters.flatMap(\.chains).map(\.code)
        let year = max(2026, today.year)
        let open = try await Campaigns(db: db, caller: caller).create(
            year: year, chains: chains, schemeID: nil, applyUntil: today.adding(days: 56), draft: false)
        let applicants = Array(tiered.filter { $0.draft.tier == .candidate }.prefix(8))
        let applications = Applications(db: db, caller: caller)
        for (i, f) in applicants.enumerated() {
            let app = try await applications.apply(
                campaign: open.id, enterprise: f.draft.uscc, chain: Self.chain(of: f), evidence: ["patents": Double(20 + i * 7)],
                note: "演示申报", today: today)
            if i >= 5 {
                // Nominated by the city (the first five were filed by the firms: their districts review them).
                try await db.raw("UPDATE applications SET status = 'accepted', nominated = \(bind: true) WHERE id = \(bind: app.id)").run()
            }
        }
        progress("  \(year) campaign open until \(today.adding(days: 56)), \(applicants.count) applications")
    }

    /// Two leaders with a new open serious violation, one whose output fell by a quarter.
    func warnings(_ leaders: [DemoCity.Firm], today: SimpleDate) async throws {
        let picked = Array(leaders.dropFirst(2).prefix(3))
        for f in picked.prefix(2) {
            _ = try await Violations(db: db, caller: caller).create(
                f.draft.uscc, kind: "安全生产行政处罚（演示）", date: today.adding(days: -30), severity: "serious", status: "open", source: "应急管理局（演示）")
        }
        if let f = picked.dropFirst(2).first {
            try await db.raw(
                "UPDATE figures SET output_value = output_value * 3 / 4 WHERE enterprise_uscc = \(bind: f.draft.uscc) AND year = 2025"
            ).run()
            try await EnterpriseQueries(db: db).refreshLatestOutput(usccs: [f.draft.uscc])
        }
    }

    static func chain(of f: DemoCity.Firm) -> String {
        (f.draft.segments.first ?? "").split(separator: "-").dropLast().joined(separator: "-")
    }
}
