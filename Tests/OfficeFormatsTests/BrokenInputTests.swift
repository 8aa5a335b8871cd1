import Foundation
import Testing

@testable import OfficeFormats

@Suite struct BrokenInputTests {
    @Test func emptyFile() throws {
        // setup
        let data = Data()
        // act / check
        #expect(throws: OfficeFormatError.empty) { try XLSXReader.rows(of: data) }
        #expect(throws: OfficeFormatError.empty) { try CSVReader.rows(of: data) }
        #expect(throws: OfficeFormatError.empty) { try SpreadsheetReader.rows(of: data) }
    }

    @Test func legacyXLSHeader() throws {
        // setup
        let data = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
        // act
        let error = #expect(throws: OfficeFormatError.self) { try SpreadsheetReader.rows(of: data) }
        // check
        #expect(error == .legacyXLS)
        #expect(error?.messageZh == "旧版 .xls 文件不支持，请在 Excel 中另存为 .xlsx 后再导入")
        #expect(throws: OfficeFormatError.legacyXLS) { try XLSXReader.rows(of: data) }
    }

    @Test func passwordProtectedXLSXIsAnOLE2FileWithAnEncryptedPackage() throws {
        // setup
        let name = "EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let data = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 100) + name)
        // act / check
        #expect(throws: OfficeFormatError.passwordProtected) { try XLSXReader.rows(of: data) }
    }

    @Test func plainTextIsNotXLSX() throws {
        // setup
        let data = Data("企业名称,产值\n".utf8)
        // act / check
        #expect(throws: OfficeFormatError.notXLSX) { try XLSXReader.rows(of: data) }
    }

    @Test func truncatedZip() throws {
        // setup
        let whole = try Fixture.data("enterprises", "xlsx")
        let half = whole.prefix(whole.count / 2)
        let lastBytesCut = whole.prefix(whole.count - 10)
        // act / check
        #expect(throws: OfficeFormatError.notXLSX) { try XLSXReader.rows(of: half) }
        #expect(throws: OfficeFormatError.notXLSX) { try XLSXReader.rows(of: lastBytesCut) }
        #expect(throws: OfficeFormatError.notXLSX) { try XLSXReader.rows(of: whole.prefix(3)) }
    }

    @Test func zipWithCorruptedCompressedDataThrows() throws {
        // setup: overwrite the middle of the file, where the deflated parts are, with noise.
        var bytes = [UInt8](try Fixture.data("enterprises", "xlsx"))
        var seed: UInt64 = 42
        for i in (bytes.count / 5)..<(bytes.count * 3 / 5) {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[i] = UInt8(truncatingIfNeeded: seed >> 33)
        }
        // act
        let error = #expect(throws: OfficeFormatError.self) { try XLSXReader.rows(of: Data(bytes)) }
        // check
        #expect(error != nil)
    }

    @Test func deflateStreamThatNeverEndsThrowsInsteadOfHanging() throws {
        // setup: a stored block that claims 65,535 bytes but has 5: inflate wants more input than
        // the entry has (ZIPFoundation 0.9.20's Archive.extract loops forever on this).
        let unterminated: [UInt8] = [0x00, 0xFF, 0xFF, 0x00, 0x00] + Array("<work".utf8)
        let data = rawZip([
            (name: "xl/workbook.xml", method: 8, payload: unterminated, uncompressedSize: 100),
            (name: "xl/worksheets/sheet1.xml", method: 0, payload: Array(sheet("").utf8), uncompressedSize: sheet("").utf8.count),
        ])
        // act / check
        #expect(throws: OfficeFormatError.notXLSX) { try XLSXReader.rows(of: data) }
    }

