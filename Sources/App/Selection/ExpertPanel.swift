import ChainLeadCore
import Foundation
import SQLKit

/// Expert scores and their calibration per chain and campaign (Policy S1, S2): scoring drafts,
/// submitting, an official's reopening; after each change the chain's calibrated scores, expert
/// scores, final scores and ranks are recomputed and stored (reads stay plain).
struct ExpertPanel {
    let db: any SQLDatabase
    let caller: Caller

    /// A draft or a submitted score of the caller's own declared assignment.
    func score(_ id: Int64, score: Double, comment: String?, submit: Bool) async throws -> AssignmentView {
        let a = try await Assignments(db: db, caller: caller).own(id)
        guard Calibration.isValidScore(score) else {
            throw DomainError.invalid("score", "评分应为0到100之间的数，最多一位小数", code: "bad_score")
        }
        switch a.status {
        case "pending": throw DomainError(.conflict, "declaration_first", "请先申报与该企业有无利益冲突，再查看和评分", field: "score")
        case "blocked": throw DomainError(.conflict, "blocked", "该评审任务因利益冲突已回避", field: "score")
        case "submitted": throw DomainError(.conflict, "submitted", "评分已提交；如需修改请联系市级工作人员退回", field: "score")
        default: break
        }
        let caller = self.caller
        try await db.withTransaction { tx in
            try await tx.raw("UPDATE campaigns SET version = version + 1 WHERE id = \(bind: a.campaign)").run()
            var update = tx.update("assignments").set("score", to: SQLBind(score)).set("comment", to: SQLBind(comment))
            if submit { update = update.set("status", to: SQLBind("submitted")).set("submitted_at", to: SQLBind(Date.nowSeconds())) }
            let done = try await update.where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind("declared")).returning("id").all()
            guard !done.isEmpty else { throw DomainError(.conflict, "changed_meanwhile", "该评审任务刚被更新，请刷新后重试", field: "score") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "assignment", key: "\(id)", action: submit ? "submit_score" : "draft_score", extra: ["score": "\(score)"])
            if submit {
                try await CampaignEvents.record(
                    a.campaign, chain: a.chain, kind: "scored", detail: "\(a.expert) 提交了对 \(a.enterpriseName) 的评分", by: caller, on: tx)
                try await Self.refresh(campaign: a.campaign, chain: a.chain, on: tx)
            }
        }
        return try await Assignments(db: db, caller: caller).find(id)
    }

    /// An official reopens a submitted score (with a reason): it is a draft again.
    func reopen(_ id: Int64, reason: String) async throws -> AssignmentView {
        guard let a = try await Assignments.byIDs([id], db: db).first else { throw DomainError.notFound("评审任务 \(id)", field: "assignment") }
        try await Access.require(.update, .selection(.campaign(chains: [a.chain])), caller: caller, db: db)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw DomainError.invalid("reason", "请填写退回理由", code: "required") }
        let caller = self.caller
        try await db.withTransaction { tx in
            try await tx.raw("UPDATE campaigns SET version = version + 1 WHERE id = \(bind: a.campaign)").run()
            let done = try await tx.update("assignments").set("status", to: SQLBind("declared")).set("reopen_reason", to: SQLBind(reason))
                .set("submitted_at", to: SQLBind(Date?.none))
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind("submitted")).returning("id").all()
            guard !done.isEmpty else { throw DomainError(.conflict, "not_submitted", "只有已提交的评分可以退回", field: "status") }
            try await CampaignEvents.record(
                a.campaign, chain: a.chain, kind: "reopened", detail: "退回 \(a.expert) 对 \(a.enterpriseName) 的评分：\(reason)", by: caller,
                on: tx)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "assignment", key: "\(id)", action: "reopen", extra: ["reason": reason])
            try await Self.refresh(campaign: a.campaign, chain: a.chain, on: tx)
        }
        return try await Assignments(db: db, caller: caller).find(id)
    }

    /// Recomputes one chain's calibration, expert scores, final scores and ranks. Run inside the
    /// transaction that changed a score, after the campaign row was locked.
    static func refresh(campaign id: Int64, chain: String, on db: any SQLDatabase) async throws {
        guard
            let schemeID = try await db.raw("SELECT scheme_id FROM campaigns WHERE id = \(bind: id)").first(
                decodingColumn: "scheme_id", as: Int64.self)
        else { return }
        let scheme = try await SchemeStore(db: db, caller: .system("panel")).find(schemeID).scheme
        guard scheme.stages.experts else { return }
        struct Scored: Decodable {
            var id: Int64
            var applicationId: Int64
            var expert: String
            var score: Double
        }
        let submitted = try await db.raw(
            """
            SELECT id, application_id, expert, score FROM assignments
            WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain) AND status = 'submitted' AND score IS NOT NULL
            """
        ).rows(Scored.self)
        let calibrated = Calibration.calibrate(
            submitted.map { ExpertScore(expert: $0.expert, application: $0.applicationId, raw: $0.score) })
        let expertScores = Calibration.expertScores(calibrated)
        struct App: Decodable {
            var id: Int64
            var eligible: Bool?
            var indicatorScore: Double?
            var submitted: Int?
            var open: Int?
        }
        let apps = try await db.raw(
            """
            SELECT a.id, a.eligible, a.indicator_score,
              (SELECT COUNT(*) FROM assignments s WHERE s.application_id = a.id AND s.status = 'submitted') AS submitted,
              (SELECT COUNT(*) FROM assignments s WHERE s.application_id = a.id AND s.status IN ('pending', 'declared')) AS open
            FROM applications a WHERE a.campaign_id = \(bind: id) AND a.chain_code = \(bind: chain) AND a.scored_at IS NOT NULL
            """
        ).rows(App.self)
        var finals: [(id: Int64, expert: Double?, final: Double?, complete: Bool)] = apps.map { a in
            let e = expertScores[a.id]
            let complete = (a.submitted ?? 0) > 0 && (a.open ?? 0) == 0
            return (a.id, e, Calibration.finalScore(indicator: a.indicatorScore, expert: e, weights: scheme.final), complete)
        }
        let rankable = finals.indices.filter { i in apps[i].eligible == true && finals[i].final != nil }
        let ranks = Scoring.ranks(rankable.map { finals[$0].final ?? 0 })
        var rankOf: [Int64: Int] = [:]
        for (k, i) in rankable.enumerated() { rankOf[finals[i].id] = ranks[k] }
        finals.sort { $0.id < $1.id }
        for chunk in finals.chunked(400) {
            var values: [SQLQueryString] = []
            for f in chunk {
                values.append(
                    """
                    (CAST(\(bind: f.id) AS BIGINT), CAST(\(bind: f.expert) AS DOUBLE PRECISION), CAST(\(bind: f.final) AS DOUBLE PRECISION),
                     CAST(\(bind: rankOf[f.id]) AS INTEGER), CAST(\(bind: f.complete) AS BOOLEAN))
                    """)
            }
            try await db.raw(
                """
                UPDATE applications SET expert_score = v.column2, final_score = v.column3, rank = v.column4, experts_complete = v.column5
                FROM (VALUES \(SQLQueryString.join(values))) AS v WHERE applications.id = v.column1
                """
            ).run()
        }
        try await db.raw(
            """
            UPDATE assignments SET calibrated = NULL, calibrated_used = NULL
            WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain) AND status <> 'submitted'
            """
        ).run()
        let byKey = Dictionary(calibrated.map { ("\($0.application)|\($0.expert)", $0) }, uniquingKeysWith: { a, _ in a })
        for chunk in submitted.chunked(400) {
            var values: [SQLQueryString] = []
            for s in chunk {
                let c = byKey["\(s.applicationId)|\(s.expert)"]
                values.append(
                    "(CAST(\(bind: s.id) AS BIGINT), CAST(\(bind: c?.calibrated) AS DOUBLE PRECISION), CAST(\(bind: c?.calibratedUsed) AS BOOLEAN))"
                )
            }
            try await db.raw(
                """
                UPDATE assignments SET calibrated = v.column2, calibrated_used = v.column3
                FROM (VALUES \(SQLQueryString.join(values))) AS v WHERE assignments.id = v.column1
                """
            ).run()
        }
    }
}

extension SQLQueryString {
    /// The pieces separated by ", ".
    static func join(_ parts: [SQLQueryString]) -> SQLQueryString {
        guard var out = parts.first else { return "" }
        for p in parts.dropFirst() { out = out + ", " + p }
        return out
    }
}
