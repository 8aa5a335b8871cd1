import ChainLeadCore
import Foundation
import SQLKit

/// Topic meetings on unresolved requests (专题会商, Policy S6): a decision per request, shown on it.
extension EnterpriseCare {
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
        guard !t.isEmpty else { throw DomainError.invalid("title", "请填写会商主题", code: "required") }
        let ids = Array(Set(requests)).sorted()
        let found = try await sql.raw("SELECT id FROM requests WHERE id IN \(SQLGroupExpression(SQLList(ids.map { SQLBind($0) })))")
            .all(decodingColumn: "id", as: Int64.self)
        if let missing = ids.first(where: { !found.contains($0) }) { throw DomainError.invalid("requests", "诉求 \(missing) 不存在") }
        let now = Date.nowSeconds()
        return try await db.withTransaction { tx in
            let id = try await tx.insert(into: "meetings").columns("title", "held_on", "created_by", "created_at")
                .values(SQLBind(t), SQLBind(heldOn.description), SQLBind(caller.username), SQLBind(now))
                .runReturningID()
            for r in ids {
                try await tx.insert(into: "meeting_items").columns("meeting_id", "request_id").values(SQLBind(id), SQLBind(r)).run()
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "meeting", key: "\(id)", action: "create",
                changes: ["requests": .init(from: nil, to: ids.map(String.init).joined(separator: ","))])
            return id
        }
    }

    /// A meeting with the items whose requests `grants` may read (nil: all, for the writes that
    /// already checked the caller). A meeting none of whose items the caller may read is not found.
    func meeting(_ id: Int64, visibleTo grants: [Grant]? = nil) async throws -> MeetingRecord {
        struct Head: Decodable {
            var title: String
            var heldOn: String
        }
        struct Item: Decodable {
            var requestId: Int64
            var title: String
            var status: String
            var decision: String?
            var owner: String?
            var newDeadline: String?
        }
        guard let m = try await sql.raw("SELECT title, held_on FROM meetings WHERE id = \(bind: id)").row(Head.self) else {
            throw DomainError.notFound("专题会商 \(id)", field: "id")
        }
        let readable: SQLQueryString = grants.map { " AND " + RequestService.scope($0) } ?? ""
        let items = try await sql.raw(
            """
            SELECT i.request_id, r.title, r.status, i.decision, i.owner, i.new_deadline FROM meeting_items i JOIN requests r ON r.id = i.request_id
            WHERE i.meeting_id = \(bind: id)\(readable) ORDER BY i.request_id
            """
        ).rows(Item.self).map {
            MeetingItem(
                requestID: $0.requestId, title: $0.title, status: RequestStatus(rawValue: $0.status) ?? .submitted,
                decision: $0.decision, owner: $0.owner, newDeadline: $0.newDeadline)
        }
        if grants != nil && items.isEmpty { throw DomainError.notFound("专题会商 \(id)", field: "id") }
        return MeetingRecord(id: id, title: m.title, heldOn: m.heldOn, items: items)
    }

    func decide(meeting id: Int64, request: Int64, decision: String, owner: String?, newDeadline: SimpleDate?) async throws {
        let d = decision.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !d.isEmpty else { throw DomainError.invalid("decision", "请填写会商决定", code: "required") }
        guard
            try await sql.raw("SELECT request_id FROM meeting_items WHERE meeting_id = \(bind: id) AND request_id = \(bind: request)")
                .first() != nil
        else {
            throw DomainError.notFound("会商 \(id) 议程中的诉求 \(request)", field: "requestId")
        }
        let now = Date.nowSeconds()
        let status = try await RequestService(db: db, caller: caller).find(request).status
        try await db.withTransaction { tx in
            try await tx.update("meeting_items").set("decision", to: SQLBind(d)).set("owner", to: SQLBind(owner?.nilIfBlank))
                .set("new_deadline", to: SQLBind(newDeadline?.description)).set("decided_at", to: SQLBind(now))
                .where("meeting_id", .equal, SQLBind(id)).where("request_id", .equal, SQLBind(request)).run()
            try await RequestService.event(
                tx, request, actor: caller.username, kind: .dispatcher, action: "meeting",
                from: nil, to: status,
                text: d + (owner.map { "（责任人：\($0)）" } ?? "") + (newDeadline.map { "，新时限 \($0)" } ?? ""), now: now)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "meeting", key: "\(id)/\(request)", action: "decide", changes: ["decision": .init(from: nil, to: d)])
        }
    }

    func decisions(for request: Int64) async throws -> [(
        meetingID: Int64, title: String, heldOn: String, decision: String?, owner: String?, newDeadline: String?
    )] {
        try await sql.raw(
            """
            SELECT m.id, m.title, m.held_on, i.decision, i.owner, i.new_deadline FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
            WHERE i.request_id = \(bind: request) ORDER BY m.held_on, m.id
            """
        ).rows(Decision.self).map { ($0.id, $0.title, $0.heldOn, $0.decision, $0.owner, $0.newDeadline) }
    }

    struct Decision: Decodable {
        var id: Int64
        var title: String
        var heldOn: String
        var decision: String?
        var owner: String?
        var newDeadline: String?
    }
}
