import ChainLeadCore
import Fluent
import Foundation
import SQLKit

/// Liaison officers, visits, topic meetings and service lists (Policy S1, S6).
struct EnterpriseCare {
    let db: any SQLDatabase
    /// Who acts: checked, and recorded in the audit trail.
    let caller: Caller
    var sql: any SQLDatabase { db }

    // MARK: liaison

    func setLiaison(enterprise: String, username: String) async throws {
        guard try await UserStore(db: sql).find(username: username) != nil else {
            throw APIError.invalid("username", "账号 \(username.prefix(40)) 不存在")
        }
        let before = try await liaison(of: enterprise)
        let now = Date.nowSeconds()
        try await db.withTransaction { tx in
            try await tx.delete(from: "liaisons").where("enterprise_uscc", .equal, SQLBind(enterprise)).run()
            try await tx.insert(into: "liaisons").columns("enterprise_uscc", "username", "assigned_by", "assigned_at")
                .values(SQLBind(enterprise), SQLBind(username), SQLBind(caller.username), SQLBind(now)).run()
            try await AuditLog(db: tx, caller: caller).record(entity: "liaison", key: enterprise, action: "assign", changes: ["username": .init(from: before, to: username)])
        }
    }

    func liaison(of enterprise: String) async throws -> String? {
        try await sql.raw("SELECT username FROM liaisons WHERE enterprise_uscc = \(bind: enterprise)").first()?
            .decode(column: "username", as: String.self)
    }

    func firms(of username: String) async throws -> [(uscc: String, name: String, tier: Tier)] {
        try await sql.raw("""
            SELECT e.uscc, e.name, e.tier FROM liaisons l JOIN enterprises e ON e.uscc = l.enterprise_uscc
            WHERE l.username = \(bind: username) ORDER BY e.name
            """).all().map { (try $0.decode(column: "uscc", as: String.self), try $0.decode(column: "name", as: String.self),
                             Tier(rawValue: try $0.decode(column: "tier", as: String.self)) ?? .none) }
    }

    // MARK: visits

    struct VisitRecord: Sendable {
        var id: Int64
        var enterprise: String
        var visitedOn: String
        var visitors: String
        var notes: String
        var createdBy: String?
        var requests: [Int64]
    }

    /// Records the visit and files each demand as a request (filed via "visit").
    func recordVisit(enterprise: String, visitedOn: SimpleDate, visitors: String, notes: String, demands: [RequestInput]) async throws -> Int64 {
        let v = visitors.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !v.isEmpty else { throw APIError.invalid("visitors", "请填写走访人员", code: "required") }
        for (i, d) in demands.enumerated() {
            do { try RequestService.validate(d) } catch let e as APIError {
                throw APIError.invalid("demands[\(i)].\(e.field ?? "title")", e.message, code: e.code)
            }
        }
        // Every demand is routed first; then the visit and its requests are one transaction.
        var filings: [RequestService.Filing] = []
        for var d in demands {
            d.filedVia = "visit"
            d.enterprise = enterprise
            filings.append(try await RequestService(db: db, caller: caller).prepare(d))
        }
        let now = Date.nowSeconds()
        let by = caller.username
        let prepared = filings
        return try await db.withTransaction { tx in
            let id = try await tx.insert(into: "visits").columns("enterprise_uscc", "visited_on", "visitors", "notes", "created_by", "created_at")
                .values(SQLBind(enterprise), SQLBind(visitedOn.description), SQLBind(v), SQLBind(notes), SQLBind(by), SQLBind(now))
                .returning("id").first()!.decode(column: "id", as: Int64.self)
            try await AuditLog(db: tx, caller: caller).record(entity: "visit", key: "\(id)", action: "create", changes: [
                "enterprise": .init(from: nil, to: enterprise), "visitedOn": .init(from: nil, to: visitedOn.description),
                "demands": .init(from: nil, to: "\(prepared.count)")])
            for var f in prepared {
                f.input.visitID = id
                _ = try await RequestService.write(f, tx)
            }
            return id
        }
    }

