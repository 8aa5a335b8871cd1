import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Supply links, the supporting rate, the chain map, risks, leads and the resolution queue on
/// a small hand-built city whose answers are worked out below (amounts in 万元 × 10,000 yuan).
@Suite(.tags(.g5, .l2, .l3)) struct SupplyTests {
    static let wan: Int64 = 10_000
    // leaders A (新吴, 晶圆制造) and B (江阴, 消费电子); suppliers S1 (新吴), S2 (宜兴), S3 (江阴);
    // C a backbone firm that buys too; D a second wafer firm that buys nothing.
    static let a = makeUSCC(division: "320214", serial: 801), b = makeUSCC(division: "320281", serial: 802)
    static let s1 = makeUSCC(division: "320214", serial: 803), s2 = makeUSCC(division: "320282", serial: 804)
    static let s3 = makeUSCC(division: "320281", serial: 805), c = makeUSCC(division: "320214", serial: 806)
    static let d = makeUSCC(division: "320214", serial: 807)

    func firm(_ server: TestServer, _ uscc: String, _ name: String, _ district: String, _ tier: String, _ segment: String) async throws {
        let r = try await server.send(
            .POST, "/enterprises",
            json:
                #"{"uscc":"\#(uscc)","name":"\#(name)","district":"\#(district)","tier":"\#(tier == "leader" ? "none" : tier)","segments":["\#(segment)"]}"#
        )
        #expect(r.status == 201, "\(r.text)")
        if tier == "leader" { try await server.recognise(uscc) }
    }

    @discardableResult
    func link(
        _ server: TestServer, _ buyer: String, uscc: String? = nil, name: String? = nil, city: String? = nil,
        _ segment: String, _ amountWan: Int64, _ category: String = "material", year: Int = 2025
    ) async throws -> TestServer.Reply {
        var fields = [
            #""buyer":"\#(buyer)""#, #""segment":"\#(segment)""#, #""year":\#(year)"#, #""amount":\#(amountWan * Self.wan)"#,
            #""category":"\#(category)""#,
        ]
        if let uscc { fields.append(#""supplierUscc":"\#(uscc)""#) }
        if let name { fields.append(#""supplierName":"\#(name)""#) }
        if let city { fields.append(#""supplierCity":"\#(city)""#) }
        return try await server.send(.POST, "/supply-links", json: "{" + fields.joined(separator: ",") + "}")
    }

    func city(_ server: TestServer) async throws {
        try await firm(server, Self.a, "无锡晶圆制造有限公司", "320214", "leader", "ic-fab-m2")
        try await firm(server, Self.b, "江阴终端电子股份有限公司", "320281", "leader", "ic-fab-d1")
        try await firm(server, Self.s1, "无锡硅材料科技有限公司", "320214", "backbone", "ic-fab-u1")
        try await firm(server, Self.s2, "宜兴硅片有限公司", "320282", "emerging", "ic-fab-u1")
        try await firm(server, Self.s3, "江阴精工设备有限公司", "320281", "none", "ic-fab-u4")
        try await firm(server, Self.c, "无锡芯片设计有限公司", "320214", "backbone", "ic-fab-m1")
        try await firm(server, Self.d, "无锡第二晶圆有限公司", "320214", "candidate", "ic-fab-m2")
        try await link(server, Self.a, uscc: Self.s1, "ic-fab-u1", 600)
        try await link(server, Self.a, uscc: Self.s2, "ic-fab-u1", 200)
        try await link(server, Self.a, name: "上海硅材料有限公司", city: "上海", "ic-fab-u1", 200)
        try await link(server, Self.a, name: "北京设备股份有限公司", city: "北京", "ic-fab-u4", 1000, "equipment")
        try await link(server, Self.a, uscc: Self.s3, "ic-fab-u4", 250, "equipment")
        try await link(server, Self.a, name: "某供电有限公司", city: "无锡", "ic-fab-u3", 5000, "energy")
        try await link(server, Self.b, uscc: Self.s1, "ic-fab-u1", 300)
        try await link(server, Self.b, name: "北京设备股份有限公司", city: "北京", "ic-fab-u4", 500, "equipment")
        try await link(server, Self.c, name: "北京设备股份有限公司", city: "北京", "ic-fab-u4", 10000, "equipment")
    }

    func rates(_ server: TestServer, _ query: String) async throws -> [String: Any] {
        let r = try await server.send(.GET, "/supporting-rates?year=2025&" + query)
        #expect(r.status == 200, "\(r.text)")
        return try r.json()
    }

    @Test func supportingRatesAtEveryLevelWithScopeOptions() async throws {
        try await TestServer.with { server in
            try await city(server)
            // city (the G5 figure): leaders A and B, energy left out.
            // total 600+200+200+1000+250+300+500 = 3050; local (S1, S2, S3) 600+200+250+300 = 1350
            // suppliers S1 S2 S3 上海 北京 = 5, of which 3 local
            let cityRate = try await rates(server, "level=city")
            #expect(cityRate["totalAmount"] as? Int64 == 3050 * Self.wan)
            #expect(cityRate["localAmount"] as? Int64 == 1350 * Self.wan)
            #expect(abs((cityRate["amountRate"] as? Double ?? 0) - 1350.0 / 3050.0) < 1e-9)
            #expect(abs((cityRate["countRate"] as? Double ?? 0) - 0.6) < 1e-9)
            #expect((cityRate["scope"] as? [String: Any])?["excludedCategories"] as? [String] == ["energy"])
            // chain and cluster: the same links here
            let chain = try await rates(server, "level=chain&code=ic-fab")
            #expect(chain["localAmount"] as? Int64 == 1350 * Self.wan)
            let cluster = try await rates(server, "level=cluster")
            #expect(((cluster["items"] as? [[String: Any]])?.first?["code"] as? String) == "ic")
            #expect(((cluster["items"] as? [[String: Any]])?.first?["totalAmount"] as? Int64) == 3050 * Self.wan)
            // buyer A: 600+200+200+1000+250 = 2250, local 1050; C (not a leader) counts at buyer level only
            let buyerA = try await rates(server, "level=buyer&code=\(Self.a)")
            #expect(buyerA["totalAmount"] as? Int64 == 2250 * Self.wan)
            #expect(buyerA["localAmount"] as? Int64 == 1050 * Self.wan)
            let buyerC = try await rates(server, "level=buyer&code=\(Self.c)")
            #expect(buyerC["amountRate"] as? Double == 0)
            // county-level cities not local: only S1 (600 + 300), 1 of 5 suppliers
            let narrow = try await rates(server, "level=city&localDistricts=320213,320205,320206,320211,320214")
            #expect(narrow["localAmount"] as? Int64 == 900 * Self.wan)
            #expect(abs((narrow["countRate"] as? Double ?? 0) - 0.2) < 1e-9)
            // nothing excluded: the energy link (an outside supplier) joins the total
            let all = try await rates(server, "level=city&excludeCategories=none")
            #expect(all["totalAmount"] as? Int64 == 8050 * Self.wan)
            #expect(all["suppliers"] as? Int == 6)
            // bad options are 422 naming the field
            #expect(
                try await server.send(.GET, "/supporting-rates?year=2025&localDistricts=999999").json()["field"] as? String
                    == "localDistricts")
            #expect(try await server.send(.GET, "/supporting-rates?year=2025&level=chain&code=no-such").status == 404)
        }
    }

    @Test func theChainMapClassifiesEverySegment() async throws {
        try await TestServer.with { server in
            try await city(server)
            let r = try await server.send(.GET, "/chains/ic-fab/map?year=2025")
            #expect(r.status == 200, "\(r.text)")
            let segments = try #require(try r.json()["segments"] as? [[String: Any]])
            let byCode = Dictionary(uniqueKeysWithValues: segments.map { ($0["code"] as! String, $0) })
            func status(_ code: String) -> String? { byCode[code]?["status"] as? String }
            // u1: two local firms, local share 1100/1300, but S1 900 and S2 200 of local supply:
            // HHI = (900/1100·100)² + (200/1100·100)² ≈ 7025 > 2500 → concentrated
            #expect(status("ic-fab-u1") == "concentrated")
            #expect(abs((byCode["ic-fab-u1"]?["hhi"] as? Double ?? 0) - (pow(900.0 / 11, 2) + pow(200.0 / 11, 2))) < 1e-6)
            #expect(abs((byCode["ic-fab-u1"]?["localShare"] as? Double ?? 0) - 1100.0 / 1300.0) < 1e-9)
            #expect(status("ic-fab-u2") == "missing")  // no local firm
            #expect(status("ic-fab-u3") == "missing")  // the energy purchase does not make a firm
            #expect(status("ic-fab-u4") == "weak")  // one local firm (S3), share 250/1750
            #expect(status("ic-fab-m2") == "strong")  // A and D, no purchases recorded
            #expect(status("ic-fab-m1") == "weak")  // C alone
            #expect(byCode["ic-fab-u1"]?["name"] as? String == "硅片")
            let flows = try #require(try r.json()["flows"] as? [[String: Any]])
            let u4ToM2 = flows.first { $0["from"] as? String == "ic-fab-u4" && $0["to"] as? String == "ic-fab-m2" }
            #expect(u4ToM2?["amount"] as? Int64 == 1250 * Self.wan)
            #expect(u4ToM2?["localAmount"] as? Int64 == 250 * Self.wan)
            let svg = try await server.send(.GET, "/chains/ic-fab/map.svg?year=2025")
            #expect(svg.status == 200)
            #expect(svg.headers.first(name: .contentType)?.hasPrefix("image/svg+xml") == true)
            #expect(svg.text.contains("光刻胶") && svg.text.contains(#"data-status="weak""#))
        }
    }

    @Test func singleSourceRisksAndLeads() async throws {
        try await TestServer.with { server in
            try await city(server)
            let risks = try #require(try await server.send(.GET, "/risks/single-source?year=2025").json(array: true))
            // A: u1 S1 600/1000 = 60%, u4 北京 1000/1250 = 80%; B: u1 S1 100%, u4 北京 100%
            #expect(risks.count == 4)
            let aU4 = risks.first { $0["buyer"] as? String == Self.a && $0["segment"] as? String == "ic-fab-u4" }
            #expect(aU4?["outside"] as? Bool == true)
            #expect(abs((aU4?["share"] as? Double ?? 0) - 0.8) < 1e-9)
            // leads: outside suppliers in missing/weak segments — 北京 in u4 (weak): 1000 + 500 from two leaders;
            // 上海 sells in u1 (concentrated, not a gap) and C is not a leader
            let leads = try await server.send(.GET, "/leads?year=2025").json()
            let items = try #require(leads["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["supplierName"] as? String == "北京设备股份有限公司")
            #expect(items.first?["amount"] as? Int64 == 1500 * Self.wan)
            #expect(items.first?["buyers"] as? Int == 2)
            #expect((items.first?["evidence"] as? String)?.isEmpty == false)
            // pipeline: start, move, a bad move refused, landed with the registered firm
            let key = try #require(items.first?["supplierKey"] as? String)
            let started = try await server.send(
                .POST, "/leads",
                json: #"{"supplierKey":"\#(key)","owner":"招商局张三","hostPark":"无锡高新区","coSponsorUscc":"\#(Self.a)","oneMatter":true}"#)
            #expect(started.status == 201, "\(started.text)")
            let id = try #require(try started.json()["id"] as? Int)
            #expect(try await server.send(.POST, "/leads", json: #"{"supplierKey":"\#(key)","owner":"张三"}"#).status == 409)
            #expect(
                try await server.send(.PATCH, "/leads/\(id)", json: #"{"stage":"dropped"}"#).json()["field"] as? String == "droppedReason")
            #expect(try await server.send(.PATCH, "/leads/\(id)", json: #"{"stage":"negotiating"}"#).status == 200)
            #expect(try await server.send(.PATCH, "/leads/\(id)", json: #"{"stage":"contacted"}"#).status == 422)
            // the landed firm registers; its supplies of the landing year on count as local, earlier ones stay outside
            let landedYear = Calendar(identifier: .gregorian).component(.year, from: Date())
            try await link(server, Self.a, name: "北京设备股份有限公司", city: "北京", "ic-fab-u4", 700, "equipment", year: landedYear)
            let e = makeUSCC(division: "320214", serial: 808)
            try await firm(server, e, "北京设备（无锡）有限公司", "320214", "none", "ic-fab-u4")
            let landed = try await server.send(.PATCH, "/leads/\(id)", json: #"{"stage":"landed","landedUscc":"\#(e)"}"#)
            #expect(landed.status == 200, "\(landed.text)")
            // its project is recorded once, as a project like any other (Policy S5: one entity)
            let projects = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/projects?kind=investment").body) as? [[String: Any]])
            #expect(projects.count == 1)
            #expect(projects.first?["lead"] as? Int == id && projects.first?["enterprise"] as? String == e)
            let now = try await server.send(.GET, "/supporting-rates?year=\(landedYear)&level=buyer&code=\(Self.a)").json()
            #expect(now["localAmount"] as? Int64 == 700 * Self.wan)
            #expect(try await rates(server, "level=city")["localAmount"] as? Int64 == 1350 * Self.wan)
            let export = try await server.send(.GET, "/exports/leads.xlsx?year=2025")
            #expect(export.status == 200)
            #expect(export.body.starts(with: [0x50, 0x4B]))
        }
    }

    @Test func suppliersResolveByNameWithAQueueForLikelyMatches() async throws {
        try await TestServer.with { server in
            try await city(server)
            // exact after normalising: (集团) and full-width brackets
            let exact = try await link(server, Self.b, name: "无锡硅材料科技（集团）有限公司", "ic-fab-u1", 10)
            #expect(try exact.json()["resolution"] as? String == "exact")
            #expect(try exact.json()["supplierUscc"] as? String == Self.s1)
            #expect(try exact.json()["local"] as? Bool == true)
            // a branch is not its parent
            let branch = try await link(server, Self.b, name: "无锡硅材料科技有限公司苏州分公司", city: "苏州", "ic-fab-u1", 10)
            #expect(try branch.json()["resolution"] as? String == "outside")
            // without the place name: likely → queued, still outside until confirmed
            let likely = try await link(server, Self.b, name: "精工设备有限公司", city: "江阴", "ic-fab-u4", 40, "equipment")
            #expect(try likely.json()["resolution"] as? String == "pending")
            #expect(try likely.json()["local"] as? Bool == false)
            let queue = try #require(try await server.send(.GET, "/supplier-matches?status=pending").json(array: true))
            #expect(queue.count == 1)
            #expect(queue.first?["candidateUscc"] as? String == Self.s3)
            let id = try #require(queue.first?["id"] as? Int)
            let before = try await rates(server, "level=buyer&code=\(Self.b)")["localAmount"] as? Int64
            let confirmed = try await server.send(.POST, "/supplier-matches/\(id)/decision", json: #"{"confirm":true}"#)
            #expect(confirmed.status == 200)
            #expect(try await server.send(.POST, "/supplier-matches/\(id)/decision", json: #"{"confirm":false}"#).status == 409)
            let after = try await rates(server, "level=buyer&code=\(Self.b)")["localAmount"] as? Int64
            #expect(after == (before ?? 0) + 40 * Self.wan)
            // remembered: the same name again links at once, and nobody is asked twice
            let again = try await link(server, Self.b, name: "精工设备有限公司", city: "江阴", "ic-fab-u4", 5, "service")
            #expect(try again.json()["resolution"] as? String == "confirmed")
            #expect(try await server.send(.GET, "/supplier-matches?status=pending").json(array: true)?.isEmpty == true)
            // the same purchase reported again replaces its amount (200)
            let replaced = try await link(server, Self.b, name: "精工设备有限公司", city: "江阴", "ic-fab-u4", 6, "service")
            #expect(replaced.status == 200)
            #expect(try replaced.json()["amount"] as? Int64 == 6 * Self.wan)
        }
    }

    @Test func badLinksAreRefusedWithTheField() async throws {
        try await TestServer.with { server in
            try await city(server)
            let cases: [(String, String)] = [
                (#"{"buyer":"\#(Self.a)","segment":"ic-fab-u1","year":2025,"amount":1,"category":"material"}"#, "supplierName"),
                (#"{"buyer":"\#(Self.a)","supplierName":"x","segment":"no-such","year":2025,"amount":1,"category":"material"}"#, "segment"),
                (
                    #"{"buyer":"\#(Self.a)","supplierUscc":"\#(makeUSCC(serial: 899))","segment":"ic-fab-u1","year":2025,"amount":1,"category":"material"}"#,
                    "supplierUscc"
                ),
                (
                    #"{"buyer":"\#(Self.a)","supplierUscc":"\#(Self.a)","segment":"ic-fab-u1","year":2025,"amount":1,"category":"material"}"#,
                    "supplierUscc"
                ),
                (
                    #"{"buyer":"\#(makeUSCC(serial: 898))","supplierName":"x","segment":"ic-fab-u1","year":2025,"amount":1,"category":"material"}"#,
                    "buyer"
                ),
            ]
            for (body, field) in cases {
                let r = try await server.send(.POST, "/supply-links", json: body)
                #expect(r.status == 422, "\(body)")
                #expect(try r.json()["field"] as? String == field, "\(r.text)")
            }
            // a firm's user reports its own purchases, not another's
            let own = try await UserStore(db: server.sql).upsert(
                username: "firm_a", password: "Firm-pass-123", grants: [Grant(.enterprise, .enterprise(Self.a))])
            let token = try await TokenStore(db: server.sql).issue(for: own).token
            let mine = try await server.send(
                .POST, "/supply-links",
                json:
                    #"{"buyer":"\#(Self.a)","supplierUscc":"\#(Self.s1)","segment":"ic-fab-u2","year":2025,"amount":5,"category":"material"}"#,
                token: .some(token))
            #expect(mine.status == 201)
            let theirs = try await server.send(
                .POST, "/supply-links",
                json:
                    #"{"buyer":"\#(Self.b)","supplierUscc":"\#(Self.s1)","segment":"ic-fab-u2","year":2025,"amount":5,"category":"material"}"#,
                token: .some(token))
            #expect(theirs.status == 403)
            #expect(try await server.send(.GET, "/supporting-rates?year=2025", token: .some(token)).status == 403)
        }
    }
}

extension SupplyTests {
    @Test func supplyLinksImportAllOrNothingWithRowErrors() async throws {
        try await TestServer.with { server in
            try await city(server)
            let before = try await rates(server, "level=buyer&code=\(Self.b)")["totalAmount"] as? Int64
            // a title row, Chinese headers, amounts in 万元; row 5 names an unknown segment, row 6 a bad year
            let bad = """
                2025年链主企业采购情况
                采购方统一社会信用代码,供应商统一社会信用代码,供应商名称,供应商所在城市,环节代码,年度,采购金额(万元),采购类别
                \(Self.b),\(Self.s2),,,ic-fab-u1,2025,120.5,原材料
                \(Self.b),,深圳光刻胶股份有限公司,深圳,ic-fab-u2,2025,300,原材料
                \(Self.b),,深圳光刻胶股份有限公司,深圳,no-such,2025,300,原材料
                \(Self.b),,合肥设备有限公司,合肥,ic-fab-u4,二〇二五,50,设备
                """
            let refused = try await server.send(
                .POST, "/imports/supply-links", body: Data(bad.utf8), headers: [("Content-Type", "text/csv")])
            #expect(refused.status == 422)
            let rows = try #require(try refused.json()["rows"] as? [[String: Any]])
            #expect(rows.map { $0["row"] as? Int } == [5, 6])
            #expect(rows.map { $0["column"] as? String } == ["E", "F"])
            #expect(try await rates(server, "level=buyer&code=\(Self.b)")["totalAmount"] as? Int64 == before)
            // skipping the bad rows writes the two good ones; the same file again changes nothing new
            let skipped = try await server.send(
                .POST, "/imports/supply-links?skip_invalid=true", body: Data(bad.utf8), headers: [("Content-Type", "text/csv")])
            #expect(skipped.status == 200, "\(skipped.text)")
            #expect(try skipped.json()["inserted"] as? Int == 2)
            #expect(try skipped.json()["skipped"] as? Int == 2)
            #expect(try await rates(server, "level=buyer&code=\(Self.b)")["totalAmount"] as? Int64 == (before ?? 0) + 4205 * Self.wan / 10)
            let again = try await server.send(
                .POST, "/imports/supply-links?skip_invalid=true", body: Data(bad.utf8), headers: [("Content-Type", "text/csv")])
            #expect(try again.json()["inserted"] as? Int == 0)
            #expect(try again.json()["updated"] as? Int == 2)
        }
    }
}

extension TestServer.Reply {
    func json(array: Bool) throws -> [[String: Any]]? {
        try JSONSerialization.jsonObject(with: body) as? [[String: Any]]
    }
}
