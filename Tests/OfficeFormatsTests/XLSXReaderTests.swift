import Foundation
import Testing

@testable import OfficeFormats

@Suite struct XLSXReaderFixtureTests {
    /// What Excel shows for enterprises.xlsx and enterprises_inline.xlsx (the same workbook with
    /// shared strings and with openpyxl's inline strings).
    static let enterpriseRows: [SheetRow] = [
        SheetRow(number: 1, cells: [.text("2024年度重点企业产值统计表")]),
        SheetRow(number: 2, cells: [.text("说明：产值单位为万元；数据截至2024年12月31日")]),
        SheetRow(
            number: 3,
            cells: [
                "序号", "统一社会信用代码", "企业名称", "产值(万元)", "成立日期", "登记日期(文本)",
                "纳税人识别号", "是否规上", "备注", "产值翻倍(公式)", "名称(公式)",
            ].map { .text($0) }),
        SheetRow(
            number: 4,
            cells: [
                .number(1, raw: "1"), .text("91310000MA1FL5LX3X"), .text("上海示例科技有限公司"),
                .number(12345.67, raw: "12345.67"), .date(year: 2015, month: 3, day: 18), .text("2015-03-18"),
                .number(12_345_678_901_234, raw: "12345678901234"), .bool(true), .text("含<特殊>&\"字符'"),
                .number(24691.34, raw: "24691.34"), .text("上海示例科技有限公司分公司"),
            ]),
        SheetRow(
            number: 5,
            cells: [
                .number(2, raw: "2"), .text("91440300MA5G8XXX1Y"), .text("深圳某某制造有限公司"), nil,
                .date(year: 2000, month: 1, day: 1), .text("2000/1/1"), .number(98_765_432_109_876, raw: "98765432109876"),
                .bool(false), .text("第一行\n第二行"), .number(0, raw: "0"),
            ]),
        SheetRow(
            number: 6,
            cells: [
                .number(3, raw: "3"), .text("91110108MA01ABCD2E"), .text("  前导空格企业"), .number(0.1, raw: "0.1"),
                .date(year: 2024, month: 2, day: 29), .text("二〇二四年二月"), .number(-5, raw: "-5"), nil,
                .number(0.5, raw: "0.5"), .error("#DIV/0!"),
            ]),
        SheetRow(
            number: 8,
            cells: [
                .number(4, raw: "4"), .text("92330100MA2J0XYZ3K"), .text("杭州个体工商户"), .number(0.125, raw: "0.125"),
                .date(year: 1900, month: 3, day: 1), nil, .number(3_000_000_000, raw: "3000000000"),
            ]),
    ]

    @Test func readsSharedStringWorkbookWrittenByOpenpyxl() throws {
        // setup
        let data = try Fixture.data("enterprises", "xlsx")
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(rows == Self.enterpriseRows)
    }

    @Test func readsInlineStringWorkbookWrittenByOpenpyxl() throws {
        // setup
        let data = try Fixture.data("enterprises_inline", "xlsx")
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(rows == Self.enterpriseRows)
    }

    @Test func readsTheSameWorkbookSavedByLibreOffice() throws {
        // setup
        let data = try Fixture.data("enterprises_libreoffice", "xlsx")
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(rows == Self.enterpriseRows)
    }

    @Test func bigIntegerKeepsItsExactDigits() throws {
        // setup
        let data = try Fixture.data("enterprises", "xlsx")
        // act
        let cell = try XLSXReader.rows(of: data).first { $0.number == 4 }?[column: 6]
        // check
        #expect(cell?.text == "12345678901234")
    }

    @Test func handMadeWorkbookWithPrefixesInlineRichTextAndFormulas() throws {
        // setup
        let data = try Fixture.data("inline_strings", "xlsx")
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(
            rows == [
                SheetRow(number: 1, cells: [.text("企业名单（手工构造）")]),
                SheetRow(number: 2, cells: [.text("统一社会信用代码"), .text("企业名称"), .text("产值(万元)"), .text("成立日期")]),
                SheetRow(
                    number: 3,
                    cells: [
                        .text("91330100MA27XYZ12Q"), .text("杭州 示例"), .number(3, raw: "3"),
                        .date(year: 2025, month: 1, day: 1), .text("普通&字符串"), .text(""),
                    ]),
                SheetRow(
                    number: 5,
                    cells: [
                        nil, .text("公式&文本"), .bool(true), .error("#DIV/0!"),
                        .number(Double("123456789012345678")!, raw: "123456789012345678"), .text("<>&\"'中文"), .text("a\rb"),
                        .number(1.5, raw: "1.5"),
                    ]),
                SheetRow(
                    number: 7,
                    cells: [
                        .date(year: 1900, month: 3, day: 1), nil, .date(year: 2024, month: 5, day: 6), .number(1500, raw: "1.5E+3"),
                    ]),
            ])
    }

    @Test func exponentNumberDisplaysAsPlainInteger() throws {
        // setup
        let data = try Fixture.data("inline_strings", "xlsx")
        // act
        let cell = try XLSXReader.rows(of: data).last?[column: 3]
        // check
        #expect(cell?.text == "1500")
    }

    @Test func date1904SystemAndNoWorkbookRelationships() throws {
        // setup
        let data = try Fixture.data("date1904", "xlsx")
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(
            rows == [
                SheetRow(
                    number: 1,
                    cells: [
                        .date(year: 1904, month: 1, day: 1), .date(year: 2025, month: 1, day: 1), .number(44196, raw: "44196"),
                    ])
            ])
    }

