import ChainLeadCore
import Foundation
import SQLKit

/// One candidate of a quarter's whitelist as shown.
struct WhitelistItemView: Sendable, Codable {
    var enterprise: String
    var enterpriseName: String
    var basis: String
    var of: [String]
    var share: Double?
    var amount: Int64?
    var included: Bool
    var excludedBecause: WhitelistExclusion?
    var decisionReason: String?
}

struct WhitelistView: Sendable, Codable {
    var quarter: String
    var dataYear: Int
    var status: String
    var candidates: Int
    var included: Int
    /// The rules it was derived with.
    var rules: WhitelistRules
}

/// The quarter's financing whitelist (Policy S5): derived from recognitions, supply links,
/// figures and dishonesty flags in grouped SQL, ruled by Core's `Whitelist`, then confirmed item
/// by item and published. A published list no longer changes.
struct Whitelists {
    let db: any SQLDatabase
    let caller: Caller
    let scope: SupportingRateScope

    /// Violation kinds that flag dishonesty (失信被执行人 and the like) while the violation is open.
    static let dishonestKinds: SQLQueryString = "(v.kind LIKE '失信%' OR v.kind LIKE '%失信被执行人%' OR v.kind = 'dishonest')"

    /// Derives the quarter's draft (again, while it is a draft: officials' decisions are kept) with
    /// the rules given, else those the draft was derived with, else the defaults.
    func derive(_ quarter: Quarter, rules given: WhitelistRules? = nil) async throws -> WhitelistView {
        try await Access.require(.create, .finance(.whitelists), caller: caller, db: db)
        if let problem = given?.problem { throw DomainError.invalid(problem.field, problem.reason) }
        let q = quarter.description
        let stored = try await db.raw("SELECT rules FROM whitelists WHERE quarter = \(bind: q)").first(
            decodingColumn: "rules", as: String?.self)
        let rules =
            given ?? stored.flatMap { $0 }.flatMap { try? JSONDecoder().decode(WhitelistRules.self, from: Data($0.utf8)) }
            ?? WhitelistRules()
        let rulesJSON = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        let candidates = Whitelist.derive(try await facts(year: quarter.dataYear), rules: rules)
        let caller = self.caller
        try await db.withTransaction { tx in
            let status = try await tx.raw("SELECT status FROM whitelists WHERE quarter = \(bind: q)").first(
                decodingColumn: "status", as: String.self)
            if status == "published" { throw DomainError(.conflict, "published", "\(q) 的融资白名单已发布，不再重新生成") }
            if status == nil {
                try await tx.insert(into: "whitelists").columns("quarter", "data_year", "status", "created_by", "created_at", "rules")
                    .values(
                        SQLBind(q), SQLBind(quarter.dataYear), SQLBind("draft"), SQLBind(caller.username ?? "system"),
                        SQLBind(Date.nowSeconds()), SQLBind(rulesJSON)
                    )
                    .run()
            } else {
                try await tx.update("whitelists").set("rules", to: SQLBind(rulesJSON)).where("quarter", .equal, SQLBind(q)).run()
            }
            // Derived rows are replaced; rows an official decided keep the decision.
            try await tx.raw("DELETE FROM whitelist_items WHERE quarter = \(bind: q) AND decided_by IS NULL").run()
            let decided = Set(
                try await tx.raw("SELECT enterprise_uscc FROM whitelist_items WHERE quarter = \(bind: q)")
                    .all(decodingColumn: "enterprise_uscc", as: String.self))
            for chunk in candidates.filter({ !decided.contains($0.enterprise) }).chunked(200) {
                var insert = tx.insert(into: "whitelist_items").columns(
                    "quarter", "enterprise_uscc", "basis", "of_leaders", "share", "amount", "excluded_rule", "excluded_reason", "included")
                for c in chunk {
                    insert = insert.values(
                        SQLBind(q), SQLBind(c.enterprise), SQLBind(c.basis.rawValue), SQLBind(c.of.joined(separator: ",")),
                        SQLBind(c.share),
                        SQLBind(c.amount), SQLBind(c.excludedBecause?.rule), SQLBind(c.excludedBecause?.reason), SQLBind(c.included))
                }
                try await insert.run()
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "whitelist", key: q, action: "derive", extra: ["candidates": String(candidates.count), "rules": rulesJSON])
        }
        return try await find(q)
    }

