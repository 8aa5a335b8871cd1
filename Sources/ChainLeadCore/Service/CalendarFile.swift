import Foundation

/// One day of next year's working calendar as the State Council publishes it: a holiday (放假)
/// or a make-up working day (调休上班), with its festival's name.
public struct CalendarEntry: Sendable, Equatable {
    public var day: SimpleDate
    /// "holiday" or "workday".
    public var kind: String
    public var name: String

    public init(day: SimpleDate, kind: String, name: String) {
        self.day = day
        self.kind = kind
        self.name = name
    }

    /// "2027-01-01,holiday,元旦": how a preview carries it to the confirmation.
    public var line: String { "\(day.description),\(kind),\(name)" }
}

/// Reads the calendar from a table (date, kind, name — from .xlsx or .csv, a header row allowed)
/// or from an iCalendar file (.ics: each all-day VEVENT a run of days; "班" in its summary marks
/// make-up working days). Bad lines are reported with their number, nothing is taken from them.
public enum CalendarFile {
    public static func kind(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if ["holiday", "休", "假", "放假", "休息", "节假日", "假日"].contains(t) { return "holiday" }
        if ["workday", "班", "上班", "补班", "调休上班", "工作日"].contains(t) { return "workday" }
        return nil
    }

    static func date(_ text: String) -> SimpleDate? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "/", with: "-")
            .replacingOccurrences(of: ".", with: "-")
        if let d = SimpleDate(iso: t) { return d }
        let parts = t.split(separator: "-").compactMap { Int($0) }
        if parts.count == 3, let d = SimpleDate(iso: String(format: "%04d-%02d-%02d", parts[0], parts[1], parts[2])) { return d }
        if t.count == 8, let y = Int(t.prefix(4)), let m = Int(t.dropFirst(4).prefix(2)), let dd = Int(t.suffix(2)) {
            return SimpleDate(iso: String(format: "%04d-%02d-%02d", y, m, dd))
        }
        return nil
    }

    /// Rows of cells (row number, texts); a first row that is not a date is a header.
    public static func table(_ rows: [(number: Int, cells: [String])]) -> (entries: [CalendarEntry], errors: [(Int, String)]) {
        var entries: [CalendarEntry] = []
        var errors: [(Int, String)] = []
        for (i, row) in rows.enumerated() {
            let cells = row.cells + Array(repeating: "", count: max(0, 3 - row.cells.count))
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard let day = date(cells[0]) else {
                if i == 0 { continue }
                errors.append((row.number, "第\(row.number)行：日期“\(cells[0].prefix(20))”应写作 2027-01-01"))
                continue
            }
            guard let kind = kind(cells[1]) else {
                errors.append((row.number, "第\(row.number)行：类型“\(cells[1].prefix(20))”应为“休”（放假）或“班”（调休上班）"))
                continue
            }
            entries.append(CalendarEntry(day: day, kind: kind, name: String(cells[2].trimmingCharacters(in: .whitespaces).prefix(30))))
        }
        return (entries, errors)
    }

    /// An iCalendar file's all-day events.
    public static func ics(_ text: String) -> (entries: [CalendarEntry], errors: [(Int, String)]) {
        var entries: [CalendarEntry] = []
        var errors: [(Int, String)] = []
        var start: SimpleDate?
        var end: SimpleDate?
        var summary = ""
        var began = 0
        // Folded lines (RFC 5545: a line starting with a space continues the previous one).
        let lines = text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\n ", with: "")
            .components(separatedBy: .newlines)
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line == "BEGIN:VEVENT" {
                (start, end, summary, began) = (nil, nil, "", n + 1)
            } else if line.hasPrefix("DTSTART") {
                start = line.split(separator: ":").last.flatMap { date(String($0.prefix(8))) }
            } else if line.hasPrefix("DTEND") {
                end = line.split(separator: ":").last.flatMap { date(String($0.prefix(8))) }
            } else if line.hasPrefix("SUMMARY") {
                summary = line.split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
            } else if line == "END:VEVENT" {
                guard let s = start else {
                    errors.append((began, "第\(began)行起的事件没有可读的开始日期（DTSTART）"))
                    continue
                }
                let last = end.map { $0.adding(days: -1) } ?? s  // DTEND of an all-day event is exclusive
                let kind = summary.contains("班") ? "workday" : "holiday"
                let name = summary.replacingOccurrences(of: "（班）", with: "").replacingOccurrences(of: "（休）", with: "")
                    .replacingOccurrences(of: "班", with: "").replacingOccurrences(of: "休", with: "")
                    .trimmingCharacters(in: .whitespaces)
                var d = s
                var guardDays = 0
                while d <= last && guardDays < 31 {
                    entries.append(CalendarEntry(day: d, kind: kind, name: String(name.prefix(30))))
                    d = d.adding(days: 1)
                    guardDays += 1
                }
            }
        }
        return (entries, errors)
    }
}
