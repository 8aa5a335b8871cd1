import Foundation
import Synchronization

/// Seconds spent in each stage of this process's imports (reading the file, checking rows, each
/// insert), summed by label until `dump()` reads and clears them: `bench import` prints them
/// after each import as its profile (issue 21). A handful of labels, so it never grows.
enum ImportStageClock {
    static let totals = Mutex<[String: Double]>([:])
    static func time<T>(_ label: String, _ body: () async throws -> T) async rethrows -> T {
        let start = Date()
        let value = try await body()
        let elapsed = Date().timeIntervalSince(start)
        totals.withLock { $0[label, default: 0] += elapsed }
        return value
    }
    static func add(_ label: String, since start: Date) {
        let elapsed = Date().timeIntervalSince(start)
        totals.withLock { $0[label, default: 0] += elapsed }
    }
    static func dump() -> String {
        totals.withLock { t in
            let s = t.sorted { $0.key < $1.key }.map { String(format: "%@ %.2f", $0.key, $0.value) }.joined(separator: "; ")
            t = [:]
            return s
        }
    }
}
