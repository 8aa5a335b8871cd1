// Day arithmetic on calendar dates, without Foundation's time zones.
// Days are counted from 1970-01-01 (proleptic Gregorian; H. Hinnant's civil-date algorithms).

extension SimpleDate {
    /// Days since 1970-01-01 (negative before).
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Days outside years 1–9999 (the range `SimpleDate` allows) give the nearest end of that range.
    public init(daysSince1970 days: Int) {
        let z = min(max(days, Self.first.daysSince1970), Self.last.daysSince1970) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self = SimpleDate(year: yearOfEra + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d) ?? Self.last
    }

    public static let first = SimpleDate(uncheckedYear: 1, month: 1, day: 1)
    public static let last = SimpleDate(uncheckedYear: 9999, month: 12, day: 31)

    public func adding(days: Int) -> SimpleDate {
        SimpleDate(daysSince1970: daysSince1970 + days)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        ((daysSince1970 % 7) + 7 + 3) % 7 + 1
    }
}
