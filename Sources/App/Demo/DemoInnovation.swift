import ChainLeadCore
import Foundation
import SQLKit

/// The demo city's honours and innovation results (Policy L1, L4, S3, S4, S5, G3, G4): reward
/// rules, national single champions and little giants over three lists (their rewards paid,
/// published on a notice, or waiting), platforms and top-500 entries, consortia, standards, and
/// projects — chain projects in the chains' emptiest segments among them. Written through the
/// same stores as officials' records, so first-time flags, rewards and audit entries are real.
struct DemoInnovation {
    let db: any SQLDatabase
    var progress: @Sendable (String) -> Void = { _ in }
    let caller = Caller.system("demo")

    func load(_ firms: [DemoCity.Firm], seed: UInt64, today: SimpleDate) async throws {
        var rng = DemoRandom(seed: seed &+ 1016)
        let active = firms.filter { $0.draft.status == .active }
        let leaders = active.filter { $0.draft.tier == .leader }.sorted { $0.output2025 > $1.output2025 }
        let smaller = active.filter { $0.draft.tier == .backbone || $0.draft.tier == .emerging }.sorted { $0.draft.uscc < $1.draft.uscc }
        guard leaders.count >= 4 else { return }
        let rewards = Rewards(db: db, caller: caller)
        _ = try await rewards.setRule(kind: "single-champion", firstTimeOnly: true, amount: 1_000_000, fromYear: 2020)
        _ = try await rewards.setRule(kind: "little-giant", firstTimeOnly: true, amount: 500_000, fromYear: 2020)
        let kinds = Dictionary(try await Honours.kinds(db).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var grants: [(DemoCity.Firm, String, Int)] = []
        // Single champions: 2 on the 2024 list, 4 on 2025's (G3 short of 5), 2 on this year's.
        for (i, f) in leaders.prefix(8).enumerated() { grants.append((f, "single-champion", i < 2 ? 2024 : (i < 6 ? 2025 : today.year))) }
        for (i, f) in smaller.prefix(10).enumerated() { grants.append((f, "little-giant", [2023, 2024, 2025][i % 3])) }
        for f in leaders.prefix(6) { grants.append((f, "tech-centre-national", 2021)) }
        for f in leaders.dropFirst(6).prefix(3) { grants.append((f, "key-lab-provincial", 2022)) }
        for f in leaders.prefix(2) { grants.append((f, "china-500", 2025)) }
        for f in leaders.dropFirst(2).prefix(3) { grants.append((f, "smart-demo-national", 2024)) }
        let caller = self.caller
        let ordered = grants.sorted { $0.2 < $1.2 }.map { (uscc: $0.0.draft.uscc, kind: $0.1, year: $0.2) }
        try await db.withTransaction { tx in
            for g in ordered {
                guard let kind = kinds[g.kind] else { continue }
                _ = try await Honours.insert(
                    HonourInput(enterprise: g.uscc, kind: g.kind, year: g.year, evidence: "工信部公告（演示）"), kind: kind, product: nil,
                    caller: caller, tx: tx)
            }
        }
        // Rewards: the 2024 ones paid, 2023's too; 2025's confirmed and on a notice; this year's pending.
        for r in try await rewards.list(year: nil, status: .pending) where r.year < today.year {
            _ = try await rewards.move(r.id, to: .confirmed, reason: nil, paidOn: nil, voucher: nil)
            if r.year < 2025 {
                _ = try await rewards.move(r.id, to: .noticed, reason: nil, paidOn: nil, voucher: nil)
                _ = try await rewards.move(
                    r.id, to: .paid, reason: nil, paidOn: SimpleDate(year: r.year + 1, month: 3, day: 15),
                    voucher: "锡财拨\(r.year + 1)-\(r.id)")
            }
        }
        if try await rewards.list(year: 2025, status: .confirmed).count > 0 {
            _ = try await RewardNotices(db: db, caller: caller).publish(rewards: nil, from: today, workingDays: 5, title: nil)
        }
        try await consortia(leaders, active, today: today, rng: &rng)
        try await standards(leaders, rng: &rng)
        try await projects(leaders, rng: &rng, today: today)
        progress("  \(grants.count) honours, rewards, consortia, standards and projects written")
    }

    func consortia(_ leaders: [DemoCity.Firm], _ firms: [DemoCity.Firm], today: SimpleDate, rng: inout DemoRandom) async throws {
        let store = Consortia(db: db, caller: caller)
        let byChain = Dictionary(grouping: firms, by: DemoSelection.chain(of:))
        let institutions = ["江南大学", "中国科学院微电子研究所", "无锡学院", "东南大学无锡校区", "中船重工第七〇二研究所"]
        // 4 city-level consortia approved in 2025, 3 this year, one provincial.
        for (i, lead) in leaders.prefix(8).enumerated() {
            let chain = DemoSelection.chain(of: lead)
            let partners = (byChain[chain] ?? []).filter { $0.draft.uscc != lead.draft.uscc }.prefix(2)
            let year = i < 4 ? 2025 : today.year
            let on = SimpleDate(year: year, month: min(12, 3 + i), day: 10) ?? today
            _ = try await store.create(
                ConsortiumInput(
                    name: "\(lead.draft.shortName ?? lead.draft.name)牵头创新联合体", lead: lead.draft.uscc,
                    members: partners.map { .init(enterprise: $0.draft.uscc, institution: nil, role: "成员单位") }
                        + [.init(enterprise: nil, institution: rng.pick(institutions), role: "技术支撑")],
                    type: ["task", "ecosystem", "platform"][i % 3], chains: [chain], level: i == 7 ? "provincial" : "city",
                    approvedOn: on > today ? today : on, projects: "关键核心技术联合攻关（演示）", outcomes: nil))
        }
    }

    func standards(_ leaders: [DemoCity.Firm], rng: inout DemoRandom) async throws {
        let store = Standards(db: db, caller: caller)
        let levels: [StandardLevel] = [.national, .industry, .group, .international]
        for (i, f) in leaders.prefix(10).enumerated() {
            let level = levels[i % levels.count]
            let prefix = level == .national ? "GB/T" : (level == .industry ? "JB/T" : (level == .group ? "T/WXIA" : "IEC"))
            _ = try await store.create(
                StandardInput(
                    enterprise: f.draft.uscc, number: "\(prefix) \(40000 + rng.int(0...9999))-\(2023 + i % 3)",
                    name: "\(f.draft.shortName ?? f.draft.name)主导产品技术条件（演示）", level: level, role: i % 4 == 3 ? .participate : .lead,
                    year: 2023 + i % 3))
        }
    }

    /// Chain projects go to each chain's emptiest segment (fewest firms): where the map shows gaps.
    func projects(_ leaders: [DemoCity.Firm], rng: inout DemoRandom, today: SimpleDate) async throws {
        let store = Projects(db: db, caller: caller)
        struct Gap: Decodable {
            var chainCode: String
            var code: String
            var n: Int
        }
        let gaps = try await db.raw(
            """
            SELECT s.chain_code, s.code, COUNT(m.enterprise_uscc) AS n FROM segments s LEFT JOIN memberships m ON m.segment_code = s.code
            WHERE s.retired_on IS NULL GROUP BY s.chain_code, s.code ORDER BY s.chain_code, n, s.code
            """
        ).rows(Gap.self)
        var seen = Set<String>()
        let emptiest = gaps.filter { seen.insert($0.chainCode).inserted }.prefix(8)
        let investors = ["上海某半导体材料集团", "深圳某新能源科技公司", "苏州某精密制造公司", "北京某工业软件公司"]
        for (i, gap) in emptiest.enumerated() {
            let action: ChainAction = gap.n == 0 ? .fill : (i % 2 == 0 ? .strengthen : .extend)
            _ = try await store.create(
                ProjectInput(
                    kind: .chain, name: "\(action.nameZh)项目（演示）\(i + 1)号", investor: rng.pick(investors), year: today.year,
                    amount: Int64(rng.int(5...80)) * 10_000_000, chain: gap.chainCode, segment: gap.code, action: action,
                    stage: [.planned, .signed, .building][i % 3], caseByCase: i % 4 == 0, greenChannel: i % 3 == 0))
        }
        for (i, f) in leaders.prefix(5).enumerated() {
            let kind: ProjectKind = i < 3 ? .nationalScience : .majorEquipment
            _ = try await store.create(
                ProjectInput(
                    kind: kind, name: "\(f.draft.shortName ?? f.draft.name)\(kind == .nationalScience ? "关键技术攻关" : "首台（套）重大装备")（演示）",
                    enterprise: f.draft.uscc, programme: kind == .nationalScience ? "国家重点研发计划" : "首台（套）重大技术装备", year: 2024 + i % 2,
                    amount: Int64(rng.int(2...30)) * 10_000_000, stage: .building))
        }
    }
}
