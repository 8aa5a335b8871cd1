import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Information security of chain leaders (Policy S6), on whichever database the suite runs on:
/// an inspection, findings late by working days, the firm's rectification, the re-test, what a
/// firm sees, trainings, the figures per cluster and the workbenches.
@Suite(.tags(.s6)) struct InfosecFlowTests {
    static let firm = makeUSCC(division: "320214", serial: 995), other = makeUSCC(division: "320282", serial: 996)

    @Test func aFindingGoesLateIsRectifiedAndRetested() async throws {
        try await TestServer.with { server in
            // setup
            for (u, name) in [(Self.firm, "无锡信安晶圆有限公司"), (Self.other, "宜兴其他电子有限公司")] {
                let r = try await server.send(
                    .POST, "/enterprises", json: #"{"uscc":"\#(u)","name":"\#(name)","district":"320214","segments":["ic-fab-m2"]}"#)
                #expect(r.status == 201, "\(r.text)")
            }
            let owner = try await server.bearer("is_firm", [Grant(.enterprise, .enterprise(Self.firm))])
            let stranger = try await server.bearer("is_other", [Grant(.enterprise, .enterprise(Self.other))])
            // act: an inspection with a finding past its deadline (2026-09-30 → 12 October: 4 working days) and one ahead
            let inspected = try await server.send(
                .POST, "/infosec/inspections",
                json: #"{"enterprise":"\#(Self.firm)","kind":"remote","organisation":"江苏某网络安全测评中心","date":"2026-09-01"}"#)
            let inspection = try #require(try inspected.json()["id"] as? Int, "\(inspected.text)")
            let byFirm = try await server.send(
                .POST, "/infosec/inspections",
                json: #"{"enterprise":"\#(Self.firm)","kind":"onsite","organisation":"x","date":"2026-09-01"}"#, token: .some(owner))
            let late = try await server.send(
                .POST, "/infosec/inspections/\(inspection)/findings",
                json: #"{"title":"对外暴露的管理端口存在弱口令","severity":"critical","owner":"信息部张经理","deadline":"2026-09-30"}"#)
            let lateID = try #require(try late.json()["id"] as? Int, "\(late.text)")
            let ahead = try await server.send(
                .POST, "/infosec/inspections/\(inspection)/findings",
                json:
                    #"{"title":"日志留存不足六个月","severity":"medium","owner":"信息部","deadline":"\#(SimpleDate.today().adding(days: 30).description)"}"#
            )
            let lateList = try await server.send(.GET, "/infosec/inspections?overdue=true")
            let officialPage = try await server.browser("is_official_web", [Grant(.official, .city)])
            let workbench = try await server.page(.GET, "/workbench", cookie: officialPage.cookie)
            // act: the firm rectifies (the stranger cannot), the re-test fails, then passes
            let strangers = try await server.send(
                .POST, "/infosec/findings/\(lateID)/rectification", json: #"{"date":"2026-10-12","rectification":"x"}"#,
                token: .some(stranger))
            let rectified = try await server.send(
                .POST, "/infosec/findings/\(lateID)/rectification", json: #"{"date":"2026-10-12","rectification":"已关闭端口并启用双因素认证"}"#,
                token: .some(owner))
            let twice = try await server.send(
                .POST, "/infosec/findings/\(lateID)/rectification", json: #"{"date":"2026-10-12","rectification":"x"}"#, token: .some(owner)
            )
            let failed = try await server.send(.POST, "/infosec/findings/\(lateID)/retest", json: #"{"passed":false,"date":"2026-10-15"}"#)
            let again = try await server.send(
                .POST, "/infosec/findings/\(lateID)/rectification", json: #"{"date":"2026-10-20","rectification":"更换设备"}"#,
                token: .some(owner))
            let passed = try await server.send(.POST, "/infosec/findings/\(lateID)/retest", json: #"{"passed":true,"date":"2026-10-22"}"#)
            let forStranger = try await server.send(.GET, "/infosec/inspections", token: .some(stranger))
            let training = try await server.send(
                .POST, "/infosec/trainings", json: #"{"date":"2026-11-05","title":"勒索病毒应急演练","kind":"drill","attendees":["\#(Self.firm)"]}"#
            )
            let trainingsForStranger = try await server.send(.GET, "/infosec/trainings", token: .some(stranger))
            let figures = try await server.send(.GET, "/infosec/figures")
            let page = try await server.page(.GET, "/infosec", cookie: officialPage.cookie)

            // check
            #expect(inspected.status == 201 && byFirm.status == 403)
            #expect(late.status == 201 && ahead.status == 201)
            let listed = try #require(try JSONSerialization.jsonObject(with: lateList.body) as? [[String: Any]], "\(lateList.text)")
            let findings = try #require(listed.first?["findings"] as? [[String: Any]])
            let days = Dictionary(uniqueKeysWithValues: findings.map { ($0["id"] as? Int ?? 0, $0["overdueWorkingDays"] as? Int ?? -1) })
            #expect((days[lateID] ?? 0) > 4, "still open long after its deadline: \(days)")
            #expect(days.values.filter { $0 == 0 }.count == 1)
            #expect(workbench.text.contains(#"<li id="wb-infosec" class="urgent">"#), "\(workbench.text)")
            #expect(strangers.status == 404, "another firm cannot even see it")
            #expect(rectified.status == 200, "\(rectified.text)")
            #expect(try rectified.json()["overdueWorkingDays"] as? Int == 0)
            #expect(twice.status == 409)
            #expect(failed.status == 200)
            #expect(try failed.json()["status"] as? String == "open")
            #expect(again.status == 200)
            #expect(passed.status == 200)
            #expect(try passed.json()["status"] as? String == "closed")
            #expect((try JSONSerialization.jsonObject(with: forStranger.body) as? [Any])?.isEmpty == true)
            #expect(training.status == 201, "\(training.text)")
            #expect((try JSONSerialization.jsonObject(with: trainingsForStranger.body) as? [Any])?.isEmpty == true)
            let cluster = try #require((try JSONSerialization.jsonObject(with: figures.body) as? [[String: Any]])?.first, "\(figures.text)")
            #expect(cluster["inspections"] as? Int == 1 && cluster["findings"] as? Int == 2 && cluster["critical"] as? Int == 1)
            #expect(cluster["open"] as? Int == 1 && cluster["overdue"] as? Int == 0)
            #expect(page.status == 200 && page.text.contains(#"id="inspection-\#(inspection)""#) && page.text.contains("复测通过"))
        }
    }
}
