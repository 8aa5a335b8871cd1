import ChainLeadCore
import Foundation
import SQLKit

/// A recommendation with the need it is about, as a bank's work list shows it.
struct AddressedNeedView: Sendable, Codable {
    var recommendation: RecommendationView
    var round: Int64
    var quarter: String
    var enterprise: String
    var enterpriseName: String
    var asked: Int64
    var purpose: String
    var termMonths: Int
    var urgency: String
}

struct AnswerInput: Sendable {
    var status: AnswerStatus
    var amount: Int64?
    var rateBand: String?
    var termMonths: Int?
    var reason: String?
}

/// Needs recommended to banks and the banks' answers (Policy S5). Reads go through
/// `FinanceVisibility`; an answer is one conditional write on the status it moves from.
struct Recommendations {
    let db: any SQLDatabase
    let caller: Caller

    func recommend(need id: Int64, banks: [String]) async throws -> FinanceNeedView {
        try await Access.require(.create, .finance(.recommend), caller: caller, db: db)
        let names = Array(Set(banks.map { $0.trimmingCharacters(in: .whitespaces) })).sorted()
        guard !names.isEmpty, names.count <= 20 else { throw DomainError.invalid("banks", "请选择1至20家银行") }
        _ = try await FinanceNeeds(db: db, caller: caller).find(id)
        if let unknown = try await Banks.unknown(names, db: db).first {
            throw DomainError.invalid("banks", "银行“\(unknown.prefix(50))”未登记，请先在金融机构名录中登记", code: "unknown_bank")
        }
        let caller = self.caller
        try await db.withTransaction { tx in
            var added: [String] = []
            for bank in names {
                let row = try await tx.raw(
                    """
                    INSERT INTO finance_recommendations (need_id, bank_name, status, recommended_by, recommended_at)
                    VALUES (\(bind: id), \(bind: bank), 'recommended', \(bind: caller.username ?? "system"), \(bind: Date.nowSeconds()))
                    ON CONFLICT (need_id, bank_name) DO NOTHING RETURNING id
                    """
                ).first()
                if row != nil { added.append(bank) }
            }
            guard !added.isEmpty else { throw DomainError(.conflict, "duplicate", "该需求已推荐给所选银行", field: "banks") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "finance_need", key: String(id), action: "recommend", extra: ["banks": added.joined(separator: "、")])
        }
        return try await FinanceNeeds(db: db, caller: caller).find(id)
    }

    /// The answers the caller sees, per need.
    func answers(needs: [Int64]) async throws -> [Int64: [RecommendationView]] {
        guard !needs.isEmpty, let visible = FinanceVisibility.answers(caller) else { return [:] }
        let rows = try await db.raw(
            """
            SELECT r.id, r.need_id AS need, r.bank_name AS bank, r.status, r.amount, r.rate_band, r.term_months, r.reason,
              r.recommended_at, r.first_answered_at, r.answered_at
            FROM finance_recommendations r JOIN finance_needs n ON n.id = r.need_id
            WHERE r.need_id IN \(SQLBind.group(needs)) AND \(visible) ORDER BY r.bank_name
            """
        ).rows(RecommendationView.self)
        return Dictionary(grouping: rows, by: \.need)
    }

