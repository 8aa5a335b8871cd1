import Foundation
import Testing

@testable import App

/// Row checks spread over the cores (issue 21): results in the file's order, and the checks
/// across rows (duplicates, then the pool rule) the same as one row after another.
@Suite struct RowChecksTests {
    @Test func resultsComeBackInTheRowsOrder() async {
        // setup
        let rows = Array(0..<10_007)
        // act
        let spread = await RowChecks.map(rows, minimumPerCore: 100) { $0 * 3 }
        // check
        #expect(spread == rows.map { $0 * 3 })
    }

    @Test func aLongFileReportsADuplicateAcrossTheSplitAndTheTierRule() async throws {
        try await TestServer.with { server in
            // setup: 5,000 firms, so the checks run on more than one core; row 4,900 repeats row 2's
            // code and row 4,901 tries to make a firm a chain leader
            var lines = ["统一社会信用代码,企业名称,所属区县,企业梯队"]
            let codes = (0..<5_000).map { makeUSCC(division: "320214", serial: 20_000 + $0) }
            for (i, code) in codes.enumerated() { lines.append("\(code),企业\(i),新吴区,") }
            lines[4_899] = "\(codes[0]),重复企业,新吴区,"
            lines[4_900] = "\(codes[4_899]),想当链主,新吴区,链主企业"
            // act
            let reply = try await server.send(
                .POST, "/imports/enterprises", body: Data(lines.joined(separator: "\n").utf8), headers: [("Content-Type", "text/csv")])
            // check
            #expect(reply.status == 422, "\(reply.text)")
            let rows = try #require(try reply.json()["rows"] as? [[String: Any]])
            #expect(rows.count == 2, "\(rows)")
            #expect(rows.first?["row"] as? Int == 4_900)
            #expect(rows.first?["column"] as? String == "A")
            #expect((rows.first?["reason"] as? String)?.contains("与第2行") == true, "\(rows)")
            #expect(rows.last?["row"] as? Int == 4_901)
            #expect(rows.last?["column"] as? String == "D")
            let count = try await server.sql.raw("SELECT COUNT(*) AS n FROM enterprises").first(decodingColumn: "n", as: Int.self)
            #expect(count == 0)
        }
    }
}
