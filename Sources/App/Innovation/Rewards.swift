import ChainLeadCore
import Foundation
import SQLKit

/// A reward without application (免申即享, Policy S4), as listed.
struct RewardView: Sendable, Codable {
    var id: Int64
    var enterprise: String
    var enterpriseName: String
    var kind: String
    var kindName: String
    var honour: Int64
    var year: Int
    var amount: Int64
    var status: String
    var reason: String?
    var paidOn: String?
    var voucher: String?
    /// The public notice it was published on (免申即享公示), if any.
    var notice: Int64?
}

struct RewardRuleView: Sendable, Codable {
    var kind: String
    var kindName: String
    var firstTimeOnly: Bool
    var amount: Int64
    var fromYear: Int
    var setAt: Date
}

/// Reward rules (one per honour kind, data not code) and the rewards they bring: put on the list
/// when the honour is recorded, then moved by officials; a first-time reward at most once per
/// firm, kind and product, whatever happens to the honour.
struct Rewards {
    let db: any SQLDatabase
    let caller: Caller

    func rules() async throws -> [RewardRuleView] {
        try await Access.require(.read, .rewards(enterprise: nil), caller: caller, db: db)
        return try await db.raw(
            """
            SELECT r.kind, k.name AS kind_name, r.first_time_only, r.amount, r.from_year, r.set_at
            FROM reward_rules r JOIN honour_kinds k ON k.code = r.kind ORDER BY k.sort_order
            """
        ).rows(RewardRuleView.self)
    }

