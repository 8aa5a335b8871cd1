import ChainLeadCore
import Fluent
import Foundation
import SQLKit

/// The service express (服务直通车, Policy S6): filing routes a request to its lead department
/// (and co-departments, and the firm's district) with working-day deadlines; every action
/// goes through `RequestWorkflow`, enters the history and notifies those involved.
struct RequestService {
    let db: any SQLDatabase
    /// Who acts: checked, and recorded in the audit trail.
    let caller: Caller
    var sql: any SQLDatabase { db }
    var deadlines = DeadlinePolicy.default

    // MARK: reading

    /// One request with its co-departments, in one statement.
    func find(_ id: Int64) async throws -> RequestRecord {
        guard
            let row = try await sql.raw(
                """
                SELECT \(RequestRecord.columns), \(Self.coDepartmentsColumn(sql)) AS co_departments
                FROM requests r JOIN enterprises e ON e.uscc = r.enterprise_uscc WHERE r.id = \(bind: id)
                """
            ).first()
        else { throw DomainError.notFound("诉求 \(id)", field: "id") }
        return try Self.record(row)
    }

    /// A row of `RequestRecord.columns` with `coDepartmentsColumn` as `co_departments`.
    static func record(_ row: any SQLRow) throws -> RequestRecord {
        var record = try RequestRecord(row: row)
        let co = try row.decode(column: "co_departments", as: String?.self) ?? ""
        record.coDepartments = co.split(separator: "\n").map(String.init)
        return record
    }

    /// The co-departments of `requests r`, in routing order, one per line (a department's name has
    /// no line break: names come from `Department.all`).
    static func coDepartmentsColumn(_ db: any SQLDatabase) -> SQLQueryString {
        let joined: SQLQueryString =
            db.dialect.name == "postgresql"
            ? "string_agg(c.department, chr(10) ORDER BY c.position)" : "group_concat(c.department, char(10) ORDER BY c.position)"
        return "(SELECT \(joined) FROM request_co_departments c WHERE c.request_id = r.id)"
    }

    func history(_ id: Int64) async throws -> [RequestEvent] {
        struct Row: Decodable {
            var at: Date
            var actor: String?
            var actorKind: String
            var action: String
            var statusFrom: String?
            var statusTo: String
            var department: String?
            var text: String?
        }
        return try await sql.raw(
            """
            SELECT at, actor, actor_kind, action, status_from, status_to, department, text FROM request_events
            WHERE request_id = \(bind: id) ORDER BY id
            """
        ).rows(Row.self).map { row in
            RequestEvent(
                at: row.at, actor: row.actor, actorKind: row.actorKind, action: row.action, statusFrom: row.statusFrom,
                statusTo: row.statusTo, department: row.department, text: row.text)
        }
    }

    /// The policy's view of a stored request.
    func resource(_ r: RequestRecord) async throws -> Resource {
        .serviceRequest(
            enterprise: r.enterprise, district: r.district, chains: try await Self.chains(of: r.enterprise, db: sql),
            departments: Set([r.leadDepartment] + r.coDepartments))
    }

