import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App
@testable import OfficeFormats

/// The green channel, quotas, talent nominations and 政银企 meetings (Policy S5), on whichever
/// database the suite runs on.
@Suite(.tags(.s5)) struct GreenChannelFlowTests {
    static let firm = makeUSCC(division: "320214", serial: 991), other = makeUSCC(division: "320282", serial: 992)

    func project(_ server: TestServer) async throws -> Int {
        for (u, name) in [(Self.firm, "无锡绿色通道有限公司"), (Self.other, "宜兴其他有限公司")] {
            let r = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(u)","name":"\#(name)","district":"320214","segments":["ic-fab-m2"]}"#)
            #expect(r.status == 201, "\(r.text)")
        }
        let p = try await server.send(
            .POST, "/projects",
            json:
                #"{"kind":"major","name":"12英寸晶圆扩产项目","enterprise":"\#(Self.firm)","year":2026,"amount":3000000000,"stage":"signed","chain":"ic-fab","segment":"ic-fab-m2"}"#
        )
        return try #require(try p.json()["id"] as? Int, "\(p.text)")
    }

    func step(_ server: TestServer, _ project: Int, _ name: String, _ target: String, department: String? = nil) async throws -> Int {
        let dept = department.map { #","department":"\#($0)""# } ?? ""
        let r = try await server.send(
            .POST, "/projects/\(project)/steps", json: #"{"phase":"approvals","name":"\#(name)","targetDate":"\#(target)"\#(dept)}"#)
        #expect(r.status == 201, "\(r.text)")
        return try #require(try r.json()["id"] as? Int)
    }

    @Test func aStepGoesOverdueByWorkingDaysOnTheCalendar() async throws {
        try await TestServer.with { server in
            // setup
            let id = try await project(server)
            let notYet = try await server.send(
                .POST, "/projects/\(id)/steps", json: #"{"phase":"planning","name":"立项","targetDate":"2026-01-05"}"#)
            let enrolled = try await server.send(.PUT, "/projects/\(id)/green-channel", json: #"{"fastTrack":true}"#)
            let dept = try await server.bearer("gc_dept", [Grant(.department, .department("市自然资源规划局", head: false))])
            let otherDept = try await server.bearer("gc_dept2", [Grant(.department, .department("市发展改革委", head: false))])
            // 2026-09-30 (Wed) to 2026-10-12 (Mon): 1–7 October are holidays, 10 October (Sat) a make-up
            // working day: the 8th, 9th, 10th and 12th are working days — four, not twelve calendar days.
            let holidayStep = try await step(server, id, "用地预审", "2026-09-30", department: "市自然资源规划局")
            let late = try await step(server, id, "环评批复", SimpleDate.today().adding(days: -14).description)
            let ahead = try await step(server, id, "施工许可", SimpleDate.today().adding(days: 10).description)

            // act
            let byOtherDept = try await server.send(
                .POST, "/project-steps/\(holidayStep)/done", json: #"{"date":"2026-10-12"}"#, token: .some(otherDept))
            let done = try await server.send(
                .POST, "/project-steps/\(holidayStep)/done", json: #"{"date":"2026-10-12"}"#, token: .some(dept))
            let again = try await server.send(.POST, "/project-steps/\(holidayStep)/done", json: "{}", token: .some(dept))
            let overdue = try await server.send(.GET, "/green-channel?overdue=true")
            let page = try await server.browser("gc_official", [Grant(.official, .city)])
            let shown = try await server.page(.GET, "/green-channel", cookie: page.cookie)
            let map = try await server.page(.GET, "/chains/ic-fab?segment=ic-fab-m2", cookie: page.cookie)

            // check
            #expect(notYet.status == 422)
            #expect(try notYet.json()["error"] as? String == "not_green_channel")
            #expect(enrolled.status == 200, "\(enrolled.text)")
            #expect(try enrolled.json()["fastTrack"] as? Bool == true)
            #expect(byOtherDept.status == 403)
            #expect(done.status == 200, "\(done.text)")
            #expect(try done.json()["overdueWorkingDays"] as? Int == 4)
            #expect(again.status == 409)
            let list = try #require(try JSONSerialization.jsonObject(with: overdue.body) as? [[String: Any]], "\(overdue.text)")
            #expect(list.count == 1 && list.first?["overdueSteps"] as? Int == 1)
            let steps = try #require(list.first?["steps"] as? [[String: Any]])
            let days = Dictionary(uniqueKeysWithValues: steps.map { ($0["id"] as? Int ?? 0, $0["overdueWorkingDays"] as? Int ?? -1) })
            #expect(days[holidayStep] == 4 && days[ahead] == 0)
            #expect((8...10).contains(days[late] ?? 0), "14 calendar days back hold 8 to 10 working days: \(days)")
            #expect(shown.status == 200)
            #expect(shown.text.contains(#"id="overdue-\#(late)""#), "\(shown.text)")
            #expect(map.text.contains("12英寸晶圆扩产项目（绿色通道）"), "the segment's panel on the chain map marks it")
        }
    }

    @Test func quotasTalentAndAMeetingAreRecordedAndDecidedByTheirOwners() async throws {
        try await TestServer.with { server in
            // setup
            let id = try await project(server)
            let dept = try await server.bearer("q_dept", [Grant(.department, .department("市自然资源规划局", head: false))])
            let otherDept = try await server.bearer("q_dept2", [Grant(.department, .department("市发展改革委", head: false))])
            let owner = try await server.bearer("t_firm", [Grant(.enterprise, .enterprise(Self.firm))])
            let stranger = try await server.bearer("t_other", [Grant(.enterprise, .enterprise(Self.other))])
            _ = try await server.send(.POST, "/banks", json: #"{"name":"甲银行"}"#)

            // act: a land quota, decided by its department
            let asked = try await server.send(
                .POST, "/projects/\(id)/quotas", json: #"{"kind":"land","asked":50,"department":"市自然资源规划局"}"#)
            let quota = try #require(try asked.json()["id"] as? Int, "\(asked.text)")
            let tooMuch = try await server.send(
                .POST, "/projects/\(id)/quotas", json: #"{"kind":"energy","asked":1e300,"department":"市自然资源规划局"}"#)
            let wrongDept = try await server.send(
                .POST, "/quotas/\(quota)/decision", json: #"{"status":"granted"}"#, token: .some(otherDept))
            let partly = try await server.send(
                .POST, "/quotas/\(quota)/decision", json: #"{"status":"partly","granted":30,"note":"分期供地"}"#, token: .some(dept))
            let twice = try await server.send(.POST, "/quotas/\(quota)/decision", json: #"{"status":"granted"}"#, token: .some(dept))
            // act: talent
            let nominated = try await server.send(
                .POST, "/talent/nominations",
                json: #"{"enterprise":"\#(Self.firm)","programme":"太湖人才计划","person":"张工","field":"集成电路工艺","level":"city","year":2026}"#,
                token: .some(owner))
            let forOther = try await server.send(
                .POST, "/talent/nominations",
                json: #"{"enterprise":"\#(Self.other)","programme":"太湖人才计划","person":"李工","field":"材料","level":"city","year":2026}"#,
                token: .some(owner))
            let talent = try #require(try nominated.json()["id"] as? Int, "\(nominated.text)")
            let recommended = try await server.send(.POST, "/talent/nominations/\(talent)/moves", json: #"{"to":"recommended"}"#)
            let selected = try await server.send(
                .POST, "/talent/nominations/\(talent)/moves", json: #"{"to":"selected","outcome":"入选2026年太湖人才计划"}"#)
            let back = try await server.send(.POST, "/talent/nominations/\(talent)/moves", json: #"{"to":"recommended"}"#)
            let strangersList = try await server.send(.GET, "/talent/nominations", token: .some(stranger))
            // act: a meeting and its summary
            let badNeed = try await server.send(
                .POST, "/finance/meetings", json: #"{"date":"2026-11-20","title":"集成电路产业政银企对接会","needs":[{"need":999,"outcome":"x"}]}"#)
            let meeting = try await server.send(
                .POST, "/finance/meetings",
                json:
                    #"{"date":"2026-11-20","title":"集成电路产业政银企对接会","place":"市民中心","banks":["甲银行"],"enterprises":["\#(Self.firm)"],"notes":"银企双方现场对接。"}"#
            )
            let meetingID = try #require(try meeting.json()["id"] as? Int, "\(meeting.text)")
            let docx = try await server.send(.GET, "/finance/meetings/\(meetingID)/summary.docx")

            // check
            #expect(asked.status == 201)
            #expect(try asked.json()["unit"] as? String == "亩")
            #expect(tooMuch.status == 422)
            #expect(try tooMuch.json()["field"] as? String == "asked")
            #expect(wrongDept.status == 403)
            #expect(partly.status == 200, "\(partly.text)")
            #expect(try partly.json()["granted"] as? Double == 30)
            #expect(twice.status == 409)
            #expect(nominated.status == 201 && forOther.status == 403)
            #expect(recommended.status == 200 && selected.status == 200, "\(selected.text)")
            #expect(back.status == 409)
            #expect((try JSONSerialization.jsonObject(with: strangersList.body) as? [Any])?.isEmpty == true)
            #expect(badNeed.status == 422)
            #expect(try badNeed.json()["field"] as? String == "needs[0].need")
            #expect(docx.status == 200)
            // the page: the firm nominates, the official records a meeting and downloads its summary
            let firmPage = try await server.browser("t_firm_web", [Grant(.enterprise, .enterprise(Self.firm))])
            let officialPage = try await server.browser("t_official_web", [Grant(.official, .city)])
            let nominatedOnPage = try await server.page(
                .POST, "/finance/talent", cookie: firmPage.cookie,
                form: formBody([
                    ("_csrf", firmPage.csrf), ("enterprise", Self.firm), ("programme", "太湖人才计划"), ("person", "王工"), ("field", "封装"),
                    ("level", "city"), ("year", "2026"),
                ]))
            let badLine = try await server.page(
                .POST, "/finance/meetings", cookie: officialPage.cookie,
                form: formBody([("_csrf", officialPage.csrf), ("date", "2026-11-21"), ("title", "对接会"), ("needs", "abc")]))
            let recorded = try await server.page(
                .POST, "/finance/meetings", cookie: officialPage.cookie,
                form: formBody([("_csrf", officialPage.csrf), ("date", "2026-11-21"), ("title", "第二次对接会"), ("banks[]", "甲银行")]))
            let hub = try await server.page(.GET, "/finance", cookie: officialPage.cookie)
            let firmHub = try await server.page(.GET, "/finance", cookie: firmPage.cookie)
            let deptPage = try await server.browser("q_dept_web", [Grant(.department, .department("市自然资源规划局", head: false))])
            let second = try await server.send(
                .POST, "/projects/\(id)/quotas", json: #"{"kind":"energy","asked":1200,"department":"市自然资源规划局"}"#)
            let secondID = try #require(try second.json()["id"] as? Int)
            _ = try await server.send(.PUT, "/projects/\(id)/green-channel", json: #"{"fastTrack":false}"#)
            let decidedOnPage = try await server.page(
                .POST, "/green-channel/quotas/\(secondID)/decision", cookie: deptPage.cookie,
                form: formBody([("_csrf", deptPage.csrf), ("status", "granted"), ("note", "保障到位")]))
            let channel = try await server.page(.GET, "/green-channel", cookie: deptPage.cookie)
            #expect(decidedOnPage.status == 303)
            #expect(channel.text.contains(#"id="quota-\#(secondID)""#) && channel.text.contains("1,200.0吨标准煤"), "\(channel.text)")
            let pageDocx = try await server.page(.GET, "/finance/meetings/\(meetingID)/summary.docx", cookie: officialPage.cookie)
            let firmDocx = try await server.page(.GET, "/finance/meetings/\(meetingID)/summary.docx", cookie: firmPage.cookie)
            #expect(nominatedOnPage.status == 303)
            #expect(badLine.status == 422 && badLine.text.contains("第1行应写作"))
            #expect(recorded.status == 303)
            #expect(hub.text.contains(#"id="meetings-table""#) && hub.text.contains("第二次对接会") && hub.text.contains(#"id="talent-table""#))
            #expect(firmHub.text.contains("王工") && !firmHub.text.contains(#"id="meetings-table""#))
            #expect(pageDocx.status == 200 && pageDocx.body.prefix(2) == Data("PK".utf8))
            #expect(firmDocx.status == 403)
            let xml = String(decoding: try ZipReader(data: docx.body).read("word/document.xml") ?? [], as: UTF8.self)
            #expect(xml.contains("集成电路产业政银企对接会会议纪要") && xml.contains("无锡绿色通道有限公司") && xml.contains("甲银行"))
        }
    }
}