    /// What the derivation reads, in five grouped queries over the data year.
    func facts(year: Int) async throws -> WhitelistFacts {
        let leaders = Set(
            try await db.raw("SELECT DISTINCT enterprise_uscc FROM recognitions WHERE status = 'active'")
                .all(decodingColumn: "enterprise_uscc", as: String.self))
        guard !leaders.isEmpty else {
            return WhitelistFacts(leaders: [], localPurchases: [], leaderTotals: [:], balances: [:], dishonest: [])
        }
        let leaderList = SQLGroupExpression(SQLList(leaders.sorted().map { SQLBind($0) }))
        let excluded = scope.excludedCategories.map(\.rawValue).sorted()
        var filter: SQLQueryString = "l.year = \(bind: year) AND l.buyer_uscc IN \(leaderList)"
        if !excluded.isEmpty { filter = filter + " AND l.category NOT IN \(SQLGroupExpression(SQLList(excluded.map { SQLBind($0) })))" }
        var totals: [String: Int64] = [:]
        for r in try await db.raw(
            "SELECT l.buyer_uscc AS b, SUM(CAST(l.amount AS DOUBLE PRECISION)) AS a FROM supply_links l WHERE \(filter) GROUP BY l.buyer_uscc"
        ).all() {
            totals[try r.decode(column: "b", as: String.self)] = try DomainError.amount(
                try r.decode(column: "a", as: Double?.self) ?? 0, field: "amount")
        }
        var purchases: [WhitelistFacts.Purchase] = []
        let local: SQLQueryString =
            scope.localDistricts.isEmpty
            ? "1 = 0" : "l.supplier_district IN \(SQLGroupExpression(SQLList(scope.localDistricts.sorted().map { SQLBind($0) })))"
        for r in try await db.raw(
            """
            SELECT l.buyer_uscc AS b, l.supplier_uscc AS s, SUM(CAST(l.amount AS DOUBLE PRECISION)) AS a FROM supply_links l
            WHERE \(filter) AND l.supplier_uscc IS NOT NULL AND \(local) GROUP BY l.buyer_uscc, l.supplier_uscc
            """
        ).all() {
            purchases.append(
                .init(
                    buyer: try r.decode(column: "b", as: String.self), supplier: try r.decode(column: "s", as: String.self),
                    amount: try DomainError.amount(try r.decode(column: "a", as: Double?.self) ?? 0, field: "amount")))
        }
        let candidates = leaders.union(purchases.map(\.supplier))
        let list = SQLGroupExpression(SQLList(candidates.sorted().map { SQLBind($0) }))
        var balances: [String: WhitelistFacts.Balance] = [:]
        for r in try await db.raw(
            "SELECT enterprise_uscc AS u, total_assets, total_liabilities FROM figures WHERE year = \(bind: year) AND enterprise_uscc IN \(list)"
        ).all() {
            balances[try r.decode(column: "u", as: String.self)] = .init(
                totalAssets: try r.decode(column: "total_assets", as: Int64?.self),
                totalLiabilities: try r.decode(column: "total_liabilities", as: Int64?.self))
        }
        let dishonest = Set(
            try await db.raw(
                "SELECT DISTINCT v.enterprise_uscc AS u FROM violations v WHERE v.status = 'open' AND \(Self.dishonestKinds) AND v.enterprise_uscc IN \(list)"
            ).all(decodingColumn: "u", as: String.self))
        return WhitelistFacts(leaders: leaders, localPurchases: purchases, leaderTotals: totals, balances: balances, dishonest: dishonest)
    }

