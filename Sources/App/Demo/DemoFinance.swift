import ChainLeadCore
import Foundation
import SQLKit

/// The demo city's financing (Policy S5): three banks (the demo bank user's among them), this
/// quarter's collection round with six chain leaders invited, their needs recommended to two
/// banks each, and the demo bank's first answers — written through the users' stores.
struct DemoFinance {
    let db: any SQLDatabase
    var progress: @Sendable (String) -> Void = { _ in }
    let caller = Caller.system("demo")

    static let banks = [("示例银行无锡分行", "公司业务部"), ("江南示范银行无锡分行", "普惠金融部"), ("太湖示范农商银行", "科技金融中心")]
    static let purposes = ["扩大产能的流动资金", "新建产线的设备购置", "研发投入和中试", "供应链上下游账款融资"]

    func load(seed: UInt64) async throws {
        var rng = DemoRandom(seed: seed &+ 2027)
        let now = Date.nowSeconds()
        for (name, branch) in Self.banks {
            try await db.raw(
                "INSERT INTO banks (name, branch, created_at) VALUES (\(bind: name), \(bind: branch), \(bind: now)) ON CONFLICT (name) DO NOTHING"
            ).run()
        }
        let leaders = try await db.raw(
            """
            SELECT DISTINCT r.enterprise_uscc AS u FROM recognitions r JOIN enterprises e ON e.uscc = r.enterprise_uscc
            WHERE r.status = 'active' AND e.status = 'active' ORDER BY r.enterprise_uscc LIMIT 6
            """
        ).all(decodingColumn: "u", as: String.self)
        guard !leaders.isEmpty else { return }
        let today = SimpleDate.today()
        guard let quarter = Quarter(containing: today) else { return }
        let round = try await FinanceRounds(db: db, caller: caller).create(
            quarter: quarter, openUntil: today.adding(days: 30).description, invited: leaders)
        let needs = FinanceNeeds(db: db, caller: caller)
        let recommendations = Recommendations(db: db, caller: caller)
        for (i, u) in leaders.enumerated() {
            let need = try await needs.file(
                FinanceNeedInput(
                    round: round.id, enterprise: u, amount: Int64(rng.int(10...200)) * 1_000_000, purpose: rng.pick(Self.purposes),
                    termMonths: rng.pick([12, 24, 36]), collateral: rng.chance(0.5) ? "厂房抵押" : "信用", products: "流动资金贷款",
                    urgency: i == 0 ? .urgent : .normal, contactPerson: "财务负责人（演示）", contactPhone: nil))
            let pair = [Self.banks[0].0, Self.banks[1 + i % 2].0]
            _ = try await recommendations.recommend(need: need.id, banks: pair)
        }
        // The demo bank has answered the first two; the rest wait for it.
        let addressed = try await recommendations.list(round: round.id, bank: Self.banks[0].0).sorted {
            $0.recommendation.id < $1.recommendation.id
        }
        for (i, a) in addressed.prefix(2).enumerated() {
            _ = try await recommendations.answer(
                a.recommendation.id,
                i == 0
                    ? AnswerInput(status: .approved, amount: a.asked / 2, rateBand: "LPR+20BP", termMonths: a.termMonths, reason: nil)
                    : AnswerInput(status: .contacted, amount: nil, rateBand: nil, termMonths: nil, reason: nil))
        }
        progress("  financing: \(leaders.count) needs in \(quarter), recommended to \(Self.banks.count) banks")
        try await loadGreenChannel(today: today)
    }

    /// Steps for the green-channel projects: planning done, an approval late, construction ahead;
    /// a land quota asked for each.
    func loadGreenChannel(today: SimpleDate) async throws {
        let projects = try await db.raw("SELECT id FROM projects WHERE green_channel = \(bind: true) ORDER BY id LIMIT 5").all(
            decodingColumn: "id", as: Int64.self)
        let steps = GreenChannelSteps(db: db, caller: caller)
        let quotas = Quotas(db: db, caller: caller)
        for (i, id) in projects.enumerated() {
            _ = try await steps.enrol(project: id, fastTrack: i == 0)
            let planned = try await steps.addStep(
                project: id, phase: .planning, name: "项目备案", department: "市发展改革委", target: today.adding(days: -60).description)
            _ = try await steps.complete(step: planned.id, on: today.adding(days: -62 + i * 3).description)
            _ = try await steps.addStep(
                project: id, phase: .approvals, name: "用地预审与选址意见", department: "市自然资源规划局",
                target: today.adding(days: i % 2 == 0 ? -10 : 20).description)
            _ = try await steps.addStep(
                project: id, phase: .approvals, name: "环境影响评价批复", department: "市生态环境局", target: today.adding(days: 30).description)
            _ = try await steps.addStep(
                project: id, phase: .construction, name: "开工", department: nil, target: today.adding(days: 90).description)
            _ = try await quotas.request(project: id, kind: .land, asked: Double(50 + i * 20), department: "市自然资源规划局")
        }
        if !projects.isEmpty { progress("  green channel: \(projects.count) projects with their steps") }
    }
}