    @Test func readerPicksTheSpreadsheetReaderForXLSX() throws {
        // setup
        let data = try Fixture.data("enterprises", "xlsx")
        // act
        let rows = try SpreadsheetReader.rows(of: data)
        // check
        #expect(rows == Self.enterpriseRows)
    }

    @Test func maxRowsCountsRowsWithValues() throws {
        // setup
        let data = try Fixture.data("enterprises", "xlsx")
        // act
        let all = try XLSXReader.rows(of: data, maxRows: 7)
        // check
        #expect(all.count == 7)
        #expect(throws: OfficeFormatError.tooManyRows(limit: 6)) { try XLSXReader.rows(of: data, maxRows: 6) }
    }

    @Test func maxCellLengthNamesTheCell() throws {
        // setup
        let data = try Fixture.data("enterprises", "xlsx")
        // act
        let error = #expect(throws: OfficeFormatError.self) { try XLSXReader.rows(of: data, maxCellLength: 10) }
        // check
        #expect(error == .cellTooLarge(row: 1, column: "A", limit: 10))
        #expect(error?.messageZh == "第 1 行 A 列的内容超过 10 个字符，请精简后再导入")
    }
}

@Suite struct XLSXReaderXMLTests {
    @Test func selfClosingCellsAndRowsWithoutReferences() throws {
        // setup
        let data = try packageWithSheet(
            sheet(
                """
                <row><c s="1"/><c t="inlineStr"><is><t>b</t></is></c><c/><c><v>4</v></c></row>
                <row/>
                <row><c r="C3"><v>7</v></c><c><v>8</v></c></row>
                """))
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(
            rows == [
                SheetRow(number: 1, cells: [nil, .text("b"), nil, .number(4, raw: "4")]),
                SheetRow(number: 3, cells: [nil, nil, .number(7, raw: "7"), .number(8, raw: "8")]),
            ])
    }

    @Test func attributeValuesMayHoldGreaterThanAndSingleQuotes() throws {
        // setup
        let data = try packageWithSheet(
            sheet(
                """
                <row r='1' x:extra="a>b"><c r='A1' t='inlineStr' note="1 > 0"><is><t>ok</t></is></c></row>
                """))
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(rows == [SheetRow(number: 1, cells: [.text("ok")])])
    }

    @Test func cdataCommentsAndLineEndsInText() throws {
        // setup
        let data = try packageWithSheet(
            sheet(
                """
                <row r="1"><c r="A1" t="inlineStr"><is><t>a<![CDATA[<&>]]>b</t></is></c>\
                <!-- <c r="B1"><v>1</v></c> --><c r="C1" t="inlineStr"><is><t>x\r\ny&#13;z</t></is></c></row>
                """))
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(rows == [SheetRow(number: 1, cells: [.text("a<&>b"), nil, .text("x\ny\rz")])])
    }

    @Test func phoneticRunsAreNotPartOfTheText() throws {
        // setup
        let data = try packageWithSheet(
            sheet(
                """
                <row r="1"><c r="A1" t="inlineStr"><is><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c></row>
                """))
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(rows == [SheetRow(number: 1, cells: [.text("東京")])])
    }

    @Test func excelEscapesForControlCharactersAndSurrogatePairs() throws {
        // setup
        let data = try packageWithSheet(
            sheet(
                """
                <row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D__x000A_b_x005F_x0041_ _xD83D__xDE00_</t></is></c></row>
                """))
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(rows == [SheetRow(number: 1, cells: [.text("a\r\nb_x0041_ 😀")])])
    }

    @Test func sharedStringIndexOutOfRangeIsMalformed() throws {
        // setup
        let data = try packageWithSheet(sheet(#"<row r="1"><c r="A1" t="s"><v>5</v></c></row>"#))
        // act
        let error = #expect(throws: OfficeFormatError.self) { try XLSXReader.rows(of: data) }
        // check
        guard case .malformedXML(let part, _) = error else {
            Issue.record("expected malformedXML, got \(String(describing: error))")
            return
        }
        #expect(part == "xl/worksheets/sheet1.xml")
    }

    @Test func cellOverExcelsLimitIsRejected() throws {
        // setup
        let long = String(repeating: "字", count: 32_768)
        let data = try packageWithSheet(
            sheet(#"<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>\#(long)</t></is></c></row>"#))
        // act
        let error = #expect(throws: OfficeFormatError.self) { try XLSXReader.rows(of: data) }
        // check
        #expect(error == .cellTooLarge(row: 1, column: "B", limit: 32_767))
    }

    @Test func cellAtExcelsLimitIsAccepted() throws {
        // setup
        let long = String(repeating: "字", count: 32_767)
        let data = try packageWithSheet(sheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>\#(long)</t></is></c></row>"#))
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(rows.first?[column: 0]?.text.count == 32_767)
    }

    @Test func firstWorksheetSkipsChartsheets() throws {
        // setup
        let workbook = """
            <workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="图表" sheetId="1" r:id="rId1"/><sheet name="数据" sheetId="2" r:id="rId2"/></sheets></workbook>
            """
        let rels = """
            <Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" \
            Target="chartsheets/sheet1.xml"/><Relationship Id="rId2" \
            Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>
            """
        let data = try ZipWriter.make(
            [
                ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels),
                ("xl/chartsheets/sheet1.xml", "<chartsheet/>"),
                ("xl/worksheets/data.xml", sheet(#"<row r="2"><c r="B2" t="inlineStr"><is><t>数据</t></is></c></row>"#)),
            ].map { (path: $0.0, bytes: Array($0.1.utf8)) })
        // act
        let rows = try XLSXReader.rows(of: data)
        // check
        #expect(rows == [SheetRow(number: 2, cells: [nil, .text("数据")])])
    }
}
