import ChainLeadCore
import Foundation
import SQLKit

/// A firm's honour as shown (Policy L4, S3, G3): first-time grants are what G3 counts and what
/// rewards without application pay.
struct HonourView: Sendable, Codable {
    var id: Int64
    var enterprise: String
    var enterpriseName: String
    var kind: String
    var kindName: String
    var level: String
    var year: Int
    var grantedOn: String?
    var validUntil: String?
    var product: String?
    var evidence: String?
    var firstTime: Bool
}

struct HonourInput: Sendable {
    var enterprise: String
    var kind: String
    var year: Int
    var grantedOn: SimpleDate?
    var validUntil: SimpleDate?
    var product: String?
    var evidence: String?
}

struct HonourFilter: Sendable {
    var kind: String?
    var year: Int?
    var chain: String?
    var enterprise: String?
}

/// Honours as kept by city officials: recorded (first-time judged by `FirstTime`, a first-time
/// reward put on the list in the same transaction), listed, deleted with a reason (kept, audited).
struct Honours {
    let db: any SQLDatabase
    let caller: Caller

    static let columns: SQLQueryString = """
        h.id, h.enterprise_uscc AS enterprise, e.name AS enterprise_name, h.kind, k.name AS kind_name, k.level, h.year,
        h.granted_on, h.valid_until, h.product, h.evidence, h.first_time
        """

    static func kinds(_ db: any SQLDatabase) async throws -> [HonourKind] {
        struct Row: Decodable {
            var code, name, nameEn, level: String
            var validityYears: Int?
            var perProduct, firstAfterLapse: Bool
        }
        return try await db.raw(
            "SELECT code, name, name_en, level, validity_years, per_product, first_after_lapse FROM honour_kinds ORDER BY sort_order, code"
        ).rows(Row.self).map {
            HonourKind(
                code: $0.code, name: $0.name, nameEn: $0.nameEn, level: HonourLevel(rawValue: $0.level) ?? .city,
                validityYears: $0.validityYears, perProduct: $0.perProduct, firstAfterLapse: $0.firstAfterLapse)
        }
    }

    /// The kinds as listed: with their category (innovation platform or not).
    struct KindView: Sendable, Codable {
        var code, name, nameEn, level: String
        var validityYears: Int?
        var perProduct, firstAfterLapse, platform: Bool
    }

    static func kindViews(_ db: any SQLDatabase) async throws -> [KindView] {
        struct Row: Decodable {
            var code, name, nameEn, level, category: String
            var validityYears: Int?
            var perProduct, firstAfterLapse: Bool
        }
        return try await db.raw(
            """
            SELECT code, name, name_en, level, validity_years, per_product, first_after_lapse, category FROM honour_kinds
            ORDER BY sort_order, code
            """
        ).rows(Row.self).map {
            KindView(
                code: $0.code, name: $0.name, nameEn: $0.nameEn, level: $0.level, validityYears: $0.validityYears,
                perProduct: $0.perProduct,
                firstAfterLapse: $0.firstAfterLapse, platform: $0.category == "platform")
        }
    }

