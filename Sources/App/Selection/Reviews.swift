import ChainLeadCore
import Foundation
import SQLKit

/// The two-year review (复核) of a recognised chain leader (Policy S2).
struct ReviewView: Sendable {
    var id: Int64
    var recognition: Int64
    var enterprise: String
    var enterpriseName: String
    var chain: String
    var score: Double?
    var indicators: [IndicatorPoints]
    var outcome: String?
    var items: [String]
    var deadline: String?
    var toTier: String?
    var reason: String?
    var decidedBy: String?
    var createdAt: Date
}

struct Reviews {
    let db: any SQLDatabase
    let caller: Caller

    struct Row: Decodable {
        var id: Int64
        var recognitionId: Int64
        var enterpriseUscc: String
        var name: String
        var chainCode: String
        var score: Double?
        var indicators: String
        var outcome: String?
        var items: String?
        var deadline: String?
        var toTier: String?
        var reason: String?
        var decidedBy: String?
        var createdAt: Date
    }

    static let select: SQLQueryString = """
        SELECT v.id, v.recognition_id, r.enterprise_uscc, e.name, r.chain_code, v.score, v.indicators, v.outcome, v.items, v.deadline,
          v.to_tier, v.reason, v.decided_by, v.created_at
        FROM reviews v JOIN recognitions r ON r.id = v.recognition_id JOIN enterprises e ON e.uscc = r.enterprise_uscc
        """

    static func view(_ r: Row) throws -> ReviewView {
        ReviewView(
            id: r.id, recognition: r.recognitionId, enterprise: r.enterpriseUscc, enterpriseName: r.name, chain: r.chainCode,
            score: r.score,
            indicators: try Applications.json(r.indicators, [IndicatorPoints].self, column: "reviews.indicators") ?? [], outcome: r.outcome,
            items: try Applications.json(r.items, [String].self, column: "reviews.items") ?? [], deadline: r.deadline, toTier: r.toTier,
            reason: r.reason, decidedBy: r.decidedBy, createdAt: r.createdAt)
    }

    func find(_ id: Int64) async throws -> ReviewView {
        guard let r = try await db.raw(Self.select + " WHERE v.id = \(bind: id)").row(Row.self) else {
            throw DomainError.notFound("复核 \(id)", field: "review")
        }
        try await Access.require(.read, .selection(.chain(r.chainCode)), caller: caller, db: db)
        return try Self.view(r)
    }

    /// Undecided reviews in the caller's chains, oldest first (at most 200, in one query).
    func open() async throws -> [ReviewView] {
        let scope = Recognitions.chainScope(caller.grants, column: "r.chain_code")
        return try await db.raw(Self.select + " WHERE v.outcome IS NULL AND " + scope + " ORDER BY v.id LIMIT 200").rows(Row.self).map(
            Self.view)
    }

    /// Active recognitions due for review within `days` (overdue ones too), in the caller's chains.
    func due(withinDays days: Int, today: SimpleDate) async throws -> [RecognitionView] {
        let limit = today.adding(days: max(0, min(days, 3_650)))
        let scope = Recognitions.chainScope(caller.grants, column: "r.chain_code")
        return try await db.raw(
            Recognitions.select + " WHERE r.status = 'active' AND r.review_due <= \(bind: limit.description) AND " + scope
                + " ORDER BY r.review_due, r.id"
        ).rows(RecognitionView.self)
    }

