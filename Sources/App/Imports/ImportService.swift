import ChainLeadCore
import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

extension ImportService {
    /// Opens a write session for the app's database, runs the import, closes the session.
    static func run(
        _ app: Application, _ kind: ImportKind, caller: Caller, data: Data, fileName: String, skipInvalid: Bool,
        progress: @escaping @Sendable (Int, Int) async -> Void = { _, _ in }
    ) async throws -> ImportReport {
        let session = try await WriteSession.open(app)
        do {
            let report = try await ImportService(session: session, caller: caller).run(
                kind, data: data, fileName: fileName, skipInvalid: skipInvalid, progress: progress)
            await session.close()
            return report
        } catch {
            await session.close()
            throw error
        }
    }
}

/// Runs an import from a file's bytes: read, locate the header, check every row, write all
/// or nothing. Throws 422 with every bad row when nothing was written.
struct ImportService {
    let session: WriteSession
    /// Who imports: recorded in the audit trail and the tier history.
    let caller: Caller

    func run(
        _ kind: ImportKind, data: Data, fileName: String, skipInvalid: Bool,
        progress: @escaping @Sendable (Int, Int) async -> Void = { _, _ in }
    ) async throws -> ImportReport {
        if data.isEmpty { throw DomainError(.invalid, "bad_file", "文件为空", field: "file") }
        let checksum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let t0 = Date()
        let sheet = try ImportFile.rows(data)
        ImportStageClock.add("\(kind.rawValue).read", since: t0)
        let t1 = Date()
        let table = try ImportTable.locate(sheet, kind: kind)
        ImportStageClock.add("\(kind.rawValue).locate", since: t1)
        let report: ImportReport
        switch kind {
        case .enterprises:
            report = try await EnterpriseImporter(session: session, caller: caller, progress: progress)
                .run(table, fileName: fileName, checksum: checksum, skipInvalid: skipInvalid)
        case .figures:
            report = try await FiguresImporter(session: session, caller: caller, progress: progress)
                .run(table, fileName: fileName, checksum: checksum, skipInvalid: skipInvalid)
        case .supplyLinks:
            report = try await SupplyLinksImporter(session: session, caller: caller, progress: progress)
                .run(table, fileName: fileName, checksum: checksum, skipInvalid: skipInvalid)
        }
        if !report.errors.isEmpty && !skipInvalid {
            let rows = Set(report.errors.map(\.row)).count
            throw DomainError(
                .invalid, "invalid_rows", "文件中有\(rows)行存在错误，未写入任何数据。请修正后重新导入，或选择跳过错误行。",
                field: "file", rows: report.errors)
        }
        return report
    }

    static func safeFileName(_ raw: String?, kind: ImportKind, ext: String = "") -> String {
        let cleaned = (raw ?? "").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return cleaned.isEmpty ? "\(kind.rawValue)\(ext)" : String(cleaned.unicodeScalars.prefix(200).map(Character.init))
    }
}

/// Import jobs started from the page: progress and result live in the database, so any app
/// instance can report them.
struct ImportJobs {
    let db: any SQLDatabase

    /// How long an import may go without a heartbeat before another instance calls it dead.
    static let heartbeatTTL: TimeInterval = 90
    static let heartbeatInterval: TimeInterval = 15

    func create(_ kind: ImportKind, fileName: String, checksum: String, skipInvalid: Bool, by: String?, owner: String) async throws -> Int64
    {
        let now = Date.nowSeconds()
        return try await db.insert(into: "import_jobs")
            .columns(
                "kind", "file_name", "checksum", "skip_invalid", "status", "total_rows", "processed_rows", "created_by", "created_at",
                "owner", "heartbeat_at"
            )
            .values(
                SQLBind(kind.rawValue), SQLBind(fileName), SQLBind(checksum), SQLBind(skipInvalid), SQLBind("queued"),
                SQLBind(0), SQLBind(0), SQLBind(by), SQLBind(now), SQLBind(owner), SQLBind(now)
            )
            .runReturningID()
    }

    func progress(_ id: Int64, processed: Int, total: Int) async throws {
        try await db.update("import_jobs").set("status", to: SQLBind("running")).set("processed_rows", to: SQLBind(processed))
            .set("total_rows", to: SQLBind(total)).set("heartbeat_at", to: SQLBind(Date.nowSeconds()))
            .where("id", .equal, SQLBind(id)).where("status", .in, SQLBind.group(["queued", "running"])).run()
    }