    func visits(of enterprise: String) async throws -> [VisitRecord] {
        let rows = try await sql.raw("""
            SELECT id, enterprise_uscc, visited_on, visitors, notes, created_by FROM visits WHERE enterprise_uscc = \(bind: enterprise)
            ORDER BY visited_on DESC, id DESC
            """).all()
        var out: [VisitRecord] = []
        for row in rows {
            let id = try row.decode(column: "id", as: Int64.self)
            let requests = try await sql.raw("SELECT id FROM requests WHERE visit_id = \(bind: id) ORDER BY id").all()
                .map { try $0.decode(column: "id", as: Int64.self) }
            out.append(VisitRecord(id: id, enterprise: try row.decode(column: "enterprise_uscc", as: String.self),
                                   visitedOn: try row.decode(column: "visited_on", as: String.self), visitors: try row.decode(column: "visitors", as: String.self),
                                   notes: try row.decode(column: "notes", as: String.self), createdBy: try row.decode(column: "created_by", as: String?.self),
                                   requests: requests))
        }
        return out
    }

    func visit(_ id: Int64) async throws -> VisitRecord {
        guard let row = try await sql.raw("SELECT enterprise_uscc FROM visits WHERE id = \(bind: id)").first() else { throw APIError.notFound("走访记录 \(id)") }
        return try await visits(of: try row.decode(column: "enterprise_uscc", as: String.self)).first { $0.id == id }!
    }

    // MARK: meetings

    struct MeetingItem: Sendable {
        var requestID: Int64
        var title: String
        var status: RequestStatus
        var decision: String?
        var owner: String?
        var newDeadline: String?
    }

    struct MeetingRecord: Sendable {
        var id: Int64
        var title: String
        var heldOn: String
        var items: [MeetingItem]
    }

    func createMeeting(title: String, heldOn: SimpleDate, requests: [Int64]) async throws -> Int64 {
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { throw APIError.invalid("title", "请填写会商主题", code: "required") }
        let ids = Array(Set(requests)).sorted()
        let found = try await sql.raw("SELECT id FROM requests WHERE id IN \(SQLGroupExpression(SQLList(ids.map { SQLBind($0) })))").all()
            .map { try $0.decode(column: "id", as: Int64.self) }
        if let missing = ids.first(where: { !found.contains($0) }) { throw APIError.invalid("requests", "诉求 \(missing) 不存在") }
        let now = Date.nowSeconds()
        return try await db.withTransaction { tx in
            let id = try await tx.insert(into: "meetings").columns("title", "held_on", "created_by", "created_at")
                .values(SQLBind(t), SQLBind(heldOn.description), SQLBind(caller.username), SQLBind(now))
                .returning("id").first()!.decode(column: "id", as: Int64.self)
            for r in ids {
                try await tx.insert(into: "meeting_items").columns("meeting_id", "request_id").values(SQLBind(id), SQLBind(r)).run()
            }
            try await AuditLog(db: tx, caller: caller).record(entity: "meeting", key: "\(id)", action: "create",
                                              changes: ["requests": .init(from: nil, to: ids.map(String.init).joined(separator: ","))])
            return id
        }
    }

    /// A meeting with the items whose requests `grants` may read (nil: all, for the writes that
    /// already checked the caller). A meeting none of whose items the caller may read is not found.
    func meeting(_ id: Int64, visibleTo grants: [Grant]? = nil) async throws -> MeetingRecord {
        guard let m = try await sql.raw("SELECT id, title, held_on FROM meetings WHERE id = \(bind: id)").first() else {
            throw APIError.notFound("专题会商 \(id)", field: "id")
        }
        let readable: SQLQueryString = grants.map { " AND " + RequestService.scope($0) } ?? ""
        let items = try await sql.raw("""
            SELECT i.request_id, r.title, r.status, i.decision, i.owner, i.new_deadline FROM meeting_items i JOIN requests r ON r.id = i.request_id
            WHERE i.meeting_id = \(bind: id)\(readable) ORDER BY i.request_id
            """).all().map { row in
            MeetingItem(requestID: try row.decode(column: "request_id", as: Int64.self), title: try row.decode(column: "title", as: String.self),
                        status: RequestStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .submitted,
                        decision: try row.decode(column: "decision", as: String?.self), owner: try row.decode(column: "owner", as: String?.self),
                        newDeadline: try row.decode(column: "new_deadline", as: String?.self))
        }
        if grants != nil && items.isEmpty { throw APIError.notFound("专题会商 \(id)", field: "id") }
        return MeetingRecord(id: id, title: try m.decode(column: "title", as: String.self), heldOn: try m.decode(column: "held_on", as: String.self), items: items)
    }

