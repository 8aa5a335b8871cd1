import ChainLeadCore
import Foundation
import SQLKit

struct FinanceNeedInput: Sendable {
    var round: Int64
    var enterprise: String
    var amount: Int64
    var purpose: String
    var termMonths: Int
    var collateral: String?
    var products: String?
    var urgency: NeedUrgency
    var contactPerson: String?
    var contactPhone: String?
}

/// A bank's answer as the caller may see it.
struct RecommendationView: Sendable, Codable {
    var id: Int64
    var need: Int64
    var bank: String
    var status: String
    var amount: Int64?
    var rateBand: String?
    var termMonths: Int?
    var reason: String?
    var recommendedAt: Date
    var firstAnsweredAt: Date?
    var answeredAt: Date?
}

struct FinanceNeedView: Sendable, Codable {
    var id: Int64
    var round: Int64
    var quarter: String
    var enterprise: String
    var enterpriseName: String
    var amount: Int64
    var purpose: String
    var termMonths: Int
    var collateral: String?
    var products: String?
    var urgency: String
    var contactPerson: String?
    var contactPhone: String?
    var createdAt: Date
    /// The answers the caller may see: a bank only its own.
    var recommendations: [RecommendationView]
}

/// Financing needs (融资需求, Policy S5), filed in a round by a firm on the quarter's published
/// whitelist or invited to it; every read goes through `FinanceVisibility`.
struct FinanceNeeds {
    let db: any SQLDatabase
    let caller: Caller
    static let maxAmount: Int64 = 1_000_000_000_000  // 1万亿元

    func file(_ input: FinanceNeedInput) async throws -> FinanceNeedView {
        try await Access.require(.create, .finance(.need(enterprise: input.enterprise)), caller: caller, db: db)
        guard (1...Self.maxAmount).contains(input.amount) else { throw DomainError.invalid("amount", "融资金额应为1元至1万亿元") }
        guard (1...360).contains(input.termMonths) else { throw DomainError.invalid("termMonths", "期限应为1至360个月") }
        let purpose = input.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !purpose.isEmpty, purpose.unicodeScalars.count <= 500 else { throw DomainError.invalid("purpose", "请填写融资用途（不超过500字）") }
        for (field, value, limit) in [
            ("collateral", input.collateral, 200), ("products", input.products, 200), ("contactPerson", input.contactPerson, 50),
            ("contactPhone", input.contactPhone, 30),
        ] where (value?.unicodeScalars.count ?? 0) > limit {
            throw DomainError.invalid(field, "不超过\(limit)个字符")
        }
        let round = try await FinanceRounds(db: db, caller: .system("finance-needs")).find(input.round)
        guard round.open else { throw DomainError(.conflict, "closed", "\(round.quarter) 的融资需求征集已于\(round.openUntil)截止", field: "round") }
        let onWhitelist =
            try await db.raw(
                """
                SELECT 1 AS ok FROM whitelist_items i JOIN whitelists w ON w.quarter = i.quarter
                WHERE i.quarter = \(bind: round.quarter) AND w.status = 'published' AND i.included = \(bind: true)
                  AND i.enterprise_uscc = \(bind: input.enterprise)
                """
            ).first() != nil
        guard onWhitelist || round.invited.contains(input.enterprise) else {
            throw DomainError.invalid("enterprise", "该企业不在\(round.quarter)已发布的融资白名单上，也未受邀参加本批次征集", code: "not_eligible")
        }
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            guard
                let id = try await tx.raw(
                    """
                    INSERT INTO finance_needs (round_id, enterprise_uscc, amount, purpose, term_months, collateral, products, urgency,
                      contact_person, contact_phone, created_by, created_at)
                    VALUES (\(bind: input.round), \(bind: input.enterprise), \(bind: input.amount), \(bind: purpose), \(bind: input.termMonths),
                      \(bind: input.collateral?.nilIfBlank), \(bind: input.products?.nilIfBlank), \(bind: input.urgency.rawValue),
                      \(bind: input.contactPerson?.nilIfBlank), \(bind: input.contactPhone?.nilIfBlank), \(bind: caller.username ?? "system"),
                      \(bind: Date.nowSeconds()))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "finance_need", key: String(id), action: "create",
                extra: ["enterprise": input.enterprise, "amount": String(input.amount), "round": String(input.round)])
            return id
        }
        return try await find(id)
    }

    /// One need; 404 when the caller may not see it (a bank: not recommended to it).
    func find(_ id: Int64) async throws -> FinanceNeedView {
        try await Access.require(.read, .finance(.lists), caller: caller, db: db)
        guard let need = try await list(round: nil, enterprise: nil, id: id, limit: 1).first else {
            throw DomainError.notFound("融资需求 \(id)", field: "id")
        }
        return need
    }

    func list(round: Int64?, enterprise: String?, id: Int64? = nil, limit: Int = 500) async throws -> [FinanceNeedView] {
        try await Access.require(.read, .finance(.lists), caller: caller, db: db)
        guard var filter = FinanceVisibility.needs(caller) else { return [] }
        if let round { filter = filter + " AND n.round_id = \(bind: round)" }
        if let enterprise { filter = filter + " AND n.enterprise_uscc = \(bind: enterprise)" }
        if let id { filter = filter + " AND n.id = \(bind: id)" }
        struct Row: Decodable {
            var id: Int64
            var roundId: Int64
            var quarter: String
            var enterpriseUscc: String
            var name: String
            var amount: Int64
            var purpose: String
            var termMonths: Int
            var collateral: String?
            var products: String?
            var urgency: String
            var contactPerson: String?
            var contactPhone: String?
            var createdAt: Date
        }
        let rows = try await db.raw(
            """
            SELECT n.id, n.round_id, f.quarter, n.enterprise_uscc, e.name, n.amount, n.purpose, n.term_months, n.collateral, n.products,
              n.urgency, n.contact_person, n.contact_phone, n.created_at
            FROM finance_needs n JOIN finance_rounds f ON f.id = n.round_id JOIN enterprises e ON e.uscc = n.enterprise_uscc
            WHERE \(filter) ORDER BY n.id DESC LIMIT \(bind: limit)
            """
        ).rows(Row.self)
        let answers = try await Recommendations(db: db, caller: caller).answers(needs: rows.map(\.id))
        return rows.map { r in
            FinanceNeedView(
                id: r.id, round: r.roundId, quarter: r.quarter, enterprise: r.enterpriseUscc, enterpriseName: r.name, amount: r.amount,
                purpose: r.purpose, termMonths: r.termMonths, collateral: r.collateral, products: r.products, urgency: r.urgency,
                contactPerson: r.contactPerson, contactPhone: r.contactPhone, createdAt: r.createdAt, recommendations: answers[r.id] ?? [])
        }
    }
}