    func heartbeat(_ id: Int64) async throws {
        try await db.update("import_jobs").set("heartbeat_at", to: SQLBind(Date.nowSeconds()))
            .where("id", .equal, SQLBind(id)).where("status", .in, SQLBind.group(["queued", "running"])).run()
    }

    /// Marks failed the unfinished imports of other instances that stopped beating (`olderThan`
    /// nil: every other instance's, for a database only this process uses, such as an SQLite file
    /// at start-up). Answers how many.
    @discardableResult
    func failAbandoned(except owner: String, olderThan ttl: TimeInterval?, now: Date = Date.nowSeconds()) async throws -> Int {
        let error = DomainError(.internal, "abandoned", "导入中断：处理该导入的服务进程已停止，未写入任何数据，请重新导入")
        let stale: SQLQueryString = ttl.map { " AND (heartbeat_at IS NULL OR heartbeat_at < \(bind: now.addingTimeInterval(-$0)))" } ?? ""
        let rows = try await db.raw(
            """
            UPDATE import_jobs SET status = 'failed', result = \(bind: String(decoding: APIError(error).jsonData, as: UTF8.self)), finished_at = \(bind: now)
            WHERE status IN ('queued', 'running') AND (owner IS NULL OR owner <> \(bind: owner))\(stale)
            RETURNING id
            """
        ).all()
        return rows.count
    }

    func finish(_ id: Int64, report: ImportReport?, error: DomainError?) async throws {
        let encoder = JSONEncoder()
        let json: String
        if let report {
            json = String(decoding: try encoder.encode(report), as: UTF8.self)
        } else {
            json = String(decoding: error.map { APIError($0).jsonData } ?? Data(), as: UTF8.self)
        }
        var update = db.update("import_jobs").set("status", to: SQLBind(report != nil ? "done" : "failed"))
            .set("result", to: SQLBind(json)).set("finished_at", to: SQLBind(Date.nowSeconds()))
        if let report {
            update = update.set("total_rows", to: SQLBind(report.totalRows)).set("processed_rows", to: SQLBind(report.totalRows))
        }
        try await update.where("id", .equal, SQLBind(id)).run()
        let kind = try await db.raw("SELECT kind FROM import_jobs WHERE id = \(bind: id)").first(decodingColumn: "kind", as: String.self)
        Observability.importFinished(kind: kind ?? "unknown", rows: report?.totalRows ?? 0, failed: report == nil)
    }

    struct Job: Sendable {
        var id: Int64
        var kind: ImportKind
        var fileName: String
        var status: String
        var total: Int
        var processed: Int
        var report: ImportReport?
        var error: ErrorBody?
        var createdBy: String?
        var createdAt: Date
    }

    struct ErrorBody: Codable, Sendable {
        var error: String
        var message: String
        var field: String?
        var rows: [DomainError.RowError]?
    }

    func get(_ id: Int64) async throws -> Job? {
        try await list(where: "id = \(bind: id)", limit: 1).first
    }

    func recent(limit: Int = 10) async throws -> [Job] {
        try await list(where: "1 = 1", limit: limit)
    }

    /// `SELECT * FROM import_jobs` (the columns a `Job` shows).
    private struct JobRow: Decodable {
        var id: Int64
        var kind: String
        var fileName: String
        var status: String
        var totalRows: Int
        var processedRows: Int
        var result: String?
        var createdBy: String?
        var createdAt: Date
    }

    private func list(where condition: SQLQueryString, limit: Int) async throws -> [Job] {
        let rows = try await db.raw("SELECT * FROM import_jobs WHERE \(condition) ORDER BY id DESC LIMIT \(bind: limit)").rows(JobRow.self)
        return rows.map { row in
            let status = row.status
            let result = row.result.map { Data($0.utf8) }
            return Job(
                id: row.id,
                kind: ImportKind(rawValue: row.kind) ?? .enterprises,
                fileName: row.fileName,
                status: status,
                total: row.totalRows,
                processed: row.processedRows,
                // A result stored by an older version that no longer decodes shows as none; the status still shows.
                report: status == "done" ? result.flatMap { try? JSONDecoder().decode(ImportReport.self, from: $0) } : nil,
                error: status == "failed" ? result.flatMap { try? JSONDecoder().decode(ErrorBody.self, from: $0) } : nil,
                createdBy: row.createdBy,
                createdAt: row.createdAt)
        }
    }
}
