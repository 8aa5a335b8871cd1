import ChainLeadCore
import Foundation

/// The synthetic demo city: plausible firms over every chain and district, with valid USCCs
/// whose division codes match their districts, a realistic size distribution (a handful of
/// firms above 10 billion yuan output, a long tail of SMEs), figures for 2023–2025 and some
/// firms in every tier. Deterministic from the seed. All of it is marked synthetic.
struct DemoCity {
    struct Firm {
        var draft: EnterpriseDraft
        var figures: [AnnualFigures]
        var output2025: Int64
    }

    static let years = [2023, 2024, 2025]

    let enterprises: Int
    let seed: UInt64

    /// District weights; 无锡经开区 firms carry the city-level division code 320200.
    static let districtWeights: [(String, Double)] = [
        ("320281", 0.20), ("320282", 0.13), ("320213", 0.07), ("320205", 0.12), ("320206", 0.13),
        ("320211", 0.09), ("320214", 0.20), ("320200JK", 0.06),
    ]

    static let brands = Array("华宏远恒盛达鑫源泰瑞康新博创精锐宇联腾中凯信诚丰隆安捷科智晶芯海天润明光正峰美佳顺合利")
    static let suffixes: [(String, Double)] = [
        ("科技有限公司", 0.40), ("有限公司", 0.25), ("股份有限公司", 0.15), ("集团有限公司", 0.05),
        ("技术有限公司", 0.10), ("制造有限公司", 0.05),
    ]
    static let surnames = Array("王李张刘陈杨黄赵周吴徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
    static let givenNames = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌")

    /// Segments the city has no firm in (a missing link on the chain map, Policy L2): the second
    /// segment of every third chain. Their purchases go to outside suppliers only.
    static let gapSegments: Set<String> = {
        let chains = DefaultTaxonomy.clusters.flatMap(\.chains)
        return Set(chains.enumerated().compactMap { i, c in i % 3 == 0 && c.segments.count > 3 ? c.segments[1].code : nil })
    }()

    static func isGap(_ segment: String) -> Bool { gapSegments.contains(segment) }

    func generate() -> [Firm] {
        var rng = DemoRandom(seed: seed)
        let chains = DefaultTaxonomy.clusters.flatMap(\.chains)
        var usedNames = Set<String>()
        var usedCodes = Set<String>()
        var firms: [Firm] = []
        firms.reserveCapacity(enterprises)

        for i in 0..<enterprises {
            let chain = chains[i % chains.count]
            let segment = rng.pick(chain.segments.filter { !Self.isGap($0.code) })
            let districtCode = rng.weighted(Self.districtWeights)
            let uscc = makeUSCC(district: districtCode, rng: &rng, used: &usedCodes)
            let name = makeName(district: districtCode, segment: segment.name, rng: &rng, used: &usedNames)
            var d = EnterpriseDraft(uscc: uscc, name: name, district: districtCode)
            d.shortName = String(name.dropFirst(2).prefix(4))
            d.segments = [segment.code]
            if rng.chance(0.25),
                let other = chain.segments.filter({ $0.code != segment.code && !Self.isGap($0.code) }).randomElement(using: &rng)
            {
                d.segments.append(other.code)
            }
            d.founded = String(format: "%04d-%02d-%02d", rng.int(1985...2023), rng.int(1...12), rng.int(1...28))
            d.ownership = rng.weighted([
                (.private, 0.70), (.state, 0.08), (.foreign, 0.10), (.hkMacaoTaiwan, 0.05),
                (.mixed, 0.05), (.collective, 0.02),
            ])
            d.address =
                "\(District.named(code: districtCode)?.name ?? "")\(rng.pick(["长江", "太湖", "锡山", "新华", "高浪", "蠡湖", "梁溪", "金城"]))路\(rng.int(1...999))号"
            d.contactPerson = "\(rng.pick(Self.surnames))\(rng.pick(Self.givenNames))"
            d.contactPhone = "0510-8\(rng.int(1_000_000...9_999_999))"
            if rng.chance(0.3) { d.contactEmail = "contact\(i)@example.com" }
            if rng.chance(0.08) { d.formerNames = ["\(rng.pick(["无锡市", "江苏"]))\(name.dropFirst(2))"] }

            // Log-normal sizes: median ≈ 60 million yuan, a long right tail.
            let output = Int64(min(6e11, max(2e6, exp(log(6e7) + 1.55 * rng.normal()))))
            firms.append(Firm(draft: d, figures: makeFigures(output: output, rng: &rng), output2025: output))
        }
        makeGiants(&firms, rng: &rng)
        assignTiers(&firms, rng: &rng)
        assignStatuses(&firms, rng: &rng)
        markAboveScale(&firms)
        return firms
    }

    /// "91" (enterprise, company) + division + 9-character organisation code + check character.
    func makeUSCC(district: String, rng: inout DemoRandom, used: inout Set<String>) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var division = district == "320200JK" ? "320200" : district
        // Older 梁溪 firms still carry the retired codes of 崇安/南长/北塘.
        if district == "320213", rng.chance(0.4) { division = rng.pick(["320202", "320203", "320204"]) }
        while true {
            var body = Array("91" + division)
            for _ in 0..<9 { body.append(rng.pick(alphabet)) }
            let code = String(body) + String(USCC.checkCharacter(for: body))
            if used.insert(code).inserted { return code }
        }
    }

