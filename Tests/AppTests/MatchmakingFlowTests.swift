import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Supply–demand matchmaking end to end (Policy L1, L3, G5), on whichever database the suite
/// runs on: a leader's outside purchases become a suggested demand, the demand ranks local
/// suppliers with reasons, a match goes to a deal, and the deal moves the supporting rate by
/// exactly its amount.
@Suite(.tags(.l1, .l3, .g5)) struct MatchmakingFlowTests {
    static let wan: Int64 = 10_000
    // A leader (新吴, 晶圆制造) buying silicon; B a second leader; S1 already supplies A; S2 offers.
    static let a = makeUSCC(division: "320214", serial: 901), b = makeUSCC(division: "320281", serial: 902)
    static let s1 = makeUSCC(division: "320214", serial: 903), s2 = makeUSCC(division: "320282", serial: 904)

    func firm(_ server: TestServer, _ uscc: String, _ name: String, _ district: String, _ segment: String, leader: Bool = false)
        async throws
    {
        let r = try await server.send(
            .POST, "/enterprises",
            json:
                #"{"uscc":"\#(uscc)","name":"\#(name)","district":"\#(district)","segments":["\#(segment)"],"contact":{"person":"王经理","phone":"0510-88886666"}}"#
        )
        #expect(r.status == 201, "\(r.text)")
        if leader { try await server.recognise(uscc) }
    }

    func link(_ server: TestServer, _ buyer: String, supplier: String? = nil, name: String? = nil, _ segment: String, _ wan: Int64)
        async throws
    {
        var fields = [
            #""buyer":"\#(buyer)""#, #""segment":"\#(segment)""#, #""year":2025"#, #""amount":\#(wan * Self.wan)"#,
            #""category":"material""#,
        ]
        if let supplier { fields.append(#""supplierUscc":"\#(supplier)""#) }
        if let name { fields.append(#""supplierName":"\#(name)","supplierCity":"上海""#) }
        let r = try await server.send(.POST, "/supply-links", json: "{" + fields.joined(separator: ",") + "}")
        #expect([200, 201].contains(r.status), "\(r.text)")
    }

    func city(_ server: TestServer) async throws {
        try await firm(server, Self.a, "无锡晶圆制造有限公司", "320214", "ic-fab-m2", leader: true)
        try await firm(server, Self.b, "江阴封测股份有限公司", "320281", "ic-fab-d1", leader: true)
        try await firm(server, Self.s1, "无锡硅材料科技有限公司", "320214", "ic-fab-u1")
        try await firm(server, Self.s2, "宜兴硅片有限公司", "320282", "ic-fab-u1")
        try await link(server, Self.a, name: "上海硅料有限公司", "ic-fab-u1", 1000)
        try await link(server, Self.a, supplier: Self.s1, "ic-fab-u1", 200)
        try await link(server, Self.b, supplier: Self.s2, "ic-fab-u1", 80)
    }

    func amounts(_ server: TestServer, _ query: String) async throws -> (local: Int64, total: Int64) {
        let r = try await server.send(.GET, "/supporting-rates?year=2025&" + query)
        #expect(r.status == 200, "\(r.text)")
        let j = try r.json()
        return (j["localAmount"] as? Int64 ?? -1, j["totalAmount"] as? Int64 ?? -1)
    }

    @Test func aSuggestedDemandFindsALocalSupplierAndTheDealMovesTheRateByItsAmount() async throws {
        try await TestServer.with { server in
            // setup
            try await city(server)
            let buyer = try await server.bearer("buyer_a", [Grant(.enterprise, .enterprise(Self.a))])
            let supplier = try await server.bearer("supplier_s2", [Grant(.enterprise, .enterprise(Self.s2))])
            let offer = try await server.send(
                .POST, "/offers",
                json:
                    #"{"enterprise":"\#(Self.s2)","title":"12英寸硅片","description":"12英寸抛光硅片、外延片，月产能20万片","segments":["ic-fab-u1"],"certifications":["ISO9001","IATF16949"],"capacity":"月产20万片"}"#,
                token: .some(supplier))
            #expect(offer.status == 201, "\(offer.text)")
            let before = (buyer: try await amounts(server, "level=buyer&code=\(Self.a)"), city: try await amounts(server, "level=city"))

            // act: the suggestion, published as it is drafted
            let suggestions = try await server.send(.GET, "/demand-suggestions", token: .some(buyer))
            let list = try #require(try JSONSerialization.jsonObject(with: suggestions.body) as? [[String: Any]], "\(suggestions.text)")
            let silicon = try #require(list.first { $0["segment"] as? String == "ic-fab-u1" })
            let published = try await server.send(
                .POST, "/demands",
                json:
                    #"{"buyer":"\#(Self.a)","title":"\#(silicon["title"] as? String ?? "")","description":"12英寸抛光硅片，需IATF16949","segment":"ic-fab-u1","certifications":["IATF16949"]}"#,
                token: .some(buyer))
            #expect(published.status == 201, "\(published.text)")
            let demand = try #require(try published.json()["id"] as? Int)
            let ranked = try await server.send(.GET, "/demands/\(demand)/candidates", token: .some(buyer))
            let officialView = try await server.send(.GET, "/demands/\(demand)/candidates")

            // check: the suggestion carries A's outside amount; S2 ranks first with its reasons,
            // S1 is marked as supplying A already; the buyer reads no other buyer's amount
            #expect(silicon["outsideAmount"] as? Int64 == 1000 * Self.wan)
            #expect(silicon["totalAmount"] as? Int64 == 1200 * Self.wan)
            #expect(silicon["localFirms"] as? Int == 2, "S1 and S2 make silicon; A does not")
            let items = try #require(try ranked.json()["items"] as? [[String: Any]], "\(ranked.text)")
            #expect(items.first?["enterprise"] as? String == Self.s2, "\(ranked.text)")
            let reasons = items.first?["reasons"] as? [String] ?? []
            #expect(reasons.contains("具备所需全部资质（IATF16949）"), "\(reasons)")
            #expect(reasons.contains("已为其他链主企业供货"), "\(reasons)")
            #expect(!ranked.text.contains("万元") && !ranked.text.contains("江阴封测"))
            #expect(items.first { $0["enterprise"] as? String == Self.s1 }?["alreadySupplies"] as? Bool == true)
            #expect(officialView.text.contains("已为1家链主企业供货（合计80万元）"), "\(officialView.text)")

            // act: the match, to a deal
            let opened = try await server.send(
                .POST, "/matches", json: #"{"demand":\#(demand),"supplier":"\#(Self.s2)"}"#, token: .some(buyer))
            #expect(opened.status == 201, "\(opened.text)")
            let match = try #require(try opened.json()["id"] as? Int)
            let twice = try await server.send(
                .POST, "/matches", json: #"{"demand":\#(demand),"supplier":"\#(Self.s2)"}"#, token: .some(buyer))
            let hidden = try await server.send(.GET, "/matches?demand=\(demand)", token: .some(supplier))
            let bySupplier = try await server.send(.POST, "/matches/\(match)/moves", json: #"{"to":"contacted"}"#, token: .some(supplier))
            let contacted = try await server.send(.POST, "/matches/\(match)/moves", json: #"{"to":"contacted"}"#, token: .some(buyer))
            let shown = try await server.send(.GET, "/matches?demand=\(demand)", token: .some(supplier))
            async let first = server.send(.POST, "/matches/\(match)/moves", json: #"{"to":"sample"}"#, token: .some(buyer))
            async let second = server.send(.POST, "/matches/\(match)/moves", json: #"{"to":"sample"}"#, token: .some(buyer))
            let racing = [try await first.status, try await second.status].sorted()
            let noAmount = try await server.send(.POST, "/matches/\(match)/moves", json: #"{"to":"deal","year":2025}"#, token: .some(buyer))
            let deal = try await server.send(
                .POST, "/matches/\(match)/moves", json: #"{"to":"deal","amount":3000000,"year":2025,"category":"material"}"#,
                token: .some(buyer))
            let after = (buyer: try await amounts(server, "level=buyer&code=\(Self.a)"), city: try await amounts(server, "level=city"))
            let rated = try await server.send(.POST, "/matches/\(match)/rating", json: #"{"score":5}"#, token: .some(supplier))
            let again = try await server.send(.POST, "/matches/\(match)/rating", json: #"{"score":4}"#, token: .some(supplier))

            // check
            #expect(twice.status == 409)
            #expect(hidden.status == 200 && !hidden.text.contains("0510-88886666"), "\(hidden.text)")
            #expect(bySupplier.status == 403)
            #expect(contacted.status == 200, "\(contacted.text)")
            #expect(shown.text.contains("0510-88886666"), "\(shown.text)")
            #expect(racing == [200, 409])
            #expect(noAmount.status == 422)
            #expect(try noAmount.json()["field"] as? String == "amount")
            #expect(deal.status == 200, "\(deal.text)")
            #expect(try deal.json()["status"] as? String == "deal")
            #expect(after.buyer.local - before.buyer.local == 3_000_000 && after.buyer.total - before.buyer.total == 3_000_000)
            #expect(after.city.local - before.city.local == 3_000_000 && after.city.total - before.city.total == 3_000_000)
            #expect(rated.status == 200)
            #expect(try rated.json()["supplierRating"] as? Int == 5)
            #expect(again.status == 409)
            let links = try await server.sql.raw(
                "SELECT source, amount FROM supply_links WHERE buyer_uscc = \(bind: Self.a) AND supplier_uscc = \(bind: Self.s2)"
            ).all()
            #expect(links.count == 1)
            #expect(try links.first?.decode(column: "source", as: String.self) == "deal")
            let official = try await server.browser("mm_official", [Grant(.official, .city)])
            let hub = try await server.page(.GET, "/matchmaking?year=2025", cookie: official.cookie)
            let asked = try await server.page(.GET, "/matchmaking?suggestions=1", cookie: official.cookie)
            #expect(hub.text.contains(#"id="show-suggestions""#) && !hub.text.contains(#"id="suggestions-table""#))
            #expect(hub.text.contains(#"id="figures-city""#) && hub.text.contains("300.0"))
            #expect(asked.text.contains(#"id="suggestions-table""#))
            let figures = try await server.send(.GET, "/matchmaking/figures?year=2025").json()
            let total = figures["total"] as? [String: Any]
            #expect(total?["deals"] as? Int == 1 && total?["dealValue"] as? Int64 == 3_000_000 && total?["localShare"] as? Double == 1)
        }
    }

    @Test func aDemandInASegmentNoLocalFirmServesSaysSoOnItsPage() async throws {
        try await TestServer.with { server in
            // setup: A also buys photoresists, all outside, and no local firm is in that segment
            try await city(server)
            try await link(server, Self.a, name: "日本光刻胶株式会社", "ic-fab-u2", 300)
            let buyer = try await server.bearer("buyer_a", [Grant(.enterprise, .enterprise(Self.a))])
            let page = try await server.browser("buyer_a_web", [Grant(.enterprise, .enterprise(Self.a))])

            // act
            let suggestions = try await server.send(.GET, "/demand-suggestions", token: .some(buyer))
            let list = try #require(try JSONSerialization.jsonObject(with: suggestions.body) as? [[String: Any]], "\(suggestions.text)")
            let resists = try #require(list.first { $0["segment"] as? String == "ic-fab-u2" }, "\(suggestions.text)")
            let published = try await server.send(
                .POST, "/demands", json: #"{"buyer":"\#(Self.a)","title":"寻找本地光刻胶供应商","description":"光刻胶","segment":"ic-fab-u2"}"#,
                token: .some(buyer))
            let demand = try #require(try published.json()["id"] as? Int, "\(published.text)")
            let shown = try await server.page(.GET, "/demands/\(demand)", cookie: page.cookie)

            // check: no one to rank, and the page says why instead of showing nothing
            #expect(resists["localFirms"] as? Int == 0)
            #expect(shown.status == 200)
            #expect(shown.text.contains(#"id="candidates-empty""#) && !shown.text.contains(#"id="candidates-table""#), "\(shown.text)")
            #expect(shown.text.contains("暂无本地候选供应商"))
        }
    }

    @Test func aReportedPurchaseAndADealOfTheSameKeyStayApart() async throws {
        try await TestServer.with { server in
            // setup: A already reports buying from S2 in the segment
            try await city(server)
            try await link(server, Self.a, supplier: Self.s2, "ic-fab-u1", 50)
            let d = try await server.send(
                .POST, "/demands", json: #"{"buyer":"\#(Self.a)","title":"硅片","description":"硅片","segment":"ic-fab-u1","visibility":"all"}"#
            )
            let demand = try #require(try d.json()["id"] as? Int, "\(d.text)")
            let m = try #require(
                try await server.send(.POST, "/matches", json: #"{"demand":\#(demand),"supplier":"\#(Self.s2)"}"#).json()["id"] as? Int)
            // act
            _ = try await server.send(.POST, "/matches/\(m)/moves", json: #"{"to":"contacted"}"#)
            let deal = try await server.send(
                .POST, "/matches/\(m)/moves", json: #"{"to":"deal","amount":70000,"year":2025,"category":"material"}"#)
            // the buyer reports its year again: the reported row changes, the deal stays
            try await link(server, Self.a, supplier: Self.s2, "ic-fab-u1", 60)
            // check
            #expect(deal.status == 200, "\(deal.text)")
            let rows = try await server.sql.raw(
                """
                SELECT source, amount FROM supply_links WHERE buyer_uscc = \(bind: Self.a) AND supplier_uscc = \(bind: Self.s2) ORDER BY source
                """
            ).all()
            #expect(try rows.map { try $0.decode(column: "source", as: String.self) } == ["deal", "reported"])
            #expect(try rows.map { try $0.decode(column: "amount", as: Int64.self) } == [70000, 600000])
            let listed = try await server.send(.GET, "/supply-links?buyer=\(Self.a)")
            #expect(listed.text.contains(#""source" : "deal""#), "\(listed.text.prefix(300))")
        }
    }

    @Test func badInputNamesTheFieldAndChangesNothing() async throws {
        try await TestServer.with { server in
            try await city(server)
            let other = try await server.bearer("other_firm", [Grant(.enterprise, .enterprise(Self.s1))])
            let cases: [(String, String, String)] = [
                ("/demands", #"{"buyer":"\#(Self.a)","title":" ","description":"x","segment":"ic-fab-u1"}"#, "title"),
                ("/demands", #"{"buyer":"\#(Self.a)","title":"x","description":"x","segment":"no-such"}"#, "segment"),
                (
                    "/demands", #"{"buyer":"\#(Self.a)","title":"x","description":"x","segment":"ic-fab-u1","needBy":"2026-02-30"}"#,
                    "needBy"
                ),
                ("/offers", #"{"enterprise":"\#(Self.s2)","title":"x","description":"x","segments":[]}"#, "segments"),
                ("/offers", #"{"enterprise":"\#(Self.s2)","title":"x","description":"x","segments":["no-such"]}"#, "segments"),
            ]
            for (path, body, field) in cases {
                let r = try await server.send(.POST, path, json: body)
                #expect(r.status == 422, "\(path) \(body): \(r.text)")
                #expect(try r.json()["field"] as? String == field, "\(path) \(body): \(r.text)")
            }
            let foreign = try await server.send(
                .POST, "/demands", json: #"{"buyer":"\#(Self.a)","title":"x","description":"x","segment":"ic-fab-u1"}"#, token: .some(other)
            )
            #expect(foreign.status == 403)
            let stored = try await server.sql.raw("SELECT (SELECT COUNT(*) FROM demands) + (SELECT COUNT(*) FROM offers) AS n").all()
            #expect(try stored.first?.decode(column: "n", as: Int.self) == 0)
        }
    }
}
