import ChainLeadCore
import Foundation
import SQLKit

extension Applications {
    /// Files an application (an enterprise for itself) or a nomination (an official, for any firm).
    func apply(campaign id: Int64, enterprise uscc: String, chain: String, evidence: [String: Double], note: String?, today: SimpleDate)
        async throws -> ApplicationView
    {
        let campaign = try await Campaigns(db: db, caller: caller).find(id)
        guard let firm = try await db.raw("SELECT uscc, district_code FROM enterprises WHERE uscc = \(bind: uscc)").first() else {
            throw DomainError.invalid("enterprise", "企业 \(uscc) 不在企业库中", code: "unknown_enterprise")
        }
        let district = try firm.decode(column: "district_code", as: String.self)
        try await Access.require(
            .create, .selection(.application(enterprise: uscc, district: district, chain: chain)), caller: caller, db: db)
        guard campaign.status == "open" else {
            throw DomainError(.conflict, "not_open", campaign.status == "draft" ? "该遴选批次尚未开始申报" : "该遴选批次已结束", field: "campaign")
        }
        guard campaign.chains.contains(chain) else {
            throw DomainError.invalid("chain", "产业链 \(chain) 不在该遴选批次中", code: "unknown_chain")
        }
        let official = caller.grants.contains { $0.role == .official }
        if let until = SimpleDate(iso: campaign.applyUntil), today > until, !official {
            throw DomainError(.conflict, "deadline_passed", "申报已于\(until)截止，请联系市级工作人员", field: "campaign")
        }
        for (key, value) in evidence {
            guard let code = IndicatorCode(rawValue: key), code.isEvidence else {
                throw DomainError.invalid("evidence.\(key)", "“\(key.prefix(40))”不是可申报的佐证指标（专利、标准、平台、市场占有率、荣誉）")
            }
            guard value.isFinite, (0...1_000_000_000).contains(value) else {
                throw DomainError.invalid("evidence.\(key)", "\(code.nameZh)应为0到10亿之间的数")
            }
        }
        let scheme = try await SchemeStore(db: db, caller: caller).find(campaign.schemeID).scheme
        let figures = try await figures(of: uscc, year: campaign.year, years: scheme.eligibility.figureYears)
        let nominated = official && !caller.grants.contains { $0.scope == .enterprise(uscc) }
        let status = nominated || !scheme.districtReview ? "accepted" : "submitted"
        let (evidenceText, figuresText) = (try Self.encode(evidence), SelectionJSON.figures(figures))
        let now = Date.nowSeconds()
        let caller = self.caller
        let newID = try await db.withTransaction { tx in
            // Serialises applications to one campaign, so the per-firm chain limit holds under races.
            try await tx.raw("UPDATE campaigns SET version = version + 1 WHERE id = \(bind: id)").run()
            let held =
                try await tx.raw(
                    "SELECT COUNT(*) AS n FROM applications WHERE campaign_id = \(bind: id) AND enterprise_uscc = \(bind: uscc) AND chain_code <> \(bind: chain)"
                ).first(decodingColumn: "n", as: Int.self) ?? 0
            if held >= scheme.maxChainsPerFirm {
                throw DomainError.invalid("chain", "每家企业每批次最多申报\(scheme.maxChainsPerFirm)条产业链", code: "max_chains")
            }
            let rows = try await tx.insert(into: "applications")
                .columns(
                    "campaign_id", "chain_code", "enterprise_uscc", "status", "nominated", "evidence", "note", "figures", "figures_at",
                    "created_by", "created_at"
                )
                .values(
                    SQLBind(id), SQLBind(chain), SQLBind(uscc), SQLBind(status), SQLBind(nominated), SQLBind(evidenceText),
                    SQLBind(note), SQLBind(figuresText), SQLBind(now), SQLBind(caller.username), SQLBind(now)
                )
                .ignoringConflicts().returning("id").all()
            guard let row = rows.first else {
                throw DomainError(.conflict, "duplicate", "该企业已申报本批次的产业链 \(chain)", field: "enterprise")
            }
            let newID = try row.decode(column: "id", as: Int64.self)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "application", key: "\(newID)", action: "create",
                changes: [
                    "enterprise": .init(from: nil, to: uscc), "chain": .init(from: nil, to: chain), "status": .init(from: nil, to: status),
                ])
            return newID
        }
        return try await find(newID)
    }

    /// The district's preliminary review (区县初审): recommend or not, with a reason. One
    /// conditional write on `submitted`: a second decision gets 409.
    func districtReview(_ id: Int64, recommend: Bool, reason: String?) async throws -> ApplicationView {
        let app = try await find(id)
        try await Access.require(.update, .selection(.districtReview(district: app.district)), caller: caller, db: db)
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !recommend && why.isEmpty { throw DomainError.invalid("reason", "不推荐须填写理由", code: "reason_required") }
        if why.count > 1000 { throw DomainError.invalid("reason", "理由不超过1000字") }
        let status = recommend ? "recommended" : "notRecommended"
        let caller = self.caller
        try await db.withTransaction { tx in
            let done = try await tx.raw(
                """
                UPDATE applications SET status = \(bind: status), district_recommend = \(bind: recommend), district_reason = \(bind: why.isEmpty ? nil : why),
                  district_by = \(bind: caller.username), district_at = \(bind: Date.nowSeconds())
                WHERE id = \(bind: id) AND status = 'submitted' RETURNING id
                """
            ).all()
            guard !done.isEmpty else {
                throw DomainError(.conflict, "wrong_status", "该申报已完成初审或无需区县初审", field: "application")
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "application", key: "\(id)", action: "district_review",
                changes: ["status": .init(from: app.status, to: status), "reason": .init(from: nil, to: why)])
        }
        return try await find(id)
    }
}
