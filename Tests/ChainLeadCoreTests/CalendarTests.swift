import Foundation
import Testing

@testable import ChainLeadCore

private func d(_ iso: String) -> SimpleDate { SimpleDate(iso: iso)! }

@Suite struct SimpleDateDaysTests {
    @Test func daysRoundTripAndKnownWeekdays() {
        #expect(d("1970-01-01").daysSince1970 == 0)
        #expect(d("2026-01-01").daysSince1970 == 20_454)
        #expect(d("2026-01-01").isoWeekday == 4)  // Thursday
        #expect(d("2026-09-29").isoWeekday == 2)  // Tuesday
        #expect(d("1969-12-31").isoWeekday == 3)  // before the epoch
        #expect(d("2024-02-28").adding(days: 1) == d("2024-02-29"))
        #expect(d("2026-12-31").adding(days: 1) == d("2027-01-01"))
        #expect(d("2026-03-01").adding(days: -1) == d("2026-02-28"))
        // Years 1–9999 only, the range SimpleDate allows.
        for n in stride(from: -719_000, through: 2_900_000, by: 997) {
            #expect(SimpleDate(daysSince1970: n).daysSince1970 == n)
        }
        // beyond that range: the nearest end, never a trap
        #expect(SimpleDate(daysSince1970: Int.min / 2) == d("0001-01-01"))
        #expect(SimpleDate(daysSince1970: Int.max / 2) == d("9999-12-31"))
        #expect(d("9999-12-31").adding(days: 1) == d("9999-12-31"))
    }

    @Test func todayIsTheCitysDayWhateverTheServersZone() {
        // 2026-12-05 15:59:59 UTC is 23:59:59 in Wuxi; a second later it is the 6th there.
        let lateEvening = Date(timeIntervalSince1970: Double(d("2026-12-05").daysSince1970 * 86_400 + 15 * 3_600 + 3_599))
        #expect(SimpleDate.today(now: lateEvening) == d("2026-12-05"))
        #expect(SimpleDate.today(now: lateEvening.addingTimeInterval(1)) == d("2026-12-06"))
        #expect(SimpleDate.today(now: Date(timeIntervalSince1970: -1)) == d("1970-01-01"))
        #expect(d("2026-12-06").startInChina == lateEvening.addingTimeInterval(1))
    }
}

