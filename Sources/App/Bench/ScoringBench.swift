import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// `chainlead bench scoring`: `applications` applications over `chains` chains (one firm each,
/// two years of figures, a few supply links) in a fresh SQLite file; then the campaign is scored
/// and stored through the app (Policy S2), beside the time of one plain `SELECT` over the same rows.
public enum ScoringBench {
    public static func run(applications: Int, chains chainCount: Int, workDirectory: String, log: @escaping @Sendable (String) -> Void)
        async throws
    {
        let dir = URL(fileURLWithPath: workDirectory)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("bench-scoring.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let app = try await Application.make(.init(name: "production", arguments: ["chainlead"]))
        do { try await configure(app, AppConfig(database: .sqlite(path: path))) } catch {
            try? await app.asyncShutdown()
            throw error
        }
        do {
            try await measure(app.db.sql, applications: applications, chains: chainCount, log: log)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func measure(_ sql: any SQLDatabase, applications: Int, chains chainCount: Int, log: @escaping @Sendable (String) -> Void)
        async throws
    {
        let chains = Array(DefaultTaxonomy.clusters.flatMap(\.chains).prefix(chainCount))
        let caller = Caller.system("bench")
        log("generating \(applications) firms and applications over \(chains.count) chains …")
        var start = Date()
        var rng = DemoRandom(seed: 12)
        var used = Set<String>()
        let city = DemoCity(enterprises: 0, seed: 12)
        let now = Date.nowSeconds()
        var firms: [(uscc: String, chain: String, segment: String, district: String)] = []
        for i in 0..<applications {
            let chain = chains[i % chains.count]
            let district = rng.pick(District.all).code
            firms.append(
                (
                    city.makeUSCC(district: district, rng: &rng, used: &used), chain.code, chain.segments[i % chain.segments.count].code,
                    district
                ))
        }
        for chunk in firms.chunked(400) {
            var enterprises = sql.insert(into: "enterprises")
                .columns(
                    "uscc", "name", "name_sort", "former_names", "search_text", "district_code", "status", "tier", "synthetic",
                    "created_at", "updated_at")
            var members = sql.insert(into: "memberships").columns("enterprise_uscc", "segment_code", "is_primary")
            var figures = sql.insert(into: "figures")
                .columns("enterprise_uscc", "year", "output_value", "revenue", "rd_expense", "tax_paid", "source", "updated_at")
            var links = sql.insert(into: "supply_links")
                .columns(
                    "buyer_uscc", "supplier_name", "supplier_city", "supplier_key", "supplier_district", "segment", "chain", "year",
                    "amount",
                    "category", "resolution", "created_at")
            for f in chunk {
                enterprises = enterprises.values(
                    SQLBind(f.uscc), SQLBind("测评企业\(f.uscc.suffix(6))"), SQLBind(PinyinKey.sortKey("测评企业\(f.uscc.suffix(6))")), SQLBind(""),
                    SQLBind(f.uscc.lowercased()), SQLBind(f.district),
                    SQLBind("active"), SQLBind("none"), SQLBind(true), SQLBind(now), SQLBind(now))
                members = members.values(SQLBind(f.uscc), SQLBind(f.segment), SQLBind(true))
                let output = Int64(rng.int(500...50_000)) * 1_000_000
                for (year, scale) in [(2024, 0.9), (2025, 1.0)] {
                    let o = Int64(Double(output) * scale * (0.8 + rng.unit() * 0.4))
                    figures = figures.values(
                        SQLBind(f.uscc), SQLBind(year), SQLBind(o), SQLBind(o), SQLBind(Int64(Double(o) * rng.unit() * 0.08)),
                        SQLBind(o / 20), SQLBind("official"), SQLBind(now))
                }
                for k in 0..<3 {
                    let local = k < 2
                    links = links.values(
                        SQLBind(f.uscc), SQLBind("供应商\(k)"), SQLBind(local ? "无锡" : "上海"), SQLBind("供应商\(k)|\(f.uscc.suffix(4))"),
                        SQLBind(local ? "320214" : nil), SQLBind(f.segment), SQLBind(f.chain), SQLBind(2025),
                        SQLBind(Int64(rng.int(1...900)) * 100_000),
                        SQLBind("material"), SQLBind("outside"), SQLBind(now))
                }
            }
            try await enterprises.run()
            try await members.run()
            try await figures.run()
            try await links.run()
        }
        let campaign = try await Campaigns(db: sql, caller: caller).create(
            year: 2026, chains: chains.map(\.code), schemeID: nil, applyUntil: SimpleDate(year: 2026, month: 6, day: 30) ?? .today(),
            draft: false)
        for chunk in firms.chunked(400) {
            var insert = sql.insert(into: "applications")
                .columns(
                    "campaign_id", "chain_code", "enterprise_uscc", "status", "nominated", "evidence", "figures", "figures_at", "created_at"
                )
            for f in chunk {
                insert = insert.values(
                    SQLBind(campaign.id), SQLBind(f.chain), SQLBind(f.uscc), SQLBind("accepted"), SQLBind(true),
                    SQLBind(#"{"patents":\#(rng.int(0...300))}"#), SQLBind("{}"), SQLBind(now), SQLBind(now))
            }
            try await insert.run()
        }
        log(String(format: "  generated in %.1f s", Date().timeIntervalSince(start)))

        var timings: [Double] = []
        var scored = 0
        var phases: [(String, Double)] = []
        for _ in 0..<3 {
            start = Date()
            let result = try await CampaignScoring(db: sql, caller: caller).score(campaign.id)
            timings.append(Date().timeIntervalSince(start))
            scored = result.scored
            phases = result.phases
        }
        var selects: [Double] = []
        for _ in 0..<3 {
            start = Date()
            _ = try await sql.raw(
                """
                SELECT a.id, a.chain_code, a.enterprise_uscc, a.evidence, a.figures, e.district_code, e.status
                FROM applications a JOIN enterprises e ON e.uscc = a.enterprise_uscc WHERE a.campaign_id = \(bind: campaign.id)
                """
            ).all()
            selects.append(Date().timeIntervalSince(start))
        }
        let eligible =
            try await sql.raw("SELECT COUNT(*) AS n FROM applications WHERE eligible = \(bind: true)").first(
                decodingColumn: "n", as: Int.self) ?? 0
        log(
            String(
                format:
                    "  scored and stored %d applications (%d eligible) over %d chains: %.3f s (runs: %@; goal under 0.5 s in a release build)",
                scored, eligible, chains.count, timings.min() ?? 0, timings.map { String(format: "%.3f", $0) }.joined(separator: ", ")))
        log("  last run by phase: " + phases.map { String(format: "%@ %.3f s", $0.0, $0.1) }.joined(separator: ", "))
        log(
            String(
                format: "  one plain SELECT of the same %d applications with their firms: %.3f s (runs: %@)", scored, selects.min() ?? 0,
                selects.map { String(format: "%.3f", $0) }.joined(separator: ", ")))
    }
}