    /// The recommendations the caller sees (a bank: those addressed to it), newest first.
    func list(round: Int64? = nil, bank: String? = nil, status: AnswerStatus? = nil, id: Int64? = nil, limit: Int = 500) async throws
        -> [AddressedNeedView]
    {
        try await Access.require(.read, .finance(.lists), caller: caller, db: db)
        guard var filter = FinanceVisibility.answers(caller) else { return [] }
        if let round { filter = filter + " AND n.round_id = \(bind: round)" }
        if let bank { filter = filter + " AND r.bank_name = \(bind: bank)" }
        if let status { filter = filter + " AND r.status = \(bind: status.rawValue)" }
        if let id { filter = filter + " AND r.id = \(bind: id)" }
        // The answer's columns decode as `RecommendationView`, the need's as `Need`, from one row.
        struct Need: Decodable {
            var roundId: Int64
            var quarter: String
            var enterpriseUscc: String
            var name: String
            var asked: Int64
            var purpose: String
            var askedTerm: Int
            var urgency: String
        }
        return try await db.raw(
            """
            SELECT r.id, r.need_id AS need, r.bank_name AS bank, r.status, r.amount, r.rate_band, r.term_months, r.reason,
              r.recommended_at, r.first_answered_at, r.answered_at, n.round_id, f.quarter, n.enterprise_uscc, e.name,
              n.amount AS asked, n.purpose, n.term_months AS asked_term, n.urgency
            FROM finance_recommendations r JOIN finance_needs n ON n.id = r.need_id JOIN finance_rounds f ON f.id = n.round_id
              JOIN enterprises e ON e.uscc = n.enterprise_uscc
            WHERE \(filter) ORDER BY r.id DESC LIMIT \(bind: limit)
            """
        ).all().map { row in
            let r = try row.decode(model: RecommendationView.self, keyDecodingStrategy: SnakeColumns.strategy)
            let n = try row.decode(model: Need.self, keyDecodingStrategy: SnakeColumns.strategy)
            return AddressedNeedView(
                recommendation: r, round: n.roundId, quarter: n.quarter, enterprise: n.enterpriseUscc, enterpriseName: n.name,
                asked: n.asked,
                purpose: n.purpose, termMonths: n.askedTerm, urgency: n.urgency)
        }
    }

    /// A bank answers what is addressed to it: 404 when it cannot see the recommendation, 403 when
    /// it sees it but may not answer, 409 when the answer is final or moved meanwhile.
    func answer(_ id: Int64, _ input: AnswerInput) async throws -> AddressedNeedView {
        try await Access.require(.read, .finance(.lists), caller: caller, db: db)
        guard let current = try await list(id: id, limit: 1).first else { throw DomainError.notFound("推荐记录 \(id)", field: "id") }
        try await Access.require(.update, .finance(.answer(bank: current.recommendation.bank)), caller: caller, db: db)
        guard input.status != .recommended else { throw DomainError.invalid("status", "答复状态应为 contacted、approved 或 declined") }
        if input.status == .approved {
            guard let a = input.amount, (1...FinanceNeeds.maxAmount).contains(a) else {
                throw DomainError.invalid("amount", "授信时请填写授信金额（1元至1万亿元）")
            }
        } else if input.amount != nil {
            throw DomainError.invalid("amount", "仅在授信（approved）时填写金额")
        }
        let amount = input.amount
        if let t = input.termMonths, !(1...360).contains(t) { throw DomainError.invalid("termMonths", "期限应为1至360个月") }
        if (input.rateBand?.unicodeScalars.count ?? 0) > 50 { throw DomainError.invalid("rateBand", "利率区间不超过50个字符") }
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        if (reason?.unicodeScalars.count ?? 0) > 500 { throw DomainError.invalid("reason", "说明不超过500字") }
        if input.status == .declined && reason == nil { throw DomainError.invalid("reason", "未获授信时请说明原因") }
        guard let from = AnswerStatus(rawValue: current.recommendation.status), from.mayMove(to: input.status) else {
            throw DomainError(
                .conflict, "final",
                "该推荐当前为“\(AnswerStatus(rawValue: current.recommendation.status)?.nameZh ?? "")”，不能改为“\(input.status.nameZh)”",
                field: "status")
        }
        let caller = self.caller
        try await db.withTransaction { tx in
            let now = Date.nowSeconds()
            let moved = try await tx.raw(
                """
                UPDATE finance_recommendations SET status = \(bind: input.status.rawValue), amount = \(bind: amount),
                  rate_band = \(bind: input.rateBand?.nilIfBlank), term_months = \(bind: input.termMonths), reason = \(bind: reason),
                  answered_by = \(bind: caller.username ?? "system"), answered_at = \(bind: now),
                  first_answered_at = COALESCE(first_answered_at, \(bind: now))
                WHERE id = \(bind: id) AND status = \(bind: from.rawValue) RETURNING id
                """
            ).all()
            guard !moved.isEmpty else { throw DomainError(.conflict, "changed_meanwhile", "该推荐刚被答复，请刷新后查看", field: "status") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "finance_recommendation", key: String(id), action: "answer",
                changes: ["status": .init(from: from.rawValue, to: input.status.rawValue)],
                extra: amount.map { ["amount": String($0)] } ?? [:])
        }
        guard let after = try await list(id: id, limit: 1).first else { throw DomainError.internal }
        return after
    }
}
