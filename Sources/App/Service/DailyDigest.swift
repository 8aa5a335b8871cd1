import ChainLeadCore
import Foundation
import SQLKit

/// The daily digest per department (Policy S6): new, open and overdue requests, once a day,
/// to every officer of the department, through the outbox.
enum DailyDigest {
    /// Sends today's digests not yet sent; answers how many departments got one.
    @discardableResult
    static func run(_ db: any SQLDatabase, today: SimpleDate = .today()) async throws -> Int {
        struct Counts: Decodable {
            var leadDepartment: String
            var newToday: Int?
            var openNow: Int?
            var overdue: Int?
        }
        let rows = try await db.raw(
            """
            SELECT lead_department,
              SUM(CASE WHEN filed_on = \(bind: today.description) THEN 1 ELSE 0 END) AS new_today,
              SUM(CASE WHEN \(RequestService.openSQL) THEN 1 ELSE 0 END) AS open_now,
              SUM(CASE WHEN \(RequestService.overdueSQL(on: today)) THEN 1 ELSE 0 END) AS overdue
            FROM requests r GROUP BY lead_department
            """
        ).rows(Counts.self)
        var sent = 0
        for row in rows {
            let department = row.leadDepartment
            let open = row.openNow ?? 0
            let new = row.newToday ?? 0
            let overdue = row.overdue ?? 0
            guard open + new > 0 else { continue }
            let already = try await db.raw(
                "SELECT day FROM digests_sent WHERE department = \(bind: department) AND day = \(bind: today.description)"
            ).first()
            guard already == nil else { continue }
            try await db.insert(into: "digests_sent").columns("department", "day", "sent_at")
                .values(SQLBind(department), SQLBind(today.description), SQLBind(Date.nowSeconds())).run()
            let text = "\(department) \(today) 诉求日报：今日新交办 \(new) 件，在办 \(open) 件，其中超期未答复 \(overdue) 件。"
            try await Notifier(db: db).notify([.department(department)], request: nil, kind: "digest", text: text)
            sent += 1
        }
        return sent
    }
}
