import ChainLeadCore
import Foundation
import SQLKit

/// An expert's assignment to one application (Policy S1, S2): declared before the figures are
/// shown, blocked by a conflict of interest, scored (draft, then submitted).
struct AssignmentView: Codable, Sendable {
    var id: Int64
    var campaign: Int64
    var chain: String
    var application: Int64
    var enterprise: String
    var enterpriseName: String
    var expert: String
    var mode: String
    var status: String
    var blockedReason: String?
    var conflictKind: String?
    var declaredAt: Date?
    var score: Double?
    var comment: String?
    var submittedAt: Date?
    var calibrated: Double?
    var calibratedUsed: Bool?
    var reopenReason: String?
}

struct Assignments {
    let db: any SQLDatabase
    let caller: Caller

    static let select: SQLQueryString = """
        SELECT s.id, s.campaign_id AS campaign, s.chain_code AS chain, s.application_id AS application, a.enterprise_uscc AS enterprise,
          e.name AS enterprise_name, s.expert, s.mode, s.status, s.blocked_reason, s.conflict_kind, s.declared_at, s.score, s.comment,
          s.submitted_at, s.calibrated, s.calibrated_used, s.reopen_reason
        FROM assignments s JOIN applications a ON a.id = s.application_id JOIN enterprises e ON e.uscc = a.enterprise_uscc
        """

    /// Which assignments a caller reads: an expert their own; officials and chiefs those of the
    /// applications they read.
    func scope() -> SQLQueryString {
        let own: SQLQueryString = caller.grants.contains { $0.role == .expert } ? "s.expert = \(bind: caller.username ?? "")" : "1 = 0"
        return "(" + own + " OR " + Applications.rowScope(caller.grants) + ")"
    }

    func list(campaign: Int64?, chain: String?, expert: String?, mine: Bool, limit: Int = 1000) async throws -> [AssignmentView] {
        if mine {
            try await Access.require(.read, .selection(.ownAssignment), caller: caller, db: db)
        } else if let campaign {
            let c = try await Campaigns(db: db, caller: caller).find(campaign)
            try await Access.require(.read, .selection(.campaign(chains: Set(chain.map { [$0] } ?? c.chains))), caller: caller, db: db)
        } else {
            try await Access.require(.read, .selection(.campaigns), caller: caller, db: db)
        }
        var filter: SQLQueryString = " WHERE " + (caller.isSystem ? "1 = 1" : scope())
        if mine { filter = filter + " AND s.expert = \(bind: caller.username ?? "")" }
        if let campaign { filter = filter + " AND s.campaign_id = \(bind: campaign)" }
        if let chain { filter = filter + " AND s.chain_code = \(bind: chain)" }
        if let expert { filter = filter + " AND s.expert = \(bind: expert)" }
        return try await db.raw(
            Self.select + filter + " ORDER BY s.campaign_id DESC, s.chain_code, s.application_id, s.id LIMIT \(bind: limit)"
        )
        .rows(AssignmentView.self)
    }

    /// One assignment: its expert reads it; officials and chiefs who read the application too;
    /// to anyone else it does not exist.
    func find(_ id: Int64) async throws -> AssignmentView {
        guard
            let row = try await db.raw(Self.select + " WHERE s.id = \(bind: id) AND " + (caller.isSystem ? "1 = 1" : scope())).row(
                AssignmentView.self)
        else { throw DomainError.notFound("评审任务 \(id)", field: "assignment") }
        return row
    }

    /// The caller's own assignment, for declaring or scoring (404 when it is someone else's).
    func own(_ id: Int64) async throws -> AssignmentView {
        try await Access.require(.update, .selection(.ownAssignment), caller: caller, db: db)
        let a = try await find(id)
        guard a.expert == caller.username else { throw DomainError.notFound("评审任务 \(id)", field: "assignment") }
        return a
    }

    static func byIDs(_ ids: [Int64], db: any SQLDatabase) async throws -> [AssignmentView] {
        guard !ids.isEmpty else { return [] }
        return try await db.raw(Self.select + " WHERE s.id IN \(SQLBind.group(ids)) ORDER BY s.application_id, s.id").rows(
            AssignmentView.self)
    }

    /// An application's assignment state for an expert: nil when none.
    static func status(application: Int64, expert: String, db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT status FROM assignments WHERE application_id = \(bind: application) AND expert = \(bind: expert)")
            .first(decodingColumn: "status", as: String.self)
    }

    // MARK: Declaring

    /// The expert's declaration: no conflict (the figures open), or a conflict (blocked; an
    /// assignment drawn from the panel is replaced by another free expert).
    func declare(_ id: Int64, conflict: Bool, kind: ConflictKind?, detail: String?) async throws -> AssignmentView {
        let a = try await own(id)
        if conflict, kind == nil { throw DomainError.invalid("kind", "申报存在利益冲突时请选择冲突类型", code: "required") }
        let caller = self.caller
        let reason = conflict ? "专家本人申报：\(kind?.nameZh ?? "")" + (detail.map { "（\($0)）" } ?? "") : nil
        let now = Date.nowSeconds()
        try await db.withTransaction { tx in
            try await tx.raw("UPDATE campaigns SET version = version + 1 WHERE id = \(bind: a.campaign)").run()
            let done = try await tx.update("assignments")
                .set("status", to: SQLBind(conflict ? "blocked" : "declared")).set("declared_at", to: SQLBind(now))
                .set("blocked_reason", to: SQLBind(reason)).set("conflict_kind", to: SQLBind(kind?.rawValue))
                .set("conflict_detail", to: SQLBind(detail))
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind("pending")).returning("id").all()
            guard !done.isEmpty else {
                throw DomainError(.conflict, "already_declared", "该评审任务已申报过利益关系", field: "conflict")
            }
            try await CampaignEvents.record(
                a.campaign, chain: a.chain, kind: conflict ? "conflict_declared" : "declared",
                detail: "\(a.expert) · \(a.enterpriseName)" + (reason.map { "：\($0)" } ?? "：无利益冲突"), by: caller, on: tx)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "assignment", key: "\(id)", action: "declare", extra: ["conflict": "\(conflict)", "kind": kind?.rawValue ?? ""])
            if conflict {
                if a.mode == "panel" {
                    try await AssignmentPlanner(db: tx, caller: caller).staff(
                        campaign: a.campaign, chain: a.chain, applications: [a.application])
                }
                try await ExpertPanel.refresh(campaign: a.campaign, chain: a.chain, on: tx)
            }
        }
        return try await find(id)
    }
}
