import ChainLeadCore
import Foundation

/// Synthetic purchases of the demo city's chain leaders, 2023–2025 (Policy G5, L2): from local
/// firms of their chain's segments and from outside firms in other provinces' cities. Gap
/// segments (no local firm) and some "outside-heavy" segments buy outside, so the chain maps
/// show missing and weak links and the leads list has evidence. Local shares rise a little
/// each year, as cultivation would have them.
struct DemoSupply {
    let firms: [DemoCity.Firm]
    let seed: UInt64

    struct Link {
        var buyer: String
        var supplierUscc: String?
        var supplierName: String
        var supplierCity: String?
        var supplierKey: String
        var supplierDistrict: String?
        var segment: String
        var chain: String
        var year: Int
        var amount: Int64
        var category: SupplyCategory
    }

    static let cities = ["上海", "苏州", "深圳", "北京", "合肥", "杭州", "南京", "成都", "西安", "宁波", "东莞", "武汉"]
    static let brands = Array("沪申港杭甬宁蓉秦鹏皖汉莞粤浙闽鲁")

    static func category(_ segment: SegmentSeed) -> SupplyCategory {
        if segment.name.contains("设备") || segment.name.contains("装备") || segment.name.contains("机床") { return .equipment }
        if segment.name.contains("服务") || segment.name.contains("软件") || segment.name.contains("检测") { return .service }
        switch segment.position {
        case .upstream: return .material
        case .midstream: return .component
        case .downstream: return .component
        }
    }

    /// Outside firms of a segment: the same few recur across leaders and years, so a lead has
    /// several local buyers behind it.
    static func outsideFirms(_ segment: SegmentSeed, rng: inout DemoRandom) -> [(name: String, city: String)] {
        (0..<3).map { i in
            let city = rng.pick(cities)
            let brand = String([rng.pick(brands), rng.pick(brands)])
            return ("\(city)\(brand)\(segment.name)\(i == 0 ? "股份" : "")有限公司", city)
        }
    }

    func generate() -> [Link] {
        var rng = DemoRandom(seed: seed ^ 0x5EED_5A11)
        let chains = DefaultTaxonomy.clusters.flatMap(\.chains)
        var local: [String: [DemoCity.Firm]] = [:]
        for f in firms where f.draft.status == .active {
            for s in f.draft.segments { local[s, default: []].append(f) }
        }
        var outside: [String: [(name: String, city: String)]] = [:]
        var outsideHeavy: Set<String> = []
        for chain in chains {
            for s in chain.segments {
                outside[s.code] = Self.outsideFirms(s, rng: &rng)
                if !DemoCity.isGap(s.code) && rng.chance(0.2) { outsideHeavy.insert(s.code) }
            }
        }
        let leaders = firms.filter { $0.draft.tier == .leader && $0.draft.status == .active }
        var links: [Link] = []
        for leader in leaders {
            let own = leader.draft.segments[0]
            guard let chain = chains.first(where: { c in c.segments.contains { $0.code == own } }) else { continue }
            let budget = Double(max(leader.output2025, 200_000_000)) * 0.45  // purchases ≈ 45% of output
            let bought = chain.segments.filter { $0.code != own && rng.chance(0.8) }
            guard !bought.isEmpty else { continue }
            for segment in bought {
                let share = budget / Double(bought.count) * (0.5 + rng.unit())
                let locals = (local[segment.code] ?? []).filter { $0.draft.uscc != leader.draft.uscc }
                let gap = DemoCity.isGap(segment.code) || locals.isEmpty
                let heavy = outsideHeavy.contains(segment.code)
                var suppliers: [(firm: DemoCity.Firm?, outside: (name: String, city: String)?, weight: Double)] = []
                if !gap {
                    for f in locals.shuffled(using: &rng).prefix(rng.int(heavy ? 1...2 : 2...5)) {
                        suppliers.append((f, nil, heavy ? 0.15 : 1))
                    }
                }
                if gap || heavy || rng.chance(0.7) {
                    for o in (outside[segment.code] ?? []).shuffled(using: &rng).prefix(gap ? rng.int(1...2) : 1) {
                        suppliers.append((nil, o, gap ? 1 : 3))
                    }
                }
                let total = suppliers.reduce(0) { $0 + $1.weight }
                for s in suppliers {
                    for (i, year) in DemoCity.years.enumerated() {
                        // local suppliers gain a few points a year; outside ones lose them
                        let drift = s.firm != nil ? 1 + 0.1 * Double(i) : 1 - 0.08 * Double(i)
                        let amount = Int64((share * s.weight / total * drift * (0.9 + 0.2 * rng.unit())).rounded())
                        guard amount > 0 else { continue }
                        if let f = s.firm {
                            links.append(
                                Link(
                                    buyer: leader.draft.uscc, supplierUscc: f.draft.uscc, supplierName: f.draft.name, supplierCity: nil,
                                    supplierKey: f.draft.uscc, supplierDistrict: f.draft.district, segment: segment.code,
                                    chain: chain.code, year: year, amount: amount, category: Self.category(segment)))
                        } else if let o = s.outside {
                            links.append(
                                Link(
                                    buyer: leader.draft.uscc, supplierUscc: nil, supplierName: o.name, supplierCity: o.city,
                                    supplierKey: SupplierResolver.outsideKey(name: o.name, city: o.city), supplierDistrict: nil,
                                    segment: segment.code, chain: chain.code, year: year, amount: amount, category: Self.category(segment)))
                        }
                    }
                }
            }
            // Power is bought too, and left out of the supporting rate (energy).
            let power = "国网江苏省电力有限公司无锡供电分公司"
            for year in DemoCity.years {
                links.append(
                    Link(
                        buyer: leader.draft.uscc, supplierUscc: nil, supplierName: power, supplierCity: "无锡",
                        supplierKey: SupplierResolver.outsideKey(name: power, city: "无锡"), supplierDistrict: nil,
                        segment: chain.segments[0].code, chain: chain.code, year: year,
                        amount: Int64(budget * 0.05), category: .energy))
            }
        }
        return links
    }
}
