import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// The service express end to end over HTTP (Policy S6), the escalation job and its lease.
@Suite(.tags(.s6, .s1)) struct ServiceTests {
    static let firm = makeUSCC(division: "320214", serial: 901)

    func token(_ server: TestServer, _ name: String, _ grants: [Grant]) async throws -> String {
        let id = try await UserStore(db: server.sql).upsert(username: name, password: "Service-pass-1", grants: grants)
        return try await TokenStore(db: server.sql).issue(for: id).token
    }

    func act(_ server: TestServer, _ id: Int, _ json: String, _ token: String?) async throws -> TestServer.Reply {
        try await server.send(.POST, "/requests/\(id)/actions", json: json, token: token.map { .some($0) } ?? .none)
    }

    @Test func aRequestGoesRoundTheWholeWorkflowAndTheFiguresAddUp() async throws {
        try await TestServer.with { server in
            // setup: the firm, its user, the power company, the industry bureau; admin is the dispatcher (official, city)
            _ = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"直通车测试企业","district":"320214","segments":["ic-fab-u1"]}"#)
            let firm = try await token(server, "firm_user", [Grant(.enterprise, .enterprise(Self.firm))])
            let power = try await token(server, "power_officer", [Grant(.department, .department("国网无锡供电公司", head: false))])
            let miit = try await token(server, "miit_officer", [Grant(.department, .department("市工业和信息化局", head: false))])
            // act: file
            let filed = try await server.send(
                .POST, "/requests", json: #"{"category":"power","title":"新厂区增容","description":"新厂区需要增容2000千伏安","urgency":"normal"}"#,
                token: .some(firm))
            #expect(filed.status == 201, "\(filed.text)")
            let body = try filed.json()
            let id = try #require(body["id"] as? Int)
            #expect(body["leadDepartment"] as? String == "国网无锡供电公司")
            #expect(body["status"] as? String == "assigned")
            let filedOn = try #require(body["filedOn"] as? String)
            let acceptBy = try await server.send(.GET, "/calendar/add-working-days?from=\(filedOn)&days=1").json()["date"] as? String
            let answerBy = try await server.send(.GET, "/calendar/add-working-days?from=\(filedOn)&days=10").json()["date"] as? String
            #expect(body["acceptBy"] as? String == acceptBy)
            #expect(body["answerBy"] as? String == answerBy)
            // the power company sees it in its queue; the industry bureau does not yet
            #expect(
                (try await server.send(.GET, "/requests", token: .some(power)).json()["metadata"] as? [String: Any])?["total"] as? Int == 1)
            #expect(
                (try await server.send(.GET, "/requests", token: .some(miit)).json()["metadata"] as? [String: Any])?["total"] as? Int == 0)
            #expect(try await server.send(.GET, "/requests/\(id)", token: .some(miit)).status == 403)
            // returned with a reason (not without), never by the firm
            #expect(try await act(server, id, #"{"action":"return"}"#, power).json()["field"] as? String == "reason")
            #expect(try await act(server, id, #"{"action":"accept"}"#, firm).status == 403)
            #expect(
                try await act(server, id, #"{"action":"return","reason":"属于园区配电，非供电公司职责"}"#, power).json()["status"] as? String
                    == "returned")
            // the dispatcher reroutes; the bureau accepts, starts, answers
            #expect(
                try await act(server, id, #"{"action":"reroute","department":"市工业和信息化局","reason":"由工信局协调园区"}"#, nil).json()[
                    "leadDepartment"] as? String == "市工业和信息化局")
            #expect(try await act(server, id, #"{"action":"answer","text":"太早"}"#, miit).status == 409)
            #expect(try await act(server, id, #"{"action":"accept"}"#, miit).json()["status"] as? String == "accepted")
            #expect(try await act(server, id, #"{"action":"start"}"#, miit).json()["status"] as? String == "inProgress")
            #expect(try await act(server, id, #"{"action":"answer","text":"已协调园区配电改造"}"#, miit).json()["status"] as? String == "answered")
            // not satisfied → reopened to the same department → answered → satisfied → closed
            #expect(try await act(server, id, #"{"action":"confirm","satisfied":false}"#, firm).json()["field"] as? String == "reason")
            let reopened = try await act(server, id, #"{"action":"confirm","satisfied":false,"reason":"进度不明确"}"#, firm).json()
            #expect(reopened["status"] as? String == "reopened")
            #expect(reopened["leadDepartment"] as? String == "市工业和信息化局")
            #expect(
                try await act(server, id, #"{"action":"answer","text":"改造于下月完成，附时间表"}"#, miit).json()["status"] as? String == "answered")
            let closed = try await act(server, id, #"{"action":"confirm","satisfied":true}"#, firm).json()
            #expect(closed["status"] as? String == "closed")
            // check: every step in the history
            let history = try #require(closed["history"] as? [[String: Any]])
            #expect(
                history.map { $0["action"] as? String } == [
                    "file", "assign", "return", "reroute", "accept", "start", "answer", "confirm", "answer", "confirm",
                ])
            #expect(history[2]["text"] as? String == "属于园区配电，非供电公司职责")
            #expect(history[3]["actor"] as? String == "official")
            #expect(history[7]["statusTo"] as? String == "reopened")
            // the bureau's figures add up: one request, answered on time, reopened once, satisfied in the end
            let stats = try await server.send(
                .GET, "/departments/%E5%B8%82%E5%B7%A5%E4%B8%9A%E5%92%8C%E4%BF%A1%E6%81%AF%E5%8C%96%E5%B1%80/stats", token: .some(miit))
            #expect(stats.status == 200, "\(stats.text)")
            let f = try #require(try stats.json()["figures"] as? [String: Any])
            #expect(f["volume"] as? Int == 1 && f["answered"] as? Int == 1 && f["answeredOnTime"] as? Int == 1)
            #expect(f["onTimeRate"] as? Double == 1 && f["reopenRate"] as? Double == 1 && f["satisfaction"] as? Double == 1)
            // the power company may not read the bureau's figures
            #expect(
                try await server.send(
                    .GET, "/departments/%E5%B8%82%E5%B7%A5%E4%B8%9A%E5%92%8C%E4%BF%A1%E6%81%AF%E5%8C%96%E5%B1%80/stats", token: .some(power)
                ).status == 403)
            // notifications reached the departments and the firm; the outbox holds the e-mails
            let notes = try await server.sql.raw("SELECT username, kind FROM notifications ORDER BY id").all()
                .map { "\(try $0.decode(column: "username", as: String.self)):\(try $0.decode(column: "kind", as: String.self))" }
            #expect(
                notes.contains("power_officer:assigned") && notes.contains("miit_officer:reroute") && notes.contains("firm_user:answer"))
            let outbox = try await server.sql.raw("SELECT COUNT(*) AS n FROM outbox").first()?.decode(column: "n", as: Int.self)
            #expect(outbox == notes.count)
            let export = try await server.send(.GET, "/exports/requests.xlsx", token: .some(firm))
            #expect(export.status == 200 && export.body.starts(with: [0x50, 0x4B]))
        }
    }

    @Test func theWorkingDayClockAcrossTheNationalDayWeek() async throws {
        try await TestServer.with { server in
            // Tue 29 Sep 2026 + 5 working days: 30 Sep, 8, 9, Sat 10 (a make-up day), 12 Oct
            let date = try await server.send(.GET, "/calendar/add-working-days?from=2026-09-29&days=5").json()["date"] as? String
            #expect(date == "2026-10-12")
            #expect(try await server.send(.GET, "/calendar/add-working-days?from=2026-13-01&days=5").status == 422)
            #expect(try await server.send(.GET, "/calendar/add-working-days?from=9999-12-30&days=900").status == 422)
            // an administrator makes 2026-09-30 a holiday: the deadline moves a day
            #expect(
                try await server.send(.PUT, "/calendar/days/2026-09-30", json: #"{"kind":"holiday"}"#, token: .some(server.adminToken))
                    .status == 204)
            let moved = try await server.send(.GET, "/calendar/add-working-days?from=2026-09-29&days=5").json()["date"] as? String
            #expect(moved == "2026-10-13")
        }
    }

    @Test func overdueRequestsEscalateOnceAndOnlyOneInstanceRunsTheJob() async throws {
        try await TestServer.with { server in
            // setup: a request filed on Tue 2026-09-29 (accept by 09-30, answer by 10-12)
            _ = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"督办测试企业","district":"320214","segments":["ic-fab-u1"]}"#)
            _ = try await UserStore(db: server.sql).upsert(
                username: "power_head", password: "Service-pass-1", grants: [Grant(.department, .department("国网无锡供电公司", head: true))])
            _ = try await UserStore(db: server.sql).upsert(
                username: "chief_ic", password: "Service-pass-1", grants: [Grant(.chief, .chains(["ic-fab"]))])
            let id = try await RequestService(db: server.sql, caller: Caller(username: "official", grants: [Grant(.official, .city)]))
                .file(
                    RequestInput(enterprise: Self.firm, category: .power, title: "停电", description: "频繁停电", urgency: .normal),
                    today: SimpleDate(iso: "2026-09-29")!)
            // act + check: not late on 09-30; late on 10-01 (head); more than two working days late on 10-13 (dispatcher and chief)
            #expect(try await EscalationJob.runOnce(server.sql, today: SimpleDate(iso: "2026-09-30")!) == 0)
            #expect(try await EscalationJob.runOnce(server.sql, today: SimpleDate(iso: "2026-10-01")!) == 1)
            #expect(try await EscalationJob.runOnce(server.sql, today: SimpleDate(iso: "2026-10-01")!) == 0)
            #expect(try await EscalationJob.runOnce(server.sql, today: SimpleDate(iso: "2026-10-13")!) == 1)
            let detail = try await server.send(.GET, "/requests/\(id)").json()
            #expect(detail["escalation"] as? Int == 2)
            let escalations = (detail["history"] as? [[String: Any]])?.filter { $0["action"] as? String == "escalate" }
            #expect(escalations?.count == 2)
            let told = Set(
                try await server.sql.raw("SELECT username FROM notifications WHERE kind = 'escalated'").all()
                    .map { try $0.decode(column: "username", as: String.self) })
            #expect(told == ["power_head", "official", "chief_ic"])
            #expect(try await server.send(.GET, "/requests?overdue=true").json()["items"] as? [Any] != nil)
            // the lease: one holder at a time; an expired lease passes on
            let lease = JobLease(db: server.sql)
            let now = Date.nowSeconds()
            #expect(try await lease.acquire("escalation", holder: "a", ttl: 60, now: now))
            #expect(try await lease.acquire("escalation", holder: "b", ttl: 60, now: now) == false)
            #expect(try await lease.acquire("escalation", holder: "a", ttl: 60, now: now.addingTimeInterval(30)))
            #expect(try await lease.acquire("escalation", holder: "b", ttl: 60, now: now.addingTimeInterval(200)))
        }
    }

    @Test func visitsFileTheirDemandsMeetingsDecideAndLiaisonsSeeTheirFirms() async throws {
        try await TestServer.with { server in
            // setup
            _ = try await server.send(
                .POST, "/enterprises",
                json: #"{"uscc":"\#(Self.firm)","name":"走访测试企业","district":"320214","segments":["ic-fab-u1"]}"#)
            try await server.recognise(Self.firm)
            let liaison = try await token(server, "liaison_li", [Grant(.official, .city)])
            let firm = try await token(server, "firm_user", [Grant(.enterprise, .enterprise(Self.firm))])
            // a liaison officer is assigned; the firm sees who
            let assigned = try await server.send(.PUT, "/enterprises/\(Self.firm)/liaison", json: #"{"username":"liaison_li"}"#)
            #expect(assigned.status == 200, "\(assigned.text)")
            #expect(
                try await server.send(.PUT, "/enterprises/\(Self.firm)/liaison", json: #"{"username":"nobody"}"#).json()["field"] as? String
                    == "username")
            // a visit with two demands files two requests in one step
            let visit = try await server.send(
                .POST, "/visits",
                json:
                    #"{"enterprise":"\#(Self.firm)","visitedOn":"2026-11-20","visitors":"副市长张涛、链长办","notes":"了解扩产计划","demands":[{"category":"land","title":"扩产用地","description":"需要50亩工业用地"},{"category":"talent","title":"高级工程师引进","description":"需要人才公寓"}]}"#
            )
            #expect(visit.status == 201, "\(visit.text)")
            let requestIDs = try #require(try visit.json()["requests"] as? [Int])
            #expect(requestIDs.count == 2)
            let land = try await server.send(.GET, "/requests/\(requestIDs[0])").json()
            #expect(land["leadDepartment"] as? String == "市自然资源规划局")
            #expect(land["visitId"] as? Int == (try visit.json()["id"] as? Int))
            #expect(land["liaison"] as? String == "liaison_li")
            let talent = try await server.send(.GET, "/requests/\(requestIDs[1])", token: .some(firm)).json()
            #expect(talent["coDepartments"] as? [String] == ["市人力资源社会保障局"])
            // a demand without a title refuses the whole visit, naming the demand
            let bad = try await server.send(
                .POST, "/visits",
                json:
                    #"{"enterprise":"\#(Self.firm)","visitedOn":"2026-11-21","visitors":"链长办","demands":[{"category":"land","title":" ","description":"x"}]}"#
            )
            #expect(bad.status == 422)
            #expect(try bad.json()["field"] as? String == "demands[0].title")
            #expect(try await server.send(.GET, "/visits?enterprise=\(Self.firm)").json(array: true)?.count == 1)
            // the liaison officer sees the firm and its open requests
            let mine = try #require(try await server.send(.GET, "/liaison/firms", token: .some(liaison)).json(array: true))
            #expect(mine.first?["enterprise"] as? String == Self.firm)
            #expect((mine.first?["openRequests"] as? [Any])?.count == 2)
            // a topic meeting decides on one request; the decision shows on it
            let meeting = try await server.send(
                .POST, "/meetings", json: #"{"title":"11月专题会商","heldOn":"2026-11-25","requests":[\#(requestIDs[0])]}"#)
            #expect(meeting.status == 201, "\(meeting.text)")
            let meetingID = try #require(try meeting.json()["id"] as? Int)
            let decided = try await server.send(
                .PUT, "/meetings/\(meetingID)/items/\(requestIDs[0])",
                json: #"{"decision":"由锡山区提供备选地块","owner":"锡山区政府","newDeadline":"2026-12-15"}"#)
            #expect(decided.status == 200, "\(decided.text)")
            #expect(try await server.send(.PUT, "/meetings/\(meetingID)/items/\(requestIDs[1])", json: #"{"decision":"x"}"#).status == 404)
            let withDecision = try await server.send(.GET, "/requests/\(requestIDs[0])", token: .some(firm)).json()
            let decisions = try #require(withDecision["decisions"] as? [[String: Any]])
            #expect(decisions.first?["decision"] as? String == "由锡山区提供备选地块")
            #expect(decisions.first?["newDeadline"] as? String == "2026-12-15")
            #expect((withDecision["history"] as? [[String: Any]])?.last?["action"] as? String == "meeting")
            // the cluster's service list, shown to firms
            let offer = try await server.send(
                .POST, "/clusters/ic/services", json: #"{"title":"集成电路设备首台套认定辅导","department":"市工业和信息化局","howToAsk":"在服务直通车提交“政策咨询”类诉求"}"#)
            #expect(offer.status == 201)
            #expect(try await server.send(.GET, "/clusters/ic/services", token: .some(firm)).json(array: true)?.count == 1)
            #expect(
                try await server.send(
                    .POST, "/clusters/ic/services", json: #"{"title":"x","department":"y","howToAsk":"z"}"#, token: .some(firm)
                ).status == 403)
        }
    }

    @Test func attachmentsAndTheDailyDigest() async throws {
        try await TestServer.with { server in
            _ = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"附件测试企业","district":"320214","segments":["ic-fab-u1"]}"#)
            let firm = try await token(server, "firm_user", [Grant(.enterprise, .enterprise(Self.firm))])
            let other = try await token(server, "fgw_officer", [Grant(.department, .department("市发展改革委", head: false))])
            _ = try await token(server, "power_officer", [Grant(.department, .department("国网无锡供电公司", head: false))])
            let filed = try await server.send(
                .POST, "/requests", json: #"{"category":"power","title":"增容","description":"见附件"}"#, token: .some(firm))
            let id = try #require(try filed.json()["id"] as? Int)
            // act: the firm attaches a PDF; a file of another type or too large is refused, nothing stored
            let pdf = Data("%PDF-1.4 demo".utf8)
            let added = try await server.send(
                .POST, "/requests/\(id)/attachments?file_name=%E6%96%B9%E6%A1%88.pdf", body: pdf,
                headers: [("Content-Type", "application/octet-stream")], token: .some(firm))
            #expect(added.status == 201, "\(added.text)")
            #expect(try added.json()["fileName"] as? String == "方案.pdf")
            let html = try await server.send(
                .POST, "/requests/\(id)/attachments?file_name=x.html", body: Data("<script>".utf8),
                headers: [("Content-Type", "application/octet-stream")], token: .some(firm))
            #expect(html.status == 422)
            let big = try await server.send(
                .POST, "/requests/\(id)/attachments?file_name=big.pdf", body: Data(count: Attachments.maxBytes + 1),
                headers: [("Content-Type", "application/octet-stream")], token: .some(firm))
            #expect(big.status == 413)
            // a department the request is not routed to may neither add nor read
            #expect(
                try await server.send(
                    .POST, "/requests/\(id)/attachments?file_name=a.pdf", body: pdf,
                    headers: [("Content-Type", "application/octet-stream")], token: .some(other)
                ).status == 403)
            // check: listed on the request, downloaded byte for byte
            let detail = try await server.send(.GET, "/requests/\(id)").json()
            let attachments = try #require(detail["attachments"] as? [[String: Any]])
            #expect(attachments.count == 1)
            let aid = try #require(attachments.first?["id"] as? Int)
            let download = try await server.send(.GET, "/requests/\(id)/attachments/\(aid)")
            #expect(download.body == pdf)
            #expect(try await server.send(.GET, "/requests/\(id)/attachments/\(aid)", token: .some(other)).status == 403)
            // the daily digest: once per department and day
            let today = SimpleDate.today()
            #expect(try await DailyDigest.run(server.sql, today: today) == 1)
            #expect(try await DailyDigest.run(server.sql, today: today) == 0)
            let digest = try await server.sql.raw("SELECT recipient, body FROM outbox WHERE subject LIKE '%日报%'").all()
            #expect(try digest.map { try $0.decode(column: "recipient", as: String.self) } == ["power_officer"])
            #expect(try digest.first?.decode(column: "body", as: String.self).contains("今日新交办 1 件") == true)
        }
    }

    @Test func theAdministratorEditsTheCalendarAndRoutingOnThePage() async throws {
        try await TestServer.with { server in
            // setup: a session for the admin (admin + official in tests), one for an official only
            let root = String(server.baseURL.dropLast("/api/v1".count))
            func session(_ name: String, _ grants: [Grant]) async throws -> (String, String) {
                let id = try await UserStore(db: server.sql).upsert(username: name, password: "Service-pass-1", grants: grants)
                let store = WebSessionStore(db: server.sql)
                let cookie = try await store.create(userID: id)
                return (cookie, try #require(try await store.user(forCookie: cookie)?.csrfToken))
            }
            func post(_ path: String, _ form: String, _ s: (String, String)) async throws -> TestServer.Reply {
                try await server.exchange(
                    .POST, root + path,
                    headers: [
                        "Cookie": "\(WebSessionStore.cookieName)=\(s.0)",
                        "Content-Type": "application/x-www-form-urlencoded",
                    ],
                    body: Data((form + "&_csrf=\(s.1)").utf8))
            }
            let admin = try await session("page_admin", [Grant(.admin, .city)])
            let official = try await session("page_official", [Grant(.official, .city)])
            let before = try await server.send(.GET, "/calendar/add-working-days?from=2026-12-30&days=1").json()["date"] as? String
            #expect(before == "2026-12-31")
            // act
            #expect(try await post("/service-settings/calendar", "day=2026-12-31&kind=holiday", official).status == 403)
            #expect(try await post("/service-settings/calendar", "day=2026-12-31&kind=holiday", admin).status == 200)
            let miit = "%E5%B8%82%E5%B7%A5%E4%B8%9A%E5%92%8C%E4%BF%A1%E6%81%AF%E5%8C%96%E5%B1%80"
            #expect(try await post("/service-settings/routing/power", "lead=\(miit)&co=", admin).status == 200)
            // check: the API sees both
            let date = try await server.send(.GET, "/calendar/add-working-days?from=2026-12-30&days=1").json()["date"] as? String
            #expect(date == "2027-01-01")  // 2027 is not entered yet: weekends only
            let rules = try #require(try await server.send(.GET, "/routing").json(array: true))
            #expect(rules.first { $0["category"] as? String == "power" }?["leadDepartment"] as? String == "市工业和信息化局")
        }
    }

    @Test func aVisitRecordedOnThePageFilesItsDemands() async throws {
        try await TestServer.with { server in
            _ = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"走访页面企业","district":"320214","segments":["ic-fab-u1"]}"#)
            let root = String(server.baseURL.dropLast("/api/v1".count))
            func session(_ name: String, _ grants: [Grant]) async throws -> (String, String) {
                let id = try await UserStore(db: server.sql).upsert(username: name, password: "Service-pass-1", grants: grants)
                let store = WebSessionStore(db: server.sql)
                let cookie = try await store.create(userID: id)
                return (cookie, try #require(try await store.user(forCookie: cookie)?.csrfToken))
            }
            func post(_ form: String, _ s: (String, String)) async throws -> TestServer.Reply {
                try await server.exchange(
                    .POST, root + "/visits",
                    headers: [
                        "Cookie": "\(WebSessionStore.cookieName)=\(s.0)",
                        "Content-Type": "application/x-www-form-urlencoded",
                    ],
                    body: Data((form + "&_csrf=\(s.1)").utf8))
            }
            let xinwu = try await session("xw_officer", [Grant(.district, .district("320214"))])
            let jiangyin = try await session("jy_officer", [Grant(.district, .district("320281"))])
            let form =
                "enterprise=\(Self.firm)&visitedOn=2026-11-20&visitors=%E5%8C%BA%E9%95%BF&notes=x"
                + "&category1=land&title1=%E7%94%A8%E5%9C%B0&description1=50%E4%BA%A9"
                + "&category2=labour&title2=%E7%94%A8%E5%B7%A5&description2=%E6%8B%9B%E5%B7%A5&urgent2=on"
            // act + check: another district's officer may not; the firm's district officer files both demands
            #expect(try await post(form, jiangyin).status == 403)
            let saved = try await post(form, xinwu)
            #expect(saved.status == 200)
            #expect(saved.text.contains("提交诉求 2 条"))
            let filed = try await server.sql.raw("SELECT category, urgency, filed_via FROM requests WHERE visit_id IS NOT NULL ORDER BY id")
                .all()
                .map {
                    "\(try $0.decode(column: "category", as: String.self))/\(try $0.decode(column: "urgency", as: String.self))/\(try $0.decode(column: "filed_via", as: String.self))"
                }
            #expect(filed == ["land/normal/visit", "labour/urgent/visit"])
        }
    }
}