    /// Sets a kind's rule; it applies to honours recorded from now on.
    func setRule(kind code: String, firstTimeOnly: Bool, amount: Int64, fromYear: Int) async throws -> RewardRuleView {
        try await Access.require(.update, .rewards(enterprise: nil), caller: caller, db: db)
        let kind = try await Honours.kind(code, db: db)
        guard (0...Money.ceiling).contains(amount) else { throw DomainError.invalid("amount", "奖励金额应为0到\(Money.ceilingZh)之间的整数（元）") }
        guard AnnualFigures.validYears.contains(fromYear) else { throw DomainError.invalid("fromYear", "起始年度应在1949至2100之间") }
        let caller = self.caller
        try await db.withTransaction { tx in
            let now = Date.nowSeconds()
            let before = try await tx.raw("SELECT amount FROM reward_rules WHERE kind = \(bind: kind.code)").first(
                decodingColumn: "amount", as: Int64.self)
            try await tx.insert(into: "reward_rules").columns(
                "kind", "first_time_only", "amount", "from_year", "set_by", "set_at", "version"
            )
            .values(
                SQLBind(kind.code), SQLBind(firstTimeOnly), SQLBind(amount), SQLBind(fromYear), SQLBind(caller.username), SQLBind(now),
                SQLBind(1)
            )
            .onConflict(with: ["kind"]) { c in
                c.set(excludedValueOf: "first_time_only").set(excludedValueOf: "amount").set(excludedValueOf: "from_year")
                    .set(excludedValueOf: "set_by").set(excludedValueOf: "set_at").set("version", to: SQLRaw("reward_rules.version + 1"))
            }
            .run()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "reward_rule", key: kind.code, action: "put",
                changes: [
                    "amount": .init(from: before.map(String.init), to: String(amount)),
                    "firstTimeOnly": .init(from: nil, to: "\(firstTimeOnly)"),
                    "fromYear": .init(from: nil, to: "\(fromYear)"),
                ])
        }
        guard let rule = try await rules().first(where: { $0.kind == kind.code }) else { throw DomainError.internal }
        return rule
    }

    /// Inside the honour's transaction: the reward its kind's rule gives, if any. A first-time
    /// reward the firm already has is not made again; one withdrawn because its honour was
    /// deleted follows the honour recorded anew, back to pending.
    func grant(honour: Int64, enterprise: String, kind: String, productKey: String, year: Int, now: Date) async throws {
        struct Rule: Decodable {
            var firstTimeOnly: Bool
            var amount: Int64
            var fromYear: Int
        }
        guard
            let rule = try await db.raw("SELECT first_time_only, amount, from_year FROM reward_rules WHERE kind = \(bind: kind)").row(
                Rule.self),
            year >= rule.fromYear
        else { return }
        let grantYear = rule.firstTimeOnly ? 0 : year
        let made = try await db.insert(into: "rewards")
            .columns(
                "enterprise_uscc", "kind", "product_key", "grant_year", "honour_id", "amount", "status", "created_at", "updated_at",
                "version"
            )
            .values(
                SQLBind(enterprise), SQLBind(kind), SQLBind(productKey), SQLBind(grantYear), SQLBind(honour), SQLBind(rule.amount),
                SQLBind(RewardStatus.pending.rawValue), SQLBind(now), SQLBind(now), SQLBind(1)
            )
            .ignoringConflicts().returning("id").all()
        guard made.isEmpty else { return }
        try await db.raw(
            """
            UPDATE rewards SET honour_id = \(bind: honour), status = 'pending', reason = NULL, amount = \(bind: rule.amount),
              notice_id = NULL, updated_at = \(bind: now), version = version + 1
            WHERE enterprise_uscc = \(bind: enterprise) AND kind = \(bind: kind) AND product_key = \(bind: productKey)
              AND grant_year = \(bind: grantYear) AND status = 'withdrawn'
              AND honour_id IN (SELECT id FROM honours WHERE deleted_at IS NOT NULL)
            """
        ).run()
    }

    /// Inside the deletion's transaction: the honour's reward, if not yet paid, is withdrawn.
    func withdraw(honour: Int64, reason: String, now: Date) async throws {
        try await db.raw(
            """
            UPDATE rewards SET status = 'withdrawn', reason = \(bind: reason), updated_at = \(bind: now), version = version + 1
            WHERE honour_id = \(bind: honour) AND status IN ('pending', 'confirmed', 'noticed')
            """
        ).run()
    }

    static let columns: SQLQueryString = """
        r.id, r.enterprise_uscc AS enterprise, e.name AS enterprise_name, r.kind, k.name AS kind_name, r.honour_id AS honour,
        h.year, r.amount, r.status, r.reason, r.paid_on, r.voucher, r.notice_id AS notice
        """
    static let from: SQLQueryString = """
        rewards r JOIN enterprises e ON e.uscc = r.enterprise_uscc JOIN honour_kinds k ON k.code = r.kind JOIN honours h ON h.id = r.honour_id
        """

    /// The list (by the honour's year and status); an enterprise user sees its own only.
    func list(year: Int?, status: RewardStatus?, enterprise: String? = nil) async throws -> [RewardView] {
        // Government roles read the list; a firm (unless it names another) its own only.
        let mine = caller.grants.compactMap { if case .enterprise(let u) = $0.scope { u } else { nil } }.first
        let own = Policy.decide(caller.grants, .read, .rewards(enterprise: nil)).allowed ? enterprise : enterprise ?? mine
        try await Access.require(.read, .rewards(enterprise: own), caller: caller, db: db)
        var filter: SQLQueryString = "1 = 1"
        if let year { filter = filter + " AND h.year = \(bind: year)" }
        if let status { filter = filter + " AND r.status = \(bind: status.rawValue)" }
        if let own { filter = filter + " AND r.enterprise_uscc = \(bind: own)" }
        return try await db.raw("SELECT \(Self.columns) FROM \(Self.from) WHERE \(filter) ORDER BY r.id DESC LIMIT 2000").rows(
            RewardView.self)
    }

    func find(_ id: Int64) async throws -> RewardView {
        guard let r = try await db.raw("SELECT \(Self.columns) FROM \(Self.from) WHERE r.id = \(bind: id)").row(RewardView.self) else {
            throw DomainError.notFound("奖励 \(id)", field: "id")
        }
        try await Access.require(.read, .rewards(enterprise: r.enterprise), caller: caller, db: db)
        return r
    }

    /// Moves a reward on: one conditional write on the status it was read at (409 if it moved).
    func move(_ id: Int64, to next: RewardStatus, reason: String?, paidOn: SimpleDate?, voucher: String?) async throws -> RewardView {
        try await Access.require(.update, .rewards(enterprise: nil), caller: caller, db: db)
        let old = try await find(id)
        let from = RewardStatus(rawValue: old.status) ?? .pending
        guard from.canMove(to: next) else {
            throw DomainError(.conflict, "bad_transition", "奖励不能从“\(from.nameZh)”改为“\(next.nameZh)”", field: "to")
        }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        if let r = reason, r.count > 500 { throw DomainError.invalid("reason", "原因不超过500字") }
        if next == .withdrawn && reason == nil { throw DomainError.invalid("reason", "撤回奖励须填写原因", code: "reason_required") }
        let voucher = voucher?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        if next == .paid {
            guard paidOn != nil else { throw DomainError.invalid("paidOn", "兑现须填写拨付日期", code: "required") }
            guard let v = voucher, v.count <= 100 else { throw DomainError.invalid("voucher", "兑现须填写凭证号（不超过100字）", code: "required") }
            // Published on a notice: paid only once its period is over.
            if let notice = old.notice,
                let until = try await db.raw("SELECT notice_until FROM reward_notices WHERE id = \(bind: notice)").first(
                    decodingColumn: "notice_until", as: String.self), SimpleDate.today().description <= until
            {
                throw DomainError(.conflict, "notice_running", "公示期至\(until)结束，期满后方可兑现", field: "to")
            }
        }
        let caller = self.caller
        try await db.withTransaction { tx in
            var update = tx.update("rewards").set("status", to: SQLBind(next.rawValue)).set("updated_at", to: SQLBind(Date.nowSeconds()))
                .set("version", to: SQLRaw("version + 1"))
            if let reason { update = update.set("reason", to: SQLBind(reason)) }
            if next == .paid { update = update.set("paid_on", to: SQLBind(paidOn?.description)).set("voucher", to: SQLBind(voucher)) }
            let done = try await update.where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(from.rawValue)).returning("id")
                .all()
            guard !done.isEmpty else { throw DomainError(.conflict, "changed_meanwhile", "该奖励刚被他人办理，请刷新后重试", field: "to") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "reward", key: "\(id)", action: "move",
                changes: ["status": .init(from: from.rawValue, to: next.rawValue), "reason": .init(from: nil, to: reason)])
        }
        return try await find(id)
    }
}
