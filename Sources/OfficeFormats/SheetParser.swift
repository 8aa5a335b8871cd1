/// Turns a worksheet part into rows, one tag at a time.
struct SheetParser {
    enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate
    }

    static let maxColumns = 16_384

    let part: String
    let sharedStrings: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    let maxRows: Int
    let maxCellLength: Int

    private var rows: [SheetRow] = []
    private var cells: [CellValue?] = []
    private var rowNumber = 0
    private var inRow = false
    private var lastColumn = -1

    private var inCell = false
    private var cellType = CellType.number
    private var cellStyle = 0
    private var cellColumn = 0
    private var cellValue: String? = nil
    private var cellSharedIndex: Int? = nil
    private var inInline = false
    private var inlineText: String? = nil

    init(part: String, sharedStrings: [String], dateStyles: [Bool], date1904: Bool, maxRows: Int, maxCellLength: Int) {
        self.part = part
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.maxRows = maxRows
        self.maxCellLength = maxCellLength
    }

    mutating func parse(_ bytes: [UInt8]) throws -> [SheetRow] {
        try scanXML(bytes, part: part) { scanner in
            var found = false
            while let tag = try scanner.nextTag() {
                if !tag.isClose, scanner.nameIs(tag, "sheetData") {
                    if tag.isSelfClosing { return [] }
                    found = true
                    break
                }
            }
            guard found else { throw scanner.malformed("no <sheetData>") }
            try walk(&scanner)
            return rows
        }
    }

    private mutating func walk(_ scanner: inout XMLScanner) throws {
        let base = scanner.base
        while let tag = try scanner.nextTag() {
            let length = tag.nameLength
            let first = base[tag.nameStart]
            if tag.isClose {
                if length == 1, first == 0x63 {  // c
                    try finishCell()
                } else if length == 3, scanner.nameIs(tag, "row") {
                    try finishRow()
                } else if length == 2, scanner.nameIs(tag, "is") {
                    inInline = false
                } else if scanner.nameIs(tag, "sheetData") {
                    if inRow { try finishRow() }
                    return
                }
                continue
            }
            if length == 1 {
                switch first {
                case 0x63:  // c
                    try startCell(tag, &scanner)
                case 0x76:  // v
                    if inCell, !tag.isSelfClosing { try readValue(&scanner) } else if inCell { cellValue = "" }
                case 0x74:  // t
                    if inCell, inInline, !tag.isSelfClosing {
                        let piece = try scanner.readText(xstring: true)
                        inlineText = (inlineText ?? "") + piece
                    }
                default:
                    break
                }
            } else if length == 3, scanner.nameIs(tag, "row") {
                try startRow(tag, &scanner)
            } else if length == 2, scanner.nameIs(tag, "is") {
                if inCell {
                    inlineText = ""
                    inInline = !tag.isSelfClosing
                }
            } else if length == 3, scanner.nameIs(tag, "rPh") {
                try scanner.skipElement(tag)
            }
        }
        throw scanner.malformed("<sheetData> not closed")
    }

    // MARK: Rows

    private mutating func startRow(_ tag: XMLTag, _ scanner: inout XMLScanner) throws {
        if inRow { try finishRow() }
        var number = rowNumber + 1
        var cursor = tag.nameEnd
        while let attribute = scanner.nextAttribute(of: tag, cursor: &cursor) {
            if scanner.nameIs(attribute, "r") {
                guard let n = Self.parseInt(scanner.base, attribute.valueStart, attribute.valueEnd), n > 0 else {
                    throw scanner.malformed("bad row number in <row> at byte \(tag.start)")
                }
                number = n
                break
            }
        }
        rowNumber = number
        lastColumn = -1
        inRow = true
        if tag.isSelfClosing { try finishRow() }
    }

    private mutating func finishRow() throws {
        if inCell { try finishCell() }
        inRow = false
        while let last = cells.last, last == nil { cells.removeLast() }
        guard !cells.isEmpty else { return }
        guard rows.count < maxRows else { throw OfficeFormatError.tooManyRows(limit: maxRows) }
        rows.append(SheetRow(number: rowNumber, cells: cells))
        let width = cells.count
        cells = []
        cells.reserveCapacity(width)
    }

    // MARK: Cells

    private mutating func startCell(_ tag: XMLTag, _ scanner: inout XMLScanner) throws {
        if inCell { try finishCell() }
        guard inRow else { throw scanner.malformed("<c> outside <row> at byte \(tag.start)") }
        let base = scanner.base
        var column = lastColumn + 1
        var type = CellType.number
        var style = 0
        var cursor = tag.nameEnd
        while let attribute = scanner.nextAttribute(of: tag, cursor: &cursor) {
            guard attribute.nameEnd - attribute.nameStart == 1 else { continue }
            let start = attribute.valueStart
            let end = attribute.valueEnd
            switch base[attribute.nameStart] {
            case 0x72:  // r
                var letters = 0
                var i = start
                while i < end {
                    let b = base[i] & 0xDF  // upper case
                    guard b >= 0x41, b <= 0x5A else { break }  // A Z
                    letters = letters * 26 + Int(b - 0x41 + 1)  // A
                    guard letters <= Self.maxColumns else { throw scanner.malformed("column out of range at byte \(tag.start)") }
                    i += 1
                }
                if letters > 0 { column = letters - 1 }
            case 0x74:  // t
                type = Self.cellType(base, start, end)
            case 0x73:  // s
                style = Self.parseInt(base, start, end) ?? 0
            default:
                break
            }
        }
        guard column < Self.maxColumns else { throw scanner.malformed("more than \(Self.maxColumns) columns in row \(rowNumber)") }
        lastColumn = column
        guard !tag.isSelfClosing else { return }
        inCell = true
        cellType = type
        cellStyle = style
        cellColumn = column
        cellValue = nil
        cellSharedIndex = nil
        inlineText = nil
        inInline = false
    }

    private mutating func readValue(_ scanner: inout XMLScanner) throws {
        if let (start, end) = try scanner.plainTextRange() {
            if cellType == .sharedString {
                cellSharedIndex = Self.parseInt(scanner.base, start, end)
                if cellSharedIndex == nil { cellValue = scanner.string(start, end) }
            } else {
                var s = start
                var e = end
                if cellType == .number {
                    while s < e, XMLScanner.isSpace(scanner.base[s]) { s += 1 }
                    while e > s, XMLScanner.isSpace(scanner.base[e - 1]) { e -= 1 }
                }
                cellValue = scanner.string(s, e)
            }
        } else {
            let text = try scanner.readText(xstring: cellType == .formulaString)
            if cellType == .sharedString {
                cellSharedIndex = Int(text.trimmingASCIISpaces())
                if cellSharedIndex == nil { cellValue = text }
            } else {
                cellValue = cellType == .number ? text.trimmingASCIISpaces() : text
            }
        }
    }

    private mutating func finishCell() throws {
        inCell = false
        inInline = false
        guard let value = try cellResult() else { return }
        switch value {
        case .text(let s), .error(let s):
            try checkLength(s)
        case .number(_, let raw):
            try checkLength(raw)
        default:
            break
        }
        if cellColumn >= cells.count {
            if cellColumn > cells.count { cells.append(contentsOf: repeatElement(nil, count: cellColumn - cells.count)) }
            cells.append(value)
        } else {
            cells[cellColumn] = value
        }
    }

    private func checkLength(_ s: String) throws {
        if s.utf8.count > maxCellLength, s.utf16.count > maxCellLength {
            throw OfficeFormatError.cellTooLarge(row: rowNumber, column: columnName(cellColumn), limit: maxCellLength)
        }
    }

    private func cellResult() throws -> CellValue? {
        switch cellType {
        case .sharedString:
            if let index = cellSharedIndex {
                guard index >= 0, index < sharedStrings.count else {
                    throw OfficeFormatError.malformedXML(part: part, detail: "shared string \(index) does not exist (row \(rowNumber))")
                }
                return .text(sharedStrings[index])
            }
            if let inlineText { return .text(inlineText) }
            return cellValue.map { .text($0) }
        case .inlineString:
            if let inlineText { return .text(inlineText) }
            return cellValue.map { .text($0) }
        case .formulaString:
            return cellValue.map { .text($0) }
        case .boolean:
            guard let v = cellValue?.trimmingASCIISpaces() else { return nil }
            switch v {
            case "1", "true", "TRUE": return .bool(true)
            case "0", "false", "FALSE": return .bool(false)
            default: return .text(v)
            }
        case .error:
            return cellValue.map { .error($0) }
        case .isoDate:
            guard let v = cellValue else { return nil }
            if let d = Self.isoDate(v) { return .date(year: d.year, month: d.month, day: d.day) }
            return .text(v)
        case .number:
            guard let raw = cellValue else {
                return inlineText.map { .text($0) }
            }
            if raw.isEmpty { return nil }
            guard let value = Double(raw), value.isFinite else { return .text(raw) }
            if cellStyle < dateStyles.count, dateStyles[cellStyle],
                let d = ExcelDate.date(fromSerial: value, date1904: date1904)
            {
                return .date(year: d.year, month: d.month, day: d.day)
            }
            return .number(value, raw: raw)
        }
    }

    // MARK: Helpers

    static func cellType(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> CellType {
        switch end - start {
        case 1:
            switch base[start] {
            case 0x73: return .sharedString  // s
            case UInt8(ascii: "b"): return .boolean
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .isoDate
            default: return .number
            }
        case 3 where base[start] == 0x73:  // s
            return .formulaString
        case 9 where base[start] == UInt8(ascii: "i"):
            return .inlineString
        default:
            return .number
        }
    }

    /// A non-negative decimal integer, surrounding spaces allowed; nil for anything else.
    static func parseInt(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var i = start
        var e = end
        while i < e, XMLScanner.isSpace(base[i]) { i += 1 }
        while e > i, XMLScanner.isSpace(base[e - 1]) { e -= 1 }
        guard i < e, e - i <= 15 else { return nil }
        var n = 0
        while i < e {
            let d = base[i] &- 0x30  // 0
            guard d < 10 else { return nil }
            n = n * 10 + Int(d)
            i += 1
        }
        return n
    }

    /// The date of an ISO 8601 "YYYY-MM-DD…" value (cells of type "d").
    static func isoDate(_ s: String) -> (year: Int, month: Int, day: Int)? {
        let b = Array(s.utf8.prefix(10))
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ r: Range<Int>) -> Int? { Int(String(decoding: b[r], as: UTF8.self)) }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
            ExcelDate.isValid(year: y, month: m, day: d)
        else { return nil }
        return (y, m, d)
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !XMLScanner.isSpace($0) }),
            let last = bytes.lastIndex(where: { !XMLScanner.isSpace($0) })
        else { return "" }
        if first == bytes.startIndex, last == bytes.index(before: bytes.endIndex) { return self }
        return String(self[first...last])
    }
}
