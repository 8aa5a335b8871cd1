import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit
import Testing
import Vapor

@testable import App

/// The responsibility matrix (Policy S1–S7) on whichever database the suite runs on: a department
/// reports on its own clauses only, a late quarter's missing reports are overdue, the page and the
/// workbook show the same.
@Suite(.tags(.s6)) struct TaskMatrixTests {
    @Test func aDepartmentReportsItsOwnClausesAndMissingOnesGoOverdue() async throws {
        try await TestServer.with { server in
            // setup: the finance office is named by S5 and S6 only
            let office = try await server.bearer("t_fin", [Grant(.department, .department("市委金融办", head: false))])
            // act
            let reported = try await server.send(
                .POST, "/tasks/S5/reports",
                json: #"{"department":"市委金融办","quarter":"2026Q3","status":"on-track","progress":"已建立融资白名单制度，发布2026Q3名单"}"#,
                token: .some(office))
            let notNamed = try await server.send(
                .POST, "/tasks/S2/reports", json: #"{"department":"市委金融办","quarter":"2026Q3","status":"done","progress":"x"}"#,
                token: .some(office))
            let forOthers = try await server.send(
                .POST, "/tasks/S5/reports", json: #"{"department":"市财政局","quarter":"2026Q3","status":"done","progress":"x"}"#,
                token: .some(office))
            let replaced = try await server.send(
                .POST, "/tasks/S5/reports", json: #"{"department":"市委金融办","quarter":"2026Q3","status":"done","progress":"已完成"}"#,
                token: .some(office))
            let matrix = try await server.send(.GET, "/tasks?quarter=2026Q3")
            let official = try await server.browser("t_official", [Grant(.official, .city)])
            let page = try await server.page(.GET, "/tasks?quarter=2026Q3", cookie: official.cookie)
            let sheet = try await server.page(.GET, "/tasks.xlsx?quarter=2026Q3", cookie: official.cookie)
            let byOfficial = try await server.page(
                .POST, "/tasks/reports", cookie: official.cookie,
                form: formBody([
                    ("_csrf", official.csrf), ("pair", "S7|市委宣传部"), ("quarter", "2026Q3"), ("status", "behind"),
                    ("progress", "案例汇编正在征集"),
                ]))
            #expect(byOfficial.status == 303, "\(byOfficial.text.prefix(3000))")
            // check
            #expect(reported.status == 200, "\(reported.text)")
            #expect(notNamed.status == 422)
            #expect(try notNamed.json()["field"] as? String == "department")
            #expect(forOthers.status == 403)
            #expect(replaced.status == 200)
            let tasks = try #require(try matrix.json()["tasks"] as? [[String: Any]], "\(matrix.text)")
            #expect(try matrix.json()["due"] as? String == "2026-10-20")
            let s5 = try #require(tasks.first { $0["clause"] as? String == "S5" }?["departments"] as? [[String: Any]])
            let mine = try #require(s5.first { $0["department"] as? String == "市委金融办" })
            #expect(mine["status"] as? String == "done" && mine["overdue"] as? Bool == false)
            // 2026Q3's reports were due on 20 October: every other cell is overdue today
            #expect(s5.filter { $0["overdue"] as? Bool == true }.count == s5.count - 1)
            #expect(page.status == 200 && page.text.contains(#"class="task done""#) && page.text.contains("逾期未报"))
            #expect(page.text.contains(#"<option value="S7|市委宣传部">"#), "the official reports for any department named after a clause")
            let rows = try XLSXReader.rows(of: sheet.body)
            #expect(rows.contains { $0.cells.first??.text == "S5" && $0.cells[2]?.text == "市委金融办" && $0.cells[3]?.text == "已完成" })
            let audited = try await server.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE entity = 'task_report'").first(
                decodingColumn: "n", as: Int.self)
            #expect(audited == 3, "two reports of the finance office (one replaced) and one by an official")
        }
    }
}