    /// An official confirms, adds or removes a firm, with the reason.
    func decide(_ quarter: Quarter, enterprise: String, included: Bool, reason: String) async throws -> WhitelistItemView {
        try await Access.require(.update, .finance(.whitelists), caller: caller, db: db)
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty, why.unicodeScalars.count <= 500 else { throw DomainError.invalid("reason", "请说明理由（不超过500字）") }
        let q = quarter.description
        let status = try await db.raw("SELECT status FROM whitelists WHERE quarter = \(bind: q)").first(
            decodingColumn: "status", as: String.self)
        guard let status else { throw DomainError(.notFound, "not_found", "\(q) 的融资白名单尚未生成") }
        guard status == "draft" else { throw DomainError(.conflict, "published", "\(q) 的融资白名单已发布，不能再修改") }
        guard
            try await db.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: enterprise)").first(decodingColumn: "uscc", as: String.self)
                != nil
        else { throw DomainError(.notFound, "not_found", "企业 \(enterprise) 不在企业库中") }
        let caller = self.caller
        try await db.withTransaction { tx in
            let before = try await tx.raw(
                "SELECT included FROM whitelist_items WHERE quarter = \(bind: q) AND enterprise_uscc = \(bind: enterprise)"
            ).first(decodingColumn: "included", as: Bool.self)
            try await tx.raw(
                """
                INSERT INTO whitelist_items (quarter, enterprise_uscc, basis, of_leaders, included, decision_reason, decided_by)
                VALUES (\(bind: q), \(bind: enterprise), 'added', '', \(bind: included), \(bind: why), \(bind: caller.username ?? "system"))
                ON CONFLICT (quarter, enterprise_uscc) DO UPDATE SET included = excluded.included,
                  decision_reason = excluded.decision_reason, decided_by = excluded.decided_by
                """
            ).run()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "whitelist", key: "\(q)/\(enterprise)", action: "decide",
                changes: ["included": .init(from: before.map { "\($0)" }, to: "\(included)"), "reason": .init(from: nil, to: why)])
        }
        guard let item = try await items(quarter, enterprise: enterprise, page: PageRequest(page: 1, per: 1)).items.first else {
            throw DomainError.internal
        }
        return item
    }

    /// Publishes the draft: one conditional write, so of two racing publishes one wins.
    func publish(_ quarter: Quarter) async throws -> WhitelistView {
        try await Access.require(.update, .finance(.whitelists), caller: caller, db: db)
        let q = quarter.description
        _ = try await find(q)
        let caller = self.caller
        try await db.withTransaction { tx in
            let changed = try await tx.update("whitelists").set("status", to: SQLBind("published"))
                .set("published_by", to: SQLBind(caller.username ?? "system")).set("published_at", to: SQLBind(Date.nowSeconds()))
                .where("quarter", .equal, SQLBind(q)).where("status", .equal, SQLBind("draft")).returning("quarter").all()
            guard !changed.isEmpty else { throw DomainError(.conflict, "published", "\(q) 的融资白名单已发布") }
            try await AuditLog(db: tx, caller: caller).record(entity: "whitelist", key: q, action: "publish")
        }
        return try await find(q)
    }

    /// A quarter's list; a bank sees published lists only (a draft does not exist for it).
    func find(_ q: String) async throws -> WhitelistView {
        guard let list = try await lists(quarter: q).first else {
            throw DomainError(.notFound, "not_found", "\(q) 的融资白名单不存在或尚未发布")
        }
        return list
    }

    /// Every quarter's list the caller may see, latest first.
    func all() async throws -> [WhitelistView] { try await lists(quarter: nil) }

    /// The lists with their counts in one query; a bank's only the published ones.
    func lists(quarter: String?) async throws -> [WhitelistView] {
        try await Access.require(.read, .finance(.whitelists), caller: caller, db: db)
        var filter: SQLQueryString = quarter.map { "w.quarter = \(bind: $0)" } ?? "1 = 1"
        if Self.banksOnly(caller) { filter = filter + " AND w.status = 'published'" }
        struct Row: Decodable {
            var quarter: String
            var dataYear: Int
            var status: String
            var candidates: Int
            var included: Int
            var rules: String?
        }
        return try await db.raw(
            """
            SELECT w.quarter, w.data_year, w.status, w.rules,
              (SELECT COUNT(*) FROM whitelist_items i WHERE i.quarter = w.quarter) AS candidates,
              (SELECT COUNT(*) FROM whitelist_items i WHERE i.quarter = w.quarter AND i.included = \(bind: true)) AS included
            FROM whitelists w WHERE \(filter) ORDER BY w.quarter DESC LIMIT 40
            """
        ).rows(Row.self).map {
            WhitelistView(
                quarter: $0.quarter, dataYear: $0.dataYear, status: $0.status, candidates: $0.candidates, included: $0.included,
                rules: $0.rules.flatMap { try? JSONDecoder().decode(WhitelistRules.self, from: Data($0.utf8)) } ?? WhitelistRules())
        }
    }

    /// A firm's quarters on published lists (drafts too for government), latest first.
    func history(of enterprise: String) async throws -> [(quarter: String, status: String, basis: String, included: Bool)] {
        try await Access.require(.read, .finance(.whitelists), caller: caller, db: db)
        let published: SQLQueryString = Self.banksOnly(caller) ? " AND w.status = 'published'" : ""
        return try await db.raw(
            """
            SELECT w.quarter, w.status, i.basis, i.included FROM whitelist_items i JOIN whitelists w ON w.quarter = i.quarter
            WHERE i.enterprise_uscc = \(bind: enterprise)\(published) ORDER BY w.quarter DESC LIMIT 40
            """
        ).all().map {
            (
                try $0.decode(column: "quarter", as: String.self), try $0.decode(column: "status", as: String.self),
                try $0.decode(column: "basis", as: String.self), try $0.decode(column: "included", as: Bool.self)
            )
        }
    }

    static func banksOnly(_ caller: Caller) -> Bool {
        !caller.isSystem && !caller.grants.contains { [.official, .chief, .district, .department].contains($0.role) }
    }

    func items(_ quarter: Quarter, enterprise: String? = nil, page: PageRequest) async throws -> (items: [WhitelistItemView], total: Int) {
        let q = quarter.description
        _ = try await find(q)
        let only: SQLQueryString = enterprise.map { " AND i.enterprise_uscc = \(bind: $0)" } ?? ""
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM whitelist_items i WHERE i.quarter = \(bind: q)\(only)").first(
                decodingColumn: "n", as: Int.self)
            ?? 0
        struct Row: Decodable {
            var enterpriseUscc: String
            var name: String
            var basis: String
            var ofLeaders: String
            var share: Double?
            var amount: Int64?
            var included: Bool
            var excludedRule: String?
            var excludedReason: String?
            var decisionReason: String?
        }
        let rows = try await db.raw(
            """
            SELECT i.enterprise_uscc, e.name, i.basis, i.of_leaders, i.share, i.amount, i.included, i.excluded_rule, i.excluded_reason,
              i.decision_reason
            FROM whitelist_items i JOIN enterprises e ON e.uscc = i.enterprise_uscc WHERE i.quarter = \(bind: q)\(only)
            ORDER BY CASE i.basis WHEN 'leader' THEN 0 WHEN 'core-supplier' THEN 1 ELSE 2 END, i.enterprise_uscc
            LIMIT \(bind: page.per) OFFSET \(bind: page.offset)
            """
        ).rows(Row.self)
        var items: [WhitelistItemView] = []
        for r in rows {
            items.append(
                WhitelistItemView(
                    enterprise: r.enterpriseUscc, enterpriseName: r.name, basis: r.basis,
                    of: r.ofLeaders.split(separator: ",").map(String.init),
                    share: r.share, amount: r.amount, included: r.included,
                    excludedBecause: r.excludedRule.map { WhitelistExclusion(rule: $0, reason: r.excludedReason ?? "") },
                    decisionReason: r.decisionReason))
        }
        return (items, total)
    }
}
