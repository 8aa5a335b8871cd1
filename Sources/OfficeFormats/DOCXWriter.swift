import Foundation

/// A Word document to write: a title for the document properties and the body, block by block.
public struct DOCXDocument: Sendable {
    /// Goes to the document properties (`dc:title`), not into the body.
    public var title: String
    public var blocks: [DOCXBlock]

    public init(title: String, blocks: [DOCXBlock] = []) {
        self.title = title
        self.blocks = blocks
    }
}

public enum DOCXBlock: Sendable {
    /// Level 1–3 (others are clamped), styled Heading1–Heading3.
    case heading(String, level: Int)
    case paragraph(String)
    /// A bulleted list item; consecutive bullets form one list.
    case bullet(String)
    /// A full-width bordered table whose bold header row repeats on every page.
    /// Rows shorter than the widest row are padded with empty cells.
    case table(header: [String], rows: [[String]])
    case pageBreak
}

/// Writes a minimal WordprocessingML package (.docx): A4 pages, Calibri with SimSun (宋体) for Chinese
/// text, headings 1–3, a bullet list and a bordered table style.
/// In text, "\n", "\r\n" and "\r" become line breaks (`<w:br/>`) and "\t" a tab; characters XML 1.0
/// does not allow are dropped.
public enum DOCXWriter {
    /// A4 in twentieths of a point, and margins of 2.54 cm (top and bottom) and 3.17 cm (left and right).
    static let pageWidth = 11_906, pageHeight = 16_838
    static let marginTop = 1_440, marginBottom = 1_440, marginLeft = 1_800, marginRight = 1_800
    static var textWidth: Int { pageWidth - marginLeft - marginRight }

    static let creator = "ChainLead 链主通"

