import ChainLeadCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Escalates overdue requests (Policy S6): first to the department's head, then (more than two
/// working days late) to the dispatchers and the chain chiefs, with a visible flag.
public enum EscalationJob {
    static let leaseName = "escalation"

    static let batchSize = 100

    /// One pass; answers how many requests went up a level. Each escalation is one conditional
    /// write (still open, still at the status and level read) in the transaction that writes its
    /// history and notices, so a request answered meanwhile is not flagged; `stillHolding` is asked
    /// before each batch, and a pass that lost its lease stops.
    @discardableResult
    static func runOnce(
        _ db: any SQLDatabase, today: SimpleDate = .today(),
        stillHolding: @Sendable () async throws -> Bool = { true }
    ) async throws -> Int {
        let calendar = try await ServiceSettings(db: db).calendar()
        let open = try await db.raw(
            """
            SELECT \(RequestRecord.columns) FROM requests r JOIN enterprises e ON e.uscc = r.enterprise_uscc
            WHERE \(RequestService.openSQL)
            """
        ).all().map(RequestRecord.init(row:))
        let due = open.compactMap { r -> (RequestRecord, EscalationLevel)? in
            let level = Escalation.level(now: today, acceptBy: r.acceptBy, answerBy: r.answerBy, status: r.status, calendar: calendar)
            return level > r.escalation ? (r, level) : nil
        }
        var raised = 0
        for batch in due.chunked(batchSize) {
            // At shutdown the batch under way is finished, and no new one begins.
            guard !Task.isCancelled, try await stillHolding() else { break }
            for (r, level) in batch {
                let chiefs = level == .dispatcherAndChief ? try await RequestService.chains(of: r.enterprise, db: db) : []
                let done = try await db.withTransaction { tx -> Bool in
                    let now = Date.nowSeconds()
                    let flagged = try await tx.update("requests").set("escalation", to: SQLBind(level.rawValue)).set(
                        "updated_at", to: SQLBind(now)
                    )
                    .where("id", .equal, SQLBind(r.id)).where("status", .equal, SQLBind(r.status.rawValue))
                    .where("escalation", .lessThan, SQLBind(level.rawValue)).returning("id").all()
                    guard !flagged.isEmpty else { return false }
                    try await RequestService.event(
                        tx, r.id, actor: nil, kind: .system, action: "escalate", from: r.status, to: r.status,
                        department: r.leadDepartment, text: level.nameZh, now: now)
                    var audiences: [Notifier.Audience] = [.departmentHead(r.leadDepartment)]
                    if level == .dispatcherAndChief { audiences += [.dispatchers, .chiefs(chiefs)] }
                    try await Notifier(db: tx).notify(
                        audiences, request: r.id, kind: "escalated",
                        text: "诉求 #\(r.id)「\(r.title)」已超期（\(r.leadDepartment)，\(level.nameZh)）", now: now)
                    return true
                }
                if done { raised += 1 }
            }
        }
        return raised
    }

    /// The loop `serve` runs: every `interval`, if this instance holds the lease.
    public static func start(_ app: Application, interval: TimeInterval) {
        let holder = app.instanceID
        let sharedDatabase = app.chainLead.database.kind != "sqlite"
        let task = Task {
            while !Task.isCancelled {
                let started = Date()
                do {
                    let db = app.db.sql
                    // Any instance may notice another's import that stopped beating.
                    if sharedDatabase { try await ImportJobs(db: db).failAbandoned(except: holder, olderThan: ImportJobs.heartbeatTTL) }
                    let lease = JobLease(db: db)
                    if try await lease.acquire(leaseName, holder: holder, ttl: interval * 3) {
                        let raised = try await runOnce(app.db.sql) { try await lease.acquire(leaseName, holder: holder, ttl: interval * 3) }
                        if raised > 0 { app.logger.notice("escalation: \(raised) request(s) escalated") }
                        try await DailyDigest.run(db)
                        try await Objections.purgeContacts(db)
                        Observability.jobRun(leaseName, ok: true, seconds: Date().timeIntervalSince(started))
                    }
                } catch {
                    Observability.jobRun(leaseName, ok: false, seconds: Date().timeIntervalSince(started))
                    app.logger.warning("escalation job failed: \(String(reflecting: type(of: error)))")
                }
                // Cancelled at shutdown: the loop then ends.
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        app.lifecycle.use(JobHandle(task: task, timeout: app.chainLead.shutdownTimeout))
    }

    /// Shutdown: the loop is told to stop and awaited — its running batch ends, within the
    /// timeout — before the database goes away.
    struct JobHandle: LifecycleHandler {
        let task: Task<Void, Never>
        var timeout: TimeInterval = 30

        func shutdown(_ application: Application) { task.cancel() }

        func shutdownAsync(_ application: Application) async {
            task.cancel()
            let finished = task
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await finished.value }
                group.addTask { try? await Task.sleep(for: .seconds(timeout)) }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
