import ChainLeadCore
import Foundation
import SQLKit

/// A chain-leader recognition (认定) for one chain (Policy S2, G1).
struct RecognitionView: Sendable, Codable {
    var id: Int64
    var enterprise: String
    var enterpriseName: String
    var chain: String
    var recognisedOn: String
    var reviewDue: String
    var campaign: Int64?
    var status: String
    var source: String
}

struct Recognitions {
    let db: any SQLDatabase
    let caller: Caller

    static let select: SQLQueryString = """
        SELECT r.id, r.enterprise_uscc AS enterprise, e.name AS enterprise_name, r.chain_code AS chain, r.recognised_on, r.review_due,
          r.campaign_id AS campaign, r.status, r.source
        FROM recognitions r JOIN enterprises e ON e.uscc = r.enterprise_uscc
        """

    /// The recognitions of the chains the caller covers (a chief: theirs).
    func list(chain: String?, status: String?, reviewDueBefore: SimpleDate?) async throws -> [RecognitionView] {
        var filter: SQLQueryString = " WHERE " + Self.chainScope(caller.grants, column: "r.chain_code")
        if let chain { filter = filter + " AND r.chain_code = \(bind: chain)" }
        if let status { filter = filter + " AND r.status = \(bind: status)" }
        if let due = reviewDueBefore { filter = filter + " AND r.review_due < \(bind: due.description)" }
        return try await db.raw(Self.select + filter + " ORDER BY r.chain_code, r.recognised_on, r.id").rows(RecognitionView.self)
    }

    func find(_ id: Int64) async throws -> RecognitionView {
        guard let r = try await db.raw(Self.select + " WHERE r.id = \(bind: id)").row(RecognitionView.self) else {
            throw DomainError.notFound("链主认定 \(id)", field: "recognition")
        }
        return r
    }

    /// The chains a caller's grants cover, as SQL over `column`: all for officials and the other
    /// government roles, a chief's own chains, none otherwise.
    static func chainScope(_ grants: [Grant], column: String) -> SQLQueryString {
        var chains: Set<String> = []
        for g in grants {
            switch (g.role, g.scope) {
            case (.official, _), (.district, _), (.department, _): return "1 = 1"
            case (.chief, .chains(let mine)): chains.formUnion(mine)
            default: continue
            }
        }
        guard !chains.isEmpty else { return "1 = 0" }
        return SQLQueryString(column) + " IN \(SQLGroupExpression(SQLList(chains.sorted().map { SQLBind($0) })))"
    }

    /// Recognises eligible, scored applicants of a campaign for one chain, within the scheme's quota.
    /// The campaign row is updated first, so two racing requests run one after the other.
    func recognise(campaign id: Int64, chain: String, enterprises: [String], today: SimpleDate) async throws -> [RecognitionView] {
        let campaign = try await Campaigns(db: db, caller: caller).find(id)
        try await Access.require(.update, .selection(.campaign(chains: [chain])), caller: caller, db: db)
        guard campaign.chains.contains(chain) else { throw DomainError.invalid("chain", "产业链 \(chain) 不在该遴选批次中", code: "unknown_chain") }
        let firms = Array(Set(enterprises)).sorted()
        guard !firms.isEmpty else { throw DomainError.invalid("enterprises", "请选择要认定的企业") }
        let scheme = try await SchemeStore(db: db, caller: caller).find(campaign.schemeID).scheme
        let caller = self.caller
        let ids = try await db.withTransaction { tx -> [Int64] in
            try await tx.raw("UPDATE campaigns SET version = version + 1 WHERE id = \(bind: id)").run()
            struct A: Decodable {
                var id: Int64
                var enterpriseUscc: String
                var eligible: Bool?
                var finalScore: Double?
                var status: String
                var expertsComplete: Bool?
            }
            let apps = try await tx.raw(
                """
                SELECT id, enterprise_uscc, eligible, final_score, status, experts_complete FROM applications
                WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain)
                  AND enterprise_uscc IN \(SQLGroupExpression(SQLList(firms.map { SQLBind($0) })))
                """
            ).rows(A.self)
            for uscc in firms {
                guard let a = apps.first(where: { $0.enterpriseUscc == uscc }), a.status != "submitted", a.status != "notRecommended",
                    let eligible = a.eligible
                else { throw DomainError.invalid("enterprises", "企业 \(uscc) 没有本批次该产业链已评分的申报", code: "not_scored") }
                guard eligible, let score = a.finalScore else {
                    throw DomainError.invalid("enterprises", "企业 \(uscc) 不符合申报条件，不能认定", code: "ineligible")
                }
                guard score >= scheme.recognition.minScore else {
                    throw DomainError.invalid("enterprises", "企业 \(uscc) 得分低于认定最低分\(scheme.recognition.minScore)", code: "below_min_score")
                }
                if a.status == "recognised" { throw DomainError(.conflict, "duplicate", "企业 \(uscc) 已在本批次认定", field: "enterprises") }
                if scheme.stages.experts, a.expertsComplete != true {
                    throw DomainError(.conflict, "experts_incomplete", "企业 \(uscc) 的专家评分尚未全部提交", field: "enterprises")
                }
            }
            try await Self.checkStages(scheme.stages, campaign: id, chain: chain, firms: firms, today: today, on: tx)
            let already =
                try await tx.raw(
                    "SELECT COUNT(*) AS n FROM recognitions WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain)"
                ).first(decodingColumn: "n", as: Int.self) ?? 0
            if already + firms.count > scheme.recognition.quotaPerChain {
                throw DomainError.invalid(
                    "enterprises", "产业链 \(chain) 本批次认定名额为\(scheme.recognition.quotaPerChain)家，已认定\(already)家", code: "quota")
            }
            var ids: [Int64] = []
            let due = ReviewRules.reviewDue(after: today)
            for uscc in firms {
                let rows = try await tx.insert(into: "recognitions")
                    .columns(
                        "enterprise_uscc", "chain_code", "recognised_on", "review_due", "campaign_id", "status", "source", "created_at"
                    )
                    .values(
                        SQLBind(uscc), SQLBind(chain), SQLBind(today.description), SQLBind(due.description), SQLBind(id), SQLBind("active"),
                        SQLBind("campaign"), SQLBind(Date.nowSeconds())
                    )
                    .ignoringConflicts().returning("id").all()
                guard let row = rows.first else {
                    throw DomainError(.conflict, "duplicate", "企业 \(uscc) 已是产业链 \(chain) 的链主企业", field: "enterprises")
                }
                ids.append(try row.decode(column: "id", as: Int64.self))
                let score = apps.first { $0.enterpriseUscc == uscc }?.finalScore
                try await tx.raw(
                    "UPDATE applications SET status = 'recognised' WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain) AND enterprise_uscc = \(bind: uscc)"
                ).run()
                try await ChainTiers.apply(
                    .init(enterprise: uscc, chain: chain, tier: .leader, reason: "\(campaign.year)年链主企业遴选认定", campaign: id, score: score),
                    by: caller, today: today, on: tx)
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "campaign", key: "\(id)", action: "recognise",
                changes: ["chain": .init(from: nil, to: chain), "enterprises": .init(from: nil, to: firms.joined(separator: ","))])
            try await CampaignEvents.record(
                id, chain: chain, kind: "recognised", detail: "认定链主企业：\(firms.joined(separator: "、"))", by: caller, on: tx)
            return ids
        }
        guard !ids.isEmpty else { return [] }
        return try await db.raw(Self.select + " WHERE r.id IN \(SQLBind.group(ids)) ORDER BY r.id").rows(RecognitionView.self)
    }

