import Foundation

/// Row checks of an import spread over the cores: each row's checks depend on that row alone
/// (checks across rows, such as duplicates, run after, in order), so a long file is cut into one
/// run of rows per core and the results come back in the file's order (issue 21's profile:
/// the checks were a fifth of an import).
enum RowChecks {
    static func map<Row: Sendable, Result: Sendable>(
        _ rows: [Row], minimumPerCore: Int = 2_000, _ check: @escaping @Sendable (Row) -> Result
    ) async -> [Result] {
        let cores = max(1, min(ProcessInfo.processInfo.activeProcessorCount, rows.count / minimumPerCore))
        guard cores > 1 else { return rows.map(check) }
        let size = (rows.count + cores - 1) / cores
        return await withTaskGroup(of: (Int, [Result]).self) { group in
            for part in 0..<cores {
                let slice = rows[min(rows.count, part * size)..<min(rows.count, (part + 1) * size)]
                group.addTask { (part, slice.map(check)) }
            }
            var parts = [[Result]](repeating: [], count: cores)
            for await (part, results) in group { parts[part] = results }
            return parts.flatMap { $0 }
        }
    }
}
