import Foundation

/// The yearly case book 《重点产业链链主企业创新发展案例汇编》 (Policy S7): a cover, a table of
/// contents, one chapter per cluster and in it each selected case with its firm's key figures and
/// pictures. Written by `CaseBookWriter`.
public struct CaseBook: Sendable {
    public struct Case: Sendable {
        public var title: String
        /// "企业：… 产业链：… 类别：…"
        public var byline: String
        /// (label, value) rows of the key-figures table.
        public var figures: [(String, String)]
        public var paragraphs: [String]
        public var pictures: [(picture: Picture, caption: String)]

        public init(
            title: String, byline: String, figures: [(String, String)], paragraphs: [String],
            pictures: [(picture: Picture, caption: String)]
        ) {
            self.title = title
            self.byline = byline
            self.figures = figures
            self.paragraphs = paragraphs
            self.pictures = pictures
        }
    }

    public struct Chapter: Sendable {
        public var title: String
        public var cases: [Case]

        public init(title: String, cases: [Case]) {
            self.title = title
            self.cases = cases
        }
    }

    public var title: String
    public var subtitle: String
    public var issuer: String
    public var date: String
    public var chapters: [Chapter]

    public init(title: String, subtitle: String, issuer: String, date: String, chapters: [Chapter]) {
        self.title = title
        self.subtitle = subtitle
        self.issuer = issuer
        self.date = date
        self.chapters = chapters
    }
}

/// Writes a `CaseBook` as `.docx`. Chapters are `Heading 1` and cases `Heading 2` (outline levels
/// 1 and 2), which the TOC field collects; the field carries the headings as its last result, so a
/// reader that does not refresh fields still shows them, and `updateFields` asks Word to add page
/// numbers on opening. Pictures are inline drawings scaled to the text width. Fonts follow the
/// official documents: 方正小标宋简体 title, 黑体 chapters, 楷体_GB2312 cases, 仿宋_GB2312 text.
public enum CaseBookWriter {
    static let heiti = "黑体", kaiti = "楷体_GB2312"
    /// The text width in EMU (A4 less the official margins: 156 mm).
    static let maxWidthEMU = 5_615_940
    static let emuPerPixel = 9_525