    /// Selection II's stages before recognition: the firm on an approved shortlist (chief's
    /// approval or notice), its notice period ended, and no open objection against it.
    static func checkStages(
        _ stages: SelectionScheme.Stages, campaign id: Int64, chain: String, firms: [String], today: SimpleDate, on tx: any SQLDatabase
    ) async throws {
        guard stages.chiefApproval || stages.notice else { return }
        struct Listed: Decodable {
            var enterpriseUscc: String
            var noticeUntil: String?
        }
        let listed = try await tx.raw(
            """
            SELECT x.enterprise_uscc, n.notice_until FROM shortlist_entries x JOIN shortlists s ON s.id = x.shortlist_id
            LEFT JOIN notices n ON n.shortlist_id = s.id
            WHERE s.campaign_id = \(bind: id) AND s.chain_code = \(bind: chain) AND s.status = 'approved' AND x.removed_reason IS NULL
              AND x.enterprise_uscc IN \(SQLBind.group(firms))
            """
        ).rows(Listed.self)
        let open = Set(
            try await tx.raw(
                """
                SELECT o.enterprise_uscc FROM objections o JOIN notices n ON n.id = o.notice_id JOIN shortlists s ON s.id = n.shortlist_id
                WHERE s.campaign_id = \(bind: id) AND s.chain_code = \(bind: chain) AND o.status = 'open'
                  AND o.enterprise_uscc IN \(SQLBind.group(firms))
                """
            ).all(decodingColumn: "enterprise_uscc", as: String.self))
        for uscc in firms {
            let entries = listed.filter { $0.enterpriseUscc == uscc }
            guard !entries.isEmpty else {
                throw DomainError(.conflict, "not_shortlisted", "企业 \(uscc) 不在经链长审定的拟认定名单中", field: "enterprises")
            }
            guard stages.notice else { continue }
            guard entries.contains(where: { $0.noticeUntil != nil }) else {
                throw DomainError(.conflict, "not_noticed", "企业 \(uscc) 所在名单尚未公示", field: "enterprises")
            }
            guard entries.contains(where: { ($0.noticeUntil ?? "9999") < today.description }) else {
                let until = entries.compactMap(\.noticeUntil).min() ?? ""
                throw DomainError(.conflict, "notice_running", "企业 \(uscc) 的公示期到 \(until) 结束，之后才能认定", field: "enterprises")
            }
            if open.contains(uscc) {
                throw DomainError(.conflict, "objection_open", "企业 \(uscc) 有尚未处理的公示异议", field: "enterprises")
            }
        }
    }
}
