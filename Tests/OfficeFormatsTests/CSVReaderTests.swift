import Foundation
import Testing

@testable import OfficeFormats

@Suite struct CSVReaderTests {
    @Test func gb18030WithQuotedCommaAndAFourByteCharacter() throws {
        // setup
        let data = try Fixture.data("gb18030", "csv")
        // act
        let rows = try CSVReader.rows(of: data)
        // check
        #expect(
            rows == [
                SheetRow(number: 1, cells: [.text("统一社会信用代码"), .text("企业名称"), .text("产值(万元)")]),
                SheetRow(number: 2, cells: [.text("91310000MA1FL5LX3X"), .text("上海示例科技有限公司"), .text("12345.67")]),
                SheetRow(number: 3, cells: [.text("91440300MA5G8XXX1Y"), .text("深圳某某制造有限公司,二分厂")]),
                SheetRow(number: 4, cells: [.text("92330100MA2J0XYZ3K"), .text("𠮷野家餐饮店"), .text("0")]),
            ])
    }

    @Test func utf8WithBOM() throws {
        // setup
        let data = try Fixture.data("utf8_bom", "csv")
        // act
        let rows = try CSVReader.rows(of: data)
        // check
        #expect(
            rows == [
                SheetRow(number: 1, cells: [.text("企业名称"), .text("产值(万元)"), .text("备注")]),
                SheetRow(number: 2, cells: [.text("甲公司"), .text("100")]),
                SheetRow(number: 3, cells: [.text("乙公司"), .text("200"), .text("重点")]),
            ])
    }

    @Test func quotesEscapedQuotesEmbeddedLineBreaksAndBlankLines() throws {
        // setup
        let data = try Fixture.data("quoted", "csv")
        // act
        let rows = try CSVReader.rows(of: data)
        // check
        #expect(
            rows == [
                SheetRow(number: 1, cells: [.text("名称"), .text("地址"), .text("说明")]),
                SheetRow(number: 2, cells: [.text("甲公司"), .text("北京市,海淀区"), .text("他说\"你好\"")]),
                SheetRow(number: 3, cells: [.text("乙公司"), nil, .text("第一行\n第二行")]),
                SheetRow(number: 6, cells: [.text("丙公司"), nil, .text("末尾")]),
            ])
    }

    @Test func lineEndingsLFAndCRAndNoFinalLineBreak() throws {
        // setup
        let lf = Data("a,b\n1,2".utf8)
        let cr = Data("a,b\r1,2\r".utf8)
        // act
        let fromLF = try CSVReader.rows(of: lf)
        let fromCR = try CSVReader.rows(of: cr)
        // check
        let expected = [SheetRow(number: 1, cells: [.text("a"), .text("b")]), SheetRow(number: 2, cells: [.text("1"), .text("2")])]
        #expect(fromLF == expected)
        #expect(fromCR == expected)
    }

    @Test func semicolonsAndTabsAreNotSeparators() throws {
        // setup
        let data = Data("a;b\tc,d".utf8)
        // act
        let rows = try CSVReader.rows(of: data)
        // check
        #expect(rows == [SheetRow(number: 1, cells: [.text("a;b\tc"), .text("d")])])
    }

    @Test func quoteInsideAnUnquotedFieldIsKept() throws {
        // setup
        let data = Data("5\"屏幕,\"x\"y\n".utf8)
        // act
        let rows = try CSVReader.rows(of: data)
        // check
        #expect(rows == [SheetRow(number: 1, cells: [.text("5\"屏幕"), .text("xy")])])
    }

    @Test func utf16WithBOM() throws {
        // setup
        let data = Data([0xFF, 0xFE]) + "名称,值\r\n甲,1\r\n".data(using: .utf16LittleEndian)!
        // act
        let rows = try CSVReader.rows(of: data)
        // check
        #expect(rows == [SheetRow(number: 1, cells: [.text("名称"), .text("值")]), SheetRow(number: 2, cells: [.text("甲"), .text("1")])])
    }

    @Test func undecodableBytes() throws {
        // setup: 0xFF is neither UTF-8 nor a GB18030 lead byte.
        let data = Data([0x61, 0x2C, 0xFF, 0xFF, 0x0A])
        // act / check
        #expect(throws: OfficeFormatError.undecodableText) { try CSVReader.rows(of: data) }
    }

    @Test func limits() throws {
        // setup
        let long = Data(("a," + String(repeating: "x", count: 11) + "\nb\nc\n").utf8)
        // act / check
        #expect(throws: OfficeFormatError.cellTooLarge(row: 1, column: "B", limit: 10)) {
            try CSVReader.rows(of: long, maxCellLength: 10)
        }
        #expect(throws: OfficeFormatError.tooManyRows(limit: 2)) { try CSVReader.rows(of: long, maxRows: 2) }
    }

    @Test func unterminatedQuoteRunsToTheEndButStaysWithinTheLimit() throws {
        // setup
        let data = Data(("a,\"" + String(repeating: "很长", count: 100)).utf8)
        // act
        let error = #expect(throws: OfficeFormatError.self) { try CSVReader.rows(of: data, maxCellLength: 50) }
        // check
        #expect(error == .cellTooLarge(row: 1, column: "B", limit: 50))
    }

    @Test func randomInputOnlyEverThrowsOfficeFormatErrors() {
        // setup
        let alphabet: [UInt8] = Array(",\"\r\n a".utf8) + Array("中".utf8) + [0xB0, 0xA1, 0x81, 0x30, 0xFF]
        var seed: UInt64 = 11
        func random(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        var unexpected: [String] = []
        for round in 0..<500 {
            let input = Data((0..<random(60)).map { _ in alphabet[random(alphabet.count)] })
            // act
            do {
                let rows = try CSVReader.rows(of: input)
                if rows.contains(where: { $0.cells.isEmpty || $0.cells.last! == nil }) {
                    unexpected.append("round \(round): trailing empty cell")
                }
            } catch is OfficeFormatError {
            } catch {
                unexpected.append("round \(round): \(error)")
            }
        }
        // check
        #expect(unexpected.isEmpty)
    }

    @Test func spreadsheetReaderSendsTextToTheCSVReader() throws {
        // setup
        let data = try Fixture.data("gb18030", "csv")
        // act
        let rows = try SpreadsheetReader.rows(of: data)
        // check
        #expect(rows.count == 4)
        #expect(SpreadsheetSniffer.kind(of: data) == .csv)
    }
}
