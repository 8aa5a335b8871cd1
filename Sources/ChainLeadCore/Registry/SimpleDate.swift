import Foundation

/// A calendar date without time (YYYY-MM-DD), as officials write it.
public struct SimpleDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// For dates the code itself spells out as valid constants.
    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Strictly `YYYY-MM-DD`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: SimpleDate, b: SimpleDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Today in China Standard Time (UTC+8 all year, no daylight saving), whatever the server's zone.
    public static func today(now: Date = Date()) -> SimpleDate {
        let seconds = now.timeIntervalSince1970 + Double(chinaOffsetSeconds)
        return SimpleDate(daysSince1970: Int((seconds / 86_400).rounded(.down)))
    }

    /// The city's offset from UTC.
    public static let chinaOffsetSeconds = 8 * 3_600

    /// The start of this day in China Standard Time.
    public var startInChina: Date {
        Date(timeIntervalSince1970: Double(daysSince1970 * 86_400 - Self.chinaOffsetSeconds))
    }
}
