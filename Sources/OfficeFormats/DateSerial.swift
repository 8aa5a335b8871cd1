/// Excel serial day numbers <-> civil dates, without Foundation's calendar.
enum ExcelDate {
    /// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard month >= 1, month <= 12, day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    private static let epochDec31of1899 = daysFromCivil(year: 1899, month: 12, day: 31)
    private static let epochDec30of1899 = daysFromCivil(year: 1899, month: 12, day: 30)
    private static let epoch1904 = daysFromCivil(year: 1904, month: 1, day: 1)
    /// 9999-12-31, the last day Excel can show.
    static let maxSerial1900 = 2_958_465

    /// The date part of a serial, or nil when Excel would not show a date for it.
    /// In the 1900 system serial 60 is Lotus 1-2-3's fictitious 1900-02-29, which Excel shows as such.
    static func date(fromSerial serial: Double, date1904: Bool) -> (year: Int, month: Int, day: Int)? {
        guard serial.isFinite else { return nil }
        let whole = Int(serial.rounded(.down))
        if date1904 {
            guard whole >= 0, whole <= maxSerial1900 - 1462 else { return nil }
            return civilFromDays(epoch1904 + whole)
        }
        guard whole >= 1, whole <= maxSerial1900 else { return nil }
        if whole < 60 { return civilFromDays(epochDec31of1899 + whole) }
        if whole == 60 { return (1900, 2, 29) }
        return civilFromDays(epochDec30of1899 + whole)
    }

    /// The 1900-system serial for a date, or nil before 1900-01-01 / after 9999-12-31 / invalid.
    static func serial1900(year: Int, month: Int, day: Int) -> Int? {
        guard year >= 1900, year <= 9999, isValid(year: year, month: month, day: day) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let serial = days - epochDec30of1899
        // Before 1900-03-01 Excel's count is one lower, because of the fake leap day.
        return serial <= 60 ? serial - 1 : serial
    }
}
