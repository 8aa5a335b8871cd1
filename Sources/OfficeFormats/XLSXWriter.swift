import Foundation

/// Writes one sheet: a bold header row that stays frozen and carries an autoFilter, then the rows.
/// Strings are inline (`t="inlineStr"`); integers are written as exact digits with the General format.
public enum XLSXWriter {
    /// Excel's limits.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384
    public static let maxCellLength = 32_767

    /// - Parameter columnWidths: in characters, as Excel's column width; nil estimates them from the content.
    /// - Parameter stamp: who exported it and when: document properties and a footer line on every page.
    public static func write(
        sheetName: String, header: [String], rows: [[XLSXValue]], columnWidths: [Double]? = nil,
        stamp: ExportStamp? = nil
    ) throws -> Data {
        try write(sheets: [XLSXSheet(name: sheetName, header: header, rows: rows, columnWidths: columnWidths)], stamp: stamp)
    }

    /// Several sheets; the first is the active one. Each sheet's `lists` become drop-downs
    /// (`dataValidation` of type list) over rows 2…`listRows` of their column.
    public static func write(sheets: [XLSXSheet], stamp: ExportStamp? = nil) throws -> Data {
        guard !sheets.isEmpty else { throw OfficeFormatError.writeFailed("no sheet") }
        var names: [String] = []
        var parts: [(String, [UInt8])] = []
        var filters: [(sheet: Int, range: String)] = []
        for (i, sheet) in sheets.enumerated() {
            var name = sanitizedSheetName(sheet.name)
            while names.contains(name) { name = String(name.prefix(28)) + "\(i + 1)" }
            names.append(name)
            let rowCount = sheet.rows.count + (sheet.header.isEmpty ? 0 : 1)
            guard rowCount <= maxRows else { throw OfficeFormatError.tooManyRows(limit: maxRows) }
            let columnCount = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
            guard columnCount <= maxColumns else { throw OfficeFormatError.writeFailed("more than \(maxColumns) columns") }
            let widths = sheet.columnWidths ?? estimatedWidths(header: sheet.header, rows: sheet.rows, columns: columnCount)
            let xml = try sheetXML(
                header: sheet.header, rows: sheet.rows, columnCount: columnCount, widths: widths, footer: stamp?.line,
                lists: sheet.lists, listRows: sheet.listRows, active: i == 0)
            parts.append(("xl/worksheets/sheet\(i + 1).xml", xml))
            if !sheet.header.isEmpty { filters.append((i, "$A$1:$\(columnName(max(columnCount, 1) - 1))$\(rowCount)")) }
        }
        var core: [(String, [UInt8])] = []
        if let stamp { core = [("docProps/core.xml", Array(stamp.coreProperties(title: names[0]).utf8))] }
        let sheetTypes = (1...sheets.count).map {
            #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }.joined()
        let types = (stamp == nil ? contentTypes : contentTypesWithCore).replacingOccurrences(
            of:
                #"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
            with: sheetTypes)
        let rels = (1...sheets.count).map {
            #"<Relationship Id="rId\#($0)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0).xml"/>"#
        }.joined()
        let workbookRels = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(rels)<Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """
        return try ZipWriter.make(
            ([
                ("[Content_Types].xml", Array(types.utf8)),
                ("_rels/.rels", Array((stamp == nil ? rootRelationships : rootRelationshipsWithCore).utf8)),
                ("docProps/app.xml", Array(appProperties.utf8)),
            ] + core + [
                ("xl/workbook.xml", Array(workbookXML(sheetNames: names, filters: filters).utf8)),
                ("xl/_rels/workbook.xml.rels", Array(workbookRels.utf8)),
                ("xl/styles.xml", Array(styles.utf8)),
            ] + parts).map { (path: $0.0, bytes: $0.1) }, modificationDate: stamp?.at ?? Date())
    }

    /// A sheet reference in a formula: quoted, apostrophes doubled (`'代码表'!$A$2:$A$9`).
    public static func reference(sheet: String, range: String) -> String {
        "'" + sanitizedSheetName(sheet).replacingOccurrences(of: "'", with: "''") + "'!" + range
    }

    // MARK: Sheet

    private static let headerStyle = 1, dateStyle = 2

    private static func sheetXML(
        header: [String], rows: [[XLSXValue]], columnCount: Int, widths: [Double], footer: String?,
        lists: [(column: Int, formula: String)] = [], listRows: Int = 1_000, active: Bool = true
    ) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + rows.count * max(columnCount, 1) * 40)
        let rowCount = rows.count + (header.isEmpty ? 0 : 1)
        let lastColumn = columnName(max(columnCount, 1) - 1)
        out += Array(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <dimension ref="\(rowCount == 0 ? "A1" : "A1:\(lastColumn)\(rowCount)")"/>
            """.utf8)
        if !header.isEmpty {
            out += Array(
                """
                <sheetViews><sheetView\(active ? #" tabSelected="1""# : "") workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
                <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>
                """.utf8)
        } else {
            out += Array(#"<sheetViews><sheetView workbookViewId="0"/></sheetViews>"#.utf8)
        }
        out += Array(#"<sheetFormatPr defaultRowHeight="15"/>"#.utf8)
        let widthCount = min(widths.count, maxColumns)
        if widthCount > 0 {
            out += Array("<cols>".utf8)
            for (i, width) in widths.prefix(widthCount).enumerated() where width.isFinite && width > 0 {
                let w = min(width, 255)
                out += Array(#"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(w)" customWidth="1"/>"#.utf8)
            }
            out += Array("</cols>".utf8)
        }
        out += Array("<sheetData>".utf8)
        let columnLetters = (0..<max(columnCount, 1)).map { Array(columnName($0).utf8) }
        var rowNumber = 0
        if !header.isEmpty {
            rowNumber = 1
            out += Array(#"<row r="1">"#.utf8)
            for (column, title) in header.enumerated() where !title.isEmpty {
                let ref = CellRef(column: column, row: 1, columnLetters: columnLetters[column], rowDigits: [0x31])
                try appendText(title, at: ref, style: headerStyle, to: &out)
            }
            out += Array("</row>".utf8)
        }
        for row in rows {
            rowNumber += 1
            let rowDigits = Array(String(rowNumber).utf8)
            out.append(contentsOf: #"<row r=""#.utf8)
            out.append(contentsOf: rowDigits)
            out.append(contentsOf: #"">"#.utf8)
            for (column, value) in row.enumerated() {
                let ref = CellRef(column: column, row: rowNumber, columnLetters: columnLetters[column], rowDigits: rowDigits)
                try appendCell(value, at: ref, to: &out)
            }
            out.append(contentsOf: "</row>".utf8)
        }
        out += Array("</sheetData>".utf8)
        if !header.isEmpty {
            out += Array(#"<autoFilter ref="A1:\#(lastColumn)\#(rowCount)"/>"#.utf8)
        }
        if !lists.isEmpty {
            out += Array(#"<dataValidations count="\#(lists.count)">"#.utf8)
            for list in lists {
                let column = columnName(list.column)
                out += Array(
                    #"<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="无效的值" error="请从下拉列表中选择，或参见代码表" sqref="\#(column)2:\#(column)\#(listRows)"><formula1>"#
                        .utf8)
                appendEscaped(list.formula, xstring: false, to: &out)
                out += Array("</formula1></dataValidation>".utf8)
            }
            out += Array("</dataValidations>".utf8)
        }
        out += Array(#"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#.utf8)
        if let footer {
            // "&L" left section, "&P/&N" page numbers; a literal "&" is written "&&". Excel keeps 255 characters.
            let text = "&L" + String(footer.replacingOccurrences(of: "&", with: "&&").prefix(200)) + "&R&P / &N"
            out += Array("<headerFooter><oddFooter>".utf8)
            appendEscaped(text, xstring: false, to: &out)
            out += Array("</oddFooter></headerFooter>".utf8)
        }
        out += Array("</worksheet>".utf8)
        return out
    }

    /// Where a cell goes: "B12" as bytes, plus the numbers for error messages.
    private struct CellRef {
        let column: Int
        let row: Int
        let columnLetters: [UInt8]
        let rowDigits: [UInt8]
    }

    private static func openCell(_ ref: CellRef, to out: inout [UInt8]) {
        out.append(contentsOf: #"<c r=""#.utf8)
        out.append(contentsOf: ref.columnLetters)
        out.append(contentsOf: ref.rowDigits)
        out.append(0x22)  // "
    }

    private static func appendCell(_ value: XLSXValue, at ref: CellRef, to out: inout [UInt8]) throws {
        switch value {
        case .empty:
            return
        case .text(let s):
            if s.isEmpty { return }
            try appendText(s, at: ref, style: 0, to: &out)
        case .integer(let n):
            openCell(ref, to: &out)
            out.append(contentsOf: "><v>".utf8)
            out.append(contentsOf: String(n).utf8)
            out.append(contentsOf: "</v></c>".utf8)
        case .number(let d):
            openCell(ref, to: &out)
            if d.isFinite {
                out.append(contentsOf: "><v>".utf8)
                out.append(contentsOf: numberText(d).utf8)
                out.append(contentsOf: "</v></c>".utf8)
            } else {
                out.append(contentsOf: #" t="e"><v>#NUM!</v></c>"#.utf8)
            }
        case .date(let y, let m, let d):
            guard let serial = ExcelDate.serial1900(year: y, month: m, day: d) else {
                // Excel cannot show dates before 1900 (or invalid ones) as dates: keep the text.
                try appendText(formatDate(year: y, month: m, day: d), at: ref, style: 0, to: &out)
                return
            }
            openCell(ref, to: &out)
            out.append(contentsOf: #" s="\#(dateStyle)"><v>"#.utf8)
            out.append(contentsOf: String(serial).utf8)
            out.append(contentsOf: "</v></c>".utf8)
        }
    }

    private static func appendText(_ s: String, at ref: CellRef, style: Int, to out: inout [UInt8]) throws {
        if s.utf16.count > maxCellLength {
            throw OfficeFormatError.cellTooLarge(row: ref.row, column: columnName(ref.column), limit: maxCellLength)
        }
        openCell(ref, to: &out)
        if style != 0 { out.append(contentsOf: #" s="\#(style)""#.utf8) }
        let scalars = s.unicodeScalars
        let needsPreserve =
            scalars.first.map { $0 == " " || $0 == "\t" || $0 == "\n" } == true
            || scalars.last.map { $0 == " " || $0 == "\t" || $0 == "\n" } == true
        out.append(contentsOf: (needsPreserve ? #" t="inlineStr"><is><t xml:space="preserve">"# : #" t="inlineStr"><is><t>"#).utf8)
        appendEscaped(s, xstring: true, to: &out)
        out.append(contentsOf: "</t></is></c>".utf8)
    }

    /// Shortest text that reads back as the same Double; integral values without ".0".
    static func numberText(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    /// Escapes markup characters, drops characters XML 1.0 does not allow, keeps CR as a reference
    /// (a literal one would be read back as LF) and, for cell text, writes a literal `_xHHHH_` as
    /// `_x005F_xHHHH_` so that Excel does not read it as an escape.
    static func appendEscaped(_ s: String, xstring: Bool, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { b in
            let n = b.count
            var i = 0
            while i < n {
                let c = b[i]
                switch c {
                case 0x26: out += [0x26, 0x61, 0x6D, 0x70, 0x3B]  // &amp;
                case 0x3C: out += [0x26, 0x6C, 0x74, 0x3B]  // &lt;
                case 0x3E: out += [0x26, 0x67, 0x74, 0x3B]  // &gt;
                case 0x22: out += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]  // &quot;
                case 0x0D: out += [0x26, 0x23, 0x31, 0x33, 0x3B]  // &#13;
                case 0x09, 0x0A: out.append(c)
                case 0..<0x20: break
                case 0xEF where i + 2 < n && b[i + 1] == 0xBF && (b[i + 2] == 0xBE || b[i + 2] == 0xBF):
                    i += 2  // U+FFFE, U+FFFF
                case 0x5F
                where xstring && i + 6 < n && b[i + 1] == UInt8(ascii: "x") && b[i + 6] == 0x5F
                    && isHex(b[i + 2]) && isHex(b[i + 3]) && isHex(b[i + 4]) && isHex(b[i + 5]):
                    out += Array("_x005F_".utf8)
                default:
                    out.append(c)
                }
                i += 1
            }
        }
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }

    // MARK: Widths and names

    /// A width that fits the longest value (CJK characters count double), between 8 and 60.
    static func estimatedWidths(header: [String], rows: [[XLSXValue]], columns: Int) -> [Double] {
        var widths = [Double](repeating: 8, count: columns)
        func measure(_ s: String) -> Double {
            var w = 0.0
            for scalar in s.unicodeScalars { w += scalar.value >= 0x1100 ? 2 : 1 }
            return w
        }
        for (i, title) in header.enumerated() { widths[i] = max(widths[i], measure(title) * 1.1 + 4) }
        for row in rows.prefix(1000) {
            for (i, value) in row.enumerated() {
                let w: Double
                switch value {
                case .text(let s): w = measure(s)
                case .integer(let n): w = Double(String(n).count)
                case .number(let d): w = Double(numberText(d).count)
                case .date: w = 10
                case .empty: w = 0
                }
                widths[i] = max(widths[i], w + 2)
            }
        }
        return widths.map { min($0, 60).rounded() }
    }

    /// Excel's rules: 1–31 characters, none of `[]:*?/\`, no apostrophe at either end.
    static func sanitizedSheetName(_ name: String) -> String {
        var cleaned = String(
            name.unicodeScalars.map { scalar -> Character in
                "[]:*?/\\".unicodeScalars.contains(scalar) || scalar.value < 0x20 ? "_" : Character(scalar)
            })
        cleaned = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "'").union(.whitespaces))
        while cleaned.utf16.count > 31 { cleaned.removeLast() }
        if cleaned.isEmpty || cleaned.lowercased() == "history" { return "Sheet1" }
        return cleaned
    }

    // MARK: Package parts

    private static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    private static let contentTypesWithCore = contentTypes.replacingOccurrences(
        of: "</Types>",
        with:
            #"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#)

    private static let rootRelationshipsWithCore = rootRelationships.replacingOccurrences(
        of: "</Relationships>",
        with:
            #"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#
    )

    private static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    private static let appProperties = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>ChainLead</Application></Properties>
        """

    private static func workbookXML(sheetNames: [String], filters: [(sheet: Int, range: String)]) -> String {
        func escaped(_ text: String) -> String {
            var out: [UInt8] = []
            appendEscaped(text, xstring: false, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        let sheets = sheetNames.enumerated().map { i, name in
            #"<sheet name="\#(escaped(name))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
        }.joined()
        // The filter's defined name refers to the sheet by name: quoted, with apostrophes doubled.
        let defined = filters.map { f in
            let quoted = escaped("'" + sheetNames[f.sheet].replacingOccurrences(of: "'", with: "''") + "'")
            return #"<definedName name="_xlnm._FilterDatabase" localSheetId="\#(f.sheet)" hidden="1">\#(quoted)!\#(f.range)</definedName>"#
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>\
            <sheets>\(sheets)</sheets>\(defined.isEmpty ? "" : "<definedNames>" + defined + "</definedNames>")</workbook>
            """
    }

    /// Style 0: default; 1: bold header; 2: date (built-in format 14).
    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2">\
        <font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        </fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
