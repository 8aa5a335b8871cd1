import ChainLeadCore
import Fluent
import Foundation
import OfficeFormats
import SQLKit

/// Imports yearly figures, keyed by USCC and year. Present columns overwrite (an empty
/// cell makes the figure unknown); absent columns keep what is stored.
struct FiguresImporter {
    let session: WriteSession
    let caller: Caller
    var progress: @Sendable (Int, Int) async -> Void = { _, _ in }
    var sql: any SQLDatabase { session.sql }

    struct Parsed {
        var row: Int
        var uscc: String
        var figures: AnnualFigures
    }

    static let amountFields: [(ImportColumn, WritableKeyPath<AnnualFigures, Int64?>)] = [
        (.outputValue, \.outputValue), (.revenue, \.revenue), (.rdExpense, \.rdExpense), (.employees, \.employees),
        (.taxPaid, \.taxPaid), (.exports, \.exports), (.totalAssets, \.totalAssets), (.totalLiabilities, \.totalLiabilities),
        (.mainBusinessRevenue, \.mainBusinessRevenue),
    ]

    func run(_ table: ImportTable, fileName: String, checksum: String, skipInvalid: Bool) async throws -> ImportReport {
        let (parsed, errors) = try await ImportStageClock.time("f.parse") { try await parse(table) }
        var report = ImportReport(
            kind: .figures, fileName: fileName, checksum: checksum, totalRows: table.rows.count,
            inserted: 0, updated: 0, unchanged: 0, skipped: 0, errors: errors)
        if !errors.isEmpty && !skipInvalid { return report }
        report.skipped = Set(errors.map(\.row)).count
        let existing = try await ImportStageClock.time("f.existing") { try await existingKeys(parsed) }
        report.inserted = parsed.filter { !existing.contains("\($0.uscc)/\($0.figures.year)") }.count
        report.updated = parsed.count - report.inserted
        // The stored columns of the file's fields, named where the writes name them.
        let fields = Self.amountFields.filter { table.has($0.0) }.map { $0.1 as KeyPath<AnnualFigures, Int64?> }
        let present = FiguresWrites.amounts.filter { fields.contains($0.path) }.map(\.column) + (table.has(.source) ? ["source"] : [])
        let progress = self.progress
        let final = report
        try await session.transaction { tx in
            let now = Date.nowSeconds()
            var done = 0
            let writes = FiguresWrites(db: tx)
            for chunk in parsed.chunked(1000) {
                try await ImportStageClock.time("f.upsert") {
                    try await writes.upsert(
                        chunk.map { .init(uscc: $0.uscc, figures: $0.figures) }, columns: present, stored: existing, now: now)
                }
                done += chunk.count
                await progress(done, parsed.count)
            }
            try await ImportStageClock.time("f.latest") {
                try await EnterpriseQueries(db: tx).refreshLatestOutput(usccs: Array(Set(parsed.map(\.uscc))))
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "import", key: fileName, action: "import_figures",
                extra: [
                    "file": fileName, "sha256": checksum, "rows": String(final.totalRows), "inserted": String(final.inserted),
                    "updated": String(final.updated), "skipped": String(final.skipped),
                ])
        }
        return report
    }

    func existingKeys(_ parsed: [Parsed]) async throws -> Set<String> {
        struct Row: Decodable {
            var enterpriseUscc: String
            var year: Int
        }
        var keys = Set<String>()
        for chunk in Array(Set(parsed.map(\.uscc))).chunked(500) {
            let rows = try await sql.raw(
                "SELECT enterprise_uscc, year FROM figures WHERE enterprise_uscc IN \(SQLBind.group(Array(chunk)))"
            ).rows(Row.self)
            for r in rows {
                keys.insert("\(r.enterpriseUscc)/\(r.year)")
            }
        }
        return keys
    }

    func parse(_ table: ImportTable) async throws -> ([Parsed], [DomainError.RowError]) {
        let usccs = table.rows.compactMap { CellParsing.text(table.cell($0, .uscc))?.uppercased() }
        let known = try await EnterpriseQueries(db: sql).existing(usccs: usccs)
        let checked = await RowChecks.map(table.rows) { Self.check($0, table: table, known: known) }
        var errors: [DomainError.RowError] = []
        var parsed: [Parsed] = []
        var seen: [String: Int] = [:]
        for var row in checked {
            if let first = seen[row.key] {
                row.errors.append(
                    .init(row: row.parsed.row, column: table.letter(.year), reason: "\(ImportColumn.year.header)：与第\(first)行重复（同一企业同一年度）"))
            } else {
                seen[row.key] = row.parsed.row
            }
            if row.errors.isEmpty { parsed.append(row.parsed) } else { errors += row.errors }
        }
        return (parsed, errors)
    }

    /// One row's own checks (the duplicates across rows are found after, in order).
    struct Checked: Sendable {
        var key: String
        var parsed: Parsed
        var errors: [DomainError.RowError]
    }

    static func check(_ row: SheetRow, table: ImportTable, known: Set<String>) -> Checked {
        var rowErrors: [DomainError.RowError] = []
        func fail(_ column: ImportColumn, _ reason: String) {
            rowErrors.append(.init(row: row.number, column: table.letter(column), reason: "\(column.header)：\(reason)"))
        }
        let uscc = (CellParsing.text(table.cell(row, .uscc)) ?? "").uppercased()
        if case .failure(let e) = USCC.checkFormat(uscc) {
            fail(.uscc, e.messageZh)
        } else if !known.contains(uscc) {
            fail(.uscc, "企业 \(uscc) 不在企业库中，请先导入企业名录")
        }
        var year = 0
        do {
            if let y = try CellParsing.integer(table.cell(row, .year)), let v = Int(exactly: y) {
                year = v
            } else {
                fail(.year, "不能为空")
            }
        } catch let e as CellParsing.Failure { fail(.year, e.reason) } catch { fail(.year, "\(error)") }
        var f = AnnualFigures(year: year)
        for (column, path) in Self.amountFields where table.has(column) {
            do { f[keyPath: path] = try CellParsing.amount(table.cell(row, column), multiplier: table.multiplier(column)) } catch let e
                as CellParsing.Failure
            { fail(column, e.reason) } catch { fail(column, "\(error)") }
        }
        if table.has(.source), let s = CellParsing.text(table.cell(row, .source)) {
            do { f.source = try CellParsing.source(s) } catch let e as CellParsing.Failure { fail(.source, e.reason) } catch {
                fail(.source, "\(error)")
            }
        } else {
            f.source = .statistics
        }
        if rowErrors.isEmpty {
            for e in f.validate() { fail(ImportColumn(rawValue: e.field) ?? .year, e.message) }
        }
        return Checked(key: "\(uscc)/\(year)", parsed: Parsed(row: row.number, uscc: uscc, figures: f), errors: rowErrors)
    }
}
