import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App
@testable import OfficeFormats

/// The targets dashboard (Policy G1–G5) on the demo city, on whichever database the suite runs
/// on: every figure of `GET /targets` — value, trend and clusters — equals a count written here
/// in independent SQL, and the page shows the same figures with a drill-down each.
@Suite(.tags(.g1, .g5)) struct DashboardTests {
    func count(_ server: TestServer, _ sql: SQLQueryString) async throws -> Int {
        try await server.sql.raw(sql).first(decodingColumn: "n", as: Int.self) ?? -1
    }

    /// Leaders on 31 December of `year`: recognised by then and not ended by then.
    func leaders(_ server: TestServer, _ year: Int) async throws -> Int {
        try await count(
            server,
            """
            SELECT COUNT(DISTINCT enterprise_uscc) AS n FROM recognitions
            WHERE recognised_on <= \(bind: "\(year)-12-31") AND (status = 'active' OR ended_on > \(bind: "\(year)-12-31"))
            """)
    }

    @Test func everyTargetEqualsAnIndependentCountOnTheDemoCity() async throws {
        try await TestServer.with { server in
            // setup
            try await DemoLoader(db: server.app.db).load(enterprises: 800, seed: 11)
            let year = 2025
            // act
            let reply = try await server.send(.GET, "/targets?year=\(year)")
            let body = try reply.json()
            let targets = try #require(body["targets"] as? [[String: Any]], "\(reply.text)")
            func target(_ code: String) throws -> [String: Any] { try #require(targets.first { $0["code"] as? String == code }) }
            func trend(_ code: String) throws -> [Int: Double] {
                Dictionary(
                    uniqueKeysWithValues: (try target(code)["trend"] as? [[String: Any]] ?? []).map {
                        ($0["year"] as? Int ?? 0, $0["value"] as? Double ?? -1)
                    })
            }
            func clusterSum(_ code: String) throws -> Double {
                (try target(code)["clusters"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["value"] as? Double ?? 0) }
            }

            // check: G1 this year, its trend, its clusters adding up
            #expect(body["asOf"] as? String != nil)
            let g1 = try await leaders(server, year)
            #expect(try target("G1")["value"] as? Double == Double(g1))
            #expect(try trend("G1")[year] == Double(g1))
            #expect(try trend("G1")[year - 1] == Double(try await leaders(server, year - 1)))
            #expect(try clusterSum("G1") == Double(g1))
            // G2: leaders with last year's output (or their latest) ≥ 10 billion
            let g2 = try await count(
                server,
                """
                SELECT COUNT(*) AS n FROM (
                  SELECT r.enterprise_uscc, COALESCE(MAX(f.output_value), MAX(e.latest_output_value)) AS o FROM recognitions r
                  JOIN enterprises e ON e.uscc = r.enterprise_uscc
                  LEFT JOIN figures f ON f.enterprise_uscc = r.enterprise_uscc AND f.year = \(bind: year - 1)
                  WHERE r.recognised_on <= \(bind: "\(year)-12-31") AND (r.status = 'active' OR r.ended_on > \(bind: "\(year)-12-31"))
                  GROUP BY r.enterprise_uscc) x WHERE x.o >= 10000000000
                """)
            #expect(try target("G2")["value"] as? Double == Double(g2))
            // G3 and G4 by year
            for y in [year - 1, year] {
                let g3 = try await count(
                    server,
                    """
                    SELECT COUNT(*) AS n FROM honours WHERE kind = 'single-champion' AND first_time = \(bind: true)
                      AND deleted_at IS NULL AND year = \(bind: y)
                    """)
                #expect(try (trend("G3")[y] ?? 0) == Double(g3))
                let g4 = try await count(
                    server, "SELECT COUNT(*) AS n FROM consortia WHERE level = 'city' AND approved_year = \(bind: y)")
                #expect(try (trend("G4")[y] ?? 0) == Double(g4))
            }
            #expect(try clusterSum("G3") == (try target("G3")["value"] as? Double ?? -1))
            // G5: local share of chain leaders' purchases in the year, by amount
            struct Amounts: Decodable {
                var local: Double?
                var total: Double?
            }
            let scope = server.app.chainLead.supplyScope
            let districts = SQLGroupExpression(SQLList(scope.localDistricts.sorted().map { SQLBind($0) }))
            let excluded = scope.excludedCategories.map(\.rawValue).sorted()
            let categories: SQLQueryString =
                excluded.isEmpty ? "" : " AND l.category NOT IN \(SQLGroupExpression(SQLList(excluded.map { SQLBind($0) })))"
            let a = try #require(
                try await server.sql.raw(
                    """
                    SELECT SUM(CASE WHEN l.supplier_district IN \(districts) THEN CAST(l.amount AS DOUBLE PRECISION) ELSE 0 END) AS local,
                      SUM(CAST(l.amount AS DOUBLE PRECISION)) AS total
                    FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc
                    WHERE l.year = \(bind: year) AND b.tier = 'leader'\(categories)
                    """
                ).first()?.decode(model: Amounts.self, keyDecodingStrategy: .useDefaultKeys))
            let rate = (a.local ?? 0) / (a.total ?? 1)
            let g5 = try target("G5")
            #expect(g5["dataYear"] as? Int == year)
            #expect(abs((g5["value"] as? Double ?? -1) - rate) < 1e-9, "\(g5["value"] ?? "-") vs \(rate)")
            #expect(abs((try trend("G5")[year] ?? -1) - rate) < 1e-9)
            #expect(((g5["clusters"] as? [[String: Any]]) ?? []).count > 1)

            // the page: the five cards with the API's figures and their drill-downs
            let official = try await server.browser("db_official", [Grant(.official, .city)])
            let page = try await server.page(.GET, "/dashboard?year=\(year)", cookie: official.cookie)
            #expect(page.status == 200)
            for code in ["G1", "G2", "G3", "G4", "G5"] { #expect(page.text.contains(#"id="drill-\#(code)""#), "\(code)") }
            #expect(page.text.contains(#"href="/selection/targets?year=\#(year)#g1" id="drill-G1">\#(g1)</a>"#), "\(page.text)")
            #expect(page.text.contains(#"id="clusters-table""#))
            let sheet = try await server.page(.GET, "/dashboard.xlsx?year=\(year)", cookie: official.cookie)
            let rows = try XLSXReader.rows(of: sheet.body)
            let g1Row = try #require(rows.first { $0.cells.first??.text == "G1" })
            #expect(g1Row.cells.count > 4 && g1Row.cells[2]?.text == String(g1))
            let brief = try await server.page(.GET, "/dashboard.docx?year=\(year)", cookie: official.cookie)
            let xml = String(decoding: try ZipReader(data: brief.body).read("word/document.xml") ?? [], as: UTF8.self)
            #expect(xml.contains("\(year)年重点产业链链主企业目标进展简报") && xml.contains("G5"))
        }
    }
}
