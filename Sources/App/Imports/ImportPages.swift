import ChainLeadCore
import Crypto
import Foundation
import SQLKit
import Vapor

/// The import page (upload, progress, result), the list export and the blank templates.
struct ImportPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("imports", use: form)
        routes.on(.POST, "imports", body: .stream, use: upload).readsItsOwnBody()
        routes.get("imports", ":id", use: job)
        routes.get("imports", ":id", "status", use: status)
        routes.get("exports", "enterprises.xlsx", use: export)
        routes.get("templates", ":file", use: template)
    }

    struct JobRow: Encodable, Sendable {
        var id: Int64
        var kind: String
        var fileName: String
        var status: String
        var by: String
        var when: String
    }

    struct FormPage: Encodable, Sendable {
        var jobs: [JobRow]
    }

    static func when(_ date: Date) -> String {
        let f = DateFormatter()
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    func form(req: Request) async throws -> Response {
        try await req.require(.importData, .imports)
        let t = req.texts
        let recent = try await ImportJobs(db: req.sql).recent()
        let people = try await PeopleNames.load(recent.compactMap(\.createdBy), db: req.sql)
        let jobs = recent.map { j in
            JobRow(
                id: j.id, kind: t[Self.label(j.kind)], fileName: j.fileName,
                status: t["import_" + j.status], by: j.createdBy.map { people[$0] ?? $0 } ?? "—", when: Self.when(j.createdAt))
        }
        return try await req.render("imports/imports", title: t["imports"], nav: "imports", FormPage(jobs: jobs))
    }

    struct Upload: Content {
        var kind: String?
        var file: File?
        var skipInvalid: String?
    }

    func upload(req: Request) async throws -> Response {
        try await req.require(.importData, .imports)
        let slot = try req.application.importSlots.acquire()
        var handedOver = false
        defer { if !handedOver { slot.release() } }
        let input = try await App.Upload.form(Upload.self, from: req, limit: req.application.chainLead.maxImportBytes + (64 << 10))
        guard let kind = input.kind.flatMap(ImportKind.init(rawValue:)), let file = input.file, file.data.readableBytes > 0 else {
            throw DomainError.malformed("请选择数据类型和要导入的文件")
        }
        let data = Data(buffer: file.data)
        let name = ImportService.safeFileName(file.filename, kind: kind)
        let skip = input.skipInvalid == "on" || input.skipInvalid == "true"
        let jobs = ImportJobs(db: req.sql)
        let checksum = data.sha256Hex
        let id = try await jobs.create(
            kind, fileName: name, checksum: checksum, skipInvalid: skip, by: req.webUser?.username,
            owner: req.application.instanceID)
        let app = req.application
        let board = app.importProgress
        let writesProgress = !(app.chainLead.database.kind == "sqlite")
        let caller = req.caller
        let logger = req.logger
        // The import runs on after the response (holding the slot); its progress is in the database,
        // and shutdown waits for it.
        handedOver = true
        app.backgroundWork.run {
            defer { slot.release() }
            do {
                let store = ImportJobs(db: app.db.sql)
                defer { Task { await board.clear(id) } }
                // On a shared database, beat while the import runs, so other instances know it lives.
                let beat = Task {
                    while writesProgress && !Task.isCancelled {
                        // Cancelled when the import ends: the loop then stops.
                        try? await Task.sleep(for: .seconds(ImportJobs.heartbeatInterval))
                        do { try await store.heartbeat(id) } catch {
                            logger.warning("import \(id): heartbeat not written: \(String(reflecting: type(of: error)))")
                        }
                    }
                }
                defer { beat.cancel() }
                do {
                    let report = try await ImportService.run(app, kind, caller: caller, data: data, fileName: name, skipInvalid: skip) {
                        done, total in
                        await board.set(id, done: done, total: total)
                        if writesProgress {
                            // Progress is shown from this instance's board too; a missed write only delays other instances' view.
                            do { try await store.progress(id, processed: done, total: total) } catch {
                                logger.warning("import \(id): progress not written")
                            }
                        }
                    }
                    try await store.finish(id, report: report, error: nil)
                } catch let e as DomainError {
                    do { try await store.finish(id, report: nil, error: e) } catch { logger.error("import \(id): result not stored") }
                } catch {
                    logger.error("import \(id) failed: \(String(reflecting: type(of: error)))")
                    do { try await store.finish(id, report: nil, error: .internal) } catch {
                        logger.error("import \(id): result not stored")
                    }
                }
            }
        }
        return req.redirect(to: "/imports/\(id)")
    }

    struct JobPage: Encodable, Sendable {
        var id: Int64
        var fileName: String
        var kind: String
        var running: Bool
        var done: Bool
        var failed: Bool
        var total: Int
        var processed: Int
        var report: ImportReport?
        var message: String?
        var rows: [DomainError.RowError]
        var skippedRows: [DomainError.RowError]
        /// The firms an enterprise import added or changed, in the enterprise list.
        var firmsLink: String?
        var firmsText: String?
    }

    func job(req: Request) async throws -> Response {
        try await req.require(.importData, .imports)
        guard let id = req.parameters.get("id", as: Int64.self), let job = try await ImportJobs(db: req.sql).get(id) else {
            throw DomainError.notFound("页面")
        }
        let t = req.texts
        var page = JobPage(
            id: job.id, fileName: job.fileName, kind: t[Self.label(job.kind)],
            running: job.status == "queued" || job.status == "running", done: job.status == "done", failed: job.status == "failed",
            total: job.total, processed: job.processed, report: job.report, message: job.error?.message,
            rows: job.error?.rows ?? [], skippedRows: job.report?.errors ?? [])
        if let report = job.report, let batch = report.batch, report.inserted + report.updated > 0,
            Policy.decide(req.caller.grants, .read, .enterpriseList).allowed
        {
            page.firmsLink = "/enterprises?import=\(batch)&sort=name"
            page.firmsText = String(format: t["importedFirms"], report.inserted + report.updated)
        }
        return try await req.render("imports/import_job", title: t["imports"], nav: "imports", page)
    }

    struct Status: Content {
        var status: String
        var total: Int
        var processed: Int
    }

    func status(req: Request) async throws -> Status {
        try await req.require(.importData, .imports)
        guard let id = req.parameters.get("id", as: Int64.self), let job = try await ImportJobs(db: req.sql).get(id) else {
            throw DomainError.notFound("页面")
        }
        if let live = await req.application.importProgress.get(id), job.status != "done", job.status != "failed" {
            return Status(status: "running", total: live.total, processed: live.done)
        }
        return Status(status: job.status, total: job.total, processed: job.processed)
    }

    func export(req: Request) async throws -> Response {
        try await req.require(.export, .enterpriseList)
        var filter = EnterprisePages.filter(from: req)
        if req.queryValue("sort") == nil { filter.sort = "-outputValue" }
        let export = try await EnterpriseExport(db: req.sql, caller: req.caller).workbook(filter)
        try await AuditLog(db: req.sql, caller: req.caller).record(
            entity: "export", key: "enterprises.xlsx", action: "export_enterprises",
            extra: ["rows": String(export.rows), "filter": EnterprisePages.query(filter)])
        return Response(
            status: .ok, headers: ["Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
            body: .init(data: export.data))
    }

    func template(req: Request) async throws -> Response {
        try await req.require(.importData, .imports)
        let file = req.parameters.get("file") ?? ""
        guard let kind = ImportKind(rawValue: file.replacingOccurrences(of: ".xlsx", with: "")), file.hasSuffix(".xlsx") else {
            throw DomainError.notFound("页面")
        }
        return Response(
            status: .ok, headers: ["Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
            body: .init(data: try EnterpriseExport.template(kind, codes: try await TemplateCodes.load(req.sql))))
    }
}

extension Data {
    var sha256Hex: String { SHA256.hash(data: self).map { String(format: "%02x", $0) }.joined() }

}

extension ImportPages {
    static func label(_ kind: ImportKind) -> String {
        switch kind {
        case .enterprises: "importEnterprises"
        case .figures: "importFigures"
        case .supplyLinks: "importSupplyLinks"
        }
    }
}