@Suite(.tags(.s6)) struct CalendarTests {
    let cal = WorkingCalendar.china2026

    @Test func weekendsHolidaysAndMakeUpDays() {
        #expect(cal.isWorkingDay(d("2026-03-06")))  // Friday
        #expect(!cal.isWorkingDay(d("2026-03-07")))  // Saturday
        #expect(!cal.isWorkingDay(d("2026-03-08")))  // Sunday
        #expect(!cal.isWorkingDay(d("2026-01-02")))  // New Year, a Friday
        #expect(!cal.isWorkingDay(d("2026-02-16")))  // Spring Festival, a Monday
        #expect(!cal.isWorkingDay(d("2026-10-07")))  // National Day, a Wednesday
        for makeUp in ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"] {
            #expect(d(makeUp).isoWeekday >= 6, "\(makeUp) is a weekend day")
            #expect(cal.isWorkingDay(d(makeUp)), "\(makeUp) is 调休上班")
        }
        #expect(cal.holidays.count == 3 + 9 + 3 + 5 + 3 + 3 + 7)
        #expect(cal.holidays.isDisjoint(with: cal.makeUpWorkingDays))
    }

    @Test func year2026Has248WorkingDays() {
        // 261 weekdays − 19 holidays on weekdays + 6 make-up days.
        #expect(cal.workingDays(from: d("2025-12-31"), to: d("2026-12-31")) == 248)
    }

    @Test func makeUpSaturdaysCountTowardDeadlines() {
        // Filed Fri Feb 13: Sat Feb 14 is a make-up working day, then Feb 15–23 off.
        #expect(cal.addWorkingDays(from: d("2026-02-13"), days: 1) == d("2026-02-14"))
        #expect(cal.addWorkingDays(from: d("2026-02-13"), days: 2) == d("2026-02-24"))
        // Filed Thu Feb 26: Fri Feb 27 is day 1, make-up Sat Feb 28 is day 2.
        #expect(cal.addWorkingDays(from: d("2026-02-26"), days: 2) == d("2026-02-28"))
        #expect(cal.addWorkingDays(from: d("2026-02-26"), days: 3) == d("2026-03-02"))
    }

    @Test func deadlineAcrossTheNationalDayWeek() {
        // Filed Tue 2026-09-29, 5 working days (the filing day is not counted):
        //   Wed 09-30 → 1; Thu 10-01 … Wed 10-07 holidays (incl. the weekend 10-03/04);
        //   Thu 10-08 → 2; Fri 10-09 → 3; Sat 10-10 make-up day → 4; Sun 10-11 off;
        //   Mon 10-12 → 5. (Sep 25–27 are before the filing day and play no part.)
        #expect(cal.addWorkingDays(from: d("2026-09-29"), days: 5) == d("2026-10-12"))
        // Filed Thu Sep 24: Fri 25–Sun 27 off, Sep 28/29/30 → 1/2/3, then Oct 8 → 4.
        #expect(cal.addWorkingDays(from: d("2026-09-24"), days: 4) == d("2026-10-08"))
    }

    @Test func filingDayIsNeverCountedAndZeroMeansSameWorkingDay() {
        #expect(cal.addWorkingDays(from: d("2026-03-06"), days: 1) == d("2026-03-09"))  // Fri → Mon
        #expect(cal.addWorkingDays(from: d("2026-03-07"), days: 1) == d("2026-03-09"))  // Sat → Mon
        #expect(cal.addWorkingDays(from: d("2026-03-09"), days: 1) == d("2026-03-10"))  // Mon → Tue
        #expect(cal.addWorkingDays(from: d("2026-03-09"), days: 0) == d("2026-03-09"))
        #expect(cal.addWorkingDays(from: d("2026-10-01"), days: 0) == d("2026-10-08"))
    }

    @Test func unseededYearsCountWeekendsOnly() {
        // 2027-01-01 is a Friday and no 2027 holidays have been entered yet.
        #expect(cal.isWorkingDay(d("2027-01-01")))
        #expect(cal.addWorkingDays(from: d("2026-12-31"), days: 1) == d("2027-01-01"))
        let with2027 = cal.merging(WorkingCalendar(holidays: [d("2027-01-01")]))
        #expect(with2027.addWorkingDays(from: d("2026-12-31"), days: 1) == d("2027-01-04"))
        #expect(with2027.isWorkingDay(d("2026-02-14")))
    }

    @Test func workingDaysIsTheInverseOfAddWorkingDays() {
        var date = d("2025-12-20")
        while date <= d("2027-01-10") {
            for n in 1...25 {
                let due = cal.addWorkingDays(from: date, days: n)
                #expect(cal.workingDays(from: date, to: due) == n, "\(date) + \(n)")
                // The earliest such date: the day before still counts n − 1.
                #expect(cal.workingDays(from: date, to: due.adding(days: -1)) == n - 1)
                #expect(cal.isWorkingDay(due))
            }
            if cal.isWorkingDay(date) { #expect(cal.addWorkingDays(from: date, days: 0) == date) }
            date = date.adding(days: 1)
        }
    }

    @Test func workingDaysIsZeroOnTheSameDayAndNegativeBackwards() {
        #expect(cal.workingDays(from: d("2026-03-09"), to: d("2026-03-09")) == 0)
        #expect(cal.workingDays(from: d("2026-03-06"), to: d("2026-03-08")) == 0)  // Fri → Sun
        #expect(cal.workingDays(from: d("2026-03-06"), to: d("2026-03-09")) == 1)  // Fri → Mon
        #expect(cal.workingDays(from: d("2026-03-09"), to: d("2026-03-06")) == -1)
        #expect(cal.workingDays(from: d("2026-09-30"), to: d("2026-10-08")) == 1)
    }
}
