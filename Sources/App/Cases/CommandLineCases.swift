import ChainLeadCore
import Foundation
import Vapor

/// `chainlead casebook YEAR FILE.docx`: the same case book as the page's button, written to a file.
public enum CommandLineCases {
    public static func casebook(_ app: Application, year: Int, file: String, progress: @escaping @Sendable (String) -> Void) async throws
        -> String
    {
        do {
            let data = try await CaseBookExport(db: app.db.sql, caller: .commandLine).docx(year: year, progress: progress)
            try data.write(to: URL(fileURLWithPath: file), options: .atomic)
            return "Wrote the \(year) case book (\(data.count / 1024) KB) to \(file)"
        } catch let e as DomainError {
            throw CommandLineError(e.message)
        }
    }
}
