import ChainLeadCore
import Foundation
import SQLKit
import Testing

@testable import App

/// Projects, standards and consortia kept as records (Policy L1, L4, S4, S5), shown where officials
/// look (chain map panel, chain page, profile, cluster list) and read by selection's evidence
/// indicators; on both databases.
@Suite(.tags(.s4)) struct InnovationRecordsTests {
    static let a = InnovationFlowTests.a
    static let b = InnovationFlowTests.b

    @Test func aChainProjectShowsOnItsSegmentAndAStandardIsRecordedOnce() async throws {
        try await TestServer.with { server in
            // setup: two firms in ic-fab; a segment of another chain
            try await InnovationFlowTests().firms(server)
            let foreign = try #require(
                try await server.sql.raw("SELECT code FROM segments WHERE chain_code <> 'ic-fab' ORDER BY code").first(
                    decodingColumn: "code", as: String.self))

            // act
            let project = try await server.send(
                .POST, "/projects",
                json: #"""
                    {"kind":"chain","name":"十二英寸晶圆补链项目","investor":"外地投资集团","year":2026,"amount":1200000000,
                     "chain":"ic-fab","segment":"ic-fab-u1","action":"fill","stage":"signed","caseByCase":true}
                    """#)
            let wrongSegment = try await server.send(
                .POST, "/projects",
                json: #"{"kind":"chain","name":"错环节","year":2026,"chain":"ic-fab","segment":"\#(foreign)","action":"fill"}"#)
            let noFirm = try await server.send(.POST, "/projects", json: #"{"kind":"national-st","name":"重大专项","year":2025}"#)
            let overflow = try await server.send(
                .POST, "/projects", json: #"{"kind":"major","name":"巨额","year":2025,"amount":9223372036854775807}"#)
            let national = try await server.send(
                .POST, "/projects",
                json:
                    #"{"kind":"national-st","name":"高端芯片重大专项","enterprise":"\#(Self.a)","programme":"02专项","year":2025,"amount":50000000}"#)
            let standard =
                #"{"enterprise":"\#(Self.a)","number":"GB/T 45001-2025","name":"晶圆缺陷检测方法","level":"national","role":"lead","year":2025}"#
            let first = try await server.send(.POST, "/standards", json: standard)
            let again = try await server.send(.POST, "/standards", json: standard)

            // check: the API answers
            #expect(project.status == 201, "\(project.text)")
            #expect(try project.json()["segmentName"] as? String != nil)
            #expect(wrongSegment.status == 422 && wrongSegment.text.contains("segment"))
            #expect(noFirm.status == 422 && noFirm.text.contains("enterprise"))
            #expect(overflow.status == 422, "\(overflow.text)")
            #expect(national.status == 201, "\(national.text)")
            #expect(first.status == 201, "\(first.text)")
            #expect(again.status == 409, "\(again.text)")
            let inSegment = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/projects?segment=ic-fab-u1").body) as? [[String: Any]])
            #expect(inSegment.count == 1 && inSegment.first?["action"] as? String == "fill")
            // the chain map's panel, the chain page, the profile and the cluster list show them
            let official = try await server.browser("rec_official", [Grant(.official, .city)])
            let chainPage = try await server.page(.GET, "/chains/ic-fab?segment=ic-fab-u1", cookie: official.cookie)
            #expect(chainPage.status == 200)
            #expect(chainPage.text.contains(#"id="segment-projects""#))
            #expect(chainPage.text.contains("十二英寸晶圆补链项目") && chainPage.text.contains("补链"))
            #expect(chainPage.text.contains(#"id="chain-standards""#) && chainPage.text.contains("GB/T 45001-2025"))
            let profile = try await server.page(.GET, "/enterprises/\(Self.a)", cookie: official.cookie)
            #expect(profile.text.contains(#"id="firm-standards""#) && profile.text.contains("晶圆缺陷检测方法"))
            #expect(profile.text.contains(#"id="firm-projects""#) && profile.text.contains("高端芯片重大专项"))
            let cluster = try #require(
                try await server.sql.raw("SELECT cluster_code FROM chains WHERE code = 'ic-fab'").first(
                    decodingColumn: "cluster_code", as: String.self))
            let clusters = try await server.page(.GET, "/clusters", cookie: official.cookie)
            let cell = try #require(clusters.text.range(of: #"id="innovation-\#(cluster)">"#))
            let counts = String(clusters.text[cell.upperBound...].prefix(while: { $0 != "<" }))
            #expect(counts.contains("项目 2") && counts.contains("标准 1"), "\(counts)")
        }
    }

    @Test func pagesRecordProjectsStandardsAndConsortiaAndNameTheFieldAtFault() async throws {
        try await TestServer.with { server in
            // setup
            try await InnovationFlowTests().firms(server)
            let official = try await server.browser("rec_pages", [Grant(.official, .city)])
            // act
            let project = try await server.page(
                .POST, "/projects", cookie: official.cookie,
                form: formBody([
                    ("_csrf", official.csrf), ("kind", "chain"), ("name", "封测延链项目"), ("year", "2026"), ("amountWan", "8000"),
                    ("chain", "ic-fab"), ("segment", "ic-fab-u1"), ("action", "extend"), ("stage", "planned"), ("greenChannel", "1"),
                ]))
            let badAmount = try await server.page(
                .POST, "/projects", cookie: official.cookie,
                form: formBody([("_csrf", official.csrf), ("kind", "major"), ("name", "坏金额"), ("year", "2026"), ("amountWan", "1e300")]))
            let standard = try await server.page(
                .POST, "/standards", cookie: official.cookie,
                form: formBody([
                    ("_csrf", official.csrf), ("enterprise", Self.b), ("number", "T/WX 001-2026"), ("name", "团体标准"), ("level", "group"),
                    ("role", "participate"), ("year", "2026"),
                ]))
            let consortium = try await server.page(
                .POST, "/consortia", cookie: official.cookie,
                form: formBody([
                    ("_csrf", official.csrf), ("name", "页面联合体"), ("lead", Self.a), ("type", "ecosystem"), ("level", "city"),
                    ("approvedOn", "2026-03-01"), ("chain", "ic-fab"), ("members", "\(Self.b)，成员\n江南大学,技术支撑"),
                ]))
            let badMembers = try await server.page(
                .POST, "/consortia", cookie: official.cookie,
                form: formBody([
                    ("_csrf", official.csrf), ("name", "坏成员"), ("lead", Self.a), ("type", "task"), ("level", "city"),
                    ("approvedOn", "2026-03-01"), ("members", "只有名称"),
                ]))
            // check: post → redirect → get; the lists show the records; errors name the field and change nothing
            #expect(project.status == 303 && project.headers.first(name: .location) == "/projects?recorded=1", "\(project.status)")
            #expect(badAmount.status == 422 && badAmount.text.contains("万元"))
            #expect(standard.status == 303)
            #expect(consortium.status == 303, "\(consortium.text.prefix(400))")
            #expect(badMembers.status == 422 && badMembers.text.contains("成员第1行"))
            let projects = try await server.page(.GET, "/projects", cookie: official.cookie)
            #expect(projects.text.contains("封测延链项目") && projects.text.contains("8,000"))
            let stored = try await server.sql.raw("SELECT amount, green_channel FROM projects WHERE name = '封测延链项目'").first()
            #expect(try stored?.decode(column: "amount", as: Int64.self) == 80_000_000)
            #expect(try stored?.decode(column: "green_channel", as: Bool.self) == true)
            let consortia = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/consortia?enterprise=\(Self.b)").body)
                    as? [[String: Any]])
            #expect(consortia.count == 1)
            #expect((consortia.first?["members"] as? [[String: Any]])?.count == 2)
            let standards = try await server.page(.GET, "/standards", cookie: official.cookie)
            #expect(standards.text.contains("T/WX 001-2026") && standards.text.contains("参与"))
            // an enterprise user reads the lists but gets no form
            let firm = try await server.browser("rec_firm", [Grant(.enterprise, .enterprise(Self.a))])
            let asFirm = try await server.page(.GET, "/projects", cookie: firm.cookie)
            #expect(asFirm.status == 200 && !asFirm.text.contains(#"id="project-form""#))
        }
    }

    @Test func selectionCountsHonoursInForcePlatformsAndStandardsLedFromTheRecords() async throws {
        try await TestServer.with { server in
            // setup: firm A — a single champion of 2023 (in force through 2025), a little giant of
            // 2019 (lapsed 2021), a national technology centre of 2020 (no end), a deleted honour,
            // standards led in 2024 and 2026, one joined in 2024; firm B nothing
            try await InnovationFlowTests().firms(server)
            for (kind, year) in [
                ("single-champion", 2023), ("little-giant", 2019), ("tech-centre-national", 2020), ("brand-national", 2025),
            ] {
                #expect(try await InnovationFlowTests().honour(server, Self.a, kind, year).status == 201)
            }
            let brand = try #require(
                try await server.sql.raw("SELECT id FROM honours WHERE kind = 'brand-national'").first(decodingColumn: "id", as: Int64.self)
            )
            #expect(try await server.send(.DELETE, "/honours/\(brand)?reason=%E8%AF%AF%E5%BD%95").status == 204)
            for (number, role, year) in [
                ("GB/T 1-2024", "lead", 2024), ("GB/T 2-2026", "lead", 2026), ("GB/T 3-2024", "participate", 2024),
            ] {
                let made = try await server.send(
                    .POST, "/standards",
                    json:
                        #"{"enterprise":"\#(Self.a)","number":"\#(number)","name":"标准","level":"national","role":"\#(role)","year":\#(year)}"#
                )
                #expect(made.status == 201)
            }
            // act: what a 2026 campaign reads
            let records = try await Standards.evidence(db: server.sql, of: "(\(bind: Self.a), \(bind: Self.b))", year: 2026)
            let facts = try await ScoringFacts.load(
                db: server.sql, firms: [Self.a, Self.b], year: 2026, years: 2, scope: SupportingRateScope())
            let values = ScoringFacts.values(
                year: 2026, figures: [:], supply: nil,
                evidence: facts.records[Self.a]?.merged(declared: ["honours": 9, "patents": 4]) ?? [:])
            // check
            #expect(records[Self.a] == EvidenceRecords(honours: 1, platforms: 1, standards: 1))
            #expect(records[Self.b] == nil)
            #expect(values[.honours] == 1 && values[.platforms] == 1 && values[.standards] == 1)
            #expect(values[.patents] == 4)
        }
    }

    @Test(.tags(.s3)) func firmsCloseToTheLittleGiantThresholdsAreHintedUntilTheyHoldIt() async throws {
        try await TestServer.with { server in
            // setup: firm A grows 10% a year with R&D at 4%; firm B has the same revenue but no R&D
            try await InnovationFlowTests().firms(server)
            for (year, revenue) in [(2023, 100_000_000), (2024, 110_000_000), (2025, 121_000_000)] {
                for (firm, rd) in [(Self.a, revenue / 25), (Self.b, 0)] {
                    let put = try await server.send(
                        .PUT, "/enterprises/\(firm)/figures/\(year)",
                        json: #"{"revenue":\#(revenue),"rdExpense":\#(rd),"source":"statistics"}"#)
                    #expect(put.status == 200, "\(put.text)")
                }
            }
            // act
            func hints() async throws -> [[String: Any]] {
                let reply = try await server.send(.GET, "/honour-hints?kind=little-giant&year=2026")
                return try #require(try JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]], "\(reply.text)")
            }
            let before = try await hints()
            #expect(try await InnovationFlowTests().honour(server, Self.a, "little-giant", 2026).status == 201)
            let after = try await hints()
            let badYear = try await server.send(.GET, "/honour-hints?year=3000")
            // check: A is hinted with every criterion met, B not at all; once A holds it, nobody
            #expect(before.count == 1)
            #expect(before.first?["enterprise"] as? String == Self.a && before.first?["status"] as? String == "meets")
            #expect((before.first?["criteria"] as? [[String: Any]])?.allSatisfy { $0["met"] as? Bool == true } == true)
            #expect(after.isEmpty)
            #expect(badYear.status == 422)
            // the page shows the same, for officials only
            #expect(try await server.send(.DELETE, "/honours/1?reason=%E8%AF%AF%E5%BD%95").status == 204)
            let official = try await server.browser("hint_official", [Grant(.official, .city)])
            let page = try await server.page(.GET, "/honour-hints?kind=little-giant&year=2026", cookie: official.cookie)
            #expect(page.status == 200 && page.text.contains(#"id="hints-table""#) && page.text.contains("冠军甲股份有限公司"))
            let firm = try await server.browser("hint_firm", [Grant(.enterprise, .enterprise(Self.a))])
            #expect(try await server.page(.GET, "/honour-hints", cookie: firm.cookie).status == 403)
        }
    }

    @Test func confirmedRewardsArePublishedOnANoticeAndPaidOnlyAfterIt() async throws {
        try await TestServer.with { server in
            // setup: a rule, two first-time champions, one reward confirmed, the other pending
            #expect(
                try await server.send(.PUT, "/rewards/rules/single-champion", json: #"{"amount":1000000,"fromYear":2020}"#).status == 200)
            try await InnovationFlowTests().firms(server)
            for firm in [Self.a, Self.b] {
                #expect(try await InnovationFlowTests().honour(server, firm, "single-champion", 2025).status == 201)
            }
            let list = try await InnovationFlowTests().rewards(server)
            let ofA = try #require(list.first { $0["enterprise"] as? String == Self.a }?["id"] as? Int)
            let ofB = try #require(list.first { $0["enterprise"] as? String == Self.b }?["id"] as? Int)
            #expect(try await server.send(.POST, "/rewards/\(ofA)/moves", json: #"{"to":"confirmed"}"#).status == 200)

            // act: the pending one cannot be published; the confirmed ones (all, by default) can
            let pendingOne = try await server.send(
                .POST, "/reward-notices", json: #"{"from":"2026-12-07","workingDays":5,"rewards":[\#(ofB)]}"#)
            let published = try await server.send(.POST, "/reward-notices", json: #"{"from":"2026-12-07","workingDays":5}"#)
            let again = try await server.send(.POST, "/reward-notices", json: #"{"from":"2026-12-07","workingDays":5}"#)
            let notice = try published.json()
            let id = try #require(notice["id"] as? Int)
            let early = try await server.send(
                .POST, "/rewards/\(ofA)/moves", json: #"{"to":"paid","paidOn":"2026-12-08","voucher":"财拨001"}"#)

            // check: published with five working days, the reward noticed and linked
            #expect(pendingOne.status == 409 && pendingOne.text.contains("已确认"))
            #expect(published.status == 201, "\(published.text)")
            #expect(again.status == 409)
            #expect(notice["startsOn"] as? String == "2026-12-07" && notice["noticeUntil"] as? String == "2026-12-11")
            #expect((notice["items"] as? [[String: Any]])?.map { $0["enterprise"] as? String } == [Self.a])
            #expect(notice["total"] as? Int == 1_000_000)
            let noticed = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/rewards?status=noticed").body) as? [[String: Any]])
            #expect(noticed.count == 1 && noticed.first?["notice"] as? Int == id)
            #expect(early.status == 409 && early.text.contains("2026-12-11"))
            // anyone reads the notice, and downloads it as Word and Excel
            let page = try await server.page(.GET, "/reward-notices/\(id)", cookie: nil)
            #expect(page.status == 200 && page.text.contains("冠军甲股份有限公司") && page.text.contains("1,000,000"))
            let docx = try await server.page(.GET, "/reward-notices/\(id).docx", cookie: nil)
            #expect(docx.status == 200 && docx.body.starts(with: Data("PK".utf8)))
            let xlsx = try await server.page(.GET, "/reward-notices/\(id).xlsx", cookie: nil)
            #expect(xlsx.status == 200 && xlsx.body.starts(with: Data("PK".utf8)))
            // once the period is over it is paid
            try await server.sql.raw("UPDATE reward_notices SET notice_until = '2026-01-09' WHERE id = \(bind: id)").run()
            let paid = try await server.send(
                .POST, "/rewards/\(ofA)/moves", json: #"{"to":"paid","paidOn":"2026-12-08","voucher":"财拨001"}"#)
            #expect(paid.status == 200, "\(paid.text)")
        }
    }

    @Test func sheetsImportAllOrNothingWithNamesResolvedAndExportInTheColumnsTheyAreReadIn() async throws {
        try await TestServer.with { server in
            // setup
            try await InnovationFlowTests().firms(server)
            func upload(_ records: String, _ body: Data, type: String = "text/csv") async throws -> TestServer.Reply {
                try await server.send(.POST, "/innovation-imports?records=\(records)", body: body, headers: [("Content-Type", type)])
            }
            func count(_ table: String) async throws -> Int? {
                try await server.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decodingColumn: "n", as: Int.self)
            }
            // act: standards, one row by USCC and one by the firm's name; then a file with one bad row
            let good = try await upload(
                "standards",
                Data(
                    "统一社会信用代码,企业名称,标准号,标准名称,级别,主导或参与,年度\n\(Self.b),,T/WX 9-2025,团体标准甲,团体标准,参与,2025\n,冠军甲股份有限公司,GB/T 9-2024,国家标准乙,国家标准,主导,2024年\n"
                        .utf8))
            let bad = try await upload(
                "standards",
                Data("统一社会信用代码,标准号,标准名称,级别,主导或参与,年度\n\(Self.a),GB/T 10-2025,好,国家标准,主导,2025\n\(Self.a),GB/T 11-2025,坏,省级标准,主导,2025\n".utf8))
            let projects = try await upload(
                "projects",
                Data(
                    "项目类型,项目名称,投资方,年度,投资额（万元）,产业链,环节,强链补链延链,阶段,一事一议\n强链补链延链项目,表格补链项目,外地集团,2026,\"3,000\",ic-fab,ic-fab-u1,补链,签约,是\n国家重大科技项目,缺企业,,2026,,,,,,\n"
                        .utf8))
            let consortia = try await upload(
                "consortia",
                Data("联合体名称,牵头企业统一社会信用代码,类型,级别,批准日期,产业链,成员\n表格联合体,\(Self.a),任务型,市级,2026/04/01,ic-fab,\(Self.b)：成员；江南大学：技术支撑\n".utf8))
            let export = try await server.send(.GET, "/exports/innovation.xlsx?records=standards")
            let reimport = try await upload(
                "standards", export.body, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

            // check: the good file recorded both; the bad one names row 3, column D, and wrote nothing
            #expect(good.status == 200, "\(good.text)")
            #expect(try good.json()["recorded"] as? Int == 2)
            #expect(bad.status == 422)
            let rows = try #require(try bad.json()["rows"] as? [[String: Any]])
            #expect(rows.count == 1 && rows.first?["row"] as? Int == 3 && rows.first?["column"] as? String == "D", "\(rows)")
            #expect(try await count("standards") == 2)
            // a project row without its firm is refused, and with it the good row
            #expect(projects.status == 422 && projects.text.contains("须填写承担企业"), "\(projects.text)")
            #expect(try await count("projects") == 0)
            #expect(consortia.status == 200, "\(consortia.text)")
            let made = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/consortia?enterprise=\(Self.b)").body)
                    as? [[String: Any]])
            #expect(made.first?["approvedOn"] as? String == "2026-04-01" && (made.first?["members"] as? [Any])?.count == 2)
            // the export is an .xlsx whose columns the import reads: every row is already recorded
            #expect(export.status == 200 && export.body.starts(with: Data("PK".utf8)))
            #expect(reimport.status == 422 && reimport.text.contains("已记录"), "\(reimport.text)")
            #expect(try await count("standards") == 2)
            // the good project alone goes in, its chain and segment by code, 3,000 万元 as yuan
            let one = try await upload(
                "projects",
                Data("项目类型,项目名称,投资方,年度,投资额（万元）,产业链,环节,强链补链延链\n强链补链延链项目,表格补链项目,外地集团,2026,\"3,000\",ic-fab,ic-fab-u1,补链\n".utf8))
            #expect(one.status == 200, "\(one.text)")
            let stored = try await server.sql.raw("SELECT amount, segment_code, action FROM projects").first()
            #expect(try stored?.decode(column: "amount", as: Int64.self) == 30_000_000)
            #expect(try stored?.decode(column: "action", as: String.self) == "fill")
        }
    }

    @Test func officialsAddAndChangeHonourKindsAndRecordedGrantsKeepTheirFlags() async throws {
        try await TestServer.with { server in
            // setup: a grant of a seeded kind
            try await InnovationFlowTests().firms(server)
            #expect(try await InnovationFlowTests().honour(server, Self.a, "brand-national", 2025).status == 201)
            // act: a new city-level platform kind; the brand kind's validity changed; a bad code
            let made = try await server.send(
                .PUT, "/honour-kinds/city-lab", json: #"{"name":"无锡市重点实验室","level":"city","validityYears":3,"platform":true}"#)
            let changed = try await server.send(.PUT, "/honour-kinds/brand-national", json: #"{"name":"中国品牌价值榜","level":"national"}"#)
            let bad = try await server.send(.PUT, "/honour-kinds/Bad_Code", json: #"{"name":"x","level":"city"}"#)
            let granted = try await InnovationFlowTests().honour(server, Self.b, "city-lab", 2025)
            // check
            #expect(made.status == 200, "\(made.text)")
            #expect(try made.json()["platform"] as? Bool == true)
            #expect(changed.status == 200)
            #expect(try changed.json()["validityYears"] == nil)
            #expect(bad.status == 422 || bad.status == 400)
            #expect(granted.status == 201)
            #expect(try granted.json()["firstTime"] as? Bool == true)
            let records = try await Standards.evidence(db: server.sql, of: "(\(bind: Self.b))", year: 2026)
            #expect(records[Self.b]?.platforms == 1)
            let firstA = try await server.sql.raw("SELECT first_time FROM honours WHERE kind = 'brand-national'").first(
                decodingColumn: "first_time", as: Bool.self)
            #expect(firstA == true)
            let official = try await server.browser("kinds_official", [Grant(.official, .city)])
            let page = try await server.page(.GET, "/honour-kinds", cookie: official.cookie)
            #expect(page.text.contains(#"id="kind-city-lab""#) && page.text.contains(#"id="kind-form""#))
        }
    }
}
