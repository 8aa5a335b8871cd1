import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// The financing whitelist over the API (Policy S5), on whichever database the suite runs on: a
/// leader and its suppliers, the draft with reasons, an official's decisions, publishing, and
/// what a bank may read.
@Suite(.tags(.s5)) struct WhitelistFlowTests {
    static let leader = makeUSCC(division: "320214", serial: 971), core = makeUSCC(division: "320214", serial: 972)
    static let small = makeUSCC(division: "320282", serial: 973), indebted = makeUSCC(division: "320281", serial: 974)
    static let flagged = makeUSCC(division: "320281", serial: 975), added = makeUSCC(division: "320281", serial: 976)

    func firm(_ server: TestServer, _ uscc: String, _ name: String, _ district: String, assets: Int64, liabilities: Int64) async throws {
        let r = try await server.send(
            .POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"\#(name)","district":"\#(district)","segments":["ic-fab-u1"]}"#)
        #expect(r.status == 201, "\(r.text)")
        let f = try await server.send(
            .PUT, "/enterprises/\(uscc)/figures/2025", json: #"{"totalAssets":\#(assets),"totalLiabilities":\#(liabilities)}"#)
        #expect(f.status == 200, "\(f.text)")
    }

    func buy(_ server: TestServer, from supplier: String?, name: String? = nil, _ amount: Int64) async throws {
        let who = supplier.map { #""supplierUscc":"\#($0)""# } ?? #""supplierName":"\#(name ?? "")","supplierCity":"上海""#
        let r = try await server.send(
            .POST, "/supply-links",
            json: #"{"buyer":"\#(Self.leader)",\#(who),"segment":"ic-fab-u1","year":2025,"amount":\#(amount),"category":"material"}"#)
        #expect(r.status == 201, "\(r.text)")
    }

    @Test func aDraftIsDerivedDecidedAndPublishedToBanks() async throws {
        try await TestServer.with { server in
            // setup: the leader buys 100,000,000: core 8%, small 2%, indebted 6% (debt 90%), flagged 6% (失信), outside 78%
            try await firm(server, Self.leader, "无锡链主晶圆有限公司", "320214", assets: 1_000, liabilities: 400)
            try await firm(server, Self.core, "无锡核心硅料有限公司", "320214", assets: 100, liabilities: 50)
            try await firm(server, Self.small, "宜兴小配套有限公司", "320282", assets: 100, liabilities: 10)
            try await firm(server, Self.indebted, "江阴高负债有限公司", "320281", assets: 100, liabilities: 90)
            try await firm(server, Self.flagged, "江阴失信有限公司", "320281", assets: 100, liabilities: 10)
            try await firm(server, Self.added, "江阴补充有限公司", "320281", assets: 100, liabilities: 10)
            try await server.recognise(Self.leader)
            try await buy(server, from: Self.core, 8_000_000)
            try await buy(server, from: Self.small, 2_000_000)
            try await buy(server, from: Self.indebted, 6_000_000)
            try await buy(server, from: Self.flagged, 6_000_000)
            try await buy(server, from: nil, name: "上海硅料有限公司", 78_000_000)
            let v = try await server.send(
                .POST, "/enterprises/\(Self.flagged)/violations",
                json: #"{"kind":"失信被执行人","date":"2025-06-01","severity":"serious","status":"open","source":"信用中国"}"#)
            #expect(v.status == 201, "\(v.text)")
            let bank = try await server.bearer("wl_bank", [Grant(.bank, .bank("示例银行"))])
            // act
            let derived = try await server.send(.POST, "/whitelists", json: #"{"quarter":"2026Q4"}"#)
            let draftForBank = try await server.send(.GET, "/whitelists/2026Q4", token: .some(bank))
            let list = try await server.send(.GET, "/whitelists/2026Q4?per=50")
            let noReason = try await server.send(.PUT, "/whitelists/2026Q4/items/\(Self.added)", json: #"{"included":true,"reason":" "}"#)
            let add = try await server.send(
                .PUT, "/whitelists/2026Q4/items/\(Self.added)", json: #"{"included":true,"reason":"市工信局推荐的专精特新企业"}"#)
            let again = try await server.send(.POST, "/whitelists", json: #"{"quarter":"2026Q4"}"#)
            async let p1 = server.send(.POST, "/whitelists/2026Q4/publish")
            async let p2 = server.send(.POST, "/whitelists/2026Q4/publish")
            let publishes = [try await p1.status, try await p2.status].sorted()
            let afterPublish = try await server.send(
                .PUT, "/whitelists/2026Q4/items/\(Self.small)", json: #"{"included":true,"reason":"x"}"#)
            let rederive = try await server.send(.POST, "/whitelists", json: #"{"quarter":"2026Q4"}"#)
            let forBank = try await server.send(.GET, "/whitelists/2026Q4", token: .some(bank))
            let badQuarter = try await server.send(.POST, "/whitelists", json: #"{"quarter":"2026Q5"}"#)
            // check: the draft (2025's data), each candidate's basis and reason
            #expect(derived.status == 201, "\(derived.text)")
            #expect(try derived.json()["dataYear"] as? Int == 2025)
            #expect(draftForBank.status == 404)
            let items = try #require(try list.json()["items"] as? [[String: Any]], "\(list.text)")
            let by = Dictionary(uniqueKeysWithValues: items.compactMap { i in (i["enterprise"] as? String).map { ($0, i) } })
            #expect(items.count == 4 && by[Self.small] == nil)
            #expect(by[Self.leader]?["basis"] as? String == "leader" && by[Self.leader]?["included"] as? Bool == true)
            #expect(by[Self.core]?["basis"] as? String == "core-supplier" && by[Self.core]?["included"] as? Bool == true)
            #expect(by[Self.core]?["of"] as? [String] == [Self.leader] && by[Self.core]?["amount"] as? Int64 == 8_000_000)
            #expect((by[Self.indebted]?["excludedBecause"] as? [String: Any])?["rule"] as? String == "debt-ratio")
            #expect((by[Self.flagged]?["excludedBecause"] as? [String: Any])?["rule"] as? String == "dishonest")
            // check: decisions, re-deriving a draft keeps them, publishing once, then frozen; the bank reads it
            #expect(noReason.status == 422)
            #expect(add.status == 200)
            #expect(try add.json()["basis"] as? String == "added")
            #expect(again.status == 201)
            #expect(try again.json()["included"] as? Int == 3)
            #expect(publishes == [200, 409])
            #expect(afterPublish.status == 409 && rederive.status == 409)
            #expect(forBank.status == 200)
            #expect(try forBank.json()["status"] as? String == "published")
            #expect(badQuarter.status == 422)
            let flags = try await server.send(.GET, "/enterprises/\(Self.flagged)/dishonesty-flags")
            let flag = try #require((try JSONSerialization.jsonObject(with: flags.body) as? [[String: Any]])?.first, "\(flags.text)")
            #expect(flag["kind"] as? String == "失信被执行人" && flag["since"] as? String == "2025-06-01" && flag["cleared"] as? Bool == false)
            #expect(flag["source"] as? String == "信用中国")
            // the pages: the quarter's list for an official and a bank, the firm's history on its profile
            let official = try await server.browser("wl_official", [Grant(.official, .city)])
            let bankBrowser = try await server.browser("wl_bank_page", [Grant(.bank, .bank("示例银行"))])
            let page = try await server.page(.GET, "/whitelists/2026Q4", cookie: official.cookie)
            #expect(page.status == 200 && page.text.contains(#"id="item-\#(Self.flagged)""#) && page.text.contains("存在未撤销的失信记录"))
            #expect(!page.text.contains(#"id="publish-whitelist""#))
            let bankPage = try await server.page(.GET, "/whitelists", cookie: bankBrowser.cookie)
            #expect(bankPage.status == 200 && bankPage.text.contains(#"id="whitelist-2026Q4""#))
            let profile = try await server.page(.GET, "/enterprises/\(Self.core)", cookie: official.cookie)
            #expect(profile.text.contains(#"id="firm-whitelists""#) && profile.text.contains("核心供应商"))
        }
    }

    @Test func rulesAreConfigurablePerQuarterAndKeptWithTheDraft() async throws {
        try await TestServer.with { server in
            // setup: the same network
            try await firm(server, Self.leader, "无锡链主晶圆有限公司", "320214", assets: 1_000, liabilities: 400)
            try await firm(server, Self.small, "宜兴小配套有限公司", "320282", assets: 100, liabilities: 10)
            try await firm(server, Self.indebted, "江阴高负债有限公司", "320281", assets: 100, liabilities: 90)
            try await server.recognise(Self.leader)
            try await buy(server, from: Self.small, 2_000_000)
            try await buy(server, from: Self.indebted, 6_000_000)
            try await buy(server, from: nil, name: "上海硅料有限公司", 92_000_000)
            // act: 1% makes a core supplier, and the debt ratio is not checked
            let bad = try await server.send(
                .POST, "/whitelists",
                json: #"{"quarter":"2026Q3","rules":{"minShare":1.5,"minAmount":0,"excludeDishonest":true,"requireFigures":true}}"#)
            let loose = try await server.send(
                .POST, "/whitelists",
                json: #"{"quarter":"2026Q3","rules":{"minShare":0.01,"minAmount":10000000,"excludeDishonest":true,"requireFigures":true}}"#)
            let again = try await server.send(.POST, "/whitelists", json: #"{"quarter":"2026Q3"}"#)
            let items = try await server.send(.GET, "/whitelists/2026Q3?per=50")
            let defaults = try await server.send(.POST, "/whitelists", json: #"{"quarter":"2026Q4"}"#)
            let official = try await server.browser("wl_rules_official", [Grant(.official, .city)])
            let page = try await server.page(.GET, "/whitelists/2026Q3", cookie: official.cookie)
            // check
            #expect(bad.status == 422)
            #expect(try bad.json()["field"] as? String == "rules.minShare")
            #expect(loose.status == 201, "\(loose.text)")
            #expect(try loose.json()["included"] as? Int == 3)
            #expect(((try again.json()["rules"] as? [String: Any])?["minShare"] as? Double) == 0.01, "\(again.text)")
            #expect((try again.json()["rules"] as? [String: Any])?["maxDebtRatio"] == nil)
            let listed = try #require(try items.json()["items"] as? [[String: Any]])
            #expect(Set(listed.compactMap { $0["enterprise"] as? String }) == [Self.leader, Self.small, Self.indebted])
            #expect(((try defaults.json()["rules"] as? [String: Any])?["maxDebtRatio"] as? Double) == 0.7)
            #expect(try defaults.json()["included"] as? Int == 1)
            #expect(page.text.contains(#"id="whitelist-rules""#) && page.text.contains("不检查资产负债率"))
        }
    }
}
