import ChainLeadCore
import Foundation
import Testing

/// The responsibility matrix's reference data (Policy S1–S7) read back from the policy's text.
@Suite struct PolicyTasksTests {
    static let numbers = ["一", "二", "三", "四", "五", "六", "七"]

    /// The departments the text names after clause `index` of part three, in its order.
    func named(_ text: String, clause index: Int, title: String) throws -> [String] {
        let head = "（\(Self.numbers[index])）\(title)。"
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(head) }, "\(head) not in the text")
        // The last bracketed group of the line: （…按职责分工负责） or 〔…〕.
        let close = try #require(line.lastIndex { $0 == "）" || $0 == "〕" })
        let openChar: Character = line[close] == "）" ? "（" : "〔"
        var depth = 0
        var start = close
        for i in line[..<close].indices.reversed() {
            if line[i] == "）" { depth += 1 }
            if line[i] == openChar || line[i] == "（" {
                if depth == 0 && line[i] == openChar {
                    start = i
                    break
                }
                if line[i] == "（" { depth -= 1 }
            }
        }
        var inner = String(line[line.index(after: start)..<close])
        if let cut = inner.range(of: "按职责分工负责") { inner = String(inner[..<cut.lowerBound]) }
        return inner.split(whereSeparator: { $0 == "、" || $0 == "，" }).map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "各市（县）区人民政府" && $0 != "无锡经开区管委会" }
    }

    @Test func everyClauseNamesTheDepartmentsTheTextNames() throws {
        // setup: the policy text kept in the repository
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/policy-zh.txt"), encoding: .utf8)
        // act and check
        #expect(PolicyTasks.all.map(\.clause) == ["S1", "S2", "S3", "S4", "S5", "S6", "S7"])
        for (i, task) in PolicyTasks.all.enumerated() {
            #expect(try named(text, clause: i, title: task.title) == task.departments, "\(task.clause)")
        }
        #expect(text.contains("以下均需各市（县）区人民政府、无锡经开区管委会负责，不再列出"))
        #expect(PolicyTasks.all.filter(\.localGovernments).map(\.clause) == ["S2", "S3", "S4", "S5", "S6", "S7"])
    }

    @Test func aQuartersReportIsDueOnTheTenthWorkingDayAfterIt() throws {
        // 2026Q3 ends Wednesday 30 September; 1–7 October are holidays, 10 October is worked:
        // 8, 9, 10, 12, 13, 14, 15, 16, 19, 20 October.
        #expect(PolicyTasks.due(year: 2026, quarter: 3, calendar: .china2026)?.description == "2026-10-20")
        #expect(PolicyTasks.due(year: 2026, quarter: 5, calendar: .china2026) == nil)
    }
}