    public static func write(_ book: CaseBook, stamp: ExportStamp) throws -> Data {
        var media: [(path: String, bytes: [UInt8])] = []
        var rels = ""
        var body = Array(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
            xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" \
            xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
            xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>
            """.utf8)
        cover(book, to: &body)
        tableOfContents(book, to: &body)
        var figureNumber = 0
        for (c, chapter) in book.chapters.enumerated() {
            heading(chapter.title, level: 1, bookmark: "ch\(c + 1)", id: (c + 1) * 1_000, to: &body)
            for (k, item) in chapter.cases.enumerated() {
                heading(item.title, level: 2, bookmark: "ch\(c + 1)_\(k + 1)", id: (c + 1) * 1_000 + k + 1, to: &body)
                OfficialDocumentWriter.paragraph(item.byline, font: kaiti, size: 28, align: "left", firstLine: 0, to: &body)
                if !item.figures.isEmpty { figuresTable(item.figures, to: &body) }
                for p in item.paragraphs { OfficialDocumentWriter.paragraph(p, to: &body) }
                for (picture, caption) in item.pictures {
                    figureNumber += 1
                    let rid = "rIdImg\(figureNumber)"
                    let path = "media/image\(figureNumber).\(picture.format == .png ? "png" : "jpeg")"
                    media.append(("word/" + path, picture.bytes))
                    rels +=
                        #"<Relationship Id="\#(rid)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="\#(path)"/>"#
                    drawing(picture, id: figureNumber, rid: rid, to: &body)
                    OfficialDocumentWriter.paragraph(
                        "图\(figureNumber)　\(caption)", font: kaiti, size: 24, align: "center", firstLine: 0, to: &body)
                }
            }
        }
        body += Array(
            """
            <w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:pgSz w:w="11906" w:h="16838"/>\
            <w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>\
            <w:pgNumType w:start="1"/><w:titlePg/></w:sectPr></w:body></w:document>
            """.utf8)
        let parts: [(path: String, bytes: [UInt8])] =
            [
                ("[Content_Types].xml", Array(CaseBookParts.contentTypes.utf8)),
                ("_rels/.rels", Array(DOCXWriter.rootRelationships.utf8)),
                ("docProps/core.xml", Array(stamp.coreProperties(title: book.title + book.subtitle).utf8)),
                ("docProps/app.xml", Array(DOCXWriter.appProperties.utf8)),
                ("word/document.xml", body),
                ("word/_rels/document.xml.rels", Array(CaseBookParts.relationships(extra: rels).utf8)),
                ("word/styles.xml", Array(CaseBookParts.styles.utf8)),
                ("word/fontTable.xml", Array(CaseBookParts.fontTable.utf8)),
                ("word/settings.xml", Array(CaseBookParts.settings.utf8)),
                ("word/footer1.xml", CaseBookParts.footer(stamp.line)),
            ] + media
        return try ZipWriter.make(parts, modificationDate: stamp.at)
    }

    static func cover(_ book: CaseBook, to out: inout [UInt8]) {
        for _ in 0..<6 { OfficialDocumentWriter.paragraph("", firstLine: 0, to: &out) }
        OfficialDocumentWriter.paragraph(
            book.title, font: OfficialDocumentWriter.titleFont, size: 52, align: "center", firstLine: 0, to: &out)
        OfficialDocumentWriter.paragraph(book.subtitle, font: kaiti, size: 36, align: "center", firstLine: 0, to: &out)
        for _ in 0..<10 { OfficialDocumentWriter.paragraph("", firstLine: 0, to: &out) }
        OfficialDocumentWriter.paragraph(book.issuer, align: "center", firstLine: 0, to: &out)
        OfficialDocumentWriter.paragraph(book.date, align: "center", firstLine: 0, to: &out)
    }

    static func tableOfContents(_ book: CaseBook, to out: inout [UInt8]) {
        out += Array(#"<w:p><w:pPr><w:pageBreakBefore/><w:jc w:val="center"/></w:pPr>"#.utf8)
        OfficialDocumentWriter.run("目　录", font: heiti, size: 36, to: &out)
        out += Array("</w:p>".utf8)
        out += Array(
            """
            <w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>\
            <w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>
            """.utf8)
        for (c, chapter) in book.chapters.enumerated() {
            tocEntry(chapter.title, style: "TOC1", anchor: "ch\(c + 1)", to: &out)
            for (k, item) in chapter.cases.enumerated() { tocEntry(item.title, style: "TOC2", anchor: "ch\(c + 1)_\(k + 1)", to: &out) }
        }
        out += Array(#"<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#.utf8)
    }

    static func tocEntry(_ text: String, style: String, anchor: String, to out: inout [UInt8]) {
        out += Array(
            #"<w:p><w:pPr><w:pStyle w:val="\#(style)"/></w:pPr><w:hyperlink w:anchor="\#(anchor)" w:history="1"><w:r><w:t xml:space="preserve">"#
                .utf8)
        XLSXWriter.appendEscaped(text, xstring: false, to: &out)
        out += Array("</w:t></w:r></w:hyperlink></w:p>".utf8)
    }

    /// A chapter starts a page (its style says so).
    static func heading(_ text: String, level: Int, bookmark: String, id: Int, to out: inout [UInt8]) {
        out += Array(
            #"<w:p><w:pPr><w:pStyle w:val="Heading\#(level)"/></w:pPr><w:bookmarkStart w:id="\#(id)" w:name="\#(bookmark)"/><w:r><w:t xml:space="preserve">"#
                .utf8)
        XLSXWriter.appendEscaped(text, xstring: false, to: &out)
        out += Array(#"</w:t></w:r><w:bookmarkEnd w:id="\#(id)"/></w:p>"#.utf8)
    }

    static func figuresTable(_ rows: [(String, String)], to out: inout [UInt8]) {
        out += Array(
            """
            <w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblBorders>\
            <w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
            <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
            <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
            </w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="4677"/><w:gridCol w:w="4677"/></w:tblGrid>
            """.utf8)
        for (i, row) in ([("关键数据", "数值")] + rows).enumerated() {
            out += Array("<w:tr>".utf8)
            for cell in [row.0, row.1] {
                out += Array(#"<w:tc><w:tcPr><w:tcW w:w="4677" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>"#.utf8)
                OfficialDocumentWriter.run(cell, font: i == 0 ? heiti : OfficialDocumentWriter.bodyFont, size: 24, to: &out)
                out += Array("</w:p></w:tc>".utf8)
            }
            out += Array("</w:tr>".utf8)
        }
        out += Array("</w:tbl>".utf8)
    }

    static func drawing(_ picture: Picture, id: Int, rid: String, to out: inout [UInt8]) {
        var cx = picture.width * emuPerPixel
        var cy = picture.height * emuPerPixel
        if cx > maxWidthEMU {
            cy = Int(Double(cy) * Double(maxWidthEMU) / Double(cx))
            cx = maxWidthEMU
        }
        out += Array(
            """
            <w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">\
            <wp:extent cx="\(cx)" cy="\(cy)"/><wp:docPr id="\(id)" name="图\(id)"/>\
            <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>\
            <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>\
            <pic:nvPicPr><pic:cNvPr id="\(id)" name="image\(id)"/><pic:cNvPicPr/></pic:nvPicPr>\
            <pic:blipFill><a:blip r:embed="\(rid)"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
            <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(cx)" cy="\(cy)"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>\
            </pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>
            """.utf8)
    }
}