    /// Adds or changes a kind (reference data kept by city officials); audited with what changed.
    func putKind(_ v: KindView) async throws -> KindView {
        try await Access.require(.update, .honours, caller: caller, db: db)
        let name = v.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let nameEn = v.nameEn.trimmingCharacters(in: .whitespacesAndNewlines)
        guard v.code.count >= 2, v.code.count <= 60, v.code.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
        else {
            throw DomainError.invalid("code", "代码应为2到60位小写字母、数字或连字符")
        }
        guard !name.isEmpty, name.count <= 100 else { throw DomainError.invalid("name", "请填写名称（不超过100字）") }
        guard nameEn.count <= 200 else { throw DomainError.invalid("nameEn", "英文名称不超过200字") }
        guard HonourLevel(rawValue: v.level) != nil else { throw DomainError.invalid("level", "级别应为 national、provincial 或 city") }
        if let y = v.validityYears, !(1...100).contains(y) { throw DomainError.invalid("validityYears", "有效期应为1到100年") }
        let caller = self.caller
        try await db.withTransaction { tx in
            let before = try await tx.raw("SELECT name FROM honour_kinds WHERE code = \(bind: v.code)").first(
                decodingColumn: "name", as: String.self)
            let order =
                try await tx.raw("SELECT MAX(sort_order) AS n FROM honour_kinds").first(decodingColumn: "n", as: Int?.self) ?? nil
            try await tx.insert(into: "honour_kinds")
                .columns("code", "name", "name_en", "level", "validity_years", "per_product", "first_after_lapse", "sort_order", "category")
                .values(
                    SQLBind(v.code), SQLBind(name), SQLBind(nameEn.isEmpty ? name : nameEn), SQLBind(v.level), SQLBind(v.validityYears),
                    SQLBind(v.perProduct), SQLBind(v.firstAfterLapse), SQLBind((order ?? 0) + 1),
                    SQLBind(v.platform ? "platform" : "honour")
                )
                .onConflict(with: ["code"]) { c in
                    c.set(excludedValueOf: "name").set(excludedValueOf: "name_en").set(excludedValueOf: "level")
                        .set(excludedValueOf: "validity_years").set(excludedValueOf: "per_product").set(
                            excludedValueOf: "first_after_lapse"
                        )
                        .set(excludedValueOf: "category")
                }
                .run()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "honour_kind", key: v.code, action: before == nil ? "create" : "update",
                changes: [
                    "name": .init(from: before, to: name), "level": .init(from: nil, to: v.level),
                    "validityYears": .init(from: nil, to: v.validityYears.map(String.init)),
                ])
        }
        guard let stored = try await Self.kindViews(db).first(where: { $0.code == v.code }) else { throw DomainError.internal }
        return stored
    }

    /// A grant (`h`, its kind `k`) in force during `year`: until its recorded last day, else
    /// through its kind's validity, else without end — `HonourGrant.lastDay` in SQL.
    static func inForce(during year: Int) -> SQLQueryString {
        """
        (CASE WHEN h.valid_until IS NOT NULL THEN h.valid_until >= \(bind: "\(year)-01-01")
              WHEN k.validity_years IS NULL THEN 1 = 1
              ELSE h.year + k.validity_years - 1 >= \(bind: year) END)
        """
    }

    static func kind(_ code: String, db: any SQLDatabase) async throws -> HonourKind {
        guard let kind = try await kinds(db).first(where: { $0.code == code }) else {
            throw DomainError.invalid("kind", "荣誉类型“\(code.prefix(40))”不存在：请从荣誉类型表中选择", code: "unknown_kind")
        }
        return kind
    }

    func record(_ input: HonourInput) async throws -> HonourView {
        try await Access.require(.create, .honours, caller: caller, db: db)
        let kind = try await Self.kind(input.kind, db: db)
        let product = try Self.check(input, kind: kind)
        guard
            let firm = try await db.raw("SELECT name FROM enterprises WHERE uscc = \(bind: input.enterprise)")
                .first(decodingColumn: "name", as: String.self)
        else { throw DomainError.invalid("enterprise", "企业 \(input.enterprise) 不在企业库中：请先登记该企业", code: "unknown_enterprise") }
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            guard let id = try await Self.insert(input, kind: kind, product: product, caller: caller, tx: tx)?.id else {
                throw DomainError(
                    .conflict, "duplicate_honour", "\(firm)\(input.year)年的“\(kind.name)”\(product.map { "（\($0)）" } ?? "")已记录",
                    field: "kind")
            }
            return id
        }
        return try await find(id)
    }

    /// The checks of one grant that need no database; answers the product as stored.
    static func check(_ input: HonourInput, kind: HonourKind) throws -> String? {
        guard AnnualFigures.validYears.contains(input.year) else {
            throw DomainError.invalid("year", "年度应在1949至2100之间", code: "out_of_range")
        }
        let product = input.product?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        if kind.perProduct && product == nil { throw DomainError.invalid("product", "“\(kind.name)”按产品认定：请填写产品名称", code: "required") }
        if let p = product, p.count > 200 { throw DomainError.invalid("product", "产品名称不超过200字") }
        if let e = input.evidence, e.count > 2000 { throw DomainError.invalid("evidence", "依据不超过2000字") }
        if let from = input.grantedOn, let until = input.validUntil, until < from {
            throw DomainError.invalid("validUntil", "有效期截止日不能早于认定日期")
        }
        return product
    }

    /// Inside a transaction: the grant written with its first-time flag, the reward its rule
    /// gives, the audit entry; nil when the same firm, kind, product and year is already there.
    static func insert(_ input: HonourInput, kind: HonourKind, product: String?, caller: Caller, tx: any SQLDatabase) async throws
        -> (id: Int64, firstTime: Bool)?
    {
        let grant = HonourGrant(kind: kind.code, product: kind.perProduct ? product : nil, year: input.year, validUntil: input.validUntil)
        let held = try await held(input.enterprise, kind: kind.code, db: tx)
        let first = FirstTime.isFirstTime(grant, held: held, kind: kind)
        let now = Date.nowSeconds()
        let inserted = try await tx.insert(into: "honours")
            .columns(
                "enterprise_uscc", "kind", "year", "granted_on", "valid_until", "product", "product_key", "evidence", "first_time",
                "created_by", "created_at"
            )
            .values(
                SQLBind(input.enterprise), SQLBind(kind.code), SQLBind(input.year), SQLBind(input.grantedOn?.description),
                SQLBind(input.validUntil?.description), SQLBind(product), SQLBind(grant.productKey), SQLBind(input.evidence),
                SQLBind(first), SQLBind(caller.username), SQLBind(now)
            )
            .ignoringConflicts().returning("id").all()
        guard let id = try inserted.first?.decode(column: "id", as: Int64.self) else { return nil }
        if first {
            try await Rewards(db: tx, caller: caller).grant(
                honour: id, enterprise: input.enterprise, kind: kind.code, productKey: grant.productKey, year: input.year, now: now)
        }
        try await AuditLog(db: tx, caller: caller).record(
            entity: "honour", key: "\(id)", action: "create",
            changes: [
                "enterprise": .init(from: nil, to: input.enterprise), "kind": .init(from: nil, to: kind.code),
                "year": .init(from: nil, to: "\(input.year)"), "firstTime": .init(from: nil, to: first ? "true" : "false"),
            ])
        return (id, first)
    }

    /// The firm's live grants of a kind, as first-time detection reads them.
    static func held(_ uscc: String, kind: String, db: any SQLDatabase) async throws -> [HonourGrant] {
        struct Row: Decodable {
            var kind: String
            var product: String?
            var year: Int
            var validUntil: String?
        }
        return try await db.raw(
            """
            SELECT kind, product, year, valid_until FROM honours
            WHERE enterprise_uscc = \(bind: uscc) AND kind = \(bind: kind) AND deleted_at IS NULL
            """
        ).rows(Row.self).map {
            HonourGrant(kind: $0.kind, product: $0.product, year: $0.year, validUntil: $0.validUntil.flatMap(SimpleDate.init(iso:)))
        }
    }

    func find(_ id: Int64) async throws -> HonourView {
        try await Access.require(.read, .honours, caller: caller, db: db)
        guard
            let row = try await db.raw(
                """
                SELECT \(Self.columns) FROM honours h JOIN enterprises e ON e.uscc = h.enterprise_uscc JOIN honour_kinds k ON k.code = h.kind
                WHERE h.id = \(bind: id) AND h.deleted_at IS NULL
                """
            ).row(HonourView.self)
        else { throw DomainError.notFound("荣誉记录 \(id)", field: "id") }
        return row
    }

    func list(_ f: HonourFilter, page: PageRequest) async throws -> (items: [HonourView], total: Int) {
        try await Access.require(.read, .honours, caller: caller, db: db)
        var filter: SQLQueryString = "h.deleted_at IS NULL"
        if let k = f.kind { filter = filter + " AND h.kind = \(bind: k)" }
        if let y = f.year { filter = filter + " AND h.year = \(bind: y)" }
        if let u = f.enterprise { filter = filter + " AND h.enterprise_uscc = \(bind: u)" }
        if let c = f.chain {
            filter =
                filter
                + " AND h.enterprise_uscc IN (SELECT m.enterprise_uscc FROM memberships m JOIN segments s ON s.code = m.segment_code WHERE s.chain_code = \(bind: c))"
        }
        let from: SQLQueryString = "honours h JOIN enterprises e ON e.uscc = h.enterprise_uscc JOIN honour_kinds k ON k.code = h.kind"
        let total = try await db.raw("SELECT COUNT(*) AS n FROM \(from) WHERE \(filter)").first(decodingColumn: "n", as: Int.self) ?? 0
        let items = try await db.raw(
            "SELECT \(Self.columns) FROM \(from) WHERE \(filter) ORDER BY h.year DESC, k.sort_order, e.name, h.id LIMIT \(bind: page.per) OFFSET \(bind: page.offset)"
        ).rows(HonourView.self)
        return (items, total)
    }

    /// Deletes a grant recorded in error, with the reason (kept and audited); a reward it brought
    /// that is not yet paid is withdrawn with it.
    func delete(_ id: Int64, reason: String) async throws {
        try await Access.require(.update, .honours, caller: caller, db: db)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 500 else {
            throw DomainError.invalid("reason", "删除荣誉记录须填写原因（不超过500字）", code: "reason_required")
        }
        let old = try await find(id)
        let caller = self.caller
        try await db.withTransaction { tx in
            let now = Date.nowSeconds()
            let done = try await tx.raw(
                """
                UPDATE honours SET deleted_at = \(bind: now), deleted_by = \(bind: caller.username), deleted_reason = \(bind: reason)
                WHERE id = \(bind: id) AND deleted_at IS NULL RETURNING id
                """
            ).all()
            guard !done.isEmpty else { throw DomainError(.conflict, "changed_meanwhile", "该荣誉记录刚被他人删除", field: "id") }
            try await Rewards(db: tx, caller: caller).withdraw(honour: id, reason: "荣誉记录已删除：\(reason)", now: now)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "honour", key: "\(id)", action: "delete",
                changes: ["reason": .init(from: nil, to: reason), "kind": .init(from: old.kind, to: nil)])
        }
    }
}
