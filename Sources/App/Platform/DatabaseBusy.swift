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

extension DomainError {
    /// Province mode: a shard holding part of the supply links could not be reached (postgres_fdw's
    /// "could not connect to server …"). What needs those links answers 503 and names the data;
    /// the registry, requests and pages that don't read them keep working.
    static func shardUnreachable(_ error: any Error) -> DomainError? {
        guard let e = error as? PSQLError, let state = e.serverInfo?[.sqlState], state.hasPrefix("08") || state.hasPrefix("HV"),
            let message = e.serverInfo?[.message], message.contains("chainlead_shard_")
        else { return nil }
        let shard = message.split(separator: "\"").first { $0.hasPrefix("chainlead_shard_") }.map(String.init) ?? "chainlead_shard"
        return DomainError(
            .unavailable, "shard_unreachable",
            "分片服务器 \(shard) 暂时无法连接：存放在其上的供应关系数据和企业年度经营数据（supply_links、figures）不可用，需要它们的统计（本地配套率、供应链图谱、单一来源风险、企业年度数据等）暂无法给出；企业名录、诉求等其他功能不受影响，请稍后重试",
            retryAfter: 30)
    }
}
