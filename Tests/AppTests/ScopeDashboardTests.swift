import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Chain and cluster dashboards for chain chiefs (Policy S1, G5) on the demo city, on whichever
/// database the suite runs on: a cluster chief (scope `clusters:ic`) acts as the chief of every
/// chain of the cluster, and each figure equals an independent count.
@Suite(.tags(.s1)) struct ScopeDashboardTests {
    @Test func aClusterChiefSeesItsClustersChainsAndEveryFigureMatchesACount() async throws {
        try await TestServer.with { server in
            // setup: the demo city and a cluster chief
            try await DemoLoader(db: server.app.db).load(enterprises: 600, seed: 5)
            let grant = try #require(Grant.parse(role: .chief, scope: "clusters:ic"))
            let chief = try await server.bearer("sd_cluster_chief", [grant])
            // act
            let cluster = try await server.send(.GET, "/clusters/ic/dashboard", token: .some(chief))
            let chain = try await server.send(.GET, "/chains/ic-packaging/dashboard", token: .some(chief))
            let otherChain = try await server.send(.GET, "/chains/auto-nev/dashboard", token: .some(chief))
            let otherCluster = try await server.send(.GET, "/clusters/iot/dashboard", token: .some(chief))
            let leads = try await server.send(.GET, "/leads?chain=ic-fab", token: .some(chief))
            let web = try await server.browser("sd_cluster_chief_web", [grant])
            let page = try await server.page(.GET, "/dashboard/clusters/ic", cookie: web.cookie)
            let workbench = try await server.page(.GET, "/workbench", cookie: web.cookie)

            // check: the scope
            #expect(Grant.parse(role: .district, scope: "clusters:ic") == nil, "only officials and chiefs hold clusters")
            #expect(cluster.status == 200 && chain.status == 200, "\(cluster.text.prefix(300))")
            #expect(otherChain.status == 403 && otherCluster.status == 403)
            #expect(leads.status != 403, "chain-chief rules apply to the cluster's chains")
            let d = try cluster.json()
            #expect((d["chains"] as? [[String: Any]])?.compactMap { $0["code"] as? String }.sorted() == ["ic-fab", "ic-packaging"])
            // check: each figure against its own SQL
            let firms =
                "SELECT m.enterprise_uscc FROM memberships m JOIN segments s ON s.code = m.segment_code JOIN chains k ON k.code = s.chain_code WHERE k.cluster_code = 'ic'"
            for tier in try #require(d["firmsByTier"] as? [[String: Any]]) {
                let code = try #require(tier["code"] as? String)
                let n = try await server.sql.raw(
                    SQLQueryString(
                        "SELECT COUNT(*) AS n FROM enterprises WHERE status = 'active' AND tier = '\(code)' AND uscc IN (\(firms))")
                ).first(decodingColumn: "n", as: Int.self)
                #expect(tier["count"] as? Int == n, "tier \(code)")
            }
            let open = try await server.sql.raw(
                SQLQueryString(
                    "SELECT COUNT(*) AS n FROM requests WHERE status NOT IN ('answered', 'closed') AND enterprise_uscc IN (\(firms))")
            ).first(decodingColumn: "n", as: Int.self)
            #expect(d["openRequests"] as? Int == open)
            let year = SimpleDate.today().year
            let honours = try await server.sql.raw(
                SQLQueryString(
                    "SELECT COUNT(*) AS n FROM honours WHERE deleted_at IS NULL AND year = \(bind: year) AND enterprise_uscc IN (\(firms))")
            ).first(decodingColumn: "n", as: Int.self)
            #expect(d["honoursThisYear"] as? Int == honours)
            let needs = try await server.sql.raw(
                SQLQueryString("SELECT COUNT(*) AS n FROM finance_needs WHERE enterprise_uscc IN (\(firms))")
            ).first(decodingColumn: "n", as: Int.self)
            #expect(d["financingNeeds"] as? Int == needs)
            let rates = try #require(d["supportingRate"] as? [[String: Any]])
            let latest = try #require(rates.last)
            let total = try await server.sql.raw(
                """
                SELECT SUM(l.amount) AS n FROM supply_links l JOIN chains k ON k.code = l.chain
                WHERE k.cluster_code = 'ic' AND l.year = \(bind: latest["year"] as? Int ?? 0) AND l.category <> 'energy'
                  AND l.buyer_uscc IN (SELECT uscc FROM enterprises WHERE tier = 'leader')
                """
            ).first(decodingColumn: "n", as: Double.self)
            #expect(total != nil && latest["totalAmount"] as? Double == total, "\(latest) vs \(String(describing: total))")
            // check: the page and the workbench lead to it
            #expect(page.status == 200)
            #expect(page.text.contains(#"id="scope-gaps""#) || page.text.contains(#"id="scope-no-gaps""#))
            #expect(
                page.text.contains("/requests?queue=overdue&amp;cluster=ic") || page.text.contains("/requests?queue=overdue&cluster=ic"))
            #expect(workbench.text.contains("/dashboard/chains/ic-packaging"))
        }
    }
}
