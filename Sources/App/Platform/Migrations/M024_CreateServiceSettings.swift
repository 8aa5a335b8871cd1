import ChainLeadCore
import Fluent
import SQLKit

/// The routing table and the working calendar, editable by administrators; seeded from the
/// policy's departments and the State Council's 2026 calendar (Policy S6).
struct M024_CreateServiceSettings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("routing_rules")
            .field("category", .string, .identifier(auto: false))
            .field("lead_department", .string, .required)
            .field("co_departments", .string, .required)
            .create()
        try await db.schema("calendar_days")
            .field("day", .string, .identifier(auto: false))  // YYYY-MM-DD
            .field("kind", .string, .required)  // holiday | workday (调休上班)
            .create()
        let sql = db.sql
        for category in RequestCategory.allCases {
            let r = RoutingTable.default.route(category)
            try await sql.insert(into: "routing_rules").columns("category", "lead_department", "co_departments")
                .values(SQLBind(category.rawValue), SQLBind(r.lead), SQLBind(r.co.joined(separator: "\n"))).run()
        }
        let c = WorkingCalendar.china2026
        for d in c.holidays.sorted(by: { $0.description < $1.description }) {
            try await sql.insert(into: "calendar_days").columns("day", "kind").values(SQLBind(d.description), SQLBind("holiday")).run()
        }
        for d in c.makeUpWorkingDays.sorted(by: { $0.description < $1.description }) {
            try await sql.insert(into: "calendar_days").columns("day", "kind").values(SQLBind(d.description), SQLBind("workday")).run()
        }
    }
    func revert(on db: any Database) async throws {
        try await db.schema("calendar_days").delete()
        try await db.schema("routing_rules").delete()
    }
}
