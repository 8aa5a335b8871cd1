import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// The home page's counts equal the totals of the lists they open (issue 20), with deregistered
/// and moved-out firms in the registry: every figure and its list count active firms alike.
@Suite struct HomeCountsTests {
    @Test func everyCountOnTheHomePageEqualsTheListItOpens() async throws {
        try await TestServer.with { server in
            // setup: the demo city with some firms no longer active
            try await DemoLoader(db: server.app.db).load(enterprises: 300, seed: 3)
            try await server.sql.raw(
                "UPDATE enterprises SET status = 'deregistered' WHERE uscc IN (SELECT uscc FROM enterprises ORDER BY uscc LIMIT 7)"
            ).run()
            try await server.sql.raw(
                "UPDATE enterprises SET status = 'movedOut' WHERE uscc IN (SELECT uscc FROM enterprises WHERE tier = 'backbone' ORDER BY uscc LIMIT 2)"
            ).run()
            let web = try await server.browser("hc_official", [Grant(.official, .city)])
            // act
            let home = try await server.page(.GET, "/", cookie: web.cookie)
            // check: each linked count against the total its list page shows
            let html = home.text
            var pairs: [(href: String, count: Int)] = []
            for card in ["enterprises", "leaders"] {
                let href = try #require(Self.match(html, #"href="([^"]+)" id="card-\#(card)"><b id="count-\#(card)">([0-9]+)</b>"#))
                pairs.append((href[0], Int(href[1]) ?? -1))
            }
            for row in Self.matches(
                html, #"<tr><td><a href="(/enterprises\?tier=[a-z]+&amp;status=active)">[^<]+</a></td><td class="num">([0-9]+)</td></tr>"#)
            {
                pairs.append((row[0], Int(row[1]) ?? -1))
            }
            #expect(pairs.count == 2 + Tier.allCases.count, "\(pairs)")
            for (href, count) in pairs {
                let list = try await server.page(.GET, href.replacingOccurrences(of: "&amp;", with: "&"), cookie: web.cookie)
                let total = try #require(Self.match(list.text, #"<span id="result-count"><b>([0-9]+)</b>"#), "\(href)")
                #expect(Int(total[0]) == count, "\(href): home \(count), list \(total[0])")
            }
            let active = try await server.sql.raw("SELECT COUNT(*) AS n FROM enterprises WHERE status = 'active'").first(
                decodingColumn: "n", as: Int.self)
            #expect(pairs[0].count == active && (active ?? 0) < 300)
            #expect(html.contains("在营企业") && !html.contains("在库企业"), "the count's word does not clash with the tier 未入库")
        }
    }

    static func matches(_ text: String, _ pattern: String) -> [[String]] {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
        }
    }

    static func match(_ text: String, _ pattern: String) -> [String]? { matches(text, pattern).first }
}
