import Foundation
import Testing
import ZIPFoundation

@testable import OfficeFormats

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct DOCXWriterTests {
    static let requiredParts = [
        "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
        "word/styles.xml", "word/numbering.xml", "docProps/core.xml", "docProps/app.xml",
    ]
    static let header = ["序号", "企业名称", "统一社会信用代码", "产值(万元)"]
    static let rows = [
        ["1", "上海<示例>&\"科技\"有限公司", "91310000MA1FL5LX3X", "12345.67"],
        ["2", "  前后空格  ", "91440300MA5G8XXX1Y", ""],
        ["3", "第一行\n第二行", "a\u{1}b\u{FFFE}c", "0"],
    ]
    static let document = DOCXDocument(
        title: "集成电路产业链 <招商> 报告 & 附表",
        blocks: [
            .heading("一、产业链概况", level: 1),
            .paragraph("甲 & 乙 <丙> \"丁\"\n第二行\r\n第三行\t制表"),
            .heading("（一）链主企业", level: 2),
            .bullet("链主企业：5 家"),
            .bullet("配套率 62%"),
            .heading("1. 重点企业名单", level: 3),
            .table(header: header, rows: rows),
            .pageBreak,
            .heading("二、附录", level: 9),
            .paragraph(""),
        ])

    // MARK: Helpers

    /// Every entry of the package, read through ZIPFoundation.
    static func entries(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }

    /// Collects the text of each `w:p`: `w:t` text, `w:br` as "\n" (a page break as "\u{C}"), `w:tab` as "\t".
    final class TextCollector: NSObject, XMLParserDelegate {
        var paragraphs: [String] = []
        var allText = ""
        var elements: [String: Int] = [:]
        var headerRows = 0
        private var inText = false
        private var current = ""

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            elements[element, default: 0] += 1
            switch element {
            case "w:p": current = ""
            case "w:t": inText = true
            case "w:br": current += attributes["w:type"] == "page" ? "\u{C}" : "\n"
            case "w:tab": current += "\t"
            case "w:tblHeader": headerRows += 1
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText {
                current += string
                allText += string
            }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if element == "w:t" { inText = false }
            if element == "w:p" { paragraphs.append(current) }
        }
    }

    static func parse(_ xml: String?) -> (wellFormed: Bool, collector: TextCollector) {
        let parser = XMLParser(data: Data((xml ?? "").utf8))
        let collector = TextCollector()
        parser.delegate = collector
        let ok = parser.parse()
        return (ok && xml != nil, collector)
    }

    // MARK: Tests

    @Test func packageHasEveryPartAndEachIsWellFormed() throws {
        // setup
        let data = try DOCXWriter.write(Self.document)
        // act
        let parts = try Self.entries(data)
        // check
        for part in Self.requiredParts {
            #expect(parts[part] != nil, "missing \(part)")
            #expect(Self.parse(parts[part]).wellFormed, "malformed \(part)")
        }
        let types = try #require(parts["[Content_Types].xml"])
        #expect(
            types.contains(
                #"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#
            ))
        #expect(try #require(parts["_rels/.rels"]).contains(#"Target="word/document.xml""#))
        let documentRels = try #require(parts["word/_rels/document.xml.rels"])
        #expect(documentRels.contains(#"Target="styles.xml""#))
        #expect(documentRels.contains(#"Target="numbering.xml""#))
    }

    @Test func textRoundTripsWithEscapedCharactersAndLineBreaks() throws {
        // setup
        let data = try DOCXWriter.write(Self.document)
        // act
        let parts = try Self.entries(data)
        let (wellFormed, body) = Self.parse(parts["word/document.xml"])
        // check
        #expect(wellFormed)
        let paragraphs = body.paragraphs
        for expected in [
            "一、产业链概况", "甲 & 乙 <丙> \"丁\"\n第二行\n第三行\t制表", "（一）链主企业", "链主企业：5 家",
            "配套率 62%", "1. 重点企业名单", "二、附录", "\u{C}",
        ] {
            #expect(paragraphs.contains(expected), "no paragraph \(expected.debugDescription)")
        }
        for cell in Self.header + [
            "1", "上海<示例>&\"科技\"有限公司", "91310000MA1FL5LX3X", "12345.67", "2", "  前后空格  ",
            "91440300MA5G8XXX1Y", "3", "第一行\n第二行", "abc", "0",
        ] {
            #expect(paragraphs.contains(cell), "no cell \(cell.debugDescription)")
        }
        for text in ["一、产业链概况", "甲 & 乙 <丙> \"丁\"", "第二行", "上海<示例>&\"科技\"有限公司", "统一社会信用代码"] {
            #expect(body.allText.contains(text))
        }
        #expect(!body.allText.contains("\u{1}"))
        // 4 columns, a header row and 3 rows; the header row repeats on each page.
        #expect(body.elements["w:tbl"] == 1)
        #expect(body.elements["w:tr"] == 4)
        #expect(body.elements["w:tc"] == 16)
        #expect(body.elements["w:gridCol"] == 4)
        #expect(body.headerRows == 1)
    }

    @Test func layoutStylesAndProperties() throws {
        // setup
        let created = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00:00Z
        let data = try DOCXWriter.write(Self.document, created: created)
        // act
        let parts = try Self.entries(data)
        let document = try #require(parts["word/document.xml"])
        let styles = try #require(parts["word/styles.xml"])
        let numbering = try #require(parts["word/numbering.xml"])
        let core = try #require(parts["docProps/core.xml"])
        // check
        #expect(document.contains(#"<w:pgSz w:w="11906" w:h="16838"/>"#))
        #expect(document.contains(#"<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800""#))
        #expect(document.contains(#"<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>"#))
        #expect(document.contains(#"<w:pStyle w:val="Heading2"/>"#))
        #expect(document.contains(#"<w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t xml:space="preserve">1. 重点企业名单"#))
        #expect(document.contains(#"<w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t xml:space="preserve">二、附录"#))
        #expect(document.contains(#"<w:pStyle w:val="ListBullet"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#))
        #expect(
            document.contains(
                #"甲 &amp; 乙 &lt;丙&gt; &quot;丁&quot;</w:t><w:br/><w:t xml:space="preserve">第二行</w:t><w:br/>"#
                    + #"<w:t xml:space="preserve">第三行</w:t><w:tab/><w:t xml:space="preserve">制表</w:t></w:r>"#))
        #expect(document.contains(#"<w:br w:type="page"/>"#))
        #expect(document.contains(#"<w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>"#))
        #expect(document.contains(#"<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"#))
        #expect(document.contains(#"<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">序号</w:t></w:r>"#))
        #expect(document.contains(#"<w:t xml:space="preserve">  前后空格  </w:t>"#))
        // The last block is a paragraph: no empty one is added before the section properties.
        #expect(document.hasSuffix("</w:sectPr></w:body></w:document>"))
        for id in ["Normal", "Heading1", "Heading2", "Heading3", "ListBullet", "TableGrid"] {
            #expect(styles.contains(#"w:styleId="\#(id)""#), "no style \(id)")
        }
        #expect(styles.contains(#"w:ascii="Calibri" w:eastAsia="SimSun""#))
        #expect(styles.contains(#"<w:insideV w:val="single""#))
        #expect(numbering.contains(#"<w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>"#))
        #expect(core.contains("<dc:title>集成电路产业链 &lt;招商&gt; 报告 &amp; 附表</dc:title>"))
        #expect(core.contains("<dc:creator>ChainLead 链主通</dc:creator>"))
        #expect(core.contains(#"<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>"#))
        #expect(Self.parse(core).wellFormed)
    }

    @Test func sameInputAndDateGiveTheSameBytes() throws {
        // setup
        let created = Date(timeIntervalSince1970: 1_735_689_600)
        // act
        let first = try DOCXWriter.write(Self.document, created: created)
        let second = try DOCXWriter.write(Self.document, created: created)
        // check
        #expect(first == second)
        #expect(!(try Self.entries(first)["docProps/core.xml"] ?? "").isEmpty)
    }

    @Test func emptyDocumentIsStillAValidPackage() throws {
        // setup
        let empty = DOCXDocument(title: "", blocks: [])
        // act
        let data = try DOCXWriter.write(empty)
        let parts = try Self.entries(data)
        // check
        for part in Self.requiredParts {
            #expect(Self.parse(parts[part]).wellFormed, "missing or malformed \(part)")
        }
        let document = try #require(parts["word/document.xml"])
        #expect(document.contains("<w:body><w:p/><w:sectPr>"))
        #expect(!(try #require(parts["docProps/core.xml"])).contains("dcterms:created"))
    }

    @Test func tableEdgeCases() throws {
        // setup: a table without columns is left out; one ending the body gets a paragraph after it;
        // short rows are padded; a table without a header has no repeating row.
        let document = DOCXDocument(
            title: "t",
            blocks: [
                .table(header: [], rows: []),
                .table(header: [], rows: [[]]),
                .table(header: [], rows: [["a", "b", "c"], ["d"]]),
            ])
        // act
        let parts = try Self.entries(try DOCXWriter.write(document))
        let xml = try #require(parts["word/document.xml"])
        let (wellFormed, body) = Self.parse(xml)
        // check
        #expect(wellFormed)
        #expect(body.elements["w:tbl"] == 1)
        #expect(body.elements["w:tc"] == 6)
        #expect(body.headerRows == 0)
        #expect(xml.contains(#"<w:gridCol w:w="2768"/>"#))
        #expect(xml.contains("</w:tbl><w:p/><w:sectPr>"))
    }
}
