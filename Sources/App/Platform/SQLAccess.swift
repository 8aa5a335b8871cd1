import Fluent
import NIOConcurrencyHelpers
import SQLKit

extension Database {
    /// The database as SQL, handed to services once at the boundary. Both drivers ChainLead
    /// configures (SQLite, PostgreSQL) vend SQL databases; anything else is a set-up error.
    var sql: any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { preconditionFailure("ChainLead runs on SQL databases only (SQLite, PostgreSQL)") }
        return sql
    }
}

extension SQLDatabase {
    /// Runs `body` in one transaction on one connection, committed when it returns and rolled back
    /// when it throws. On SQLite the transaction begins IMMEDIATE: it takes the write lock first and
    /// waits for it (busy timeout), where a deferred one that read before writing would fail with
    /// "database is locked" as soon as another connection wrote in between (WAL's stale snapshot).
    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let sqlite = dialect.name == "sqlite"
        let begin: SQLQueryString = sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await withSession { session in
            // SQLite has one writer at a time. Writers of this process queue here, in order, on
            // the connection they will write on (waiting for a connection with the turn in hand
            // would idle the one writer SQLite allows): SQLite's busy handler instead sleeps in
            // steps of up to 100 ms (issue 21's desk bench). Other processes meet the busy timeout.
            let turn = sqlite ? await SQLiteWriters.shared.acquire() : false
            defer { if turn { SQLiteWriters.shared.release() } }
            try await session.raw(begin).run()
            do {
                let value = try await body(session)
                try await session.raw("COMMIT").run()
                return value
            } catch {
                // The body's error is what the caller needs; a failed rollback ends the session anyway.
                try? await session.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// The queue of this process's SQLite writers (`withTransaction`): first come, first served.
/// A writer that has waited `patience` goes ahead without its turn and meets SQLite's own busy
/// timeout as before, so a transaction that waits on another one (a test holding a write open
/// while it calls the app) cannot wait here for ever.
final class SQLiteWriters: Sendable {
    static let shared = SQLiteWriters(patience: .seconds(10))
    let patience: Duration
    private struct State {
        var busy = false
        var next = 0
        var waiting: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    }
    private let state = NIOLockedValueBox(State())

    init(patience: Duration) { self.patience = patience }

    /// True when the caller holds the turn (and must `release()` it), false when it gave up waiting.
    func acquire() async -> Bool {
        // The common case, no other writer: the turn at once, no timer.
        let id = state.withLockedValue { s -> Int? in
            if !s.busy {
                s.busy = true
                return nil
            }
            s.next += 1
            return s.next
        }
        guard let id else { return true }
        let timer = Task { [patience] in
            try await Task.sleep(for: patience)
            let waiter = state.withLockedValue { s -> CheckedContinuation<Bool, Never>? in
                guard let i = s.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiting.remove(at: i).continuation
            }
            waiter?.resume(returning: false)
        }
        let held = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            // The holder may have released in between: then the turn is this writer's.
            let now = state.withLockedValue { s -> Bool in
                if !s.busy {
                    s.busy = true
                    return true
                }
                s.waiting.append((id, continuation))
                return false
            }
            if now { continuation.resume(returning: true) }
        }
        timer.cancel()
        return held
    }

    func release() {
        let next = state.withLockedValue { s -> CheckedContinuation<Bool, Never>? in
            if s.waiting.isEmpty {
                s.busy = false
                return nil
            }
            return s.waiting.removeFirst().continuation
        }
        next?.resume(returning: true)
    }
}
