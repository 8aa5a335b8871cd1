import Foundation

/// A Chinese official document (公文) laid out after GB/T 9704-2012: A4 with margins of 37 mm
/// (top), 35 mm (bottom), 28 mm (left) and 26 mm (right); the title in 方正小标宋简体 二号,
/// centred; the body in 仿宋_GB2312 三号 at a fixed 28.95 pt line, first lines indented two
/// characters; the issuing body and date at the end, right-aligned. The fonts are named as East
/// Asian fonts, with a font table whose alternative names (宋体, 仿宋) and GB2312 character set
/// let Word, WPS and LibreOffice fall back where they are not installed.
public struct OfficialDocument: Sendable {
    public var title: String
    public var paragraphs: [String]
    /// An optional table after the paragraphs (header, rows), in 仿宋 四号.
    public var table: (header: [String], rows: [[String]])?
    /// Paragraphs after the table.
    public var closing: [String]
    public var issuer: String
    public var date: String

    public init(
        title: String, paragraphs: [String], table: (header: [String], rows: [[String]])? = nil, closing: [String] = [], issuer: String,
        date: String
    ) {
        self.title = title
        self.paragraphs = paragraphs
        self.table = table
        self.closing = closing
        self.issuer = issuer
        self.date = date
    }
}

public enum OfficialDocumentWriter {
    static let titleFont = "方正小标宋简体", bodyFont = "仿宋_GB2312"
    /// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt.
    static let titleSize = 44, bodySize = 32, tableSize = 28
    /// 28.95 pt in twentieths of a point.
    static let lineExact = 579

    public static func write(_ doc: OfficialDocument, stamp: ExportStamp) throws -> Data {
        let parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(contentTypes.utf8)),
            ("_rels/.rels", Array(DOCXWriter.rootRelationships.utf8)),
            ("docProps/core.xml", Array(stamp.coreProperties(title: doc.title).utf8)),
            ("docProps/app.xml", Array(DOCXWriter.appProperties.utf8)),
            ("word/document.xml", body(doc)),
            ("word/_rels/document.xml.rels", Array(documentRelationships.utf8)),
            ("word/styles.xml", Array(styles.utf8)),
            ("word/fontTable.xml", Array(fontTable.utf8)),
            ("word/settings.xml", Array(DOCXWriter.settings.utf8)),
            ("word/footer1.xml", DOCXWriter.footerXML(stamp.line)),
        ]
        return try ZipWriter.make(parts.map { (path: $0.0, bytes: $0.1) }, modificationDate: stamp.at)
    }

    static func run(_ text: String, font: String, size: Int, to out: inout [UInt8]) {
        out += Array(
            """
            <w:r><w:rPr><w:rFonts w:ascii="\(font)" w:eastAsia="\(font)" w:hAnsi="\(font)" w:hint="eastAsia"/>\
            <w:sz w:val="\(size)"/><w:szCs w:val="\(size)"/></w:rPr><w:t xml:space="preserve">
            """.utf8)
        XLSXWriter.appendEscaped(text, xstring: false, to: &out)
        out += Array("</w:t></w:r>".utf8)
    }

    static func paragraph(
        _ text: String, font: String = bodyFont, size: Int = bodySize, align: String = "both", firstLine: Int = 640, right: Int = 0,
        to out: inout [UInt8]
    ) {
        out += Array(
            """
            <w:p><w:pPr><w:spacing w:line="\(lineExact)" w:lineRule="exact"/>\
            <w:ind w:firstLine="\(firstLine)" w:right="\(right)"/><w:jc w:val="\(align)"/></w:pPr>
            """.utf8)
        run(text, font: font, size: size, to: &out)
        out += Array("</w:p>".utf8)
    }

    static func body(_ doc: OfficialDocument) -> [UInt8] {
        var out = Array(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
            """.utf8)
        paragraph(doc.title, font: titleFont, size: titleSize, align: "center", firstLine: 0, to: &out)
        paragraph("", firstLine: 0, to: &out)
        for p in doc.paragraphs { paragraph(p, to: &out) }
        if let table = doc.table, !table.header.isEmpty {
            let width = 9_354 / table.header.count
            out += Array(
                """
                <w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblBorders>\
                <w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
                <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
                <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
                </w:tblBorders></w:tblPr><w:tblGrid>
                """.utf8)
            for _ in table.header { out += Array(#"<w:gridCol w:w="\#(width)"/>"#.utf8) }
            out += Array("</w:tblGrid>".utf8)
            for (i, row) in ([table.header] + table.rows).enumerated() {
                out += Array((i == 0 ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>").utf8)
                for c in 0..<table.header.count {
                    out += Array(
                        #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>"#.utf8)
                    run(c < row.count ? row[c] : "", font: i == 0 ? "黑体" : bodyFont, size: tableSize, to: &out)
                    out += Array("</w:p></w:tc>".utf8)
                }
                out += Array("</w:tr>".utf8)
            }
            out += Array("</w:tbl>".utf8)
        }
        for p in doc.closing { paragraph(p, to: &out) }
        paragraph("", firstLine: 0, to: &out)
        // The issuing body and date: right-aligned, four characters in from the right margin.
        paragraph(doc.issuer, align: "right", firstLine: 0, right: 1_280, to: &out)
        paragraph(doc.date, align: "right", firstLine: 0, right: 1_280, to: &out)
        out += Array(
            """
            <w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:pgSz w:w="11906" w:h="16838"/>\
            <w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>\
            <w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="0"/></w:sectPr></w:body></w:document>
            """.utf8)
        return out
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
        <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>\
        </Relationships>
        """

    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr>\
        <w:rFonts w:ascii="\(bodyFont)" w:eastAsia="\(bodyFont)" w:hAnsi="\(bodyFont)" w:cs="Times New Roman" w:hint="eastAsia"/>\
        <w:kern w:val="2"/><w:sz w:val="\(bodySize)"/><w:szCs w:val="\(bodySize)"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>\
        </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="\(lineExact)" w:lineRule="exact"/></w:pPr></w:pPrDefault>\
        </w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl/></w:pPr></w:style>\
        </w:styles>
        """

    /// Each font with its GB2312 character set and the names to fall back to.
    private static let fontTable = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:font w:name="\(bodyFont)"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>\
        <w:font w:name="\(titleFont)"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font>\
        <w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>\
        <w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>\
        </w:fonts>
        """

}
