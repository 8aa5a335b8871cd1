import ChainLeadCore
import Foundation
import SQLKit

/// The routing table and the working calendar as stored (editable by administrators).
struct ServiceSettings {
    let db: any SQLDatabase

    /// A department of the policy's list or of the routing table as edited.
    func knows(department name: String) async throws -> Bool {
        if Department.all.contains(name) { return true }
        return try await routing().departments.contains(name)
    }

    func routing() async throws -> RoutingTable {
        struct Row: Decodable {
            var category: String
            var leadDepartment: String
            var coDepartments: String
        }
        var entries: [RequestCategory: Routing] = [:]
        for row in try await db.raw("SELECT category, lead_department, co_departments FROM routing_rules").rows(Row.self) {
            guard let c = RequestCategory(rawValue: row.category) else { continue }
            let co = row.coDepartments.split(separator: "\n").map(String.init)
            entries[c] = Routing(lead: row.leadDepartment, co: co)
        }
        return RoutingTable(entries)
    }

    /// Each category's `EditVersion`.
    func routingVersions() async throws -> [String: Int64] {
        struct Row: Decodable {
            var category: String
            var version: Int64
        }
        let rows = try await db.raw("SELECT category, version FROM routing_rules").rows(Row.self)
        return Dictionary(rows.map { ($0.category, $0.version) }, uniquingKeysWith: max)
    }

    func calendar() async throws -> WorkingCalendar {
        struct Row: Decodable {
            var day: String
            var kind: String
        }
        var holidays: Set<SimpleDate> = []
        var workdays: Set<SimpleDate> = []
        for row in try await db.raw("SELECT day, kind FROM calendar_days").rows(Row.self) {
            guard let d = SimpleDate(iso: row.day) else { continue }
            if row.kind == "holiday" { holidays.insert(d) } else { workdays.insert(d) }
        }
        return WorkingCalendar(holidays: holidays, makeUpWorkingDays: workdays)
    }

    /// Sets one day: a holiday, a make-up working day, or (`normal`) back to the weekday rule. Audited.
    func setDay(_ day: SimpleDate, kind: String, caller: Caller) async throws {
        guard (1949...2100).contains(day.year) else { throw DomainError.invalid("day", "日期应在1949至2100年之间", code: "out_of_range") }
        guard ["holiday", "workday", "normal"].contains(kind) else { throw DomainError.invalid("kind", "类型应为 holiday、workday 或 normal") }
        try await db.delete(from: "calendar_days").where("day", .equal, SQLBind(day.description)).run()
        if kind != "normal" {
            try await db.insert(into: "calendar_days").columns("day", "kind").values(SQLBind(day.description), SQLBind(kind)).run()
        }
        try await AuditLog(db: db, caller: caller).record(
            entity: "calendar", key: day.description, action: "set_day", changes: ["kind": .init(from: nil, to: kind)])
    }

    /// Sets many days at once (next year's calendar from a file): one transaction, each day
    /// replaced and audited; nothing is written when one is out of range.
    func setDays(_ entries: [CalendarEntry], caller: Caller) async throws {
        guard !entries.isEmpty else { throw DomainError.invalid("file", "文件中没有可导入的日期") }
        guard entries.count <= 400 else { throw DomainError.invalid("file", "一次最多导入400天") }
        for e in entries where !(1949...2100).contains(e.day.year) {
            throw DomainError.invalid("day", "日期 \(e.day) 应在1949至2100年之间", code: "out_of_range")
        }
        try await db.withTransaction { tx in
            for e in entries {
                try await tx.delete(from: "calendar_days").where("day", .equal, SQLBind(e.day.description)).run()
                try await tx.insert(into: "calendar_days").columns("day", "kind", "name")
                    .values(SQLBind(e.day.description), SQLBind(e.kind), SQLBind(e.name.isEmpty ? nil : e.name)).run()
                try await AuditLog(db: tx, caller: caller).record(
                    entity: "calendar", key: e.day.description, action: "set_day", changes: ["kind": .init(from: nil, to: e.kind)],
                    extra: e.name.isEmpty ? [:] : ["name": e.name])
            }
        }
    }

    /// The configured days with their names, in date order.
    func days() async throws -> [(day: String, kind: String, name: String?)] {
        struct Row: Decodable {
            var day: String
            var kind: String
            var name: String?
        }
        return try await db.raw("SELECT day, kind, name FROM calendar_days ORDER BY day").rows(Row.self).map { ($0.day, $0.kind, $0.name) }
    }

    /// Changes a category's routing; departments must be on the policy's list. Filed requests
    /// keep theirs. Audited with before and after; answers the routing as stored.
    @discardableResult
    func setRouting(_ category: RequestCategory, lead: String, co: [String], caller: Caller, expected: Int64? = nil) async throws
        -> Routing
    {
        for (i, d) in ([lead] + co).enumerated() where !Department.all.contains(d) {
            throw DomainError.invalid(i == 0 ? "leadDepartment" : "coDepartments", "部门“\(d.prefix(30))”不在部门名单中")
        }
        let routing = Routing(lead: lead, co: co.filter { $0 != lead })
        let before = try await self.routing().route(category)
        var update = db.update("routing_rules").set("lead_department", to: SQLBind(routing.lead))
            .set("co_departments", to: SQLBind(routing.co.joined(separator: "\n"))).set("version", to: SQLRaw("version + 1"))
            .where("category", .equal, SQLBind(category.rawValue))
        if let expected { update = update.where("version", .equal, SQLBind(expected)) }
        if try await update.returning("category").all().isEmpty, expected != nil {
            throw EditVersion.stale("“\(category.nameZh)”类诉求的交办规则", stored: try await routingVersions()[category.rawValue])
        }
        try await AuditLog(db: db, caller: caller).record(
            entity: "routing", key: category.rawValue, action: "update",
            changes: [
                "leadDepartment": .init(from: before.lead, to: routing.lead),
                "coDepartments": .init(from: before.co.joined(separator: "、"), to: routing.co.joined(separator: "、")),
            ])
        return routing
    }
}
