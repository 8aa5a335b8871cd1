import Foundation
import Testing

@testable import OfficeFormats

@Suite struct XLSXWriterTests {
    static let header = ["统一社会信用代码", "企业名称", "产值(万元)", "成立日期", "纳税人数"]
    static let rows: [[XLSXValue]] = [
        [
            .text("91310000MA1FL5LX3X"), .text("上海<示例>&\"科技\""), .number(12345.67), .date(year: 2025, month: 1, day: 1),
            .integer(12_345_678_901_234),
        ],
        [.text("91440300MA5G8XXX1Y"), .text("第一行\n第二行"), .empty, .date(year: 1900, month: 1, day: 1), .integer(0)],
        [
            .text("  前后空格  "), .text("a\u{1}b\u{FFFE}c"), .number(-0.5), .date(year: 1899, month: 12, day: 31),
            .integer(Int64.max),
        ],
        [
            .text("_x000D_ 字面"), .text("回车\r换行"), .number(1e20), .date(year: 2023, month: 2, day: 30),
            .integer(9_007_199_254_740_993),
        ],
        [.text(""), .empty, .number(0.1), .date(year: 1900, month: 3, day: 1), .integer(-42)],
    ]

    @Test func roundTripThroughTheReader() throws {
        // setup
        let data = try XLSXWriter.write(sheetName: "企业名单", header: Self.header, rows: Self.rows)
        // act
        let read = try XLSXReader.rows(of: data)
        // check
        #expect(
            read == [
                SheetRow(number: 1, cells: Self.header.map { .text($0) }),
                SheetRow(
                    number: 2,
                    cells: [
                        .text("91310000MA1FL5LX3X"), .text("上海<示例>&\"科技\""), .number(12345.67, raw: "12345.67"),
                        .date(year: 2025, month: 1, day: 1), .number(12_345_678_901_234, raw: "12345678901234"),
                    ]),
                SheetRow(
                    number: 3,
                    cells: [
                        .text("91440300MA5G8XXX1Y"), .text("第一行\n第二行"), nil,
                        .date(year: 1900, month: 1, day: 1), .number(0, raw: "0"),
                    ]),
                SheetRow(
                    number: 4,
                    cells: [
                        .text("  前后空格  "), .text("abc"), .number(-0.5, raw: "-0.5"), .text("1899-12-31"),
                        .number(Double(Int64.max), raw: "9223372036854775807"),
                    ]),
                SheetRow(
                    number: 5,
                    cells: [
                        .text("_x000D_ 字面"), .text("回车\r换行"), .number(1e20, raw: "1e+20"), .text("2023-02-30"),
                        .number(9_007_199_254_740_992, raw: "9007199254740993"),
                    ]),
                SheetRow(
                    number: 6,
                    cells: [
                        nil, nil, .number(0.1, raw: "0.1"), .date(year: 1900, month: 3, day: 1),
                        .number(-42, raw: "-42"),
                    ]),
            ])
    }

    @Test func integersBeyond2to53KeepTheirDigits() throws {
        // setup
        let data = try XLSXWriter.write(sheetName: "S", header: ["n"], rows: [[.integer(9_007_199_254_740_993)]])
        // act
        let cell = try XLSXReader.rows(of: data).last?[column: 0]
        // check
        #expect(cell?.text == "9007199254740993")
    }

    @Test func sheetHasFrozenHeaderAutoFilterWidthsAndInlineStrings() throws {
        // setup
        let data = try XLSXWriter.write(sheetName: "S", header: ["a", "b"], rows: [[.text("x"), .integer(1)]], columnWidths: [20, 12.5])
        // act
        let sheet = try #require(try partText(data, "xl/worksheets/sheet1.xml"))
        let styles = try #require(try partText(data, "xl/styles.xml"))
        let workbook = try #require(try partText(data, "xl/workbook.xml"))
        // check
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheet.contains(#"<autoFilter ref="A1:B2"/>"#))
        #expect(sheet.contains(#"<col min="1" max="1" width="20.0" customWidth="1"/>"#))
        #expect(sheet.contains(#"<col min="2" max="2" width="12.5" customWidth="1"/>"#))
        #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>a</t></is></c>"#))
        #expect(sheet.contains(#"<c r="B2"><v>1</v></c>"#))
        #expect(styles.contains(#"numFmtId="14""#))
        #expect(styles.contains("<b/>"))
        #expect(!styles.contains("#,##0"))
        #expect(workbook.contains(#"<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'S'!$A$1:$B$2</definedName>"#))
        for part in ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "xl/_rels/workbook.xml.rels"] {
            #expect(try partText(data, part) != nil, "missing \(part)")
        }
    }

    @Test func estimatedWidthsCountChineseAsDouble() {
        // setup
        let header = ["企业名称", "n"]
        // act
        let widths = XLSXWriter.estimatedWidths(
            header: header, rows: [[.text(String(repeating: "字", count: 20)), .integer(5)]], columns: 2)
        // check
        #expect(widths == [42, 8])
    }

    @Test func sheetNamesFollowExcelsRules() {
        // setup
        let names = ["企业名单[2024]/汇总:全部?", "", "'引号'", String(repeating: "长", count: 40), "History"]
        // act
        let cleaned = names.map(XLSXWriter.sanitizedSheetName)
        // check
        #expect(cleaned == ["企业名单_2024__汇总_全部_", "Sheet1", "引号", String(repeating: "长", count: 31), "Sheet1"])
    }

    @Test func sheetNameWithApostropheIsQuotedInTheFilterName() throws {
        // setup
        let data = try XLSXWriter.write(sheetName: "O'Brien & 子公司", header: ["a"], rows: [])
        // act
        let workbook = try #require(try partText(data, "xl/workbook.xml"))
        // check
        #expect(workbook.contains(#"<sheet name="O'Brien &amp; 子公司" sheetId="1" r:id="rId1"/>"#))
        #expect(workbook.contains("'O''Brien &amp; 子公司'!$A$1:$A$1"))
    }

    @Test func tooLongTextIsRefused() {
        // setup
        let long = String(repeating: "x", count: 32_768)
        // act / check
        #expect(throws: OfficeFormatError.cellTooLarge(row: 2, column: "A", limit: 32_767)) {
            try XLSXWriter.write(sheetName: "S", header: ["a"], rows: [[.text(long)]])
        }
    }

    @Test func noHeaderMeansNoFrozenPaneAndNoFilter() throws {
        // setup
        let data = try XLSXWriter.write(sheetName: "S", header: [], rows: [[.integer(1)]])
        // act
        let sheet = try #require(try partText(data, "xl/worksheets/sheet1.xml"))
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(!sheet.contains("frozen"))
        #expect(!sheet.contains("autoFilter"))
        #expect(rows == [SheetRow(number: 1, cells: [.number(1, raw: "1")])])
    }

    /// Also saves the output when OFFICEFORMATS_EXPORT_DIR is set, so that make_fixtures.py can check
    /// it with openpyxl; the saved copy is the fixture `written_by_xlsxwriter.xlsx`.
    @Test func committedWriterOutputStillReads() throws {
        // setup
        let fresh = try XLSXWriter.write(sheetName: "企业名单", header: Self.header, rows: Self.rows)
        if let directory = ProcessInfo.processInfo.environment["OFFICEFORMATS_EXPORT_DIR"] {
            try fresh.write(to: URL(fileURLWithPath: directory).appendingPathComponent("written_by_xlsxwriter.xlsx"))
        }
        let committed = try Fixture.data("written_by_xlsxwriter", "xlsx")
        // act
        let fromCommitted = try XLSXReader.rows(of: committed)
        let fromFresh = try XLSXReader.rows(of: fresh)
        // check
        #expect(fromCommitted == fromFresh)
    }
}
