import ChainLeadCore
import Foundation
import SQLKit

/// An objection (异议) to a firm on a public notice (Policy S2). The objector's contact is shown
/// to officials only, and deleted a year after the campaign closes.
struct ObjectionView: Codable, Sendable {
    var id: Int64
    var notice: Int64
    var enterprise: String
    var enterpriseName: String
    var reason: String
    var objector: String
    var contact: String?
    var status: String
    var outcome: String?
    var decidedBy: String?
    var decidedAt: Date?
    var createdAt: Date
    var attachments: [Attachments.Info]

    /// What a caller may see: the contact only by city officials (and the system).
    func visible(to caller: Caller) -> ObjectionView {
        var v = self
        if !(caller.isSystem || caller.grants.contains { $0.role == .official }) { v.contact = nil }
        return v
    }
}

struct Objections {
    let db: any SQLDatabase
    let caller: Caller

    /// Per client address: at most this many objections an hour.
    static let perAddressPerHour = 5

    struct Row: Decodable {
        var id: Int64
        var noticeId: Int64
        var enterpriseUscc: String
        var name: String
        var reason: String
        var objector: String
        var contact: String?
        var status: String
        var outcomeReason: String?
        var decidedBy: String?
        var decidedAt: Date?
        var createdAt: Date
        var username: String?
        var chainCode: String
        var campaignId: Int64
        var shortlistId: Int64
    }

    static let select: SQLQueryString = """
        SELECT o.id, o.notice_id, o.enterprise_uscc, e.name, o.reason, o.objector, o.contact, o.status, o.outcome_reason, o.decided_by,
          o.decided_at, o.created_at, o.username, s.chain_code, s.campaign_id, s.id AS shortlist_id
        FROM objections o JOIN enterprises e ON e.uscc = o.enterprise_uscc JOIN notices n ON n.id = o.notice_id
        JOIN shortlists s ON s.id = n.shortlist_id
        """

    func views(_ rows: [Row]) async throws -> [ObjectionView] {
        guard !rows.isEmpty else { return [] }
        let files = try await db.raw(
            """
            SELECT objection_id, id, file_name, content_type, size, uploaded_by, uploaded_at FROM objection_attachments
            WHERE objection_id IN \(SQLBind.group(rows.map(\.id))) ORDER BY id
            """
        ).all()
        var byObjection: [Int64: [Attachments.Info]] = [:]
        for f in files {
            byObjection[try f.decode(column: "objection_id", as: Int64.self), default: []].append(try f.typed(Attachments.Info.self))
        }
        return rows.map { r in
            ObjectionView(
                id: r.id, notice: r.noticeId, enterprise: r.enterpriseUscc, enterpriseName: r.name, reason: r.reason, objector: r.objector,
                contact: r.contact, status: r.status, outcome: r.outcomeReason, decidedBy: r.decidedBy, decidedAt: r.decidedAt,
                createdAt: r.createdAt, attachments: byObjection[r.id] ?? []
            ).visible(to: caller)
        }
    }

    func row(_ id: Int64) async throws -> Row {
        guard let r = try await db.raw(Self.select + " WHERE o.id = \(bind: id)").row(Row.self) else {
            throw DomainError.notFound("异议 \(id)", field: "objection")
        }
        return r
    }

    func find(_ id: Int64) async throws -> ObjectionView {
        let r = try await row(id)
        if r.username == nil || r.username != caller.username {
            try await Access.require(.read, .selection(.objections(chains: [r.chainCode])), caller: caller, db: db)
        }
        return try await views([r])[0]
    }

    func list(notice: Int64) async throws -> [ObjectionView] {
        try await list(notice: try await Notices.find(notice, db: db))
    }

    func list(notice n: NoticeView) async throws -> [ObjectionView] {
        let notice = n.id
        try await Access.require(.read, .selection(.objections(chains: [n.chain])), caller: caller, db: db)
        return try await views(try await db.raw(Self.select + " WHERE o.notice_id = \(bind: notice) ORDER BY o.id").rows(Row.self))
    }

