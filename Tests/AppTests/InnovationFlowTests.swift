import ChainLeadCore
import Foundation
import SQLKit
import Testing

@testable import App

/// Honours and rewards without application end to end (Policy S3, S4, G3), on both databases.
@Suite(.tags(.g3, .s4)) struct InnovationFlowTests {
    static let a = makeUSCC(division: "320214", serial: 4301)
    static let b = makeUSCC(division: "320214", serial: 4302)

    func firms(_ server: TestServer) async throws {
        for (u, name) in [(Self.a, "冠军甲股份有限公司"), (Self.b, "冠军乙有限公司")] {
            let made = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(u)","name":"\#(name)","district":"320214","segments":["ic-fab-u1"]}"#)
            #expect(made.status == 201, "\(made.text)")
        }
    }

    func honour(_ server: TestServer, _ firm: String, _ kind: String, _ year: Int, product: String? = nil) async throws -> TestServer.Reply
    {
        let p = product.map { #","product":"\#($0)""# } ?? ""
        return try await server.send(.POST, "/honours", json: #"{"enterprise":"\#(firm)","kind":"\#(kind)","year":\#(year)\#(p)}"#)
    }

    func rewards(_ server: TestServer, token: String? = nil) async throws -> [[String: Any]] {
        let reply = try await server.send(.GET, "/rewards", token: token.map { .some($0) } ?? .none)
        return try #require(try JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]], "\(reply.text)")
    }

    @Test func aFirstTimeChampionIsRewardedOnceWithoutApplyingAndCountsInG3() async throws {
        try await TestServer.with { server in
            // setup: the rule (data, not code) and two firms
            let rule = try await server.send(.PUT, "/rewards/rules/single-champion", json: #"{"amount":1000000,"fromYear":2020}"#)
            #expect(rule.status == 200, "\(rule.text)")
            try await firms(server)

            // act: firm A on the 2025 list, firm B on the 2025 list, firm A again on the 2026 list
            let first = try await honour(server, Self.a, "single-champion", 2025)
            #expect(first.status == 201, "\(first.text)")
            #expect(try first.json()["firstTime"] as? Bool == true)
            #expect(try await honour(server, Self.a, "single-champion", 2025).status == 409)
            let again = try await honour(server, Self.a, "single-champion", 2026)
            #expect(try again.json()["firstTime"] as? Bool == false)
            let bHonour = try await honour(server, Self.b, "single-champion", 2025)
            let bID = try #require(try bHonour.json()["id"] as? Int)

            // check: two rewards, pending, with the rule's amount; G3 of 2025 counts both firms, 2026 none
            var list = try await rewards(server)
            #expect(list.count == 2)
            #expect(list.allSatisfy { $0["status"] as? String == "pending" && $0["amount"] as? Int == 1_000_000 })
            let targets = try await server.send(.GET, "/targets?year=2025").json()
            let g3 = try #require((targets["targets"] as? [[String: Any]])?.first { $0["code"] as? String == "G3" })
            #expect(g3["value"] as? Double == 2 && (g3["items"] as? [[String: Any]])?.count == 2)
            let g3Next = try #require(
                (try await server.send(.GET, "/targets?year=2026").json()["targets"] as? [[String: Any]])?.first {
                    $0["code"] as? String == "G3"
                })
            #expect(g3Next["value"] as? Double == 0)

            // the reward's way: confirmed → noticed → paid (date and voucher required), never back
            let rewardA = try #require(list.first { $0["enterprise"] as? String == Self.a }?["id"] as? Int)
            #expect(try await server.send(.POST, "/rewards/\(rewardA)/moves", json: #"{"to":"paid"}"#).status == 409)
            #expect(try await server.send(.POST, "/rewards/\(rewardA)/moves", json: #"{"to":"confirmed"}"#).status == 200)
            #expect(try await server.send(.POST, "/rewards/\(rewardA)/moves", json: #"{"to":"noticed"}"#).status == 200)
            let noVoucher = try await server.send(.POST, "/rewards/\(rewardA)/moves", json: #"{"to":"paid","paidOn":"2026-12-01"}"#)
            #expect(noVoucher.status == 422)
            #expect(try noVoucher.json()["field"] as? String == "voucher")
            let paid = try await server.send(
                .POST, "/rewards/\(rewardA)/moves", json: #"{"to":"paid","paidOn":"2026-12-01","voucher":"锡财拨〔2026〕88号"}"#)
            #expect(paid.status == 200, "\(paid.text)")
            #expect(try paid.json()["status"] as? String == "paid")

            // a deleted and re-recorded honour never brings a second reward
            #expect(try await server.send(.DELETE, "/honours/\(bID)?reason=%E5%BD%95%E5%85%A5%E9%94%99%E8%AF%AF").status == 204)
            list = try await rewards(server)
            #expect(list.first { $0["enterprise"] as? String == Self.b }?["status"] as? String == "withdrawn")
            #expect(try await honour(server, Self.b, "single-champion", 2025).status == 201)
            list = try await rewards(server)
            #expect(list.filter { $0["enterprise"] as? String == Self.b }.count == 1)
            #expect(list.first { $0["enterprise"] as? String == Self.b }?["status"] as? String == "pending")
            let aHonours = try await server.send(.GET, "/honours?enterprise=\(Self.a)&year=2025").json()
            let aID = try #require((aHonours["items"] as? [[String: Any]])?.first?["id"] as? Int)
            #expect(try await server.send(.DELETE, "/honours/\(aID)?reason=x").status == 204)
            #expect(try await honour(server, Self.a, "single-champion", 2025).status == 201)
            list = try await rewards(server)
            #expect(list.filter { $0["enterprise"] as? String == Self.a }.map { $0["status"] as? String } == ["paid"])

            // the firm sees its own rewards, not another's
            let firmUser = try await server.bearer("hon_firm", [Grant(.enterprise, .enterprise(Self.a))])
            let own = try await rewards(server, token: firmUser)
            #expect(own.count == 1 && own.first?["enterprise"] as? String == Self.a)
        }
    }

    @Test func productLevelChampionsAreFirstTimePerProductAndBadInputIsNamed() async throws {
        try await TestServer.with { server in
            // setup
            try await firms(server)
            // act + check: two products first-time, the same product later not
            #expect(try await honour(server, Self.a, "single-champion-product", 2024, product: "高端轴承").json()["firstTime"] as? Bool == true)
            #expect(try await honour(server, Self.a, "single-champion-product", 2024, product: "精密齿轮").json()["firstTime"] as? Bool == true)
            #expect(
                try await honour(server, Self.a, "single-champion-product", 2027, product: "高端 轴承").json()["firstTime"] as? Bool == false)
            let noProduct = try await honour(server, Self.a, "single-champion-product", 2025)
            #expect(noProduct.status == 422)
            #expect(try noProduct.json()["field"] as? String == "product")
            let unknown = try await honour(server, Self.a, "no-such-kind", 2025)
            #expect(unknown.status == 422)
            #expect(try unknown.json()["field"] as? String == "kind")
            let stranger = try await honour(server, makeUSCC(serial: 4399), "little-giant", 2025)
            #expect(stranger.status == 422)
            #expect(try stranger.json()["field"] as? String == "enterprise")
            // without a rule, no reward
            #expect(try await rewards(server).isEmpty)
            // a list year out of range is named; the import path is not taken for a honour's id
            #expect(try await server.send(.GET, "/honours?year=2101").status == 422)
            #expect(try await server.send(.GET, "/rewards?year=1900").status == 422)
            let options = try await server.send(.OPTIONS, "/honour-imports")
            #expect(options.status == 405 && options.headers.first(name: "Allow") == "POST", "\(options.headers)")
            // a district officer reads the list but cannot record
            let district = try await server.bearer("hon_district", [Grant(.district, .district("320214"))])
            #expect(try await server.send(.GET, "/honours?year=2024", token: .some(district)).status == 200)
            #expect(
                try await server.send(
                    .POST, "/honours", json: #"{"enterprise":"\#(Self.a)","kind":"little-giant","year":2025}"#, token: .some(district)
                ).status == 403)
        }
    }

    @Test(.tags(.g4)) func cityConsortiaApprovedInAYearAreG4() async throws {
        try await TestServer.with { server in
            // setup
            try await firms(server)
            func consortium(_ name: String, level: String, on: String, members: String = "[]") async throws -> TestServer.Reply {
                try await server.send(
                    .POST, "/consortia",
                    json: #"""
                        {"name":"\#(name)","lead":"\#(Self.a)","type":"task","level":"\#(level)","approvedOn":"\#(on)",
                         "chains":["ic-fab"],"members":\#(members)}
                        """#)
            }
            // act
            let made = try await consortium(
                "集成电路创新联合体", level: "city", on: "2025-06-01",
                members: #"[{"enterprise":"\#(Self.b)","role":"成员"},{"institution":"江南大学","role":"技术支撑"}]"#)
            #expect(made.status == 201, "\(made.text)")
            #expect(try await consortium("省级联合体", level: "provincial", on: "2025-07-01").status == 201)
            #expect(try await consortium("次年联合体", level: "city", on: "2026-02-01").status == 201)
            let bothKinds = try await consortium("坏成员", level: "city", on: "2025-06-01", members: #"[{"role":"成员"}]"#)
            // check: members with names; G4 of 2025 counts the city-level one only
            #expect(bothKinds.status == 422)
            let members = try #require(try made.json()["members"] as? [[String: Any]])
            #expect(members.contains { $0["enterpriseName"] as? String == "冠军乙有限公司" })
            #expect(members.contains { $0["institution"] as? String == "江南大学" })
            let targets = try await server.send(.GET, "/targets?year=2025").json()
            let g4 = try #require((targets["targets"] as? [[String: Any]])?.first { $0["code"] as? String == "G4" })
            #expect(g4["value"] as? Double == 1)
            #expect(((g4["items"] as? [[String: Any]])?.first?["name"] as? String)?.hasPrefix("集成电路创新联合体") == true)
            // a member firm finds it too
            let ofB = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/consortia?enterprise=\(Self.b)").body) as? [Any])
            #expect(ofB.count == 1)
            // the firm's profile lists it
            let official = try await server.browser("hon_official", [Grant(.official, .city)])
            let profile = try await server.page(.GET, "/enterprises/\(Self.b)", cookie: official.cookie)
            #expect(profile.text.contains(#"id="firm-consortia""#) && profile.text.contains("集成电路创新联合体"))
        }
    }

    @Test(.tags(.s3)) func anOfficialListImportsAllOrNothingWithNamesResolved() async throws {
        try await TestServer.with { server in
            // setup: the two firms and a reward rule for little giants
            try await firms(server)
            #expect(try await server.send(.PUT, "/rewards/rules/little-giant", json: #"{"amount":500000,"fromYear":2020}"#).status == 200)
            func upload(_ csv: String) async throws -> TestServer.Reply {
                try await server.send(.POST, "/honour-imports", body: Data(csv.utf8), headers: [("Content-Type", "text/csv")])
            }
            // act: a list with a title row; a likely name, an unknown kind and a duplicate row
            let bad = try await upload(
                """
                2025年度国家级专精特新“小巨人”企业名单（节选）
                企业名称,荣誉类型,年度
                冠军甲股份有限公司,little-giant,2025
                无锡冠军乙公司,little-giant,2025
                冠军甲股份有限公司,金奖,2025
                冠军甲股份有限公司,little-giant,2025
                """)
            // check: every bad row named with its column; nothing written
            #expect(bad.status == 422, "\(bad.text)")
            let rows = try #require(try bad.json()["rows"] as? [[String: Any]])
            let reasons = rows.map { "\($0["row"] ?? "")\($0["column"] ?? ""):\($0["reason"] ?? "")" }
            #expect(reasons.contains { $0.hasPrefix("4A:") && $0.contains("冠军乙有限公司") && $0.contains(Self.b) }, "\(reasons)")
            #expect(reasons.contains { $0.hasPrefix("5B:") }, "\(reasons)")
            #expect(reasons.contains { $0.hasPrefix("6B:") && $0.contains("重复") }, "\(reasons)")
            #expect(try await server.send(.GET, "/honours?kind=little-giant").json()["items"] as? [Any] != nil)
            #expect((try await server.send(.GET, "/honours?kind=little-giant").json()["items"] as? [Any])?.isEmpty == true)

            // act: the fixed list (the second firm by USCC), in year order reversed
            let good = try await upload(
                """
                统一社会信用代码,企业名称,荣誉类型,年度
                ,冠军甲股份有限公司,国家级专精特新“小巨人”企业,2026
                \(Self.b),,little-giant,2025
                ,冠军甲股份有限公司,little-giant,2024
                """)
            // check: three recorded; firm A first-time in 2024 (not 2026), firm B in 2025; two rewards
            #expect(good.status == 200, "\(good.text)")
            #expect(try good.json()["recorded"] as? Int == 3)
            #expect(try good.json()["firstTime"] as? Int == 2)
            let rewards = try await rewards(server)
            #expect(rewards.count == 2 && rewards.allSatisfy { $0["amount"] as? Int == 500_000 })
        }
    }

    @Test func anImportedListIsRewardedConfirmedNoticedAndPaidAndRaisesG3() async throws {
        try await TestServer.with { server in
            // setup: the rule; firm B already a single champion of 2023 (not first-time again); G3 of 2025 before
            #expect(
                try await server.send(.PUT, "/rewards/rules/single-champion", json: #"{"amount":1000000,"fromYear":2020}"#).status == 200)
            try await firms(server)
            #expect(try await honour(server, Self.b, "single-champion", 2023).status == 201)
            func g3() async throws -> Double? {
                let targets = try await server.send(.GET, "/targets?year=2025").json()["targets"] as? [[String: Any]]
                return targets?.first { $0["code"] as? String == "G3" }?["value"] as? Double
            }
            let before = try await g3()
            // act: the 2025 list imported: A (first time) and B (again); then confirmed, noticed, paid
            let imported = try await server.send(
                .POST, "/honour-imports",
                body: Data("企业名称,荣誉类型,年度\n冠军甲股份有限公司,国家级制造业单项冠军企业,2025\n冠军乙有限公司,single-champion,2025\n".utf8),
                headers: [("Content-Type", "text/csv")])
            let pending = try await rewards(server).filter { $0["status"] as? String == "pending" && $0["year"] as? Int == 2025 }
            let id = try #require(pending.first?["id"] as? Int)
            let confirmed = try await server.send(.POST, "/rewards/\(id)/moves", json: #"{"to":"confirmed"}"#)
            let notice = try await server.send(.POST, "/reward-notices", json: #"{"from":"2026-11-02","workingDays":5,"rewards":[\#(id)]}"#)
            let paid = try await server.send(
                .POST, "/rewards/\(id)/moves", json: #"{"to":"paid","paidOn":"2026-11-20","voucher":"锡财拨2026-7"}"#)
            // check: one first-time grant, one reward, paid after its notice ended (2026-11-06); G3 up by one
            #expect(imported.status == 200, "\(imported.text)")
            #expect(try imported.json()["firstTime"] as? Int == 1)
            #expect(pending.count == 1 && pending.first?["enterprise"] as? String == Self.a)
            #expect(confirmed.status == 200)
            #expect(notice.status == 201, "\(notice.text)")
            #expect(try notice.json()["noticeUntil"] as? String == "2026-11-06")
            #expect(paid.status == 200, "\(paid.text)")
            #expect(try paid.json()["status"] as? String == "paid")
            #expect(try await g3() == (before ?? 0) + 1)
        }
    }
}
