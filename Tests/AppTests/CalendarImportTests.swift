import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Next year's working calendar from a file with a preview (issue 20): an .ics and a CSV are read,
/// a bad line stops the import with its line number, and confirming writes every day at once.
@Suite struct CalendarImportTests {
    static let ics = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        BEGIN:VEVENT\r
        DTSTART;VALUE=DATE:20270206\r
        DTEND;VALUE=DATE:20270213\r
        SUMMARY:春节 休\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        DTSTART;VALUE=DATE:20270131\r
        SUMMARY:春节 班\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    @Test func anICSCalendarIsReadAsRunsOfDays() {
        let (entries, errors) = CalendarFile.ics(Self.ics)
        #expect(errors.isEmpty)
        #expect(entries.filter { $0.kind == "holiday" }.map(\.day.description).first == "2027-02-06")
        #expect(entries.filter { $0.kind == "holiday" }.count == 7, "DTEND is exclusive")
        #expect(entries.contains(CalendarEntry(day: SimpleDate(iso: "2027-01-31")!, kind: "workday", name: "春节")))
    }

    @Test func previewThenConfirmWritesTheDaysAndABadLineWritesNothing() async throws {
        try await TestServer.with { server in
            // setup
            let admin = try await server.browser("cal_admin", [Grant(.admin, .city)])
            func upload(_ name: String, _ body: String) async throws -> TestServer.Reply {
                let boundary = "----cal\(name.count)"
                let part =
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(admin.csrf)\r\n--\(boundary)\r\n"
                    + "Content-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/plain\r\n\r\n\(body)\r\n--\(boundary)--\r\n"
                return try await server.page(
                    .POST, "/service-settings/calendar/preview", cookie: admin.cookie, body: Data(part.utf8),
                    headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")])
            }
            // act
            let bad = try await upload("2027.csv", "日期,类型,名称\n2027-01-01,休,元旦\n2027-13-01,休,错\n")
            let good = try await upload("2027.ics", Self.ics)
            let lines = try #require(
                good.text.components(separatedBy: #"name="lines" value=""#).dropFirst().first?.components(separatedBy: "\"").first)
            let applied = try await server.page(
                .POST, "/service-settings/calendar/import", cookie: admin.cookie,
                form: formBody([("_csrf", admin.csrf), ("lines", lines.replacingOccurrences(of: "&#10;", with: "\n"))]))
            let calendar = try await ServiceSettings(db: server.sql).calendar()
            // check
            #expect(bad.status == 422 && bad.text.contains("第3行") && !bad.text.contains(#"id="calendar-apply""#))
            #expect(good.status == 200 && good.text.contains(#"id="calendar-apply""#), "\(good.text.prefix(300))")
            #expect(applied.status == 303, "\(applied.text.prefix(300))")
            #expect(calendar.holidays.contains(SimpleDate(iso: "2027-02-08")!))
            #expect(calendar.makeUpWorkingDays.contains(SimpleDate(iso: "2027-01-31")!))
            #expect(!calendar.holidays.contains(SimpleDate(iso: "2027-01-01")!), "the bad file wrote nothing")
            let named = try await server.sql.raw("SELECT name FROM calendar_days WHERE day = '2027-02-06'").first(
                decodingColumn: "name", as: String.self)
            #expect(named == "春节")
        }
    }
}