    /// - Parameter created: written as the creation and modification dates of the document properties
    ///   and as the zip entries' dates; nil leaves the dates out of the properties.
    /// - Parameter stamp: who exported it and when: the document properties (creator, dates,
    ///   description) and a footer line on every page; it then sets the dates instead of `created`.
    public static func write(_ document: DOCXDocument, created: Date? = nil, stamp: ExportStamp? = nil) throws -> Data {
        var parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array((stamp == nil ? contentTypes : contentTypesWithFooter).utf8)),
            ("_rels/.rels", Array(rootRelationships.utf8)),
            (
                "docProps/core.xml",
                Array((stamp?.coreProperties(title: document.title) ?? coreProperties(title: document.title, created: created)).utf8)
            ),
            ("docProps/app.xml", Array(appProperties.utf8)),
            ("word/document.xml", documentXML(document.blocks, footer: stamp != nil)),
            ("word/_rels/document.xml.rels", Array((stamp == nil ? documentRelationships : documentRelationshipsWithFooter).utf8)),
            ("word/styles.xml", Array(styles.utf8)),
            ("word/numbering.xml", Array(numbering.utf8)),
            ("word/settings.xml", Array(settings.utf8)),
        ]
        if let stamp { parts.append(("word/footer1.xml", footerXML(stamp.line))) }
        return try ZipWriter.make(parts.map { (path: $0.0, bytes: $0.1) }, modificationDate: stamp?.at ?? created ?? Date())
    }

    static func footerXML(_ line: String) -> [UInt8] {
        var out = Array(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"         xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">        <w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr><w:t xml:space="preserve">
            """.utf8)
        XLSXWriter.appendEscaped(line, xstring: false, to: &out)
        out += Array("</w:t></w:r></w:p></w:ftr>".utf8)
        return out
    }

    // MARK: Body

    static func documentXML(_ blocks: [DOCXBlock], footer: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024 + blocks.count * 128)
        out += Array(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
            """.utf8)
        var endsWithTable = false
        for block in blocks {
            endsWithTable = false
            switch block {
            case .heading(let text, let level):
                appendParagraph(text, style: "Heading\(min(max(level, 1), 3))", to: &out)
            case .paragraph(let text):
                appendParagraph(text, style: nil, to: &out)
            case .bullet(let text):
                appendParagraph(text, style: "ListBullet", numbered: true, to: &out)
            case .table(let header, let rows):
                endsWithTable = appendTable(header: header, rows: rows, to: &out)
            case .pageBreak:
                out += Array(#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#.utf8)
            }
        }
        // Word wants a paragraph after a table that ends the body, and an empty body reads better with one.
        if blocks.isEmpty || endsWithTable { out += Array("<w:p/>".utf8) }
        out += Array(
            """
            <w:sectPr>\(footer ? #"<w:footerReference w:type="default" r:id="rId4"/>"# : "")<w:pgSz w:w="\(pageWidth)" w:h="\(pageHeight)"/>\
            <w:pgMar w:top="\(marginTop)" w:right="\(marginRight)" w:bottom="\(marginBottom)" w:left="\(marginLeft)" \
            w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/>\
            <w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr></w:body></w:document>
            """.utf8)
        return out
    }

    private static func appendParagraph(_ text: String, style: String?, numbered: Bool = false, to out: inout [UInt8]) {
        out += Array("<w:p>".utf8)
        if let style {
            out += Array(#"<w:pPr><w:pStyle w:val="\#(style)"/>"#.utf8)
            if numbered { out += Array(#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="\#(bulletNumberingId)"/></w:numPr>"#.utf8) }
            out += Array("</w:pPr>".utf8)
        }
        appendRun(text, bold: false, to: &out)
        out += Array("</w:p>".utf8)
    }

    /// One run: text in `<w:t>` pieces separated by `<w:br/>` and `<w:tab/>`. Nothing for empty text.
    private static func appendRun(_ text: String, bold: Bool, to out: inout [UInt8]) {
        guard !text.isEmpty else { return }
        out += Array((bold ? "<w:r><w:rPr><w:b/><w:bCs/></w:rPr>" : "<w:r>").utf8)
        var piece = ""
        var afterCR = false
        for scalar in text.unicodeScalars {
            let breakTag: String
            switch scalar {
            case "\n" where afterCR:
                afterCR = false
                continue
            case "\r", "\n": breakTag = "<w:br/>"
            case "\t": breakTag = "<w:tab/>"
            default:
                afterCR = false
                piece.unicodeScalars.append(scalar)
                continue
            }
            afterCR = scalar == "\r"
            appendText(piece, to: &out)
            piece = ""
            out += Array(breakTag.utf8)
        }
        appendText(piece, to: &out)
        out += Array("</w:r>".utf8)
    }

    private static func appendText(_ piece: String, to out: inout [UInt8]) {
        guard !piece.isEmpty else { return }
        out += Array(#"<w:t xml:space="preserve">"#.utf8)
        XLSXWriter.appendEscaped(piece, xstring: false, to: &out)
        out += Array("</w:t>".utf8)
    }

    /// - Returns: false when the table has no columns and nothing was written.
    private static func appendTable(header: [String], rows: [[String]], to out: inout [UInt8]) -> Bool {
        let columnCount = max(header.count, rows.map(\.count).max() ?? 0)
        guard columnCount > 0 else { return false }
        let columnWidth = textWidth / columnCount
        out += Array(
            """
            <w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>\
            <w:tblLayout w:type="fixed"/>\
            <w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>\
            </w:tblPr><w:tblGrid>
            """.utf8)
        let gridColumn = Array(#"<w:gridCol w:w="\#(columnWidth)"/>"#.utf8)
        for _ in 0..<columnCount { out += gridColumn }
        out += Array("</w:tblGrid>".utf8)
        let cellWidth = #"<w:tcW w:w="\#(columnWidth)" w:type="dxa"/>"#
        func appendRow(_ cells: [String], isHeader: Bool) {
            out += Array((isHeader ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "<w:tr><w:trPr><w:cantSplit/></w:trPr>").utf8)
            for column in 0..<columnCount {
                let shading = isHeader ? #"<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>"# : ""
                out += Array("<w:tc><w:tcPr>\(cellWidth)\(shading)</w:tcPr><w:p>".utf8)
                if column < cells.count { appendRun(cells[column], bold: isHeader, to: &out) }
                out += Array("</w:p></w:tc>".utf8)
            }
            out += Array("</w:tr>".utf8)
        }
        if !header.isEmpty { appendRow(header, isHeader: true) }
        for row in rows { appendRow(row, isHeader: false) }
        out += Array("</w:tbl>".utf8)
        return true
    }

    // MARK: Package parts

    static let bulletNumberingId = 1

    private static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    private static let contentTypesWithFooter = contentTypes.replacingOccurrences(
        of: "</Types>",
        with:
            #"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>"#
    )

    private static let documentRelationshipsWithFooter = documentRelationships.replacingOccurrences(
        of: "</Relationships>",
        with:
            #"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#
    )

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    private static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
        </Relationships>
        """

    static let appProperties = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>ChainLead</Application></Properties>
        """

    static func coreProperties(title: String, created: Date?) -> String {
        func escaped(_ s: String) -> String {
            var out: [UInt8] = []
            XLSXWriter.appendEscaped(s, xstring: false, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        var dates = ""
        if let created {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            formatter.timeZone = TimeZone(identifier: "UTC")
            let stamp = formatter.string(from: created)
            dates =
                #"<dcterms:created xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:created>"#
                + #"<dcterms:modified xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:modified>"#
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(escaped(title))</dc:title><dc:creator>\(creator)</dc:creator>\
            <cp:lastModifiedBy>\(creator)</cp:lastModifiedBy>\(dates)</cp:coreProperties>
            """
    }

    /// Word's own sequence of elements is kept in every property list (Word rejects others).
    /// Paragraphs are left-aligned: justified, a line that ends in `<w:br/>` would be stretched across the page.
    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr>\
        <w:rFonts w:ascii="Calibri" w:eastAsia="SimSun" w:hAnsi="Calibri" w:cs="Times New Roman"/>\
        <w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>\
        </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault>\
        </w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:widowControl/></w:pPr>\
        <w:rPr><w:rFonts w:ascii="Calibri" w:eastAsia="SimSun" w:hAnsi="Calibri"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="340" w:after="330" w:line="240" w:lineRule="auto"/>\
        <w:outlineLvl w:val="0"/></w:pPr>\
        <w:rPr><w:rFonts w:eastAsia="SimHei"/><w:b/><w:bCs/><w:kern w:val="44"/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="260" w:after="260" w:line="240" w:lineRule="auto"/>\
        <w:outlineLvl w:val="1"/></w:pPr>\
        <w:rPr><w:rFonts w:eastAsia="SimHei"/><w:b/><w:bCs/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="120" w:line="240" w:lineRule="auto"/>\
        <w:outlineLvl w:val="2"/></w:pPr>\
        <w:rPr><w:rFonts w:eastAsia="SimHei"/><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>\
        <w:uiPriority w:val="99"/><w:unhideWhenUsed/>\
        <w:pPr><w:numPr><w:numId w:val="\(bulletNumberingId)"/></w:numPr><w:spacing w:after="60"/><w:contextualSpacing/></w:pPr></w:style>\
        <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>\
        <w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
        <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>\
        <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>\
        <w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
        <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>\
        <w:uiPriority w:val="39"/>\
        <w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>\
        <w:tblPr><w:tblBorders>\
        <w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
        <w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
        <w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
        <w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
        </w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>\
        <w:bottom w:w="28" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>\
        </w:style>\
        <w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>\
        <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
        </w:styles>
        """

    private static let numbering = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>\
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/>\
        <w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr>\
        <w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:hint="default"/></w:rPr></w:lvl></w:abstractNum>\
        <w:num w:numId="\(bulletNumberingId)"><w:abstractNumId w:val="0"/></w:num>\
        </w:numbering>
        """

    /// Compatibility mode 15 keeps Word from opening the file in compatibility mode; punctuation is
    /// compressed as in Chinese documents.
    static let settings = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>\
        <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
        </w:settings>
        """
}
