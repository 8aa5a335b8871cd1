import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// Imports and exports for the command line: the same service as the API and the page.
public enum CommandLineData {
    public enum Kind: String, CaseIterable, Sendable {
        case enterprises
        case figures
        case supplyLinks = "supply-links"

        var importKind: ImportKind {
            switch self {
            case .enterprises: .enterprises
            case .figures: .figures
            case .supplyLinks: .supplyLinks
            }
        }
    }

    /// Imports a file, printing progress; answers a summary line or throws with every bad row.
    public static func importFile(
        _ app: Application, kind: Kind, path: String, skipInvalid: Bool,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> String {
        let url = URL(fileURLWithPath: path)
        let data = try Data(contentsOf: url)
        guard data.count <= ImportFile.maxBytes else { throw CommandLineError("file larger than \(ImportFile.maxBytes >> 20) MiB") }
        do {
            do {
                let report = try await ImportService.run(
                    app, kind.importKind, caller: .commandLine, data: data, fileName: url.lastPathComponent,
                    skipInvalid: skipInvalid
                ) { done, total in
                    progress("  \(done)/\(total) rows written")
                }
                var lines = [
                    "\(report.totalRows) rows: \(report.inserted) inserted, \(report.updated) updated, \(report.unchanged) unchanged, \(report.skipped) skipped"
                ]
                for e in report.errors.prefix(50) { lines.append("  skipped row \(e.row), column \(e.column): \(e.reason)") }
                return lines.joined(separator: "\n")
            } catch let e as DomainError {
                var lines = [e.message]
                for r in (e.rows ?? []).prefix(200) { lines.append("  row \(r.row), column \(r.column): \(r.reason)") }
                if let rows = e.rows, rows.count > 200 { lines.append("  … \(rows.count - 200) more") }
                throw CommandLineError(lines.joined(separator: "\n"))
            }
        }
    }

    public static func exportEnterprises(_ app: Application, to path: String, query: [String: String]) async throws -> Int {
        let filter = EnterpriseFilter(
            q: query["q"], cluster: query["cluster"], chain: query["chain"], segment: query["segment"],
            district: query["district"], tier: query["tier"].flatMap { .init(rawValue: $0) },
            status: query["status"].flatMap { .init(rawValue: $0) }, sort: query["sort"] ?? "-outputValue")
        let export = try await EnterpriseExport(db: app.db.sql, caller: .commandLine).workbook(filter)
        try export.data.write(to: URL(fileURLWithPath: path))
        return export.rows
    }
}

public struct CommandLineError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
