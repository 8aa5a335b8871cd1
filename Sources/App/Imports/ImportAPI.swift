import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime

extension APIHandler {
    func importEnterprises(_ input: Operations.ImportEnterprises.Input) async throws -> Operations.ImportEnterprises.Output {
        let body: HTTPBody
        switch input.body {
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let b), .csv(let b), .binary(let b),
            .applicationVnd_msExcel(let b):
            body = b
        }
        let report = try await runImport(
            .enterprises, body: body, fileName: input.query.fileName, skipInvalid: input.query.skipInvalid ?? false)
        return .ok(.init(body: .json(report)))
    }

    func importFigures(_ input: Operations.ImportFigures.Input) async throws -> Operations.ImportFigures.Output {
        let body: HTTPBody
        switch input.body {
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let b), .csv(let b), .binary(let b),
            .applicationVnd_msExcel(let b):
            body = b
        }
        let report = try await runImport(
            .figures, body: body, fileName: input.query.fileName, skipInvalid: input.query.skipInvalid ?? false)
        return .ok(.init(body: .json(report)))
    }

    func importSupplyLinks(_ input: Operations.ImportSupplyLinks.Input) async throws -> Operations.ImportSupplyLinks.Output {
        let body: HTTPBody
        switch input.body {
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let b), .csv(let b), .binary(let b),
            .applicationVnd_msExcel(let b):
            body = b
        }
        let report = try await runImport(
            .supplyLinks, body: body, fileName: input.query.fileName, skipInvalid: input.query.skipInvalid ?? false)
        return .ok(.init(body: .json(report)))
    }

    func runImport(_ kind: ImportKind, body: HTTPBody, fileName: String?, skipInvalid: Bool) async throws -> Components.Schemas.ImportReport
    {
        try await require(.importData, .imports)
        if let f = fileName, f.unicodeScalars.count > 200 { throw DomainError.invalid("file_name", "文件名不能超过200个字符") }
        let slot = try app.importSlots.acquire()
        defer { slot.release() }
        let data = try await Upload.collect(body, limit: app.chainLead.maxImportBytes)
        let name = ImportService.safeFileName(fileName, kind: kind)
        let report = try await ImportService.run(app, kind, caller: caller, data: data, fileName: name, skipInvalid: skipInvalid)
        return try Self.importReport(report)
    }

    func getImportJob(_ input: Operations.GetImportJob.Input) async throws -> Operations.GetImportJob.Output {
        try await require(.importData, .imports)
        guard var job = try await ImportJobs(db: sql).get(input.path.id) else { throw DomainError.notFound("导入任务") }
        if let live = await app.importProgress.get(job.id) { (job.processed, job.total) = live }
        var out = Components.Schemas.ImportJob(
            id: job.id, kind: try mirrored(job.kind), fileName: job.fileName,
            status: .init(rawValue: job.status) ?? .queued, totalRows: Int32(clamping: job.total),
            processedRows: Int32(clamping: job.processed),
            createdAt: job.createdAt)
        out.report = try job.report.map(Self.importReport)
        out.error = job.error.map { .init(error: $0.error, message: $0.message, field: $0.field, rows: $0.rows?.map(Self.rowError)) }
        return .ok(.init(body: .json(out)))
    }

    func exportEnterprises(_ input: Operations.ExportEnterprises.Input) async throws -> Operations.ExportEnterprises.Output {
        try await require(.export, .enterpriseList)
        let query = input.query
        if let q = query.q, q.unicodeScalars.count > 100 { throw DomainError.invalid("q", "搜索词不能超过100个字符") }
        for (value, field) in [(query.cluster, "cluster"), (query.chain, "chain"), (query.segment, "segment")] {
            if let value { try Self.validateCode(value, field: field) }
        }
        let filter = EnterpriseFilter(
            q: query.q, cluster: query.cluster, chain: query.chain, segment: query.segment,
            district: query.district?.rawValue, tier: query.tier.flatMap { Tier(rawValue: $0.rawValue) },
            status: query.status.flatMap { EnterpriseStatus(rawValue: $0.rawValue) }, sort: query.sort?.rawValue ?? "name",
            scope: Policy.listScope(caller.grants))
        try checkSortVisible(filter.sort)
        let export = try await EnterpriseExport(db: sql, caller: caller).workbook(filter)
        try await AuditLog(db: sql, caller: caller).record(
            entity: "export", key: "enterprises.xlsx", action: "export_enterprises",
            extra: ["rows": String(export.rows), "filter": EnterprisePages.query(filter)])
        return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(export.data))))
    }

    static func rowError(_ r: DomainError.RowError) -> Components.Schemas.RowError {
        .init(row: Int32(clamping: r.row), column: r.column, reason: r.reason)
    }

    static func importReport(_ r: ImportReport) throws -> Components.Schemas.ImportReport {
        .init(
            kind: try mirrored(r.kind), fileName: r.fileName, checksum: r.checksum,
            totalRows: Int32(clamping: r.totalRows), inserted: Int32(clamping: r.inserted), updated: Int32(clamping: r.updated),
            unchanged: Int32(clamping: r.unchanged), skipped: Int32(clamping: r.skipped), errors: r.errors.map(rowError), batch: r.batch)
    }
}