    /// Starts a review: re-scores the firm on its latest figures with the current default scheme,
    /// among the firms now in the chain's pools and leaders (all taken as eligible).
    func start(recognition id: Int64, today: SimpleDate) async throws -> ReviewView {
        let rec = try await Recognitions(db: db, caller: caller).find(id)
        try await Access.require(.update, .selection(.chain(rec.chain)), caller: caller, db: db)
        guard rec.status == "active" else { throw DomainError(.conflict, "wrong_status", "该认定已撤销，无需复核", field: "recognition") }
        let stored = try await SchemeStore(db: db, caller: caller).standard()
        let peers = try await db.raw("SELECT enterprise_uscc FROM chain_tiers WHERE chain_code = \(bind: rec.chain)")
            .all(decodingColumn: "enterprise_uscc", as: String.self)
        let firms = Array(Set(peers + [rec.enterprise])).sorted()
        let year =
            (try await db.raw("SELECT MAX(year) AS y FROM figures WHERE enterprise_uscc = \(bind: rec.enterprise)").first(
                decodingColumn: "y", as: Int?.self)
            ?? nil).map { $0 + 1 } ?? today.year
        let facts = try await ScoringFacts.load(db: db, firms: firms, year: year, years: 2, scope: SupportingRateScope())
        let applicants = firms.map { u in
            Applicant(
                id: u, eligible: true,
                values: ScoringFacts.values(
                    year: year, figures: facts.figures[u] ?? [:], supply: facts.supply[u],
                    evidence: facts.records[u]?.merged(declared: [:]) ?? [:]))
        }
        let mine = Scoring.score(applicants, scheme: stored.scheme).first { $0.id == rec.enterprise }
        let indicators = try Applications.encode(mine?.indicators ?? [])
        let figures = try Applications.encode(facts.figures[rec.enterprise] ?? [:])
        let caller = self.caller
        let reviewID = try await db.withTransaction { tx in
            let open = try await tx.raw("SELECT id FROM reviews WHERE recognition_id = \(bind: id) AND outcome IS NULL").first()
            if open != nil { throw DomainError(.conflict, "review_open", "该认定已有未完成的复核", field: "recognition") }
            let rid = try await tx.insert(into: "reviews")
                .columns("recognition_id", "scheme_id", "score", "indicators", "figures", "created_by", "created_at")
                .values(
                    SQLBind(id), SQLBind(stored.id), SQLBind(mine?.indicatorScore), SQLBind(indicators), SQLBind(figures),
                    SQLBind(caller.username), SQLBind(Date.nowSeconds())
                )
                .runReturningID()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "review", key: "\(rid)", action: "create", changes: ["recognition": .init(from: nil, to: "\(id)")])
            return rid
        }
        return try await find(reviewID)
    }

    struct Decision: Sendable {
        var outcome: ReviewOutcome
        var items: [String]
        var deadline: SimpleDate?
        var toTier: Tier?
        var reason: String
    }

    /// Decides a review: one conditional write on an undecided review (a second decision gets 409).
    func decide(_ id: Int64, _ d: Decision, today: SimpleDate) async throws -> ReviewView {
        let review = try await find(id)
        try await Access.require(.update, .selection(.chain(review.chain)), caller: caller, db: db)
        let reason = d.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty || reason.count > 1000 { throw DomainError.invalid("reason", "复核结论须填写理由（不超过1000字）", code: "reason_required") }
        if d.outcome == .warned {
            if d.items.isEmpty { throw DomainError.invalid("items", "预警整改须列出整改事项", code: "required") }
            guard let deadline = d.deadline, deadline > today else {
                throw DomainError.invalid("deadline", "预警整改须给出晚于今天的整改期限", code: "required")
            }
            _ = deadline
        }
        if d.items.count > 50 || d.items.contains(where: { $0.count > 500 }) { throw DomainError.invalid("items", "整改事项最多50条，每条不超过500字") }
        if d.outcome == .revoked, d.toTier == .leader { throw DomainError.invalid("toTier", "撤销认定后不能仍为链主企业") }
        let rec = try await Recognitions(db: db, caller: caller).find(review.recognition)
        let caller = self.caller
        try await db.withTransaction { tx in
            let done = try await tx.raw(
                """
                UPDATE reviews SET outcome = \(bind: d.outcome.rawValue), items = \(bind: try Applications.encode(d.items)),
                  deadline = \(bind: d.deadline?.description), to_tier = \(bind: d.outcome == .revoked ? (d.toTier ?? .none).rawValue : nil),
                  reason = \(bind: reason), decided_by = \(bind: caller.username), decided_at = \(bind: Date.nowSeconds())
                WHERE id = \(bind: id) AND outcome IS NULL RETURNING id
                """
            ).all()
            guard !done.isEmpty else { throw DomainError(.conflict, "already_decided", "该复核已有结论", field: "review") }
            switch d.outcome {
            case .retained:
                let next = ReviewRules.reviewDue(after: SimpleDate(iso: rec.reviewDue) ?? today)
                try await tx.raw(
                    "UPDATE recognitions SET review_due = \(bind: next.description) WHERE id = \(bind: rec.id) AND status = 'active'"
                ).run()
            case .warned: break
            case .revoked:
                let ended = try await tx.raw(
                    """
                    UPDATE recognitions SET status = 'revoked', ended_on = \(bind: today.description), ended_reason = \(bind: reason)
                    WHERE id = \(bind: rec.id) AND status = 'active' RETURNING id
                    """
                ).all()
                guard !ended.isEmpty else { throw DomainError(.conflict, "wrong_status", "该认定已撤销", field: "review") }
                try await ChainTiers.apply(
                    .init(
                        enterprise: rec.enterprise, chain: rec.chain, tier: d.toTier ?? .none, reason: "复核撤销链主认定：\(reason)",
                        campaign: rec.campaign),
                    by: caller, today: today, on: tx)
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "review", key: "\(id)", action: "decide",
                changes: ["outcome": .init(from: nil, to: d.outcome.rawValue), "reason": .init(from: nil, to: reason)])
        }
        return try await find(id)
    }
}