    /// The chains of a firm's segments.
    static func chains(of enterprise: String, db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.raw(
                """
                SELECT DISTINCT s.chain_code FROM memberships m JOIN segments s ON s.code = m.segment_code WHERE m.enterprise_uscc = \(bind: enterprise)
                """
            ).all(decodingColumn: "chain_code", as: String.self))
    }

    /// Rows the grants may see, in the query (Policy: row scoping).
    static func scope(_ grants: [Grant]) -> SQLQueryString {
        var parts: [SQLQueryString] = []
        for g in grants {
            switch (g.role, g.scope) {
            case (.official, _): return "1 = 1"
            case (.department, .department(let d, _)):
                // Exact names: the grant's value is compared, never used as a pattern.
                parts.append(
                    """
                    (r.lead_department = \(bind: d)
                     OR EXISTS (SELECT 1 FROM request_co_departments c WHERE c.request_id = r.id AND c.department = \(bind: d)))
                    """)
            case (.district, .district(let c)): parts.append("r.district_code = \(bind: c)")
            case (.enterprise, .enterprise(let u)): parts.append("r.enterprise_uscc = \(bind: u)")
            case (.chief, .chains(let chains)):
                parts.append(
                    """
                    EXISTS (SELECT 1 FROM memberships m JOIN segments s ON s.code = m.segment_code
                            WHERE m.enterprise_uscc = r.enterprise_uscc AND s.chain_code IN \(SQLGroupExpression(SQLList(chains.sorted().map { SQLBind($0) }))))
                    """)
            default: break
            }
        }
        guard var out = parts.first else { return "1 = 0" }
        for p in parts.dropFirst() { out = out + " OR " + p }
        return "(" + out + ")"
    }

    func list(_ f: RequestFilter, grants: [Grant], page: PageRequest) async throws -> ([RequestRecord], Int) {
        var conditions: [SQLQueryString] = [Self.scope(grants)]
        if let s = f.status { conditions.append("r.status = \(bind: s.rawValue)") }
        if let d = f.department { conditions.append("r.lead_department = \(bind: d)") }
        if let c = f.category { conditions.append("r.category = \(bind: c.rawValue)") }
        if let e = f.enterprise { conditions.append("r.enterprise_uscc = \(bind: e)") }
        if let q = f.queue { conditions.append(WorkbenchQueries.queue(q, today: .today())) }
        if let c = f.chain { conditions.append("r.enterprise_uscc IN (\(ScopeDashboard.firms(chains: [c])))") }
        if let c = f.cluster { conditions.append("r.enterprise_uscc IN (\(ScopeDashboard.firms(cluster: c)))") }
        if let day = f.overdueOn {
            conditions.append(Self.overdueSQL(on: day))
        }
        var whereClause: SQLQueryString = " WHERE "
        for (i, c) in conditions.enumerated() { whereClause = whereClause + (i == 0 ? "" : " AND ") + c }
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM requests r\(whereClause)").first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            """
            SELECT \(RequestRecord.columns), \(Self.coDepartmentsColumn(sql)) AS co_departments
            FROM requests r JOIN enterprises e ON e.uscc = r.enterprise_uscc\(whereClause)
            ORDER BY r.escalation DESC, r.answer_by, r.id DESC LIMIT \(unsafeRaw: String(page.per)) OFFSET \(unsafeRaw: String(page.offset))
            """
        ).all()
        return (try rows.map(Self.record), total)
    }

    // MARK: filing

    static func validate(_ input: RequestInput) throws {
        if let e = input.problem { throw DomainError(e) }
    }

    /// `RequestClock.isOpen` for `requests r`.
    static var openSQL: SQLQueryString {
        "r.status IN \(SQLBind.group(RequestClock.openStatuses.map(\.rawValue)))"
    }

    /// `RequestClock.isOverdue` on `day` for `requests r`.
    static func overdueSQL(on day: SimpleDate) -> SQLQueryString {
        openSQL + " AND r.answer_by < \(bind: day.description)"
    }

    /// A request checked and routed, ready to write.
    struct Filing: Sendable {
        var input: RequestInput
        var district: String
        var routing: Routing
        var acceptBy: SimpleDate
        var answerBy: SimpleDate
        var today: SimpleDate
        var by: Caller
        /// Whom the filing notifies (read before the write transaction).
        var recipients: [String]
    }

    /// Checks a request and routes it (the reads before the write). `district` is the firm's, where
    /// the caller has just read it.
    func prepare(_ input: RequestInput, district known: String? = nil, today: SimpleDate = .today()) async throws -> Filing {
        try Self.validate(input)
        let stored: String?
        if let known {
            stored = known
        } else {
            stored = try await sql.raw("SELECT district_code FROM enterprises WHERE uscc = \(bind: input.enterprise)")
                .first(decodingColumn: "district_code", as: String.self)
        }
        guard let district = stored else {
            throw DomainError.invalid("enterprise", "企业 \(input.enterprise) 不在企业库中")
        }
        let settings = ServiceSettings(db: sql)
        let routing = try await settings.routing().route(input.category)
        let calendar = try await settings.calendar()
        let due = deadlines.deadlines(filedOn: today, category: input.category, urgency: input.urgency, calendar: calendar)
        let recipients = try await Notifier(db: sql).recipients(
            [.department(routing.lead)] + routing.co.map { .department($0) } + [.district(district)])
        return Filing(
            input: input, district: district, routing: routing,
            acceptBy: due.acceptBy, answerBy: due.answerBy, today: today, by: caller, recipients: recipients)
    }

    /// Files and routes a request; answers its id.
    func file(_ input: RequestInput, district: String? = nil, today: SimpleDate = .today()) async throws -> Int64 {
        let filing = try await prepare(input, district: district, today: today)
        return try await db.withTransaction { tx in try await Self.write(filing, tx) }
    }

    /// Writes a prepared request with its history, notices and audit entry (inside a transaction).
    static func write(_ f: Filing, _ tx: any SQLDatabase) async throws -> Int64 {
        let input = f.input
        let routing = f.routing
        let district = f.district
        let by = f.by.username
        let now = Date.nowSeconds()
        let id = try await tx.insert(into: "requests")
            .columns(
                "enterprise_uscc", "district_code", "category", "title", "description", "urgency", "status", "lead_department",
                "filed_on", "accept_by", "answer_by", "reopen_count", "escalation", "filed_by", "filed_via",
                "created_at", "updated_at", "visit_id"
            )
            .values(
                SQLBind(input.enterprise), SQLBind(district), SQLBind(input.category.rawValue),
                SQLBind(input.title.trimmingCharacters(in: .whitespacesAndNewlines)),
                SQLBind(input.description.trimmingCharacters(in: .whitespacesAndNewlines)), SQLBind(input.urgency.rawValue),
                SQLBind(RequestStatus.assigned.rawValue), SQLBind(routing.lead),
                SQLBind(f.today.description), SQLBind(f.acceptBy.description), SQLBind(f.answerBy.description),
                SQLBind(0), SQLBind(0), SQLBind(by), SQLBind(input.filedVia), SQLBind(now), SQLBind(now), SQLBind(input.visitID)
            )
            .runReturningID()
        if !routing.co.isEmpty {
            var co = tx.insert(into: "request_co_departments").columns("request_id", "department", "position")
            for (i, d) in routing.co.enumerated() { co = co.values(SQLBind(id), SQLBind(d), SQLBind(i)) }
            try await co.run()
        }
        // Filed, then assigned by the routing table: both events in one statement.
        try await tx.insert(into: "request_events")
            .columns("request_id", "at", "actor", "actor_kind", "action", "status_from", "status_to", "department", "text")
            .values(
                SQLBind(id), SQLBind(now), SQLBind(by),
                SQLBind((input.filedVia == "enterprise" ? ActorKind.enterprise : .dispatcher).rawValue),
                SQLBind("file"), SQLBind(String?.none), SQLBind(RequestStatus.submitted.rawValue), SQLBind(String?.none),
                SQLBind(input.title)
            )
            .values(
                SQLBind(id), SQLBind(now), SQLBind(String?.none), SQLBind(ActorKind.system.rawValue), SQLBind("assign"),
                SQLBind(RequestStatus.submitted.rawValue), SQLBind(RequestStatus.assigned.rawValue), SQLBind(routing.lead),
                SQLBind(routing.co.isEmpty ? nil : "协办：" + routing.co.joined(separator: "、"))
            )
            .run()
        let text = "新诉求 #\(id)（\(input.category.nameZh)）：\(input.title)，请于\(f.acceptBy)前受理、\(f.answerBy)前答复"
        try await Notifier(db: tx).send(to: f.recipients, request: id, kind: "assigned", text: text, now: now)
        try await AuditLog(db: tx, caller: f.by).record(
            entity: "request", key: "\(id)", action: "file",
            changes: [
                "enterprise": .init(from: nil, to: input.enterprise), "category": .init(from: nil, to: input.category.rawValue),
                "leadDepartment": .init(from: nil, to: routing.lead),
            ])
        return id
    }

    static func event(
        _ db: any SQLDatabase, _ id: Int64, actor: String?, kind: ActorKind, action: String, from: RequestStatus?,
        to: RequestStatus, department: String? = nil, text: String? = nil, now: Date
    ) async throws {
        try await db.insert(into: "request_events")
            .columns("request_id", "at", "actor", "actor_kind", "action", "status_from", "status_to", "department", "text")
            .values(
                SQLBind(id), SQLBind(now), SQLBind(actor), SQLBind(kind.rawValue), SQLBind(action), SQLBind(from?.rawValue),
                SQLBind(to.rawValue), SQLBind(department), SQLBind(text)
            )
            .run()
    }
}
