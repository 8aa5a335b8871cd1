import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// A job that runs on one instance at a time: whoever holds the lease row runs it; the lease
/// expires if its holder dies, and another instance takes over.
struct JobLease {
    let db: any SQLDatabase

    func acquire(_ name: String, holder: String, ttl: TimeInterval, now: Date = Date.nowSeconds()) async throws -> Bool {
        let expires = now.addingTimeInterval(ttl)
        // Take an expired lease or renew our own; else insert the first one.
        try await db.raw("""
            UPDATE job_leases SET holder = \(bind: holder), expires_at = \(bind: expires)
            WHERE name = \(bind: name) AND (expires_at < \(bind: now) OR holder = \(bind: holder))
            """).run()
        if try await db.raw("SELECT name FROM job_leases WHERE name = \(bind: name)").first() == nil {
            do {
                try await db.insert(into: "job_leases").columns("name", "holder", "expires_at")
                    .values(SQLBind(name), SQLBind(holder), SQLBind(expires)).run()
            } catch {
                // Another instance inserted it first.
            }
        }
        let row = try await db.raw("SELECT holder FROM job_leases WHERE name = \(bind: name)").first()
        return try row?.decode(column: "holder", as: String.self) == holder
    }
}

/// Escalates overdue requests (Policy S6): first to the department's head, then (more than two
/// working days late) to the dispatchers and the chain chiefs, with a visible flag.
public enum EscalationJob {
    static let leaseName = "escalation"

    /// One pass; answers how many requests went up a level.
    @discardableResult
    static func runOnce(_ db: any SQLDatabase, today: SimpleDate = .today()) async throws -> Int {
        let calendar = try await ServiceSettings(db: db).calendar()
        let open = try await db.raw("""
            SELECT \(RequestRecord.columns) FROM requests r JOIN enterprises e ON e.uscc = r.enterprise_uscc
            WHERE r.status NOT IN ('answered', 'closed')
            """).all().map(RequestRecord.init(row:))
        var raised = 0
        for r in open {
            let level = Escalation.level(now: today, acceptBy: r.acceptBy, answerBy: r.answerBy, status: r.status, calendar: calendar)
            guard level > r.escalation else { continue }
            raised += 1
            let now = Date.nowSeconds()
            try await db.update("requests").set("escalation", to: SQLBind(level.rawValue)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(r.id)).run()
            try await RequestService.event(db, r.id, actor: nil, kind: .system, action: "escalate", from: r.status, to: r.status,
                                           department: r.leadDepartment, text: level.nameZh, now: now)
            var audiences: [Notifier.Audience] = [.departmentHead(r.leadDepartment)]
            if level == .dispatcherAndChief {
                audiences += [.dispatchers, .chiefs(try await RequestService.chains(of: r.enterprise, db: db))]
            }
            try await Notifier(db: db).notify(audiences, request: r.id, kind: "escalated",
                                              text: "诉求 #\(r.id)「\(r.title)」已超期（\(r.leadDepartment)，\(level.nameZh)）", now: now)
        }
        return raised
    }

    /// The loop `serve` runs: every `interval`, if this instance holds the lease.
    public static func start(_ app: Application, interval: TimeInterval) {
        let holder = app.instanceID
        let sharedDatabase = app.chainLead.database.kind != "sqlite"
        let task = Task {
            while !Task.isCancelled {
                do {
                    let db = app.db as! any SQLDatabase
                    // Any instance may notice another's import that stopped beating.
                    if sharedDatabase { try await ImportJobs(db: db).failAbandoned(except: holder, olderThan: ImportJobs.heartbeatTTL) }
                    if try await JobLease(db: db).acquire(leaseName, holder: holder, ttl: interval * 3) {
                        let raised = try await runOnce(db)
                        if raised > 0 { app.logger.notice("escalation: \(raised) request(s) escalated") }
                        try await DailyDigest.run(db)
                    }
                } catch {
                    app.logger.warning("escalation job failed: \(String(reflecting: type(of: error)))")
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        app.lifecycle.use(JobHandle(task: task))
    }

    struct JobHandle: LifecycleHandler {
        let task: Task<Void, Never>
        func shutdown(_ application: Application) { task.cancel() }
    }
}