    @Test func entryLargerThanTheLimitIsRefused() throws {
        // setup
        let data = try Fixture.data("enterprises", "xlsx")
        let zip = try ZipReader(data: data, maxEntrySize: 1000)
        // act / check
        #expect(throws: OfficeFormatError.partTooLarge(part: "xl/worksheets/sheet1.xml", limitBytes: 1000)) {
            try zip.read("xl/worksheets/sheet1.xml")
        }
    }

    @Test func garbageSheetXML() throws {
        // setup
        let garbage = [
            "this is not xml <<<>>>", "\u{0}\u{1}\u{2}", "<worksheet><sheetData><row r=\"1\"><c r=\"A1",
            "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c>", "<worksheet><sheetData><row r=x>",
        ]
        for text in garbage {
            let data = try packageWithSheet(text)
            // act
            let error = #expect(throws: OfficeFormatError.self) { try XLSXReader.rows(of: data) }
            // check
            guard case .malformedXML(let part, _) = error else {
                Issue.record("expected malformedXML for \(text.debugDescription), got \(String(describing: error))")
                continue
            }
            #expect(part == "xl/worksheets/sheet1.xml")
        }
    }

    @Test func zipThatIsNotASpreadsheet() throws {
        // setup
        let docx = try ZipWriter.make([(path: "word/document.xml", bytes: Array("<document/>".utf8))])
        // act / check
        #expect(throws: OfficeFormatError.notXLSX) { try XLSXReader.rows(of: docx) }
    }

    @Test func missingWorkbookAndMissingSheet() throws {
        // setup
        let noWorkbook = try ZipWriter.make([(path: "xl/styles.xml", bytes: Array("<styleSheet/>".utf8))])
        let noSheet = try ZipWriter.make([(path: "xl/workbook.xml", bytes: Array("<workbook><sheets/></workbook>".utf8))])
        // act / check
        #expect(throws: OfficeFormatError.missingPart("xl/workbook.xml")) { try XLSXReader.rows(of: noWorkbook) }
        #expect(throws: OfficeFormatError.missingPart("xl/worksheets/sheet1.xml")) { try XLSXReader.rows(of: noSheet) }
    }

    @Test func hugeColumnReferenceIsMalformedNotAHugeAllocation() throws {
        // setup
        let data = try packageWithSheet(sheet(#"<row r="1"><c r="ZZZZZZ1"><v>1</v></c></row>"#))
        // act
        let error = #expect(throws: OfficeFormatError.self) { try XLSXReader.rows(of: data) }
        // check
        guard case .malformedXML = error else {
            Issue.record("expected malformedXML, got \(String(describing: error))")
            return
        }
    }

    /// Damaged files must end in an OfficeFormatError: no crash, no hang, no other error type.
    /// OFFICEFORMATS_MUTATIONS raises the number of rounds for a longer local run.
    @Test func randomDamageOnlyEverThrowsOfficeFormatErrors() throws {
        // setup
        let zipBytes = [UInt8](try Fixture.data("enterprises", "xlsx"))
        let zip = try ZipReader(data: Data(zipBytes))
        let parts = try zip.entries.map { (path: $0.name, bytes: try zip.read($0)) }
        let sheetIndex = try #require(parts.firstIndex { $0.path == "xl/worksheets/sheet1.xml" })
        let rounds = Int(ProcessInfo.processInfo.environment["OFFICEFORMATS_MUTATIONS"] ?? "") ?? 200
        var seed: UInt64 = 7
        func random(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let markup = Array("<>/\"'=&;x ".utf8)
        var unexpected: [String] = []
        for round in 0..<rounds {
            var input: Data
            if round % 2 == 0 {
                var bytes = zipBytes
                for _ in 0...random(8) { bytes[random(bytes.count)] = UInt8(random(256)) }
                input = Data(bytes)
            } else {
                var damaged = parts
                var xml = damaged[sheetIndex].bytes
                for _ in 0...random(8) where !xml.isEmpty {
                    let at = random(xml.count)
                    switch random(3) {
                    case 0: xml[at] = markup[random(markup.count)]
                    case 1: xml.remove(at: at)
                    default: xml.removeSubrange(at..<min(xml.count, at + random(200)))
                    }
                }
                damaged[sheetIndex].bytes = xml
                input = try ZipWriter.make(damaged)
            }
            // act
            do {
                _ = try XLSXReader.rows(of: input)
            } catch is OfficeFormatError {
            } catch {
                unexpected.append("round \(round): \(error)")
            }
        }
        // check
        #expect(unexpected.isEmpty)
    }

    @Test func everyErrorHasChineseAndEnglishMessages() {
        // setup
        let errors: [OfficeFormatError] = [
            .empty, .legacyXLS, .passwordProtected, .notXLSX, .missingPart("xl/workbook.xml"),
            .partTooLarge(part: "xl/worksheets/sheet1.xml", limitBytes: 512 << 20), .workbookTooLarge(limitBytes: 256 << 20),
            .malformedXML(part: "xl/worksheets/sheet1.xml", detail: "no <sheetData>"),
            .cellTooLarge(row: 3, column: "B", limit: 32_767), .tooManyRows(limit: 10), .undecodableText,
            .writeFailed("disk full"),
        ]
        // act
        let messages = errors.map { ($0.messageZh, $0.messageEn) }
        // check
        for (zh, en) in messages {
            #expect(zh.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
            #expect(!en.isEmpty)
        }
        #expect(OfficeFormatError.partTooLarge(part: "p", limitBytes: 512 << 20).messageZh.contains("512 MB"))
    }
}

/// Issue 10, item 4: a workbook whose parts inflate beyond the cap is refused, before or while
/// inflating, and never costs more than the cap.
@Suite struct ZipBombTests {
    static let zeros = [UInt8](repeating: 0x20, count: 2 << 20)

    @Test func partsThatTogetherExceedTheCapAreRefused() throws {
        // setup: three real deflated parts of 2 MiB each (a few KiB compressed), a cap of 5 MiB
        let data = try packageWithSheet(
            sheet("") + String(repeating: " ", count: 2 << 20),
            extraParts: [
                ("xl/sharedStrings.xml", "<sst>" + String(repeating: " ", count: 2 << 20) + "</sst>"),
                ("xl/styles.xml", "<styleSheet>" + String(repeating: " ", count: 2 << 20) + "</styleSheet>"),
            ])
        #expect(data.count < 200_000)
        // act / check
        #expect(throws: OfficeFormatError.workbookTooLarge(limitBytes: 5 << 20)) {
            try XLSXReader.rows(of: data, maxInflatedBytes: 5 << 20)
        }
        // the same file under the default cap reads
        #expect(try XLSXReader.rows(of: data).isEmpty)
    }

    @Test func aDeclaredSizeBeyondTheCapIsRefusedBeforeInflating() throws {
        // setup: a sheet that claims 300 MiB (the default cap is 256 MiB)
        let data = rawZip([
            (name: "xl/workbook.xml", method: 0, payload: Array("<workbook/>".utf8), uncompressedSize: 11),
            (name: "xl/worksheets/sheet1.xml", method: 8, payload: [0x03, 0x00], uncompressedSize: 300 << 20),
        ])
        let zip = try ZipReader(data: data)
        // act / check
        #expect(throws: OfficeFormatError.workbookTooLarge(limitBytes: ZipReader.defaultMaxTotalSize)) {
            try zip.read("xl/worksheets/sheet1.xml")
        }
    }

    @Test func aPartThatInflatesBeyondItsDeclaredSizeIsDamaged() throws {
        // setup: 2 MiB deflated, declared as 1,000 bytes
        let real = try ZipWriter.make([(path: "xl/worksheets/sheet1.xml", bytes: Self.zeros)])
        let zip = try ZipReader(data: real)
        let entry = try #require(zip.entry(named: "xl/worksheets/sheet1.xml"))
        let header = Int(entry.localHeaderOffset)
        let extra = Int(real[header + 28]) | Int(real[header + 29]) << 8
        let start = header + 30 + "xl/worksheets/sheet1.xml".utf8.count + extra
        let payload = Array(real[start..<(start + Int(entry.compressedSize))])
        let lying = rawZip([(name: "xl/worksheets/sheet1.xml", method: 8, payload: payload, uncompressedSize: 1000)])
        let honest = rawZip([(name: "xl/worksheets/sheet1.xml", method: 8, payload: payload, uncompressedSize: Self.zeros.count)])
        #expect(try ZipReader(data: honest).read("xl/worksheets/sheet1.xml") == Self.zeros)
        // act / check
        #expect(throws: OfficeFormatError.notXLSX) { try ZipReader(data: lying).read("xl/worksheets/sheet1.xml") }
    }
}
