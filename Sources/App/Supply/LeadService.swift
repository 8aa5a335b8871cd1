import ChainLeadCore
import Fluent
import Foundation
import SQLKit

/// A lead as the list shows it: the ranking's evidence and, once started, its pipeline record.
struct LeadView: Sendable {
    var id: Int64?
    var supplierKey: String
    var supplierName: String
    var supplierCity: String?
    var rank: Int
    /// Yuan, a wide sum (see `Money`).
    var amount: Double
    var buyers: Int
    var segments: [String]
    var evidence: String
    var stage: LeadStage?
    var owner: String?
    var hostPark: String?
    var coSponsorUscc: String?
    var notes: String?
    var oneMatter: Bool
    var droppedReason: String?
    var landedUscc: String?
    var landedYear: Int?
    var updatedAt: Date?
    /// `EditVersion` of a stored lead.
    var version: Int64? = nil
}

struct LeadPatchInput: Sendable {
    var stage: LeadStage?
    var owner: String??
    var hostPark: String??
    var coSponsorUscc: String??
    var notes: String??
    var oneMatter: Bool?
    var droppedReason: String?
    var landedUscc: String?
    /// `EditVersion`: the version the change is based on (nil: any).
    var expected: Int64? = nil
}

/// Investment-attraction leads (补链招商, Policy L2): ranked from the data, followed in a
/// pipeline ("政府+园区+链主": owner, host park, co-sponsoring chain leader; 一事一议 flag).
struct LeadService {
    let db: any SQLDatabase
    /// Who acts: checked, and recorded in the audit trail.
    let caller: Caller
    var sql: any SQLDatabase { db }
    var scope = SupportingRateScope()
    var rule = SegmentStatusRule()
    /// A chief's ranking comes from their chains' links (`Policy.supplyRows`).
    var rows: ListScope = .everything

    /// The latest year with supply links, else this year.
    func defaultYear() async throws -> Int {
        try await SupplyQueries(db: sql).years().last ?? Calendar(identifier: .gregorian).component(.year, from: Date())
    }

    func ranked(year: Int) async throws -> [LeadView] {
        let queries = SupplyQueries(db: sql, rows: rows)
        let gaps = try await queries.gapSegments(year: year, scope: scope, rule: rule)
        let facts = try await queries.leaderFacts(year: year)
        let candidates = LeadRanking.rank(facts, gapSegments: Set(gaps.keys), scope: scope)
        let stored = try await pipeline()
        let names = try await queries.supplierNames(candidates.map(\.supplierKey))
        var out: [LeadView] = []
        var seen: Set<String> = []
        for (i, c) in candidates.enumerated() {
            seen.insert(c.supplierKey)
            var view =
                stored[c.supplierKey]
                ?? LeadView(
                    supplierKey: c.supplierKey, supplierName: names[c.supplierKey]?.name ?? c.supplierKey,
                    supplierCity: names[c.supplierKey]?.city, rank: 0, amount: 0, buyers: 0,
                    segments: [], evidence: "", oneMatter: false)
            view.rank = i + 1
            view.amount = c.amount
            view.buyers = c.buyers
            view.segments = c.segments
            view.evidence = c.evidenceZh
            out.append(view)
        }
        // Leads in the pipeline whose supplier no longer ranks this year stay visible.
        for (key, view) in stored.sorted(by: { $0.key < $1.key }) where !seen.contains(key) { out.append(view) }
        return out
    }

    /// The stored leads the caller may see: all for the city; for a chain chief or a district,
    /// those whose supplier sells into the caller's rows (their chains, their district's buyers).
    var visibleLeads: SQLQueryString {
        if rows.all { return "1 = 1" }
        return "supplier_key IN (SELECT l.supplier_key FROM supply_links l WHERE \(SupplyQueries.rowFilter(rows)))"
    }

    func pipeline() async throws -> [String: LeadView] {
        var out: [String: LeadView] = [:]
        for row in try await sql.raw("SELECT * FROM leads WHERE \(visibleLeads)").all() {
            let view = try Self.view(row)
            out[view.supplierKey] = view
        }
        return out
    }

    /// A pipeline row as stored.
    struct Row: Decodable {
        var id: Int64
        var supplierKey: String
        var supplierName: String
        var supplierCity: String?
        var evidence: String?
        var stage: String
        var owner: String?
        var hostPark: String?
        var coSponsorUscc: String?
        var notes: String?
        var oneMatter: Bool
        var droppedReason: String?
        var landedUscc: String?
        var landedYear: Int?
        var updatedAt: Date
        var version: Int64?
    }

