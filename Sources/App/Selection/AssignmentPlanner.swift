import ChainLeadCore
import Foundation
import SQLKit

/// Makes assignments (Policy S1, S2): a chain's panel spread evenly over its eligible
/// applications, or pairs chosen by an official. Conflicts found from the registry block an
/// assignment with the reason stored; a blocked panel assignment is replaced by a free expert.
struct AssignmentPlanner {
    let db: any SQLDatabase
    let caller: Caller

    struct AppRef: Decodable, Sendable {
        var id: Int64
        var chainCode: String
        var enterpriseUscc: String
        var name: String
    }

    struct Pair: Hashable {
        var application: Int64
        var expert: String
    }

    static let appSelect: SQLQueryString = """
        SELECT a.id, a.chain_code, a.enterprise_uscc, e.name FROM applications a JOIN enterprises e ON e.uscc = a.enterprise_uscc
        """

    func checkExperts(_ experts: [String]) async throws {
        let known = try await ExpertProfiles.accounts(experts, db: db)
        if let unknown = experts.first(where: { known[$0] == nil }) {
            throw DomainError.invalid("experts", "\(unknown) 不是评审专家账号", code: "unknown_expert")
        }
    }

    /// `perApplication` experts of `experts` for every eligible application of the chain; applications
    /// already staffed keep theirs and are topped up. Answers the assignments made.
    func assign(campaign id: Int64, chain: String, experts raw: [String], perApplication: Int) async throws -> [AssignmentView] {
        let campaign = try await Campaigns(db: db, caller: caller).find(id)
        try await Access.require(.update, .selection(.campaign(chains: [chain])), caller: caller, db: db)
        guard campaign.chains.contains(chain) else { throw DomainError.invalid("chain", "产业链 \(chain) 不在该遴选批次中", code: "unknown_chain") }
        guard campaign.stages.experts else {
            throw DomainError(.conflict, "no_expert_stage", "该批次的遴选方案不含专家评审", field: "campaign")
        }
        let experts = Array(Set(raw)).sorted()
        guard !experts.isEmpty, experts.count <= 200 else { throw DomainError.invalid("experts", "请选择1至200名专家") }
        guard (1...10).contains(perApplication) else { throw DomainError.invalid("perApplication", "每份申报的专家人数应为1到10") }
        try await checkExperts(experts)
        let caller = self.caller
        let ids = try await db.withTransaction { tx -> [Int64] in
            try await tx.raw("UPDATE campaigns SET version = version + 1 WHERE id = \(bind: id)").run()
            try await tx.delete(from: "expert_panels").where("campaign_id", .equal, SQLBind(id)).where("chain_code", .equal, SQLBind(chain))
                .run()
            for e in experts {
                try await tx.insert(into: "expert_panels").columns("campaign_id", "chain_code", "expert", "per_application")
                    .values(SQLBind(id), SQLBind(chain), SQLBind(e), SQLBind(perApplication)).run()
            }
            let planner = AssignmentPlanner(db: tx, caller: caller)
            let made = try await planner.staff(campaign: id, chain: chain, applications: nil)
            try await CampaignEvents.record(
                id, chain: chain, kind: "assigned",
                detail: "专家组 \(experts.joined(separator: "、"))，每份申报\(perApplication)名，新分配\(made.count)项", by: caller, on: tx)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "campaign", key: "\(id)", action: "assign",
                extra: ["chain": chain, "experts": experts.joined(separator: ","), "made": "\(made.count)"])
            try await ExpertPanel.refresh(campaign: id, chain: chain, on: tx)
            return made
        }
        return try await Assignments.byIDs(ids, db: db)
    }

    /// Explicit pairs: made as asked (a detected conflict still blocks, and is not replaced).
    func assign(campaign id: Int64, pairs raw: [Pair]) async throws -> [AssignmentView] {
        let campaign = try await Campaigns(db: db, caller: caller).find(id)
        try await Access.require(.update, .selection(.campaign(chains: Set(campaign.chains))), caller: caller, db: db)
        guard campaign.stages.experts else {
            throw DomainError(.conflict, "no_expert_stage", "该批次的遴选方案不含专家评审", field: "campaign")
        }
        let pairs = Array(Set(raw))
        guard !pairs.isEmpty, pairs.count <= 500 else { throw DomainError.invalid("pairs", "请给出1至500个专家与申报的配对") }
        let apps = try await db.raw(
            Self.appSelect + " WHERE a.campaign_id = \(bind: id) AND a.id IN \(SQLBind.group(Array(Set(pairs.map(\.application)))))"
        ).rows(AppRef.self)
        if let missing = pairs.first(where: { p in !apps.contains { $0.id == p.application } }) {
            throw DomainError.invalid("pairs", "申报 \(missing.application) 不在该遴选批次中", code: "unknown_application")
        }
        try await Access.require(.update, .selection(.campaign(chains: Set(apps.map(\.chainCode)))), caller: caller, db: db)
        try await checkExperts(Array(Set(pairs.map(\.expert))))
        let profiles = try await ExpertProfiles.load(Array(Set(pairs.map(\.expert))), db: db)
        let found = try await Self.conflicts(apps: apps, profiles: Array(profiles.values), year: campaign.year, db: db)
        let caller = self.caller
        let ids = try await db.withTransaction { tx -> [Int64] in
            try await tx.raw("UPDATE campaigns SET version = version + 1 WHERE id = \(bind: id)").run()
            var ids: [Int64] = []
            for p in pairs.sorted(by: { ($0.application, $0.expert) < ($1.application, $1.expert) }) {
                guard let app = apps.first(where: { $0.id == p.application }) else { continue }
                guard
                    let newID = try await Self.insert(
                        app, expert: p.expert, mode: "pair", blocked: found[p], campaign: id, by: caller, on: tx)
                else { throw DomainError(.conflict, "duplicate", "专家 \(p.expert) 已分配评审申报 \(p.application)", field: "pairs") }
                ids.append(newID)
            }
            try await CampaignEvents.record(id, chain: nil, kind: "assigned", detail: "指定配对\(ids.count)项", by: caller, on: tx)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "campaign", key: "\(id)", action: "assign", extra: ["pairs": "\(ids.count)"])
            for chain in Set(apps.map(\.chainCode)) { try await ExpertPanel.refresh(campaign: id, chain: chain, on: tx) }
            return ids
        }
        return try await Assignments.byIDs(ids, db: db)
    }

    static func insert(
        _ app: AppRef, expert: String, mode: String, blocked: String?, campaign: Int64, by caller: Caller, on db: any SQLDatabase
    ) async throws -> Int64? {
        try await db.insert(into: "assignments")
            .columns(
                "campaign_id", "chain_code", "application_id", "expert", "mode", "status", "blocked_reason", "created_by", "created_at"
            )
            .values(
                SQLBind(campaign), SQLBind(app.chainCode), SQLBind(app.id), SQLBind(expert), SQLBind(mode),
                SQLBind(blocked == nil ? "pending" : "blocked"), SQLBind(blocked), SQLBind(caller.username), SQLBind(Date.nowSeconds())
            )
            .ignoringConflicts().returning("id").first(decodingColumn: "id", as: Int64.self)
    }

    /// Tops up the chain's eligible applications (or `applications`) to the panel's number of
    /// unblocked experts. Answers the new assignments' ids (blocked ones included).
    func staff(campaign id: Int64, chain: String, applications: [Int64]?) async throws -> [Int64] {
        struct Member: Decodable {
            var expert: String
            var perApplication: Int
        }
        let panel = try await db.raw(
            "SELECT expert, per_application FROM expert_panels WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain)"
        ).rows(Member.self)
        guard let per = panel.first?.perApplication else { return [] }
        var filter: SQLQueryString = " WHERE a.campaign_id = \(bind: id) AND a.chain_code = \(bind: chain) AND a.eligible = \(bind: true)"
        if let applications { filter = filter + " AND a.id IN \(SQLBind.group(applications))" }
        let apps = try await db.raw(Self.appSelect + filter + " ORDER BY a.id").rows(AppRef.self)
        guard !apps.isEmpty else { return [] }
        struct Held: Decodable {
            var applicationId: Int64
            var expert: String
            var status: String
        }
        let held = try await db.raw(
            "SELECT application_id, expert, status FROM assignments WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain)"
        ).rows(Held.self)
        let experts = panel.map(\.expert)
        var load: [String: Int] = [:]
        for h in held where h.status != "blocked" { load[h.expert, default: 0] += 1 }
        let profiles = try await ExpertProfiles.load(experts, db: db)
        let year = try await db.raw("SELECT year FROM campaigns WHERE id = \(bind: id)").first(decodingColumn: "year", as: Int.self) ?? 0
        let found = try await Self.conflicts(apps: apps, profiles: Array(profiles.values), year: year, db: db)
        let heldBy = Dictionary(grouping: held, by: \.applicationId)
        var made: [Int64] = []
        for app in apps {
            let mine = heldBy[app.id] ?? []
            var excluded = Set(mine.map(\.expert))
            var needed = per - mine.filter { $0.status != "blocked" }.count
            while needed > 0 {
                let plan = ExpertAssignment.plan(
                    [.init(application: app.id, needed: 1, excluded: excluded)], experts: experts, load: load)
                guard let pick = plan.pairs.first?.expert else { break }
                excluded.insert(pick)
                let blocked = found[Pair(application: app.id, expert: pick)]
                if let newID = try await Self.insert(app, expert: pick, mode: "panel", blocked: blocked, campaign: id, by: caller, on: db) {
                    made.append(newID)
                }
                if blocked == nil {
                    load[pick, default: 0] += 1
                    needed -= 1
                }
            }
        }
        return made
    }

    /// Conflicts found without the expert's word: a declared standing interest in the applicant;
    /// the employer is the applicant, trades with it (supply links of the campaign's two figure
    /// years or of the last two calendar years) or shares its name root.
    static func conflicts(apps: [AppRef], profiles: [ExpertProfile], year: Int, db: any SQLDatabase) async throws -> [Pair: String] {
        let employers = Array(Set(profiles.compactMap(\.employer)))
        var partners: [String: Set<String>] = [:]
        var names: [String: String] = [:]
        if !employers.isEmpty {
            let today = SimpleDate.today().year
            let years = Array(Set([year - 1, year - 2, today, today - 1, today - 2])).sorted()
            struct Link: Decodable {
                var buyerUscc: String
                var supplierUscc: String
            }
            let applicants = Array(Set(apps.map(\.enterpriseUscc)))
            for chunk in applicants.chunked(500) {
                let list = Array(chunk)
                let links = try await db.raw(
                    """
                    SELECT DISTINCT buyer_uscc, supplier_uscc FROM supply_links WHERE year IN \(SQLBind.group(years)) AND (
                      (supplier_uscc IN \(SQLBind.group(employers)) AND buyer_uscc IN \(SQLBind.group(list)))
                      OR (supplier_uscc IN \(SQLBind.group(list)) AND buyer_uscc IN \(SQLBind.group(employers))))
                    """
                ).rows(Link.self)
                for l in links {
                    partners[l.buyerUscc, default: []].insert(l.supplierUscc)
                    partners[l.supplierUscc, default: []].insert(l.buyerUscc)
                }
            }
            struct Name: Decodable {
                var uscc: String
                var name: String
            }
            for n in try await db.raw("SELECT uscc, name FROM enterprises WHERE uscc IN \(SQLBind.group(employers))").rows(Name.self) {
                names[n.uscc] = n.name
            }
        }
        var out: [Pair: String] = [:]
        for app in apps {
            for p in profiles {
                let pair = Pair(application: app.id, expert: p.username)
                if let i = p.interests.first(where: { $0.enterprise == app.enterpriseUscc }) {
                    out[pair] = "专家申报的利益关系（\(ConflictKind(rawValue: i.kind)?.nameZh ?? i.kind)）：\(i.name)"
                    continue
                }
                if let why = ConflictRules.detect(
                    employer: p.employer, employerName: p.employer.flatMap { names[$0] } ?? p.employerName,
                    applicant: app.enterpriseUscc, applicantName: app.name, tradingPartners: partners[app.enterpriseUscc] ?? [])
                {
                    out[pair] = why
                }
            }
        }
        return out
    }
}
