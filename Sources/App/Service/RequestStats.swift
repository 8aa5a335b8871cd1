import ChainLeadCore
import Foundation
import SQLKit

/// The service express's figures (Policy S6).
extension RequestService {
    /// Honest figures for a department (or the city): on-time counts open overdue requests.
    func stats(department: String?, from: SimpleDate?, to: SimpleDate?, today: SimpleDate = .today()) async throws -> (
        ServiceStats, [MonthlyStats]
    ) {
        var conditions: [SQLQueryString] = ["1 = 1"]
        if let d = department { conditions.append("r.lead_department = \(bind: d)") }
        if let f = from { conditions.append("r.filed_on >= \(bind: f.description)") }
        if let t = to { conditions.append("r.filed_on <= \(bind: t.description)") }
        var whereClause: SQLQueryString = " WHERE "
        for (i, c) in conditions.enumerated() { whereClause = whereClause + (i == 0 ? "" : " AND ") + c }
        let facts = try await sql.raw(
            """
            SELECT \(RequestRecord.columns) FROM requests r JOIN enterprises e ON e.uscc = r.enterprise_uscc\(whereClause)
            """
        ).all().map { try RequestRecord(row: $0).facts }
        let calendar = try await ServiceSettings(db: sql).calendar()
        return (
            ServiceStats.compute(requests: facts, asOf: today, calendar: calendar),
            ServiceStats.monthly(requests: facts, asOf: today, calendar: calendar)
        )
    }
}
