import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Selection II end to end (Policy S1, S2): assign → a conflict declared → reassigned → scores →
/// calibration → shortlist → the chief returns it → shortlist again → approved → notice → an
/// objection dismissed → recognised. Runs on SQLite, and on PostgreSQL when one is configured.
@Suite(.tags(.s2)) struct ExpertReviewFlowTests {
    typealias F = SelectionFlowTests
    // E supplies A: an expert employed by E conflicts with A.
    static let e = makeUSCC(division: "320211", serial: 2105)

    static let scheme = #"""
        {"name":"专家评审方案","indicators":[
          {"code":"outputValue","weight":60,"normalisation":"minmax"},
          {"code":"rdIntensity","weight":40,"normalisation":"bands","bands":[[0.02,40],[0.03,70],[0.05,100]]}],
         "recognition":{"quotaPerChain":3,"minScore":0},"pools":{"candidate":60,"backbone":12,"emerging":5},
         "stages":{"experts":true,"chiefApproval":true,"notice":true},"final":{"indicator":70,"expert":30}}
        """#

    func id(_ r: TestServer.Reply) throws -> Int { try #require(try r.json()["id"] as? Int) }

    func list(_ r: TestServer.Reply) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: r.body) as? [[String: Any]])
    }

    /// The campaign with A, B, C eligible and D not, scored; answers its id and the applications by firm.
    func scoredCampaign(_ server: TestServer) async throws -> (Int, [String: Int]) {
        try await F().city(server)
        let made = try await server.send(
            .POST, "/enterprises", json: #"{"uscc":"\#(Self.e)","name":"戊材料科技","district":"320211","segments":["ic-fab-m1"]}"#)
        #expect(made.status == 201, "\(made.text)")
        let linked = try await server.send(
            .POST, "/supply-links",
            json:
                #"{"buyer":"\#(F.a)","supplierUscc":"\#(Self.e)","segment":"ic-fab-m1","year":2025,"amount":1000000,"category":"material"}"#
        )
        #expect(linked.status == 201, "\(linked.text)")
        let scheme = try id(try await server.send(.POST, "/selection/schemes", json: Self.scheme))
        let campaign = try id(
            try await server.send(
                .POST, "/campaigns", json: #"{"year":2026,"chains":["ic-fab"],"scheme":\#(scheme),"applyUntil":"2099-12-31"}"#))
        var apps: [String: Int] = [:]
        for uscc in [F.a, F.b, F.c, F.d] {
            let r = try await server.send(
                .POST, "/campaigns/\(campaign)/applications", json: #"{"enterprise":"\#(uscc)","chain":"ic-fab"}"#)
            #expect(r.status == 201, "\(r.text)")
            apps[uscc] = try id(r)
        }
        #expect(try await server.send(.POST, "/campaigns/\(campaign)/score").status == 200)
        return (campaign, apps)
    }

    @Test func expertsScoreTheChiefApprovesTheNoticeRunsAndAnObjectionIsDismissed() async throws {
        try await TestServer.with { server in
            // setup: a scored campaign; four experts (e4 works for E, A's supplier; e5 for C itself), the chiefs, firm B's user
            let (campaign, apps) = try await scoredCampaign(server)
            var experts: [String: String] = [:]
            for name in ["e1", "e2", "e3"] { experts[name] = try await server.bearer(name, [Grant(.expert, .expert(employer: nil))]) }
            experts["e4"] = try await server.bearer("e4", [Grant(.expert, .expert(employer: Self.e))])
            experts["e5"] = try await server.bearer("e5", [Grant(.expert, .expert(employer: F.c))])
            let chief = try await server.bearer("chief_ic", [Grant(.chief, .chains(["ic-fab"]))])
            let otherChief = try await server.bearer("chief_auto", [Grant(.chief, .chains(["auto-nev"]))])
            let firmB = try await server.bearer("firm_b", [Grant(.enterprise, .enterprise(F.b))])
            let a: Int = try #require(apps[F.a])
            let b: Int = try #require(apps[F.b])
            let c: Int = try #require(apps[F.c])

            // act: the panel, two per application, spread evenly over A, B, C (D is ineligible)
            let assigned = try await server.send(
                .POST, "/campaigns/\(campaign)/assignments", json: #"{"chain":"ic-fab","experts":["e1","e2","e3","e4"],"perApplication":2}"#
            )
            #expect(assigned.status == 201, "\(assigned.text)")
            let made = try list(assigned)
            #expect(made.count == 6 && made.allSatisfy { $0["status"] as? String == "pending" })
            #expect(Set(made.map { $0["application"] as? Int }) == [a, b, c])
            let loads = Dictionary(grouping: made, by: { $0["expert"] as? String ?? "" }).mapValues(\.count)
            #expect(loads.values.max()! - loads.values.min()! <= 1 && loads.count == 4)
            // explicit pairs: e4 on A (E supplies A) and e5 on C (C employs e5) are blocked with the reason, not replaced
            let pairs = try await server.send(
                .POST, "/campaigns/\(campaign)/assignments",
                json: #"{"pairs":[{"application":\#(a),"expert":"e4"},{"application":\#(c),"expert":"e5"}]}"#)
            #expect(pairs.status == 201, "\(pairs.text)")
            let blocked = try list(pairs)
            #expect(blocked.allSatisfy { $0["status"] as? String == "blocked" })
            #expect(blocked.first { $0["expert"] as? String == "e4" }?["blockedReason"] as? String == "专家任职单位与申报企业有供销往来")
            #expect(blocked.first { $0["expert"] as? String == "e5" }?["blockedReason"] as? String == "专家任职单位即申报企业")

            // e1 holds A: before declaring it sees who applied, not the figures; scoring is refused
            let queue = try list(try await server.send(.GET, "/assignments?mine=true", token: .some(experts["e1"])))
            let e1OnA = try #require(queue.first { $0["application"] as? Int == a }?["id"] as? Int)
            let early = try await server.send(.GET, "/applications/\(a)", token: .some(experts["e1"]))
            #expect(early.status == 200, "\(early.text)")
            #expect(try early.json()["sight"] as? String == "identity")
            #expect((try early.json()["figures"] as? [String: Any])?.isEmpty == true)
            let tooSoon = try await server.send(.PUT, "/assignments/\(e1OnA)/score", json: #"{"score":80}"#, token: .some(experts["e1"]))
            #expect(try tooSoon.status == 409 && (tooSoon.json()["error"] as? String) == "declaration_first")
            // an application not assigned to e1 does not exist for e1
            let notMine: Int = try #require([b, c].first { app in !queue.contains { $0["application"] as? Int == app } })
            let hidden = try await server.send(.GET, "/applications/\(notMine)", token: .some(experts["e1"]))
            #expect(hidden.status == 404, "/applications/\(notMine) \(hidden.text)")
            #expect(try await server.send(.GET, "/applications/\(apps[F.d]!)", token: .some(experts["e1"])).status == 404)

            // e1 declares a conflict on A: blocked, and A gets another free expert (e3: e4 is blocked on A)
            let declared = try await server.send(
                .POST, "/assignments/\(e1OnA)/declaration", json: #"{"conflict":true,"kind":"shareholding","detail":"持有甲晶圆股份"}"#,
                token: .some(experts["e1"]))
            #expect(declared.status == 200, "\(declared.text)")
            #expect(try declared.json()["status"] as? String == "blocked")
            #expect(try await server.send(.GET, "/applications/\(a)", token: .some(experts["e1"])).status == 404)
            let onA = try list(try await server.send(.GET, "/campaigns/\(campaign)/assignments?chain=ic-fab"))
                .filter { $0["application"] as? Int == a && $0["status"] as? String != "blocked" }
            #expect(onA.count == 2, "\(onA)")

            // every unblocked assignment: declare none, draft, then submit
            let all = try list(try await server.send(.GET, "/campaigns/\(campaign)/assignments"))
                .filter { $0["status"] as? String == "pending" }
            let rawScores: [Int: [Double]] = [a: [80, 90], b: [60, 75.5], c: [70, 50]]
            var used: [Int: Int] = [:]
            var firstScored = true
            for asg in all.sorted(by: { ($0["id"] as? Int ?? 0) < ($1["id"] as? Int ?? 0) }) {
                let aid = try #require(asg["id"] as? Int)
                let app = try #require(asg["application"] as? Int)
                let token = experts[asg["expert"] as? String ?? ""]
                let ok = try await server.send(.POST, "/assignments/\(aid)/declaration", json: #"{"conflict":false}"#, token: .some(token))
                #expect(ok.status == 200, "\(ok.text)")
                let full = try await server.send(.GET, "/applications/\(app)", token: .some(token))
                #expect(try full.json()["sight"] as? String == "full")
                let score = rawScores[app]![used[app, default: 0]]
                used[app, default: 0] += 1
                #expect(
                    try await server.send(.PUT, "/assignments/\(aid)/score", json: #"{"score":12.3,"comment":"草稿"}"#, token: .some(token))
                        .status == 200)
                let bad = try await server.send(.PUT, "/assignments/\(aid)/score", json: #"{"score":80.25}"#, token: .some(token))
                #expect(try bad.status == 422 && (bad.json()["field"] as? String) == "score")
                if firstScored {
                    // while others are missing, a shortlist with A is refused
                    let early = try await server.send(
                        .POST, "/campaigns/\(campaign)/shortlists", json: #"{"chain":"ic-fab","enterprises":["\#(F.a)"]}"#)
                    #expect(try early.status == 409 && (early.json()["error"] as? String) == "experts_incomplete", "\(early.text)")
                    firstScored = false
                }
                let sent = try await server.send(
                    .PUT, "/assignments/\(aid)/score", json: #"{"score":\#(score),"submit":true}"#, token: .some(token))
                #expect(try sent.status == 200 && (sent.json()["status"] as? String) == "submitted", "\(sent.text)")
                #expect(try await server.send(.PUT, "/assignments/\(aid)/score", json: #"{"score":1}"#, token: .some(token)).status == 409)
            }

            // check: the ranking carries each expert's raw score (fewer than 5 each: not calibrated) and the 70/30 final score
            let ranking = try await server.send(.GET, "/campaigns/\(campaign)/ranking?chain=ic-fab").json()
            let items = try #require(ranking["items"] as? [[String: Any]])
            let itemA = try #require(items.first { $0["enterprise"] as? String == F.a })
            let marks = try #require(itemA["experts"] as? [[String: Any]])
            #expect(marks.count == 2 && marks.allSatisfy { $0["calibratedUsed"] as? Bool == false })
            #expect(abs((itemA["expertScore"] as? Double ?? 0) - 85) < 1e-9)
            let indicatorA = try #require(itemA["indicatorScore"] as? Double)
            #expect(abs((itemA["finalScore"] as? Double ?? 0) - (0.7 * indicatorA + 0.3 * 85)) < 1e-9)
            #expect(itemA["expertsComplete"] as? Bool == true)

            // shortlist A and B; the chief returns it; the official proposes A alone; the chief approves
            let first = try await server.send(
                .POST, "/campaigns/\(campaign)/shortlists", json: #"{"chain":"ic-fab","enterprises":["\#(F.a)","\#(F.b)"],"note":"建议名单"}"#)
            #expect(first.status == 201, "\(first.text)")
            #expect(try first.json()["status"] as? String == "proposed")
            let firstID = try id(first)
            #expect(try await server.send(.POST, "/shortlists/\(firstID)/decision", json: #"{"decision":"approve"}"#).status == 403)
            #expect(
                try await server.send(.POST, "/shortlists/\(firstID)/decision", json: #"{"decision":"approve"}"#, token: .some(otherChief))
                    .status == 403)
            let returned = try await server.send(
                .POST, "/shortlists/\(firstID)/decision", json: #"{"decision":"return","comment":"乙晶圆评分偏低"}"#, token: .some(chief))
            #expect(try returned.status == 200 && (returned.json()["status"] as? String) == "returned", "\(returned.text)")
            let second = try await server.send(
                .POST, "/campaigns/\(campaign)/shortlists", json: #"{"chain":"ic-fab","enterprises":["\#(F.a)"]}"#)
            #expect(second.status == 201, "\(second.text)")
            let secondID = try id(second)
            #expect(try await server.send(.GET, "/shortlists/\(firstID)").json()["status"] as? String == "superseded")
            let approved = try await server.send(
                .POST, "/shortlists/\(secondID)/decision", json: #"{"decision":"approve"}"#, token: .some(chief))
            #expect(try approved.status == 200 && (approved.json()["status"] as? String) == "approved")
            let again = try await server.send(
                .POST, "/shortlists/\(secondID)/decision", json: #"{"decision":"return","comment":"x"}"#, token: .some(chief))
            #expect(again.status == 409)

            // not noticed yet: recognition refused; the notice from today runs 5 working days
            let recognise = #"{"chain":"ic-fab","enterprises":["\#(F.a)"]}"#
            let unnoticed = try await server.send(.POST, "/campaigns/\(campaign)/recognitions", json: recognise)
            #expect(try unnoticed.status == 409 && (unnoticed.json()["error"] as? String) == "not_noticed", "\(unnoticed.text)")
            let published = try await server.send(
                .POST, "/shortlists/\(secondID)/notice", json: #"{"from":"\#(SimpleDate.today())","workingDays":5}"#)
            #expect(published.status == 201, "\(published.text)")
            let notice = try published.json()
            let noticeID = try #require(notice["id"] as? Int)
            #expect(notice["url"] as? String == "/notices/\(noticeID)")
            let calendar = try await ServiceSettings(db: server.sql).calendar()
            let period = NoticePeriod.compute(from: .today(), workingDays: 5, calendar: calendar)
            #expect(notice["noticeUntil"] as? String == period.until.description)
            let running = try await server.send(.POST, "/campaigns/\(campaign)/recognitions", json: recognise)
            #expect(try running.status == 409 && (running.json()["error"] as? String) == "notice_running", "\(running.text)")

            // the public page needs no login; firm B's user objects to A
            let page = try await server.exchange(.GET, server.root + "/notices/\(noticeID)")
            #expect(page.status == 200 && page.text.contains("甲晶圆"))
            let docx = try await server.exchange(.GET, server.root + "/notices/\(noticeID).docx")
            #expect(docx.status == 200 && docx.body.prefix(2) == Data("PK".utf8))
            let objected = try await server.send(
                .POST, "/notices/\(noticeID)/objections", json: #"{"enterprise":"\#(F.a)","reason":"产值数据存疑","contact":"13800000000"}"#,
                token: .some(firmB))
            #expect(try objected.status == 201 && (objected.json()["status"] as? String) == "open", "\(objected.text)")
            let objectionID = try id(objected)
            let byChief = try list(try await server.send(.GET, "/notices/\(noticeID)/objections", token: .some(chief)))
            #expect(byChief.first?["contact"] == nil || byChief.first?["contact"] is NSNull)
            let byOfficial = try list(try await server.send(.GET, "/notices/\(noticeID)/objections"))
            #expect(byOfficial.first?["contact"] as? String == "13800000000")

            // the notice period passes (its end moved back a week); the open objection still holds recognition
            try await server.sql.raw("UPDATE notices SET notice_until = \(bind: SimpleDate.today().adding(days: -7).description)").run()
            let objectionOpen = try await server.send(.POST, "/campaigns/\(campaign)/recognitions", json: recognise)
            #expect(
                try objectionOpen.status == 409 && (objectionOpen.json()["error"] as? String) == "objection_open", "\(objectionOpen.text)")
            let dismissed = try await server.send(
                .POST, "/objections/\(objectionID)/decision", json: #"{"outcome":"dismissed","reason":"经核实数据无误"}"#)
            #expect(try dismissed.status == 200 && (dismissed.json()["status"] as? String) == "dismissed", "\(dismissed.text)")
            let recognised = try await server.send(.POST, "/campaigns/\(campaign)/recognitions", json: recognise)
            #expect(recognised.status == 201, "\(recognised.text)")
            let late = try await server.send(
                .POST, "/notices/\(noticeID)/objections", json: #"{"enterprise":"\#(F.a)","reason":"迟到的异议"}"#, token: .some(firmB))
            #expect(late.status == 409)

            // every step is in the campaign's history, with who
            let history = try list(try await server.send(.GET, "/campaigns/\(campaign)/history"))
            let kinds = history.compactMap { $0["kind"] as? String }
            for k in [
                "assigned", "conflict_declared", "declared", "scored", "shortlist_proposed", "shortlist_returned", "shortlist_approved",
                "noticed", "objection", "objection_dismissed", "recognised",
            ] {
                #expect(kinds.contains(k), "history lacks \(k)")
            }
            #expect(history.first { $0["kind"] as? String == "shortlist_approved" }?["actor"] as? String == "chief_ic")
        }
    }

    @Test func anUpheldObjectionTakesTheFirmOffTheNotice() async throws {
        try await TestServer.with { server in
            // setup: a campaign without experts whose shortlist is approved at once (no chief's stage) and noticed
            try await F().city(server)
            let scheme = try id(
                try await server.send(
                    .POST, "/selection/schemes",
                    json: F.scheme.replacingOccurrences(of: #""pools""#, with: #""stages":{"notice":true},"pools""#)
                        .replacingOccurrences(of: #""minScore":60"#, with: #""minScore":0"#)))
            let campaign = try id(
                try await server.send(
                    .POST, "/campaigns", json: #"{"year":2026,"chains":["ic-fab"],"scheme":\#(scheme),"applyUntil":"2099-12-31"}"#))
            for uscc in [F.a, F.b] {
                #expect(
                    try await server.send(
                        .POST, "/campaigns/\(campaign)/applications", json: #"{"enterprise":"\#(uscc)","chain":"ic-fab"}"#
                    )
                    .status == 201)
            }
            #expect(try await server.send(.POST, "/campaigns/\(campaign)/score").status == 200)
            let proposed = try await server.send(
                .POST, "/campaigns/\(campaign)/shortlists", json: #"{"chain":"ic-fab","enterprises":["\#(F.a)","\#(F.b)"]}"#)
            #expect(try proposed.status == 201 && (proposed.json()["status"] as? String) == "approved", "\(proposed.text)")
            let notice = try id(
                try await server.send(.POST, "/shortlists/\(try id(proposed))/notice", json: #"{"from":"2026-01-05","workingDays":5}"#))
            // act: an objection to B is upheld
            let objection = try id(
                try await server.send(.POST, "/notices/\(notice)/objections", json: #"{"enterprise":"\#(F.b)","reason":"存在未披露的违法记录"}"#))
            let upheld = try await server.send(.POST, "/objections/\(objection)/decision", json: #"{"outcome":"upheld","reason":"情况属实"}"#)
            #expect(upheld.status == 200, "\(upheld.text)")
            // check: B is off the notice and cannot be recognised; A (notice ended, no objection) can
            let firms = try #require(try await server.send(.GET, "/notices/\(notice)").json()["enterprises"] as? [[String: Any]])
            #expect(firms.map { $0["enterprise"] as? String } == [F.a])
            let refused = try await server.send(
                .POST, "/campaigns/\(campaign)/recognitions", json: #"{"chain":"ic-fab","enterprises":["\#(F.b)"]}"#)
            #expect(try refused.status == 409 && (refused.json()["error"] as? String) == "not_shortlisted")
            #expect(
                try await server.send(.POST, "/campaigns/\(campaign)/recognitions", json: #"{"chain":"ic-fab","enterprises":["\#(F.a)"]}"#)
                    .status == 201)
        }
    }

    @Test func aPublicObjectionNeedsTheFormTokenANameAndAPhone() async throws {
        try await TestServer.with { server in
            // setup: a noticed shortlist as above
            try await F().city(server)
            let scheme = try id(
                try await server.send(
                    .POST, "/selection/schemes",
                    json: F.scheme.replacingOccurrences(of: #""pools""#, with: #""stages":{"notice":true},"pools""#)
                        .replacingOccurrences(of: #""minScore":60"#, with: #""minScore":0"#)))
            let campaign = try id(
                try await server.send(
                    .POST, "/campaigns", json: #"{"year":2026,"chains":["ic-fab"],"scheme":\#(scheme),"applyUntil":"2099-12-31"}"#))
            _ = try await server.send(.POST, "/campaigns/\(campaign)/applications", json: #"{"enterprise":"\#(F.a)","chain":"ic-fab"}"#)
            _ = try await server.send(.POST, "/campaigns/\(campaign)/score")
            let shortlist = try id(
                try await server.send(.POST, "/campaigns/\(campaign)/shortlists", json: #"{"chain":"ic-fab","enterprises":["\#(F.a)"]}"#))
            let notice = try id(
                try await server.send(.POST, "/shortlists/\(shortlist)/notice", json: #"{"from":"2026-12-01","workingDays":10}"#))
            // act: the page sets the form token; a post without it is refused, one without a phone too
            let page = try await server.exchange(.GET, server.root + "/notices/\(notice)")
            let cookie = try #require(page.headers.setCookie?[NoticePages.csrfCookie]?.string)
            let form = { (fields: [(String, String)]) in
                try await server.exchange(
                    .POST, server.root + "/notices/\(notice)/objections",
                    headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(NoticePages.csrfCookie)=\(cookie)"],
                    body: Data(formBody(fields).utf8))
            }
            let noToken = try await form([("enterprise", F.a), ("name", "张三"), ("phone", "13800000000"), ("reason", "理由")])
            let noPhone = try await form([("_notice_csrf", cookie), ("enterprise", F.a), ("name", "张三"), ("reason", "理由")])
            let good = try await form([
                ("_notice_csrf", cookie), ("enterprise", F.a), ("name", "张三"), ("phone", "13800000000"), ("reason", "理由"),
            ])
            // check
            #expect(noToken.status == 403)
            #expect(noPhone.status == 422)
            #expect(good.status == 200, "\(good.text.prefix(300))")
            let stored = try list(try await server.send(.GET, "/notices/\(notice)/objections"))
            #expect(stored.count == 1 && stored[0]["objector"] as? String == "张三" && stored[0]["contact"] as? String == "13800000000")
            // a year after the campaign closes the phone is gone
            #expect(try await server.send(.PATCH, "/campaigns/\(campaign)", json: #"{"status":"closed"}"#).status == 200)
            let purged = try await Objections.purgeContacts(server.sql, now: Date().addingTimeInterval(366 * 86_400))
            #expect(purged == 1)
            #expect(try list(try await server.send(.GET, "/notices/\(notice)/objections")).first?["contact"] as? String == nil)
        }
    }
}
