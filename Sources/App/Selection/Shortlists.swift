import ChainLeadCore
import Foundation
import SQLKit

/// A chain's shortlist (拟认定名单, Policy S1, S2): proposed by officials, approved or returned by
/// the chain's chief; after a return a new proposal supersedes the returned one.
struct ShortlistView: Codable, Sendable {
    struct Entry: Codable, Sendable {
        var enterprise: String
        var name: String
        var application: Int64
        var finalScore: Double?
        var expertScore: Double?
        var removed: Bool
        var removedReason: String?
    }

    var id: Int64
    var campaign: Int64
    var chain: String
    var status: String
    var note: String?
    var enterprises: [Entry]
    var proposedBy: String
    var proposedAt: Date
    var decidedBy: String?
    var decidedAt: Date?
    var comment: String?
    var notice: Int64?
}

struct Shortlists {
    let db: any SQLDatabase
    let caller: Caller

    struct Row: Decodable {
        var id: Int64
        var campaignId: Int64
        var chainCode: String
        var status: String
        var note: String?
        var proposedBy: String
        var proposedAt: Date
        var decidedBy: String?
        var decidedAt: Date?
        var decisionComment: String?
        var notice: Int64?
    }

    static let select: SQLQueryString = """
        SELECT s.id, s.campaign_id, s.chain_code, s.status, s.note, s.proposed_by, s.proposed_at, s.decided_by, s.decided_at,
          s.decision_comment, n.id AS notice
        FROM shortlists s LEFT JOIN notices n ON n.shortlist_id = s.id
        """

    static func views(_ rows: [Row], db: any SQLDatabase) async throws -> [ShortlistView] {
        guard !rows.isEmpty else { return [] }
        struct E: Decodable {
            var shortlistId: Int64
            var enterpriseUscc: String
            var name: String
            var applicationId: Int64
            var finalScore: Double?
            var expertScore: Double?
            var removedReason: String?
        }
        let entries = try await db.raw(
            """
            SELECT x.shortlist_id, x.enterprise_uscc, e.name, x.application_id, a.final_score, a.expert_score, x.removed_reason
            FROM shortlist_entries x JOIN enterprises e ON e.uscc = x.enterprise_uscc JOIN applications a ON a.id = x.application_id
            WHERE x.shortlist_id IN \(SQLBind.group(rows.map(\.id))) ORDER BY a.rank, e.name
            """
        ).rows(E.self)
        let byList = Dictionary(grouping: entries, by: \.shortlistId)
        return rows.map { r in
            ShortlistView(
                id: r.id, campaign: r.campaignId, chain: r.chainCode, status: r.status, note: r.note,
                enterprises: (byList[r.id] ?? []).map {
                    .init(
                        enterprise: $0.enterpriseUscc, name: $0.name, application: $0.applicationId, finalScore: $0.finalScore,
                        expertScore: $0.expertScore, removed: $0.removedReason != nil, removedReason: $0.removedReason)
                },
                proposedBy: r.proposedBy, proposedAt: r.proposedAt, decidedBy: r.decidedBy, decidedAt: r.decidedAt,
                comment: r.decisionComment,
                notice: r.notice)
        }
    }

    /// A shortlist; reading it needs the campaign's chain (404 when there is none).
    func find(_ id: Int64) async throws -> ShortlistView {
        guard let row = try await db.raw(Self.select + " WHERE s.id = \(bind: id)").row(Row.self) else {
            throw DomainError.notFound("拟认定名单 \(id)", field: "shortlist")
        }
        try await Access.require(.read, .selection(.campaign(chains: [row.chainCode])), caller: caller, db: db)
        return try await Self.views([row], db: db)[0]
    }

    func list(campaign: Int64, chain: String?) async throws -> [ShortlistView] {
        let c = try await Campaigns(db: db, caller: caller).find(campaign)
        try await Access.require(.read, .selection(.campaign(chains: Set(chain.map { [$0] } ?? c.chains))), caller: caller, db: db)
        var filter: SQLQueryString =
            " WHERE s.campaign_id = \(bind: campaign) AND " + Recognitions.chainScope(caller.grants, column: "s.chain_code")
        if caller.isSystem { filter = " WHERE s.campaign_id = \(bind: campaign)" }
        if let chain { filter = filter + " AND s.chain_code = \(bind: chain)" }
        return try await Self.views(try await db.raw(Self.select + filter + " ORDER BY s.id").rows(Row.self), db: db)
    }

