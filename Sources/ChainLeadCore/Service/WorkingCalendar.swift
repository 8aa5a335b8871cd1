// Working days for deadlines (Policy S6: requests are answered within working days).
// Saturdays and Sundays are off, except make-up working days (调休上班); holidays are off.

public struct WorkingCalendar: Hashable, Sendable {
    public var holidays: Set<SimpleDate>
    /// Weekend days that are working days (调休上班).
    public var makeUpWorkingDays: Set<SimpleDate>

    public init(holidays: Set<SimpleDate> = [], makeUpWorkingDays: Set<SimpleDate> = []) {
        self.holidays = holidays
        self.makeUpWorkingDays = makeUpWorkingDays
    }

    /// Years that no one has entered yet count weekends only.
    public static let weekendsOnly = WorkingCalendar()

    /// 国务院办公厅 notice of 2025-11-04 (POLICY.md, "Working calendar 2026").
    public static let china2026 = WorkingCalendar(
        holidays: days2026([(1, 1...3), (2, 15...23), (4, 4...6), (5, 1...5), (6, 19...21), (9, 25...27), (10, 1...7)]),
        makeUpWorkingDays: days2026([(1, 4...4), (2, 14...14), (2, 28...28), (5, 9...9), (9, 20...20), (10, 10...10)])
    )

    /// Both calendars' days; for adding a year that an administrator entered.
    public func merging(_ other: WorkingCalendar) -> WorkingCalendar {
        WorkingCalendar(
            holidays: holidays.union(other.holidays),
            makeUpWorkingDays: makeUpWorkingDays.union(other.makeUpWorkingDays))
    }

    public func isWorkingDay(_ date: SimpleDate) -> Bool {
        if makeUpWorkingDays.contains(date) { return true }
        if holidays.contains(date) { return false }
        return date.isoWeekday <= 5
    }

    /// The deadline `days` working days after `date`: the `days`-th working day after it,
    /// the filing day itself never counted (whatever weekday it is). A request filed on
    /// Friday with 1 day is due Monday; filed on Saturday with 1 day, also Monday.
    /// `days == 0` means "the same day": `date` if it is a working day, else the next one.
    /// `days` must not be negative.
    public func addWorkingDays(from date: SimpleDate, days: Int) -> SimpleDate {
        precondition(days >= 0, "working days to add must not be negative")
        var current = date
        if days == 0 {
            while !isWorkingDay(current) { current = current.adding(days: 1) }
            return current
        }
        var counted = 0
        while counted < days {
            current = current.adding(days: 1)
            if isWorkingDay(current) { counted += 1 }
        }
        return current
    }

    /// Working days after `from` up to and including `to`; 0 when `to == from`.
    /// When `to` is before `from` the count is negated (`-workingDays(from: to, to: from)`),
    /// so `workingDays(from: deadline, to: today)` is > 0 exactly when overdue by working days
    /// and `workingDays(from: today, to: deadline)` is what is left.
    /// For `n >= 1`: `workingDays(from: d, to: addWorkingDays(from: d, days: n)) == n`.
    public func workingDays(from: SimpleDate, to: SimpleDate) -> Int {
        if to < from { return -workingDays(from: to, to: from) }
        // Weekdays by arithmetic, then the calendar's exceptions inside (from, to]: a count that
        // costs the same for a day or for centuries (a stored date may be far off).
        var count = Self.weekdaysThrough(to.daysSince1970) - Self.weekdaysThrough(from.daysSince1970)
        for h in holidays where h > from && h <= to && h.isoWeekday <= 5 && !makeUpWorkingDays.contains(h) { count -= 1 }
        for m in makeUpWorkingDays where m > from && m <= to && m.isoWeekday > 5 { count += 1 }
        return count
    }

    /// Monday to Friday days up to and including `day`, counted from the Monday 1970-01-05 (day 4).
    static func weekdaysThrough(_ day: Int) -> Int {
        let offset = day - 4
        let weeks = offset >= 0 ? offset / 7 : -((-offset + 6) / 7)
        return weeks * 5 + min(offset - weeks * 7 + 1, 5)
    }

    private static func days2026(_ ranges: [(month: Int, days: ClosedRange<Int>)]) -> Set<SimpleDate> {
        // The 2026 table spells out real dates (CalendarTests reads them back).
        // swift-format-ignore: NeverForceUnwrap
        Set(ranges.flatMap { r in r.days.map { SimpleDate(year: 2026, month: r.month, day: $0)! } })
    }
}
