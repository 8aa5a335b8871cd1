import ChainLeadCore
import Foundation
import OfficeFormats
import Vapor

/// Next year's working calendar from a file, in one step with a preview (issue 20): the system
/// administrator uploads an .xlsx or .csv (date, kind, name) or an .ics; the page lists what it
/// read and any bad lines; confirming writes every day in one transaction. The preview carries
/// the parsed days in the confirmation form, so no server keeps them in between.
struct CalendarImportPages: RouteCollection {
    static let maxBytes = 1 << 20

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "service-settings", "calendar", "preview", body: .stream, use: preview).readsItsOwnBody()
        routes.post("service-settings", "calendar", "import", use: apply)
    }

    struct Content: Encodable, Sendable {
        var rows: [[String]]
        var lines: String
        var errors: [String]
        var file: String
    }

    struct UploadForm: Decodable {
        var file: File?
    }

    func preview(req: Request) async throws -> Response {
        try await req.require(.update, .serviceSettings)
        let form = try await Upload.form(UploadForm.self, from: req, limit: Self.maxBytes + (64 << 10))
        guard let file = form.file, file.data.readableBytes > 0 else { throw DomainError.invalid("file", "请选择日历文件（.xlsx、.csv 或 .ics）") }
        let data = Data(buffer: file.data)
        let (entries, errors) = try Self.read(data, name: file.filename)
        let t = req.texts
        let content = Content(
            rows: entries.map { [$0.day.description, $0.kind == "holiday" ? t["holiday"] : t["makeUpDay"], $0.name] },
            lines: entries.map(\.line).joined(separator: "\n"), errors: errors.map(\.1), file: file.filename)
        let response = try await req.render("service/calendar_preview", title: t["calendarImport"], nav: "requests", content)
        if !errors.isEmpty || entries.isEmpty { response.status = .unprocessableEntity }
        return response
    }

    static func read(_ data: Data, name: String) throws -> ([CalendarEntry], [(Int, String)]) {
        let text = String(decoding: data.prefix(8), as: UTF8.self)
        if name.lowercased().hasSuffix(".ics") || text.hasPrefix("BEGIN:VC") {
            return CalendarFile.ics(String(decoding: data, as: UTF8.self))
        }
        do {
            let rows = try SpreadsheetReader.rows(of: data, maxRows: 1_000, maxCellLength: 200)
            return CalendarFile.table(rows.map { r in (r.number, r.cells.map { $0?.text ?? "" }) })
        } catch let e as OfficeFormatError {
            throw DomainError.invalid("file", e.messageZh)
        }
    }

    func apply(req: Request) async throws -> Response {
        try await req.require(.update, .serviceSettings)
        struct Form: Decodable {
            var lines: String?
        }
        let form = try req.content.decode(Form.self)
        let (entries, errors) = CalendarFile.table(
            (form.lines ?? "").split(whereSeparator: \.isNewline).enumerated().map { i, line in
                (i + 1, line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false).map(String.init))
            })
        guard errors.isEmpty else { throw DomainError.invalid("lines", errors.map(\.1).joined(separator: "；")) }
        try await ServiceSettings(db: req.sql).setDays(entries, caller: req.caller)
        return req.redirect(to: "/service-settings?imported=\(entries.count)#calendar-days")
    }
}
