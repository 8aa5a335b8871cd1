import ChainLeadCore
import Foundation
import SQLKit

/// A selection campaign (遴选批次, Policy S2): one year, some chains, one frozen scheme.
struct CampaignView: Sendable {
    var id: Int64
    var year: Int
    var schemeID: Int64
    var status: String
    var applyUntil: String
    var chains: [String]
    var applications: Int
    var recognised: Int
    var scoredAt: Date?
    var stages: SelectionScheme.Stages
    /// `EditVersion`.
    var version: Int64 = 1

    /// Where the campaign stands, from its data: draft, applications, review (district review and
    /// scoring), recognition, closed.
    func stage(today: SimpleDate) -> String {
        switch status {
        case "draft": return "draft"
        case "closed": return "closed"
        default:
            if let until = SimpleDate(iso: applyUntil), today <= until { return "applications" }
            return scoredAt == nil ? "review" : "recognition"
        }
    }
}

struct Campaigns {
    let db: any SQLDatabase
    let caller: Caller

    struct Row: Decodable {
        var id: Int64
        var year: Int
        var schemeId: Int64
        var status: String
        var applyUntil: String
        var scoredAt: Date?
        var version: Int64
    }

    struct Count: Decodable {
        var campaignId: Int64
        var chainCode: String?
        var n: Int
    }

    func list(year: Int? = nil) async throws -> [CampaignView] {
        let filter: SQLQueryString = year.map { " WHERE year = \(bind: $0)" } ?? ""
        let rows = try await db.raw(
            "SELECT id, year, scheme_id, status, apply_until, scored_at, version FROM campaigns\(filter) ORDER BY year DESC, id DESC"
        )
        .rows(Row.self)
        return try await views(rows)
    }

    func find(_ id: Int64) async throws -> CampaignView {
        guard
            let row = try await db.raw(
                "SELECT id, year, scheme_id, status, apply_until, scored_at, version FROM campaigns WHERE id = \(bind: id)"
            )
            .row(
                Row.self)
        else { throw DomainError.notFound("遴选批次 \(id)", field: "campaign") }
        return try await views([row])[0]
    }

    func views(_ rows: [Row]) async throws -> [CampaignView] {
        guard !rows.isEmpty else { return [] }
        let ids = SQLGroupExpression(SQLList(rows.map { SQLBind($0.id) }))
        let chains = try await db.raw(
            "SELECT campaign_id, chain_code, 0 AS n FROM campaign_chains WHERE campaign_id IN \(ids) ORDER BY chain_code"
        )
        .rows(Count.self)
        let apps = try await db.raw(
            "SELECT campaign_id, NULL AS chain_code, COUNT(*) AS n FROM applications WHERE campaign_id IN \(ids) GROUP BY campaign_id"
        )
        .rows(Count.self)
        let recognised = try await db.raw(
            "SELECT campaign_id, NULL AS chain_code, COUNT(*) AS n FROM recognitions WHERE campaign_id IN \(ids) GROUP BY campaign_id"
        ).rows(Count.self)
        let schemes = SchemeStore(db: db, caller: caller)
        var stagesByScheme: [Int64: SelectionScheme.Stages] = [:]
        for id in Set(rows.map(\.schemeId)) { stagesByScheme[id] = try await schemes.find(id).scheme.stages }
        return rows.map { r in
            CampaignView(
                id: r.id, year: r.year, schemeID: r.schemeId, status: r.status, applyUntil: r.applyUntil,
                chains: chains.filter { $0.campaignId == r.id }.compactMap(\.chainCode),
                applications: apps.first { $0.campaignId == r.id }?.n ?? 0, recognised: recognised.first { $0.campaignId == r.id }?.n ?? 0,
                scoredAt: r.scoredAt, stages: stagesByScheme[r.schemeId] ?? .init(), version: r.version)
        }
    }

