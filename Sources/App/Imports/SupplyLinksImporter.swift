import ChainLeadCore
import Foundation
import SQLKit

/// Imports buyers' yearly purchases (Policy G5, L3): one row per buyer, supplier, segment,
/// year and category; the same rules as the API (supplier by USCC or by name, likely matches
/// queued); amounts in the header's unit. All or nothing unless bad rows are skipped.
struct SupplyLinksImporter {
    let session: WriteSession
    let caller: Caller
    var progress: @Sendable (Int, Int) async -> Void = { _, _ in }

    static let fieldColumns: [String: ImportColumn] = [
        "buyer": .buyer, "supplierUscc": .supplierUscc, "supplierName": .supplierName, "supplierCity": .supplierCity,
        "segment": .segments, "year": .year, "amount": .amount, "category": .category,
    ]

    func run(_ table: ImportTable, fileName: String, checksum: String, skipInvalid: Bool) async throws -> ImportReport {
        var errors: [DomainError.RowError] = []
        var inputs: [SupplyLinkInput] = []
        var rowNumbers: [Int] = []
        var seen: [String: Int] = [:]
        let segmentNames = try await SegmentNames.load(session.sql)
        for row in table.rows {
            var rowErrors: [DomainError.RowError] = []
            func fail(_ column: ImportColumn, _ reason: String) {
                rowErrors.append(.init(row: row.number, column: table.letter(column), reason: "\(column.header)：\(reason)"))
            }
            let buyer = (CellParsing.text(table.cell(row, .buyer)) ?? "").uppercased()
            let supplierUscc = CellParsing.text(table.cell(row, .supplierUscc))?.uppercased()
            let supplierName = CellParsing.text(table.cell(row, .supplierName))
            let city = CellParsing.text(table.cell(row, .supplierCity))
            let written = CellParsing.text(table.cell(row, .segments)) ?? ""
            // A code, the segment's name or 产业链·环节; an unknown one is answered with the closest.
            let segment = segmentNames.code(written) ?? written
            if written.isEmpty {
                fail(.segments, "不能为空")
            } else if let problem = segmentNames.problem([written]) {
                fail(.segments, problem)
            }
            var year = 0
            do {
                if let y = try CellParsing.integer(table.cell(row, .year)), let v = Int(exactly: y) {
                    year = v
                } else {
                    fail(.year, "不能为空")
                }
            } catch let e as CellParsing.Failure { fail(.year, e.reason) }
            var amount: Int64 = 0
            do {
                if let a = try CellParsing.amount(table.cell(row, .amount), multiplier: table.multiplier(.amount)) {
                    amount = a
                } else {
                    fail(.amount, "不能为空")
                }
            } catch let e as CellParsing.Failure { fail(.amount, e.reason) }
            var category = SupplyCategory.material
            if let raw = CellParsing.text(table.cell(row, .category)) {
                do {
                    category = try CellParsing.labelled(raw, SupplyCategory.self, names: { [$0.nameZh, $0.rawValue] }, what: "采购类别")
                } catch let e as CellParsing.Failure { fail(.category, e.reason) }
            }
            let key = [buyer, supplierUscc ?? "", SupplierName.normalise(supplierName ?? ""), segment, "\(year)", category.rawValue].joined(
                separator: "|")
            if let first = seen[key] { fail(.amount, "与第\(first)行重复（同一采购方、供应商、环节、年度和类别）") } else { seen[key] = row.number }
            if rowErrors.isEmpty {
                inputs.append(
                    SupplyLinkInput(
                        buyer: buyer, supplierUscc: supplierUscc, supplierName: supplierName, supplierCity: city,
                        segment: segment, year: year, amount: amount, category: category))
                rowNumbers.append(row.number)
            } else {
                errors += rowErrors
            }
        }
        let (ready, problems) = try await SupplyService.prepare(
            inputs, resolver: try await SupplierResolver.load(session.sql), sql: session.sql)
        for p in problems {
            let column = Self.fieldColumns[p.field] ?? .buyer
            errors.append(.init(row: rowNumbers[p.index], column: table.letter(column), reason: "\(column.header)：\(p.message)"))
        }
        errors.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        var report = ImportReport(
            kind: .supplyLinks, fileName: fileName, checksum: checksum, totalRows: table.rows.count,
            inserted: 0, updated: 0, unchanged: 0, skipped: 0, errors: errors)
        if !errors.isEmpty && !skipInvalid { return report }
        report.skipped = Set(errors.map(\.row)).count
        let progress = self.progress
        let counts = CountBox()
        let header = report
        try await session.transaction { tx in
            let written = try await SupplyService.store(ready, on: tx, audit: false, caller: caller, progress: progress)
            counts.set(inserted: written.filter(\.created).count, updated: written.filter { !$0.created }.count)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "import", key: fileName, action: "import_supply_links",
                extra: [
                    "file": fileName, "sha256": checksum, "rows": String(header.totalRows), "written": String(written.count),
                    "skipped": String(header.skipped),
                ])
        }
        report.inserted = counts.inserted
        report.updated = counts.updated
        return report
    }
}

/// The transaction's counts, carried out of its closure.
final class CountBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var inserted = 0
    private(set) var updated = 0
    func set(inserted: Int, updated: Int) {
        lock.lock()
        defer { lock.unlock() }
        self.inserted = inserted
        self.updated = updated
    }
}