    func decide(meeting id: Int64, request: Int64, decision: String, owner: String?, newDeadline: SimpleDate?) async throws {
        let d = decision.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !d.isEmpty else { throw APIError.invalid("decision", "请填写会商决定", code: "required") }
        guard try await sql.raw("SELECT request_id FROM meeting_items WHERE meeting_id = \(bind: id) AND request_id = \(bind: request)").first() != nil else {
            throw APIError.notFound("会商 \(id) 议程中的诉求 \(request)", field: "requestId")
        }
        let now = Date.nowSeconds()
        let status = try await RequestService(db: db, caller: caller).find(request).status
        try await db.withTransaction { tx in
            try await tx.update("meeting_items").set("decision", to: SQLBind(d)).set("owner", to: SQLBind(owner?.nilIfBlank))
                .set("new_deadline", to: SQLBind(newDeadline?.description)).set("decided_at", to: SQLBind(now))
                .where("meeting_id", .equal, SQLBind(id)).where("request_id", .equal, SQLBind(request)).run()
            try await RequestService.event(tx, request, actor: caller.username, kind: .dispatcher, action: "meeting",
                                           from: nil, to: status,
                                           text: d + (owner.map { "（责任人：\($0)）" } ?? "") + (newDeadline.map { "，新时限 \($0)" } ?? ""), now: now)
            try await AuditLog(db: tx, caller: caller).record(entity: "meeting", key: "\(id)/\(request)", action: "decide", changes: ["decision": .init(from: nil, to: d)])
        }
    }

    func decisions(for request: Int64) async throws -> [(meetingID: Int64, title: String, heldOn: String, decision: String?, owner: String?, newDeadline: String?)] {
        try await sql.raw("""
            SELECT m.id, m.title, m.held_on, i.decision, i.owner, i.new_deadline FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
            WHERE i.request_id = \(bind: request) ORDER BY m.held_on, m.id
            """).all().map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "title", as: String.self),
                             try $0.decode(column: "held_on", as: String.self), try $0.decode(column: "decision", as: String?.self),
                             try $0.decode(column: "owner", as: String?.self), try $0.decode(column: "new_deadline", as: String?.self)) }
    }

    // MARK: service lists

    struct Offer: Sendable {
        var id: Int64
        var cluster: String
        var title: String
        var department: String
        var howToAsk: String
    }

    func offers(cluster: String?) async throws -> [Offer] {
        let filter: SQLQueryString = cluster.map { " WHERE cluster_code = \(bind: $0)" } ?? ""
        return try await sql.raw("SELECT id, cluster_code, title, department, how_to_ask FROM service_offers\(filter) ORDER BY cluster_code, id").all().map {
            Offer(id: try $0.decode(column: "id", as: Int64.self), cluster: try $0.decode(column: "cluster_code", as: String.self),
                  title: try $0.decode(column: "title", as: String.self), department: try $0.decode(column: "department", as: String.self),
                  howToAsk: try $0.decode(column: "how_to_ask", as: String.self))
        }
    }

    func addOffer(cluster: String, title: String, department: String, howToAsk: String) async throws -> Int64 {
        for (field, value) in [("title", title), ("department", department), ("howToAsk", howToAsk)] where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw APIError.invalid(field, "不能为空", code: "required")
        }
        let id = try await sql.insert(into: "service_offers").columns("cluster_code", "title", "department", "how_to_ask", "created_at")
            .values(SQLBind(cluster), SQLBind(title), SQLBind(department), SQLBind(howToAsk), SQLBind(Date.nowSeconds()))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        try await AuditLog(db: sql, caller: caller).record(entity: "service_offer", key: "\(id)", action: "create", changes: ["title": .init(from: nil, to: title)])
        return id
    }
}
