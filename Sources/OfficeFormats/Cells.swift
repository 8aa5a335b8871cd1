/// One row of a sheet as read from an .xlsx or a CSV file.
public struct SheetRow: Sendable, Equatable {
    /// The 1-based row number the spreadsheet shows (CSV: the 1-based record number).
    public let number: Int
    /// Index 0 is column A; nil is an empty cell. Trailing empty cells are dropped,
    /// so use `subscript(column:)` to read past the end safely.
    public let cells: [CellValue?]

    public init(number: Int, cells: [CellValue?]) {
        self.number = number
        self.cells = cells
    }

    /// The cell at the 0-based column index, or nil when it is empty or past the end.
    public subscript(column index: Int) -> CellValue? {
        index >= 0 && index < cells.count ? cells[index] : nil
    }
}

public enum CellValue: Sendable, Equatable {
    /// A shared, inline or formula string result.
    case text(String)
    /// `raw` is the exact text of `<v>`, so integers beyond 2^53 stay exact.
    case number(Double, raw: String)
    case bool(Bool)
    /// A numeric cell whose style is a date format; the time of day is dropped.
    case date(year: Int, month: Int, day: Int)
    /// An error value such as "#DIV/0!".
    case error(String)

    /// A display form: integral numbers without ".0", dates as "YYYY-MM-DD", booleans as "TRUE"/"FALSE".
    public var text: String {
        switch self {
        case .text(let s):
            return s
        case .number(let value, let raw):
            return Self.display(value, raw: raw)
        case .bool(let b):
            return b ? "TRUE" : "FALSE"
        case .date(let y, let m, let d):
            return formatDate(year: y, month: m, day: d)
        case .error(let e):
            return e
        }
    }

    private static func display(_ value: Double, raw: String) -> String {
        if raw.utf8.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
            value.rounded() == value, abs(value) < 1e15
        {
            return String(Int64(value))
        }
        if raw.hasSuffix(".0") {
            return String(raw.dropLast(2))
        }
        return raw
    }
}

/// A value for `XLSXWriter`.
public enum XLSXValue: Sendable, Equatable {
    case text(String)
    /// Written as exact digits, so values beyond 2^53 round-trip through `XLSXReader`.
    case integer(Int64)
    case number(Double)
    case date(year: Int, month: Int, day: Int)
    case empty
}

func formatDate(year: Int, month: Int, day: Int) -> String {
    func pad(_ n: Int, _ width: Int) -> String {
        let s = String(abs(n))
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
}

/// "A" for 0, "Z" for 25, "AA" for 26 …
func columnName(_ index: Int) -> String {
    var n = index + 1
    var letters: [UInt8] = []
    while n > 0 {
        let r = (n - 1) % 26
        letters.append(UInt8(ascii: "A") + UInt8(r))
        n = (n - 1) / 26
    }
    return String(decoding: letters.reversed(), as: UTF8.self)
}
