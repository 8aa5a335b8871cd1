import Foundation
import Testing

@testable import OfficeFormats

@Suite struct ExcelDateTests {
    @Test(arguments: [
        (1.0, 1900, 1, 1), (59, 1900, 2, 28), (60, 1900, 2, 29), (61, 1900, 3, 1),
        (45658, 2025, 1, 1), (45658.999, 2025, 1, 1), (2_958_465, 9999, 12, 31),
    ])
    func serialsIn1900System(serial: Double, year: Int, month: Int, day: Int) {
        // setup / act
        let date = ExcelDate.date(fromSerial: serial, date1904: false)
        // check
        #expect(date.map { [$0.year, $0.month, $0.day] } == [year, month, day])
    }

    @Test func serialsOutsideTheRangeAreNotDates() {
        // setup
        let serials: [Double] = [0, 0.5, -1, 2_958_466, .nan, .infinity]
        // act
        let dates = serials.map { ExcelDate.date(fromSerial: $0, date1904: false) }
        // check
        #expect(dates.allSatisfy { $0 == nil })
    }

    @Test func serialsIn1904System() {
        // setup / act
        let first = ExcelDate.date(fromSerial: 0, date1904: true)
        let later = ExcelDate.date(fromSerial: 44196, date1904: true)
        // check
        #expect(first.map { [$0.year, $0.month, $0.day] } == [1904, 1, 1])
        #expect(later.map { [$0.year, $0.month, $0.day] } == [2025, 1, 1])
    }

    @Test func writingSerialsIsTheInverse() {
        // setup
        let dates = [(1900, 1, 1), (1900, 2, 28), (1900, 3, 1), (2025, 1, 1), (2024, 2, 29)]
        // act
        let serials = dates.map { ExcelDate.serial1900(year: $0.0, month: $0.1, day: $0.2) }
        // check
        #expect(serials == [1, 59, 61, 45658, 45351])
        #expect(ExcelDate.serial1900(year: 1899, month: 12, day: 31) == nil)
        #expect(ExcelDate.serial1900(year: 2023, month: 2, day: 29) == nil)
    }
}

@Suite struct DateFormatTests {
    @Test(arguments: [
        "yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "m/d/yy h:mm", "[$-804]yyyy年m月d日", "dd/mm/yyyy;@", "mmm-yy",
        "[DBNum1][$-804]yyyy\"年\"m\"月\"", "d-mmm", "YYYY/MM/DD",
    ])
    func dateFormats(code: String) {
        #expect(Styles.isDateFormat(code))
    }

    @Test(arguments: [
        "General", "0.00", "#,##0", "0.00%", "h:mm", "[h]:mm:ss", "mm:ss", "hh:mm:ss AM/PM", "\"日期\"0", "@",
        "[Red]0.00", "0.00E+00", "#,##0\"元\"", "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
    ])
    func otherFormats(code: String) {
        #expect(!Styles.isDateFormat(code))
    }

    @Test func builtinFormats() {
        // setup
        let ids = Array(0...60)
        // act
        let dates = ids.filter(Styles.isBuiltinDateFormat)
        // check
        #expect(dates == [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58])
    }
}

@Suite struct CellValueTests {
    @Test func displayText() {
        // setup
        let values: [CellValue] = [
            .number(42, raw: "42.0"), .number(12_345_678_901_234, raw: "12345678901234"), .number(1.5, raw: "1.5"),
            .number(1500, raw: "1.5E+3"), .date(year: 2025, month: 1, day: 1), .bool(true), .bool(false),
            .error("#N/A"), .text("文字"),
        ]
        // act
        let texts = values.map(\.text)
        // check
        #expect(texts == ["42", "12345678901234", "1.5", "1500", "2025-01-01", "TRUE", "FALSE", "#N/A", "文字"])
    }

    @Test func rowSubscriptPastTheEndIsEmpty() {
        // setup
        let row = SheetRow(number: 1, cells: [.text("a")])
        // act / check
        #expect(row[column: 0] == .text("a"))
        #expect(row[column: 5] == nil)
        #expect(row[column: -1] == nil)
    }

    @Test func columnNames() {
        #expect([0, 25, 26, 51, 701, 702, 16_383].map(columnName) == ["A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"])
    }
}

@Suite struct SnifferTests {
    @Test func kinds() {
        #expect(SpreadsheetSniffer.kind(of: Data()) == .empty)
        #expect(SpreadsheetSniffer.kind(of: Data([0x50, 0x4B, 0x03, 0x04, 0])) == .xlsx)
        #expect(SpreadsheetSniffer.kind(of: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])) == .legacyXLS)
        #expect(SpreadsheetSniffer.kind(of: Data("a,b".utf8)) == .csv)
        #expect(SpreadsheetSniffer.kind(of: Data("P".utf8)) == .csv)
    }
}