    /// Proposes a shortlist of scored, eligible applicants (with every expert score in, when
    /// experts score). Without the chief's stage it is approved at once.
    func propose(campaign id: Int64, chain: String, enterprises: [String], note: String?) async throws -> ShortlistView {
        let campaign = try await Campaigns(db: db, caller: caller).find(id)
        try await Access.require(.update, .selection(.campaign(chains: [chain])), caller: caller, db: db)
        guard campaign.chains.contains(chain) else { throw DomainError.invalid("chain", "产业链 \(chain) 不在该遴选批次中", code: "unknown_chain") }
        guard campaign.stages.chiefApproval || campaign.stages.notice else {
            throw DomainError(.conflict, "no_shortlist_stage", "该批次的遴选方案不含链长审定和公示环节，可直接认定", field: "campaign")
        }
        let firms = Array(Set(enterprises)).sorted()
        guard !firms.isEmpty, firms.count <= 100 else { throw DomainError.invalid("enterprises", "拟认定名单应有1至100家企业") }
        let caller = self.caller
        let newID = try await db.withTransaction { tx -> Int64 in
            try await tx.raw("UPDATE campaigns SET version = version + 1 WHERE id = \(bind: id)").run()
            let pending = try await tx.raw(
                "SELECT id FROM shortlists WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain) AND status = 'proposed'"
            ).first(decodingColumn: "id", as: Int64.self)
            if let pending {
                throw DomainError(.conflict, "pending_shortlist", "产业链 \(chain) 已有待链长审定的名单（\(pending)）", field: "chain")
            }
            struct A: Decodable {
                var id: Int64
                var enterpriseUscc: String
                var eligible: Bool?
                var finalScore: Double?
                var expertsComplete: Bool?
                var status: String
            }
            let apps = try await tx.raw(
                """
                SELECT id, enterprise_uscc, eligible, final_score, experts_complete, status FROM applications
                WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain) AND enterprise_uscc IN \(SQLBind.group(firms))
                """
            ).rows(A.self)
            let listed = Set(
                try await tx.raw(
                    """
                    SELECT x.enterprise_uscc FROM shortlist_entries x JOIN shortlists s ON s.id = x.shortlist_id
                    WHERE s.campaign_id = \(bind: id) AND s.chain_code = \(bind: chain) AND s.status = 'approved' AND x.removed_reason IS NULL
                    """
                ).all(decodingColumn: "enterprise_uscc", as: String.self))
            for uscc in firms {
                guard let a = apps.first(where: { $0.enterpriseUscc == uscc }), a.eligible == true else {
                    throw DomainError.invalid("enterprises", "企业 \(uscc) 没有本批次该产业链符合条件且已评分的申报", code: "not_scored")
                }
                if campaign.stages.experts, a.expertsComplete != true {
                    throw DomainError(.conflict, "experts_incomplete", "企业 \(uscc) 的专家评分尚未全部提交", field: "enterprises")
                }
                guard a.finalScore != nil else {
                    throw DomainError.invalid("enterprises", "企业 \(uscc) 还没有最终得分", code: "not_scored")
                }
                if a.status == "recognised" { throw DomainError(.conflict, "duplicate", "企业 \(uscc) 已在本批次认定", field: "enterprises") }
                if listed.contains(uscc) {
                    throw DomainError(.conflict, "already_shortlisted", "企业 \(uscc) 已在经审定的名单中", field: "enterprises")
                }
            }
            try await tx.raw(
                "UPDATE shortlists SET status = 'superseded' WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain) AND status = 'returned'"
            ).run()
            let now = Date.nowSeconds()
            let approved = !campaign.stages.chiefApproval
            let newID = try await tx.insert(into: "shortlists")
                .columns("campaign_id", "chain_code", "status", "note", "proposed_by", "proposed_at", "decided_by", "decided_at")
                .values(
                    SQLBind(id), SQLBind(chain), SQLBind(approved ? "approved" : "proposed"), SQLBind(note),
                    SQLBind(caller.username ?? "system"),
                    SQLBind(now), SQLBind(approved ? caller.username : nil), SQLBind(approved ? now : nil)
                ).runReturningID()
            for app in apps where firms.contains(app.enterpriseUscc) {
                let uscc = app.enterpriseUscc
                try await tx.insert(into: "shortlist_entries").columns("shortlist_id", "enterprise_uscc", "application_id")
                    .values(SQLBind(newID), SQLBind(uscc), SQLBind(app.id)).run()
            }
            try await CampaignEvents.record(
                id, chain: chain, kind: "shortlist_proposed",
                detail: "拟认定名单 \(newID)：\(firms.count)家" + (approved ? "（方案不含链长审定，直接生效）" : "，提请链长审定"), by: caller, on: tx)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "shortlist", key: "\(newID)", action: "propose",
                extra: ["campaign": "\(id)", "chain": chain, "enterprises": firms.joined(separator: ",")])
            return newID
        }
        return try await find(newID)
    }

    /// The chain chief approves or returns a proposed shortlist: one conditional write.
    func decide(_ id: Int64, approve: Bool, comment: String?) async throws -> ShortlistView {
        guard let row = try await db.raw(Self.select + " WHERE s.id = \(bind: id)").row(Row.self) else {
            throw DomainError.notFound("拟认定名单 \(id)", field: "shortlist")
        }
        try await Access.require(.update, .selection(.shortlistDecision(chain: row.chainCode)), caller: caller, db: db)
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        if !approve, comment == nil { throw DomainError.invalid("comment", "退回时请写明理由", code: "required") }
        let caller = self.caller
        try await db.withTransaction { tx in
            let done = try await tx.update("shortlists").set("status", to: SQLBind(approve ? "approved" : "returned"))
                .set("decided_by", to: SQLBind(caller.username)).set("decided_at", to: SQLBind(Date.nowSeconds()))
                .set("decision_comment", to: SQLBind(comment))
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind("proposed")).returning("id").all()
            guard !done.isEmpty else { throw DomainError(.conflict, "already_decided", "该名单已审定或已被替代", field: "decision") }
            try await CampaignEvents.record(
                row.campaignId, chain: row.chainCode, kind: approve ? "shortlist_approved" : "shortlist_returned",
                detail: "链长\(approve ? "审定通过" : "退回")拟认定名单 \(id)" + (comment.map { "：\($0)" } ?? ""), by: caller, on: tx)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "shortlist", key: "\(id)", action: approve ? "approve" : "return", extra: ["comment": comment ?? ""])
        }
        return try await find(id)
    }
}
