import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

/// The demo city's cases and publicity (Policy S7): one case from each of six chain leaders for
/// this year — five selected for the case book, one waiting for review — each with a generated
/// picture, and three "hundred chain leaders" events and media reports; written through the
/// users' stores.
struct DemoCases {
    let db: any SQLDatabase
    var progress: @Sendable (String) -> Void = { _ in }
    let caller = Caller.system("demo")

    static let stories: [(CaseCategory, String, String, [KeyFigure])] = [
        (
            .innovation, "攻关关键核心技术，牵头组建创新联合体",
            "企业围绕产业链“卡脖子”环节，联合高校院所和上下游企业组建创新联合体，承担国家重大科技项目。\n三年来累计投入研发经费逾十亿元，突破多项关键工艺，产品性能达到国际先进水平，带动本地配套企业同步升级。",
            [KeyFigure(label: "研发投入占比", value: "8.6%"), KeyFigure(label: "新增发明专利", value: "126件")]
        ),
        (
            .collaboration, "开放供应链，带动本地中小企业配套",
            "企业建立供应商培育计划，向本地中小企业开放技术标准和检测平台，定期举办供需对接会。\n本地采购比例由三年前的31%提升至48%，新增本地一级供应商27家。",
            [KeyFigure(label: "本地采购比例", value: "48%"), KeyFigure(label: "新增本地供应商", value: "27家")]
        ),
        (
            .digital, "建设灯塔工厂，推动产业链数字化协同",
            "企业建成智能工厂，打通研发、生产、供应链数据，并向上下游输出工业互联网平台服务。\n生产效率提升35%，产品不良率下降42%，平台服务本地企业120余家。",
            [KeyFigure(label: "生产效率提升", value: "35%"), KeyFigure(label: "接入平台企业", value: "120家")]
        ),
        (
            .green, "实施绿色制造，打造零碳示范园区",
            "企业推进光伏、储能和余热利用，带动供应商开展碳足迹核算，建成省级绿色工厂。\n单位产值能耗下降18%，年减排二氧化碳约5万吨。",
            [KeyFigure(label: "单位产值能耗下降", value: "18%"), KeyFigure(label: "年减排二氧化碳", value: "5万吨")]
        ),
        (
            .brand, "培育自主品牌，拓展国际市场",
            "企业坚持自主品牌战略，主导制定国际标准两项，产品进入全球主要市场。\n海外营业收入占比提升至36%，品牌价值进入行业前十。",
            [KeyFigure(label: "海外收入占比", value: "36%"), KeyFigure(label: "主导国际标准", value: "2项")]
        ),
        (
            .innovation, "建设中试平台，加快成果转化",
            "企业建设开放中试平台，为产业链上下游提供中试验证服务，缩短新产品上市周期。",
            [KeyFigure(label: "中试服务企业", value: "45家")]
        ),
    ]

    func load(today: SimpleDate) async throws {
        struct Leader: Decodable {
            var u: String
            var chain: String
        }
        let leaders = try await db.raw(
            """
            SELECT r.enterprise_uscc AS u, MIN(r.chain_code) AS chain FROM recognitions r JOIN enterprises e ON e.uscc = r.enterprise_uscc
            WHERE r.status = 'active' AND e.status = 'active' GROUP BY r.enterprise_uscc ORDER BY r.enterprise_uscc LIMIT 6
            """
        ).rows(Leader.self)
        guard !leaders.isEmpty else { return }
        let records = CaseRecords(db: db, caller: caller)
        for (i, leader) in leaders.enumerated() {
            let (category, title, body, figures) = Self.stories[i % Self.stories.count]
            let made = try await records.submit(
                CaseDraft(
                    year: today.year, title: title, enterprise: leader.u, chain: leader.chain, category: category, body: body,
                    keyFigures: figures))
            _ = try await records.addPicture(made, caption: "\(category.nameZh)成效示意", data: Self.picture(i))
            if i < 5 { _ = try await records.review(made.id, decision: .select, note: "典型性强，数据翔实") }
        }
        let log = PublicityLog(db: db, caller: caller)
        let firms = leaders.map(\.u)
        _ = try await log.record(
            kind: .event, date: today.adding(days: -60).description, title: "“百名链主”进园区·供需对接专场", firms: Array(firms.prefix(3)),
            link: nil, note: "链主企业发布采购需求，本地中小企业现场对接")
        _ = try await log.record(
            kind: .media, date: today.adding(days: -30).description, title: "链主企业带动本地配套率稳步提升", firms: Array(firms.prefix(2)),
            link: "https://example.org/news/chain-leaders", note: nil)
        _ = try await log.record(
            kind: .event, date: today.adding(days: -10).description, title: "“百名链主”创新发展论坛", firms: firms, link: nil, note: nil)
        progress("  cases: \(leaders.count) for \(today.year), \(min(5, leaders.count)) selected for the case book; 3 publicity entries")
    }

    /// A 480×270 picture: a sky-to-ground gradient with rising bars in the case's colour.
    static func picture(_ n: Int) -> [UInt8] {
        let palette: [(UInt8, UInt8, UInt8)] = [
            (31, 95, 170), (46, 139, 87), (205, 92, 45), (120, 80, 160), (200, 150, 30), (20, 130, 140),
        ]
        let colour = palette[n % palette.count]
        return PNGWriter.write(width: 480, height: 270) { x, y in
            let bar = x / 60
            let top = 230 - bar * 24 - (n * 7 % 20)
            if x % 60 > 12, x % 60 < 48, y > top, y < 250 { return colour }
            if y >= 250 { return (90, 90, 90) }
            let shade = UInt8(min(255, 200 + y / 5))
            return (shade, shade, 255)
        }
    }
}