    /// Opens (or drafts) a campaign. One campaign per chain per year: `campaign_chains`' unique key
    /// decides, so of two racing campaigns for a chain one wins and the other gets 409 naming it.
    func create(year: Int, chains: [String], schemeID: Int64?, applyUntil: SimpleDate, draft: Bool) async throws -> CampaignView {
        guard (2000...2100).contains(year) else { throw DomainError.invalid("year", "年度应在2000到2100之间") }
        let wanted = Array(Set(chains)).sorted()
        guard !wanted.isEmpty else { throw DomainError.invalid("chains", "至少选择一条产业链") }
        let known = Set(
            try await db.raw("SELECT code FROM chains WHERE code IN \(SQLGroupExpression(SQLList(wanted.map { SQLBind($0) })))")
                .all(decodingColumn: "code", as: String.self))
        if let unknown = wanted.first(where: { !known.contains($0) }) {
            throw DomainError.invalid("chains", "产业链 \(unknown) 不存在", code: "unknown_chain")
        }
        let schemes = SchemeStore(db: db, caller: caller)
        let scheme: StoredScheme
        if let schemeID { scheme = try await schemes.find(schemeID) } else { scheme = try await schemes.standard() }
        let now = Date.nowSeconds()
        let caller = self.caller
        let id = try await db.withTransaction { tx in
            let id = try await tx.insert(into: "campaigns")
                .columns("year", "scheme_id", "status", "apply_until", "created_by", "created_at", "version")
                .values(
                    SQLBind(year), SQLBind(scheme.id), SQLBind(draft ? "draft" : "open"), SQLBind(applyUntil.description),
                    SQLBind(caller.username), SQLBind(now), SQLBind(1)
                )
                .runReturningID()
            for chain in wanted {
                let taken = try await tx.insert(into: "campaign_chains").columns("campaign_id", "chain_code", "year")
                    .values(SQLBind(id), SQLBind(chain), SQLBind(year)).ignoringConflicts().returning("chain_code").all()
                if taken.isEmpty {
                    throw DomainError(.conflict, "duplicate_campaign", "产业链 \(chain) 在\(year)年已有遴选批次（每条产业链每年一次）", field: "chains")
                }
            }
            try await tx.raw("UPDATE selection_schemes SET frozen = \(bind: true) WHERE id = \(bind: scheme.id)").run()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "campaign", key: "\(id)", action: "create",
                changes: ["year": .init(from: nil, to: "\(year)"), "chains": .init(from: nil, to: wanted.joined(separator: ","))])
            return id
        }
        return try await find(id)
    }

    /// Opens a draft or closes a campaign: a conditional write on the status it was read at.
    func setStatus(_ id: Int64, to status: String, applyUntil: SimpleDate?, expected: Int64? = nil) async throws -> CampaignView {
        let c = try await find(id)
        if let expected, expected != c.version { throw EditVersion.stale("遴选批次（\(c.year)年）", stored: c.version) }
        let allowed: [String: Set<String>] = ["draft": ["open"], "open": ["closed"], "closed": []]
        var sets: [(String, any SQLExpression)] = []
        if status != c.status {
            guard allowed[c.status, default: []].contains(status) else {
                throw DomainError.invalid("status", "遴选批次不能从 \(c.status) 改为 \(status)", code: "bad_transition")
            }
            sets.append(("status", SQLBind(status)))
            if status == "closed" { sets.append(("closed_at", SQLBind(Date.nowSeconds()))) }
        }
        if let applyUntil { sets.append(("apply_until", SQLBind(applyUntil.description))) }
        guard !sets.isEmpty else { return c }
        let final = sets
        let caller = self.caller
        try await db.withTransaction { tx in
            var update = tx.update("campaigns").set("version", to: SQLRaw("version + 1"))
            for (column, value) in final { update = update.set(SQLIdentifier(column), to: value) }
            // On the status and the version it was read at: a change made meanwhile wins.
            let done = try await update.where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(c.status))
                .where("version", .equal, SQLBind(c.version)).returning("id").all()
            guard !done.isEmpty else { throw DomainError(.conflict, "changed_meanwhile", "该遴选批次刚被他人更新，请刷新后重试", field: "status") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "campaign", key: "\(id)", action: "update",
                changes: [
                    "status": .init(from: c.status, to: status), "applyUntil": .init(from: c.applyUntil, to: applyUntil?.description),
                ])
        }
        return try await find(id)
    }
}