    func makeName(district: String, segment: String, rng: inout DemoRandom, used: inout Set<String>) -> String {
        let place: String
        switch district {
        case "320281": place = rng.chance(0.8) ? "江阴" : "无锡"
        case "320282": place = rng.chance(0.8) ? "宜兴" : "无锡"
        default: place = rng.chance(0.9) ? "无锡" : rng.pick(["江苏", "锡山", "惠山"])
        }
        while true {
            let brand = String([rng.pick(Self.brands), rng.pick(Self.brands)])
            let name = place + brand + segment + rng.weighted(Self.suffixes)
            if used.insert(name).inserted { return name }
        }
    }

    func makeFigures(output: Int64, rng: inout DemoRandom) -> [AnnualFigures] {
        var result: [AnnualFigures] = []
        var value = Double(output)
        var perYear: [Int: Double] = [:]
        for year in Self.years.reversed() {
            perYear[year] = value
            value /= max(0.6, 1 + 0.08 + 0.15 * rng.normal())
        }
        let rdShare = max(0.005, 0.035 + 0.02 * rng.normal())
        let assetTurn = 0.7 + rng.unit() * 0.8
        let leverage = 0.3 + rng.unit() * 0.4
        let exportShare = rng.chance(0.4) ? rng.unit() * 0.4 : 0
        let productivity = 1.2e6 + rng.unit() * 2.5e6
        for year in Self.years {
            let out = perYear[year, default: 0]
            let revenue = out * (0.9 + rng.unit() * 0.2)
            let assets = revenue / assetTurn
            var f = AnnualFigures(
                year: year, outputValue: Int64(out), revenue: Int64(revenue),
                rdExpense: Int64(revenue * rdShare), employees: Int64(max(5, out / productivity)),
                taxPaid: Int64(revenue * (0.03 + rng.unit() * 0.03)), exports: Int64(revenue * exportShare),
                totalAssets: Int64(assets), totalLiabilities: Int64(assets * leverage),
                mainBusinessRevenue: Int64(revenue * (0.8 + rng.unit() * 0.18)),
                source: year == 2025 ? .selfReported : .statistics)
            // Missing figures are unknown, not zero.
            if rng.chance(0.05) { f.rdExpense = nil }
            if rng.chance(0.05) { f.exports = nil }
            if rng.chance(0.03) {
                f.totalAssets = nil
                f.totalLiabilities = nil
            }
            result.append(f)
        }
        return result
    }

    /// A handful of firms above 10 billion yuan of output (Policy G2 counts those among leaders).
    func makeGiants(_ firms: inout [Firm], rng: inout DemoRandom) {
        guard firms.count >= 50 else { return }
        let giants = min(12, firms.count / 150 + 4)
        let stride = firms.count / giants
        for g in 0..<giants {
            let i = g * stride + rng.int(0...(stride - 1))
            let output = Int64(1.05e10 + rng.unit() * 9e10)
            firms[i].output2025 = output
            firms[i].figures = makeFigures(output: output, rng: &rng)
            firms[i].draft.name = firms[i].draft.name.replacingOccurrences(of: "科技有限公司", with: "集团股份有限公司")
        }
    }

    /// Per chain, by output: the top firms lead, the next are quasi-leaders, then backbone;
    /// some small fast growers are emerging.
    func assignTiers(_ firms: inout [Firm], rng: inout DemoRandom) {
        let perChain = Dictionary(grouping: firms.indices) {
            firms[$0].draft.segments[0].split(separator: "-").dropLast().joined(separator: "-")
        }
        let scale = max(1, firms.count / 2000)
        for (_, indices) in perChain {
            let ranked = indices.sorted { firms[$0].output2025 > firms[$1].output2025 }
            for (rank, i) in ranked.enumerated() {
                let tier: Tier
                if rank < 2 * scale {
                    tier = .leader
                } else if rank < 5 * scale {
                    tier = .candidate
                } else if rank < 15 * scale {
                    tier = .backbone
                } else {
                    let f = firms[i].figures
                    let growth = Double(f[2].outputValue ?? 0) / Double(max(1, f[0].outputValue ?? 1))
                    tier = growth > 1.35 && rng.chance(0.6) ? .emerging : .none
                }
                firms[i].draft.tier = tier
            }
        }
    }

    /// Firms with 20 million yuan of revenue are above designated size (规上), since a year that
    /// follows from their place in the list (no draw: the rest of the city stays as it was).
    func markAboveScale(_ firms: inout [Firm]) {
        for i in firms.indices where (firms[i].figures.first?.revenue ?? 0) >= 20_000_000 {
            firms[i].draft.aboveScaleYear = 2015 + i % 9
        }
    }

    func assignStatuses(_ firms: inout [Firm], rng: inout DemoRandom) {
        for i in firms.indices where firms[i].draft.tier == .none {
            let r = rng.unit()
            if r < 0.015 {
                firms[i].draft.status = .deregistered
                firms[i].draft.statusDate = "2025-0\(rng.int(1...9))-15"
            } else if r < 0.025 {
                firms[i].draft.status = .movedOut
                firms[i].draft.statusDate = "2024-1\(rng.int(0...2))-01"
            } else if r < 0.03, i > 0 {
                firms[i].draft.status = .merged
                firms[i].draft.statusDate = "2025-06-30"
                firms[i].draft.successorUscc = firms[i - 1].draft.uscc
            }
        }
    }

    /// Synthetic chain chiefs (链长), one per chain.
    static func chief(index: Int) -> (name: String, title: String) {
        let name = "\(surnames[index % surnames.count])\(givenNames[(index * 7) % givenNames.count])（演示）"
        return (name, index % 3 == 0 ? "市委常委、副市长" : "副市长")
    }
}
