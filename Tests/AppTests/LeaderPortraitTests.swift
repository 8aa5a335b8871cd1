import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// A chain leader's profile is its portrait (issue 20): recognitions, its own supporting rate by
/// year, main suppliers and single-source risks; a caller who sees only the directory gets none.
@Suite struct LeaderPortraitTests {
    @Test func aLeadersProfileShowsItsPortraitToOfficialsOnly() async throws {
        try await TestServer.with { server in
            // setup: the demo city, one of its recognised leaders, and what it bought in its latest year
            try await DemoLoader(db: server.app.db).load(enterprises: 400, seed: 9)
            let leader = try #require(
                try await server.sql.raw("SELECT enterprise_uscc AS u FROM recognitions WHERE status = 'active' ORDER BY enterprise_uscc")
                    .first(decodingColumn: "u", as: String.self))
            let year = try #require(
                try await server.sql.raw("SELECT MAX(year) AS y FROM supply_links WHERE buyer_uscc = \(bind: leader)").first(
                    decodingColumn: "y", as: Int.self), "demo leaders buy")
            let official = try await server.browser("lp_official", [Grant(.official, .city)])
            let stranger = try await server.browser("lp_firm", [Grant(.enterprise, .enterprise(makeUSCC(serial: 991)))])
            // act
            let page = try await server.page(.GET, "/enterprises/\(leader)", cookie: official.cookie)
            let directory = try await server.page(.GET, "/enterprises/\(leader)", cookie: stranger.cookie)
            // check
            #expect(page.status == 200 && page.text.contains(#"id="leader-portrait""#), "\(page.text.prefix(300))")
            #expect(page.text.contains(#"id="portrait-recognitions""#))
            #expect(page.text.contains(#"id="portrait-rates""#) && page.text.contains("<td class=\"num\">\(year)</td>"))
            #expect(page.text.contains(#"id="portrait-local""#) || page.text.contains(#"id="portrait-outside""#))
            #expect(!directory.text.contains(#"id="leader-portrait""#), "another firm sees the directory only")
        }
    }
}
