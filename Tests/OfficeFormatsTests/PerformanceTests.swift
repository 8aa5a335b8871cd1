import Foundation
import Testing

@testable import OfficeFormats

/// Prints how long reading 100,000 rows x 15 columns takes; no timing is asserted.
/// Runs only with OFFICEFORMATS_PERF=1. OFFICEFORMATS_PERF_FILE may name an .xlsx to read too
/// (e.g. one made by `make_fixtures.py --perf PATH`, with shared strings as Excel saves them).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["OFFICEFORMATS_PERF"] != nil))
struct PerformanceTests {
    @Test func read100kRowsBy15Columns() throws {
        // setup
        let header = (1...15).map { "列\($0)" }
        let rows = (0..<100_000).map(Self.row)
        let clock = ContinuousClock()
        var data = Data()
        let writeTime = try clock.measure {
            data = try XLSXWriter.write(sheetName: "perf", header: header, rows: rows)
        }
        // act
        var read: [SheetRow] = []
        let readTime = try clock.measure { read = try XLSXReader.rows(of: data) }
        // check
        print("OfficeFormats perf: wrote 100,000 x 15 (\(data.count) bytes) in \(writeTime); read it back in \(readTime)")
        #expect(read.count == 100_001)
        #expect(read.last?.cells.count == 15)

        let csv = Data(read.map { row in row.cells.map { $0?.text ?? "" }.joined(separator: ",") }.joined(separator: "\r\n").utf8)
        var csvRows: [SheetRow] = []
        let csvTime = try clock.measure { csvRows = try CSVReader.rows(of: csv) }
        print("OfficeFormats perf: read the same as CSV (\(csv.count) bytes) in \(csvTime)")
        #expect(csvRows.count == 100_001)

        if let path = ProcessInfo.processInfo.environment["OFFICEFORMATS_PERF_FILE"] {
            let file = try Data(contentsOf: URL(fileURLWithPath: path))
            var fileRows: [SheetRow] = []
            let fileTime = try clock.measure { fileRows = try XLSXReader.rows(of: file) }
            print("OfficeFormats perf: read \(path) (\(file.count) bytes, \(fileRows.count) rows) in \(fileTime)")
            #expect(fileRows.count > 0)
        }
    }

    static func row(_ r: Int) -> [XLSXValue] {
        let n = Int64(r)
        var row: [XLSXValue] = []
        row.append(.text("9131000\(r)"))
        row.append(.text("企业\(r)有限公司"))
        row.append(.number(Double(r) * 1.25))
        row.append(.integer(n))
        row.append(.date(year: 2000 + r % 25, month: 1 + r % 12, day: 1 + r % 28))
        row.append(.text("地址\(r % 1000)号"))
        row.append(.integer(n % 7))
        row.append(.text(r % 2 == 0 ? "是" : "否"))
        row.append(.integer(12_345_678_901_234 + n))
        row.append(.text("备注\(r % 50)"))
        row.append(.number(Double(r) / 3))
        row.append(.text("行业\(r % 20)"))
        row.append(.integer(n * 100))
        row.append(.text("固定文本"))
        row.append(.number(Double(r % 13) * 0.5))
        return row
    }
}