    /// Files an objection against a firm on the notice, from publication until the firm is
    /// recognised. `objector` is the name given (the account's name when logged in).
    func file(notice id: Int64, enterprise: String, reason: String, objector: String, contact: String?, clientIP: String?) async throws
        -> ObjectionView
    {
        let notice = try await Notices.find(id, db: db)
        try await Access.require(.create, .selection(.objections(chains: [notice.chain])), caller: caller, db: db)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 2000 else { throw DomainError.invalid("reason", "请填写异议理由（不超过2000字）", code: "required") }
        guard notice.enterprises.contains(where: { $0.enterprise == enterprise }) else {
            throw DomainError.invalid("enterprise", "企业 \(enterprise) 不在该公示名单中", code: "not_on_notice")
        }
        let recognised =
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM recognitions WHERE campaign_id = \(bind: notice.campaign) AND chain_code = \(bind: notice.chain)
                  AND enterprise_uscc = \(bind: enterprise)
                """
            ).first(decodingColumn: "n", as: Int.self) ?? 0
        if recognised > 0 { throw DomainError(.conflict, "already_recognised", "企业 \(enterprise) 已认定，公示异议期已结束", field: "enterprise") }
        if let ip = clientIP {
            let since = Date().addingTimeInterval(-3600)
            let recent =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM objections WHERE client_ip = \(bind: ip) AND created_at > \(bind: since)"
                ).first(decodingColumn: "n", as: Int.self) ?? 0
            if recent >= Self.perAddressPerHour {
                throw DomainError(.tooMany, "too_many_objections", "提交过于频繁，请一小时后再试")
            }
        }
        let caller = self.caller
        let newID = try await db.withTransaction { tx -> Int64 in
            let newID = try await tx.insert(into: "objections")
                .columns("notice_id", "enterprise_uscc", "reason", "objector", "contact", "username", "client_ip", "status", "created_at")
                .values(
                    SQLBind(id), SQLBind(enterprise), SQLBind(reason), SQLBind(String(objector.prefix(100))), SQLBind(contact),
                    SQLBind(caller.isSystem ? nil : caller.username), SQLBind(clientIP), SQLBind("open"), SQLBind(Date.nowSeconds())
                ).runReturningID()
            try await CampaignEvents.record(
                notice.campaign, chain: notice.chain, kind: "objection", detail: "收到对 \(enterprise) 的异议 \(newID)", by: caller, on: tx)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "objection", key: "\(newID)", action: "file", extra: ["notice": "\(id)", "enterprise": enterprise])
            return newID
        }
        return try await views([try await row(newID)])[0]
    }

    /// Officials decide: upheld takes the firm off the shortlist (it may be shortlisted and noticed again).
    func decide(_ id: Int64, upheld: Bool, reason: String) async throws -> ObjectionView {
        let r = try await row(id)
        try await Access.require(.update, .selection(.objections(chains: [r.chainCode])), caller: caller, db: db)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw DomainError.invalid("reason", "请写明处理理由", code: "required") }
        let caller = self.caller
        try await db.withTransaction { tx in
            let now = Date.nowSeconds()
            let done = try await tx.update("objections").set("status", to: SQLBind(upheld ? "upheld" : "dismissed"))
                .set("outcome_reason", to: SQLBind(reason)).set("decided_by", to: SQLBind(caller.username)).set(
                    "decided_at", to: SQLBind(now)
                )
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind("open")).returning("id").all()
            guard !done.isEmpty else { throw DomainError(.conflict, "already_decided", "该异议已处理", field: "outcome") }
            if upheld {
                try await tx.update("shortlist_entries").set("removed_reason", to: SQLBind("异议成立（\(id)）：\(reason)"))
                    .set("removed_at", to: SQLBind(now))
                    .where("shortlist_id", .equal, SQLBind(r.shortlistId)).where("enterprise_uscc", .equal, SQLBind(r.enterpriseUscc)).run()
            }
            try await CampaignEvents.record(
                r.campaignId, chain: r.chainCode, kind: upheld ? "objection_upheld" : "objection_dismissed",
                detail: "对 \(r.name) 的异议 \(id)\(upheld ? "成立，移出名单" : "不成立")：\(reason)", by: caller, on: tx)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "objection", key: "\(id)", action: upheld ? "uphold" : "dismiss", extra: ["reason": reason])
        }
        return try await find(id)
    }

    // MARK: Evidence

    /// The objector (logged in) or a city official attaches evidence; asked before the body is read.
    func authoriseAttach(_ r: Row) async throws {
        if r.username != nil, r.username == caller.username { return }
        try await Access.require(.update, .selection(.objections(chains: [r.chainCode])), caller: caller, db: db)
    }

    func attach(_ r: Row, fileName: String, data: Data) async throws -> Attachments.Info {
        let checked = try Attachments.check(fileName: fileName, data: data)
        let now = Date.nowSeconds()
        let newID = try await db.insert(into: "objection_attachments")
            .columns("objection_id", "file_name", "content_type", "size", "sha256", "data", "uploaded_by", "uploaded_at")
            .values(
                SQLBind(r.id), SQLBind(checked.name), SQLBind(checked.type), SQLBind(Int64(data.count)), SQLBind(checked.sha256),
                SQLBind(data),
                SQLBind(caller.username), SQLBind(now)
            ).runReturningID()
        try await AuditLog(db: db, caller: caller).record(
            entity: "objection", key: "\(r.id)", action: "attach", extra: ["file": checked.name, "sha256": checked.sha256])
        return Attachments.Info(
            id: newID, fileName: checked.name, contentType: checked.type, size: Int64(data.count), uploadedBy: caller.username,
            uploadedAt: now)
    }

    func file(objection id: Int64, attachment: Int64) async throws -> (Attachments.Info, Data) {
        _ = try await find(id)
        guard
            let row = try await db.raw(
                """
                SELECT id, file_name, content_type, size, uploaded_by, uploaded_at, data FROM objection_attachments
                WHERE id = \(bind: attachment) AND objection_id = \(bind: id)
                """
            ).first()
        else { throw DomainError.notFound("附件 \(attachment)", field: "attachment") }
        return (try row.typed(Attachments.Info.self), try row.decode(column: "data", as: Data.self))
    }

    /// Contacts of objections to campaigns closed more than a year ago are deleted (the job runs it).
    @discardableResult
    static func purgeContacts(_ db: any SQLDatabase, now: Date = Date()) async throws -> Int {
        let before = now.addingTimeInterval(-365 * 86_400)
        return try await db.raw(
            """
            UPDATE objections SET contact = NULL WHERE contact IS NOT NULL AND notice_id IN (
              SELECT n.id FROM notices n JOIN shortlists s ON s.id = n.shortlist_id JOIN campaigns c ON c.id = s.campaign_id
              WHERE c.status = 'closed' AND c.closed_at < \(bind: before))
            RETURNING id
            """
        ).all().count
    }
}
