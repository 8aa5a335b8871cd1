import ChainLeadCore
import Foundation
import SQLKit

struct BookingView: Sendable, Codable {
    var id: Int64
    var lab: Int64
    var labName: String
    var owner: String
    var ownerName: String
    var requester: String
    var requesterName: String
    var from: String
    var to: String
    var purpose: String
    var status: String
    var reason: String?
    var createdAt: Date
}

/// Bookings of open labs (Policy L1): an SME asks, the owner decides with a reason when it
/// declines, and completes it. Each move is one conditional write on the status it left.
struct LabBookings {
    let db: any SQLDatabase
    let caller: Caller

    func request(lab id: Int64, requester: String, from: SimpleDate, to: SimpleDate, purpose: String) async throws -> BookingView {
        let lab = try await Labs(db: db, caller: caller).find(id)
        try await Access.require(.create, .labs(.booking(owner: lab.owner, requester: requester)), caller: caller, db: db)
        guard lab.status == "active" else { throw DomainError(.conflict, "lab_withdrawn", "该平台已停止开放") }
        guard requester != lab.owner else { throw DomainError.invalid("requester", "不能预约本企业自己的平台") }
        guard from <= to else { throw DomainError.invalid("to", "结束日期不能早于开始日期") }
        let text = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 1000 else { throw DomainError.invalid("purpose", "请说明用途（不超过1000字）：检测项目、样品数量等") }
        guard
            try await db.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: requester)").first(decodingColumn: "uscc", as: String.self)
                != nil
        else { throw DomainError.invalid("requester", "企业 \(requester) 不在企业库中", code: "unknown_enterprise") }
        let caller = self.caller
        let now = Date.nowSeconds()
        let made = try await db.withTransaction { tx -> Int64 in
            let made = try await tx.insert(into: "lab_bookings")
                .columns("lab_id", "requester_uscc", "from_date", "to_date", "purpose", "status", "created_by", "created_at", "updated_at")
                .values(
                    SQLBind(id), SQLBind(requester), SQLBind(from.description), SQLBind(to.description), SQLBind(text),
                    SQLBind("requested"),
                    SQLBind(caller.username ?? "system"), SQLBind(now), SQLBind(now)
                )
                .runReturningID()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "lab_booking", key: "\(made)", action: "create",
                changes: ["enterprise": .init(from: nil, to: requester), "lab": .init(from: nil, to: "\(id)")])
            return made
        }
        return try await find(made)
    }

    func move(_ id: Int64, to next: BookingStatus, reason: String?) async throws -> BookingView {
        let b = try await find(id)
        try await Access.require(.update, .labs(.booking(owner: b.owner, requester: b.requester)), caller: caller, db: db)
        let mine = Set(caller.grants.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } })
        let official = caller.isSystem || caller.grants.contains { $0.role == .official }
        let current = BookingStatus(rawValue: b.status) ?? .requested
        guard current.canMove(to: next, asOwner: official || mine.contains(b.owner), asRequester: mine.contains(b.requester)) else {
            throw DomainError(.conflict, "invalid_transition", "预约当前为“\(current.nameZh)”，不能改为“\(next.nameZh)”")
        }
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        if next.needsReason && why == nil { throw DomainError.invalid("reason", "婉拒或取消预约须说明原因") }
        if (why?.count ?? 0) > 500 { throw DomainError.invalid("reason", "说明不超过500字") }
        let caller = self.caller
        try await db.withTransaction { tx in
            let changed = try await tx.update("lab_bookings").set("status", to: SQLBind(next.rawValue)).set("reason", to: SQLBind(why))
                .set("updated_at", to: SQLBind(Date.nowSeconds()))
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(b.status)).returning("id").all()
            guard !changed.isEmpty else { throw DomainError(.conflict, "concurrent_change", "该预约刚被他人更新，请刷新后再试") }
            var changes: [String: AuditLog.Change] = ["status": .init(from: b.status, to: next.rawValue)]
            if let why { changes["reason"] = .init(from: nil, to: why) }
            try await AuditLog(db: tx, caller: caller).record(entity: "lab_booking", key: "\(id)", action: "move", changes: changes)
        }
        return try await find(id)
    }

    /// The bookings this caller may read: a firm's as owner or requester; all for government.
    static func rows(for caller: Caller) -> SQLQueryString {
        if caller.isSystem { return "1 = 1" }
        var clauses: [SQLQueryString] = []
        for g in caller.grants {
            switch (g.role, g.scope) {
            case (.official, _), (.district, _), (.department, _), (.chief, _): return "1 = 1"
            case (.enterprise, .enterprise(let u)): clauses.append("(l.owner_uscc = \(bind: u) OR b.requester_uscc = \(bind: u))")
            default: break
            }
        }
        guard var out = clauses.first else { return "1 = 0" }
        for c in clauses.dropFirst() { out = out + " OR " + c }
        return "(" + out + ")"
    }

    func list(lab: Int64? = nil, status: BookingStatus? = nil, id: Int64? = nil, limit: Int = 1000) async throws -> [BookingView] {
        try await Access.require(.read, .labs(.lists), caller: caller, db: db)
        var filter = Self.rows(for: caller)
        if let id { filter = filter + " AND b.id = \(bind: id)" }
        if let lab { filter = filter + " AND b.lab_id = \(bind: lab)" }
        if let status { filter = filter + " AND b.status = \(bind: status.rawValue)" }
        struct Row: Decodable {
            var id: Int64
            var labId: Int64
            var labName: String
            var ownerUscc: String
            var ownerName: String
            var requesterUscc: String
            var requesterName: String
            var fromDate: String
            var toDate: String
            var purpose: String
            var status: String
            var reason: String?
            var createdAt: Date
        }
        return try await db.raw(
            """
            SELECT b.id, b.lab_id, l.name AS lab_name, l.owner_uscc, o.name AS owner_name, b.requester_uscc, r.name AS requester_name,
              b.from_date, b.to_date, b.purpose, b.status, b.reason, b.created_at
            FROM lab_bookings b JOIN labs l ON l.id = b.lab_id JOIN enterprises o ON o.uscc = l.owner_uscc
            JOIN enterprises r ON r.uscc = b.requester_uscc
            WHERE \(filter) ORDER BY b.id DESC LIMIT \(bind: limit)
            """
        ).rows(Row.self).map {
            BookingView(
                id: $0.id, lab: $0.labId, labName: $0.labName, owner: $0.ownerUscc, ownerName: $0.ownerName, requester: $0.requesterUscc,
                requesterName: $0.requesterName, from: $0.fromDate, to: $0.toDate, purpose: $0.purpose, status: $0.status,
                reason: $0.reason, createdAt: $0.createdAt)
        }
    }

    func find(_ id: Int64) async throws -> BookingView {
        guard let b = try await list(id: id).first else { throw DomainError(.notFound, "not_found", "预约 \(id) 不存在或无权查看") }
        return b
    }
}
