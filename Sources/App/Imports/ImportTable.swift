import ChainLeadCore
import Foundation
import OfficeFormats

enum ImportKind: String, Codable, Sendable, CaseIterable {
    case enterprises, figures
    case supplyLinks = "supply-links"

    var required: [ImportColumn] {
        switch self {
        case .enterprises: [.uscc, .name, .district]
        case .figures: [.uscc, .year]
        case .supplyLinks: [.buyer, .segments, .year, .amount]
        }
    }

    var columns: [ImportColumn] {
        switch self {
        case .enterprises:
            [
                // Main products came later: last, so the earlier columns keep their places in sheets.
                .uscc, .name, .shortName, .formerNames, .district, .address, .founded, .ownership,
                .contactPerson, .contactPhone, .contactEmail, .status, .statusDate, .successorUscc,
                .tier, .segments, .usccOverrideReason, .aboveScaleYear, .mainProducts,
            ]
        case .figures:
            [
                .uscc, .year, .outputValue, .revenue, .rdExpense, .employees, .taxPaid, .exports,
                .totalAssets, .totalLiabilities, .mainBusinessRevenue, .source,
            ]
        case .supplyLinks: [.buyer, .supplierUscc, .supplierName, .supplierCity, .segments, .year, .amount, .category]
        }
    }
}

/// What a finished import reports (and what the job keeps).
struct ImportReport: Codable, Sendable, Equatable {
    var kind: ImportKind
    var fileName: String
    var checksum: String
    var totalRows: Int
    var inserted: Int
    var updated: Int
    var unchanged: Int
    var skipped: Int
    var errors: [DomainError.RowError]
    /// Enterprise imports: the mark left on every firm written (`/enterprises?import=…`).
    var batch: String? = nil
}

/// A sheet with its header found: where each known column is, and the data rows below it.
struct ImportTable {
    var headerRow: Int
    var columns: [ImportColumn: (index: Int, multiplier: Int64)]
    var rows: [SheetRow]

    /// The header is the first of the top rows naming the kind's required columns; title and
    /// note rows above it are skipped.
    static func locate(_ sheet: [SheetRow], kind: ImportKind) throws -> ImportTable {
        for row in sheet.prefix(30) {
            var columns: [ImportColumn: (Int, Int64)] = [:]
            for (i, cell) in row.cells.enumerated() {
                guard let text = cell.map(\.text), let (column, multiplier) = ImportColumn.parse(header: text),
                    kind.columns.contains(column), columns[column] == nil
                else { continue }
                columns[column] = (i, multiplier)
            }
            if kind.required.allSatisfy({ columns[$0] != nil }) {
                let data = sheet.filter { $0.number > row.number && !$0.cells.allSatisfy { CellParsing.text($0) == nil } }
                return ImportTable(headerRow: row.number, columns: columns.mapValues { (index: $0.0, multiplier: $0.1) }, rows: data)
            }
        }
        let names = kind.required.map(\.header).joined(separator: "、")
        throw DomainError(
            .invalid, "header_not_found",
            "未找到表头：前30行中没有同时包含“\(names)”的行（可用的列名见导入模板）", field: "file")
    }

    func cell(_ row: SheetRow, _ column: ImportColumn) -> CellValue? {
        guard let c = columns[column] else { return nil }
        return row[column: c.index]
    }

    func letter(_ column: ImportColumn) -> String {
        columns[column].map { columnLetter($0.index) } ?? ""
    }

    func has(_ column: ImportColumn) -> Bool { columns[column] != nil }
    /// The unit multiplier of `column`'s header (1 — yuan — when the column is absent).
    func multiplier(_ column: ImportColumn) -> Int64 { columns[column]?.multiplier ?? 1 }
}

/// Reads a file's rows, turning format problems into 422s the user can act on.
enum ImportFile {
    static let maxBytes = 200 << 20

    static func rows(_ data: Data) throws -> [SheetRow] {
        do {
            return try SpreadsheetReader.rows(of: data)
        } catch let e as OfficeFormatError {
            if case .workbookTooLarge = e { throw DomainError(.tooLarge, "workbook_too_large", e.messageZh, field: "file") }
            throw DomainError(.invalid, "bad_file", e.messageZh, field: "file")
        }
    }
}