    static func view(_ row: any SQLRow) throws -> LeadView {
        let r = try row.typed(Row.self)
        return LeadView(
            id: r.id, supplierKey: r.supplierKey, supplierName: r.supplierName, supplierCity: r.supplierCity, rank: 0,
            amount: 0, buyers: 0, segments: [], evidence: r.evidence ?? "", stage: LeadStage(rawValue: r.stage),
            owner: r.owner, hostPark: r.hostPark, coSponsorUscc: r.coSponsorUscc, notes: r.notes, oneMatter: r.oneMatter,
            droppedReason: r.droppedReason, landedUscc: r.landedUscc, landedYear: r.landedYear, updatedAt: r.updatedAt,
            version: r.version ?? 1)
    }

    func find(_ id: Int64) async throws -> LeadView {
        guard let row = try await sql.raw("SELECT * FROM leads WHERE id = \(bind: id) AND \(visibleLeads)").first() else {
            throw DomainError.notFound("招商线索 \(id)", field: "id")
        }
        return try Self.view(row)
    }

    /// An outside supplier the caller's rows buy from (a chief's chains, a district's buyers), by name and city.
    func outsideSupplier(_ key: String) async throws -> (name: String, city: String?) {
        struct Supplier: Decodable {
            var name: String?
            var city: String?
        }
        guard key.hasPrefix("name:"),
            let supplier = try await sql.raw(
                """
                SELECT MAX(l.supplier_name) AS name, MAX(l.supplier_city) AS city FROM supply_links l
                WHERE l.supplier_key = \(bind: key) AND \(SupplyQueries.rowFilter(rows))
                """
            ).row(Supplier.self), let name = supplier.name
        else {
            throw DomainError.notFound("市外供应商“\(key.prefix(60))”", field: "supplierKey")
        }
        return (name, supplier.city)
    }

