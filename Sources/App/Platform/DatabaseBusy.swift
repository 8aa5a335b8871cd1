import ChainLeadCore
import Foundation
import PostgresNIO
import SQLiteNIO

extension DomainError {
    /// The database could not take the request in time — SQLite's lock wait ran out, PostgreSQL
    /// found a deadlock, a serialization failure or a lock it would not wait for. Nothing was
    /// changed (the transaction rolled back): 503 with `Retry-After`, never a 500.
    static func databaseBusy(_ error: any Error) -> DomainError? {
        var busy = false
        if let e = error as? SQLiteError {
            switch e.reason {
            case .busy, .busyTimeout, .busyInSnapshot, .busyInRecovery, .locked, .lockedBySharedCache: busy = true
            default: break
            }
        } else if let e = error as? PSQLError, let state = e.serverInfo?[.sqlState] {
            busy = ["40001", "40P01", "55P03"].contains(state)
        }
        guard busy else { return nil }
        return DomainError(.unavailable, "busy", "系统繁忙，未保存任何修改，请稍后重试", retryAfter: 2)
    }
}
