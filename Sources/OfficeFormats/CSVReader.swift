import Foundation

/// Comma-separated values as Excel and WPS save them: RFC 4180 quoting (`""` for a quote,
/// commas and line breaks inside quotes; a CRLF inside quotes comes out as LF), CRLF, LF or CR line ends. Every value is `.text`;
/// an empty field is nil. Records without any value are left out, but record numbers still count them.
public enum CSVReader {
    public static func rows(of data: Data, maxRows: Int = 1_000_000, maxCellLength: Int = 32_767) throws -> [SheetRow] {
        guard !data.isEmpty else { throw OfficeFormatError.empty }
        let text = try TextDecoding.decode(data)
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer in
            try parse(UnsafeBufferPointer(buffer), maxRows: maxRows, maxCellLength: maxCellLength)
        }
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>, maxRows: Int, maxCellLength: Int) throws -> [SheetRow] {
        // Locals, not static lets: a static is read through an accessor call in debug builds.
        let comma: UInt8 = 0x2C
        let quote: UInt8 = 0x22
        let cr: UInt8 = 0x0D
        let lf: UInt8 = 0x0A
        var rows: [SheetRow] = []
        var cells: [CellValue?] = []
        var recordNumber = 1
        var field: [UInt8] = []
        var i = 0
        let n = b.count

        func finishField() throws {
            if field.isEmpty {
                cells.append(nil)
                return
            }
            let s = String(decoding: field, as: UTF8.self)
            if field.count > maxCellLength, s.utf16.count > maxCellLength {
                throw OfficeFormatError.cellTooLarge(row: recordNumber, column: columnName(cells.count), limit: maxCellLength)
            }
            cells.append(.text(s))
            field.removeAll(keepingCapacity: true)
        }

        func finishRecord() throws {
            while let last = cells.last, last == nil { cells.removeLast() }
            if !cells.isEmpty {
                guard rows.count < maxRows else { throw OfficeFormatError.tooManyRows(limit: maxRows) }
                rows.append(SheetRow(number: recordNumber, cells: cells))
            }
            cells = []
            recordNumber += 1
        }

        while i < n {
            if b[i] == quote {
                // A quoted field: runs to the next lone quote; text after it up to the separator is kept as is.
                i += 1
                while i < n {
                    if b[i] == quote {
                        if i + 1 < n, b[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if b[i] == cr {
                        // A line break inside quotes becomes LF, as in a cell typed in Excel.
                        field.append(lf)
                        i += (i + 1 < n && b[i + 1] == lf) ? 2 : 1
                        continue
                    }
                    let start = i
                    while i < n, b[i] != quote, b[i] != cr { i += 1 }
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
                    if field.count > maxCellLength * 4 {
                        throw OfficeFormatError.cellTooLarge(row: recordNumber, column: columnName(cells.count), limit: maxCellLength)
                    }
                }
            }
            let start = i
            while i < n, b[i] != comma, b[i] != lf, b[i] != cr { i += 1 }
            if i > start { field.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i])) }
            try finishField()
            if i >= n { break }
            let separator = b[i]
            i += 1
            if separator == comma {
                if i == n { try finishField() }  // "a," ends with an empty field
                continue
            }
            if separator == cr, i < n, b[i] == lf { i += 1 }
            try finishRecord()
        }
        if !cells.isEmpty { try finishRecord() }
        return rows
    }
}