    func create(supplierKey: String, owner: String?, hostPark: String?, coSponsor: String?, notes: String?, oneMatter: Bool) async throws
        -> LeadView
    {
        // Policy L2 "政府+园区+链主": every lead someone answers for.
        guard owner?.nilIfBlank != nil else {
            throw DomainError.invalid("owner", "请填写负责人：每条招商线索须有专人负责跟进", code: "required")
        }
        let supplier = try await outsideSupplier(supplierKey)
        let name = supplier.name
        if try await sql.raw("SELECT id FROM leads WHERE supplier_key = \(bind: supplierKey)").first() != nil {
            throw DomainError(.conflict, "duplicate", "该供应商已在招商线索中", field: "supplierKey")
        }
        try await checkCoSponsor(coSponsor)
        let year = try await defaultYear()
        let evidence = try await ranked(year: year).first { $0.supplierKey == supplierKey }?.evidence
        let now = Date.nowSeconds()
        let id = try await db.withTransaction { tx in
            let id = try await tx.insert(into: "leads")
                .columns(
                    "supplier_key", "supplier_name", "supplier_city", "stage", "owner", "host_park", "co_sponsor_uscc", "notes",
                    "one_matter", "evidence", "created_at", "updated_at"
                )
                .values(
                    SQLBind(supplierKey), SQLBind(name), SQLBind(supplier.city),
                    SQLBind(LeadStage.new.rawValue), SQLBind(owner?.nilIfBlank), SQLBind(hostPark?.nilIfBlank), SQLBind(coSponsor),
                    SQLBind(notes?.nilIfBlank), SQLBind(oneMatter), SQLBind(evidence), SQLBind(now), SQLBind(now)
                )
                .runReturningID()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "lead", key: "\(id)", action: "create",
                changes: ["supplier": .init(from: nil, to: name), "stage": .init(from: nil, to: "new")])
            return id
        }
        return try await find(id)
    }

    func checkCoSponsor(_ uscc: String?) async throws {
        guard let uscc else { return }
        guard
            let tier = try await sql.raw("SELECT tier FROM enterprises WHERE uscc = \(bind: uscc)")
                .first(decodingColumn: "tier", as: String.self)
        else {
            throw DomainError.invalid("coSponsorUscc", "共同招商的链主企业 \(uscc) 不在企业库中")
        }
        if tier != Tier.leader.rawValue {
            throw DomainError.invalid("coSponsorUscc", "共同招商方应为链主企业（政府+园区+链主）")
        }
    }

    func update(_ id: Int64, _ patch: LeadPatchInput) async throws -> LeadView {
        let lead = try await find(id)
        if let expected = patch.expected, expected != lead.version {
            throw EditVersion.stale("招商线索“\(lead.supplierName)”", stored: lead.version)
        }
        var changes: [String: AuditLog.Change] = [:]
        var sets: [(String, any SQLExpression)] = []
        func text(_ field: String, _ column: String, _ value: String??, _ old: String?) {
            guard let value else { return }
            let new = value?.nilIfBlank
            if new != old {
                changes[field] = .init(from: old, to: new)
                sets.append((column, SQLBind(new)))
            }
        }
        if let owner = patch.owner, owner?.nilIfBlank == nil {
            throw DomainError.invalid("owner", "负责人不能为空：可改为他人，但不能删去", code: "required")
        }
        text("owner", "owner", patch.owner, lead.owner)
        text("hostPark", "host_park", patch.hostPark, lead.hostPark)
        text("notes", "notes", patch.notes, lead.notes)
        if let co = patch.coSponsorUscc {
            try await checkCoSponsor(co)
            text("coSponsorUscc", "co_sponsor_uscc", co, lead.coSponsorUscc)
        }
        if let flag = patch.oneMatter, flag != lead.oneMatter {
            changes["oneMatter"] = .init(from: "\(lead.oneMatter)", to: "\(flag)")
            sets.append(("one_matter", SQLBind(flag)))
        }
        var landing: (uscc: String, year: Int)?
        if let stage = patch.stage, stage != lead.stage {
            let from = lead.stage ?? .new
            guard from.canMove(to: stage) else {
                throw DomainError.invalid("stage", "招商线索不能从“\(from.nameZh)”改为“\(stage.nameZh)”", code: "bad_transition")
            }
            if stage == .dropped {
                guard let reason = patch.droppedReason?.nilIfBlank else {
                    throw DomainError.invalid("droppedReason", "放弃线索须填写原因", code: "reason_required")
                }
                sets.append(("dropped_reason", SQLBind(reason)))
                changes["droppedReason"] = .init(from: nil, to: reason)
            }
            if stage == .landed {
                // Any format failure is the same answer: the field and how to fix it.
                guard let uscc = patch.landedUscc?.uppercased(), (try? USCC.checkFormat(uscc).get()) != nil else {
                    throw DomainError.invalid("landedUscc", "落地须填写该企业在本市登记的统一社会信用代码", code: "required")
                }
                guard try await sql.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: uscc)").first() != nil else {
                    throw DomainError.invalid("landedUscc", "企业 \(uscc) 尚未登记到企业库：请先在企业库中新增")
                }
                let year = Calendar(identifier: .gregorian).component(.year, from: Date())
                landing = (uscc, year)
                sets.append(("landed_uscc", SQLBind(uscc)))
                sets.append(("landed_year", SQLBind(year)))
                changes["landedUscc"] = .init(from: nil, to: uscc)
            }
            sets.append(("stage", SQLBind(stage.rawValue)))
            changes["stage"] = .init(from: from.rawValue, to: stage.rawValue)
        }
        guard !sets.isEmpty else { return lead }
        let final = sets
        let audit = changes
        let land = landing
        try await db.withTransaction { tx in
            var update = tx.update("leads").set("updated_at", to: SQLBind(Date.nowSeconds())).set("version", to: SQLRaw("version + 1"))
            for (column, value) in final { update = update.set(SQLIdentifier(column), to: value) }
            // A move is one conditional write on the stage it was read at: a racing move loses with 409.
            update = update.where("id", .equal, SQLBind(id)).where("stage", .equal, SQLBind((lead.stage ?? .new).rawValue))
            if let expected = patch.expected { update = update.where("version", .equal, SQLBind(expected)) }
            let moved = try await update.returning("id").all()
            guard !moved.isEmpty else {
                if patch.expected != nil {
                    let stored = try await tx.raw("SELECT version FROM leads WHERE id = \(bind: id)").first(
                        decodingColumn: "version", as: Int64.self)
                    throw EditVersion.stale("招商线索“\(lead.supplierName)”", stored: stored)
                }
                throw DomainError(.conflict, "changed_meanwhile", "该线索刚被他人更新，请刷新后重试", field: "stage")
            }
            // Policy L2: a landed firm's supplies count as local from its landing year on.
            if let land {
                try await SupplierMatches.relink(tx, from: lead.supplierKey, to: land.uscc, fromYear: land.year, how: "confirmed")
                // Policy L2, S5: the landed firm's project is a project like any other (one record, kind `investment`).
                let segment = lead.segments.first
                var chain: String?
                if let segment {
                    chain = try await tx.raw("SELECT chain_code FROM segments WHERE code = \(bind: segment)").first(
                        decodingColumn: "chain_code", as: String.self)
                }
                _ = try await Projects.insert(
                    ProjectInput(
                        kind: .investment, name: "\(lead.supplierName)落地项目", enterprise: land.uscc, investor: lead.supplierName,
                        year: land.year, chain: chain, segment: chain == nil ? nil : segment, action: chain == nil ? nil : .fill,
                        stage: .signed,
                        caseByCase: lead.oneMatter, lead: id),
                    caller: caller, tx: tx)
            }
            try await AuditLog(db: tx, caller: caller).record(entity: "lead", key: "\(id)", action: "update", changes: audit)
        }
        return try await find(id)
    }
}
