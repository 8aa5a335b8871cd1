import ChainLeadCore
import Foundation

/// `chainlead bench matching` (Policy L3): ranking the candidates of one demand among `offers`
/// synthetic offers held in memory — the ranking rule alone, as the candidates API calls it once
/// it has read them: from term vectors made when each offer was saved, and from the texts read in
/// the request. Reports medians of five runs beside one pass that only reads each offer's text.
public enum MatchingBench {
    public static func run(offers count: Int, log: @escaping @Sendable (String) -> Void) {
        var rng = DemoRandom(seed: 17)
        let nouns = [
            "晶圆", "清洗", "设备", "伺服", "电机", "减速器", "轴承", "传感器", "芯片", "封装", "测试", "光刻胶", "靶材", "碳化硅", "电池", "隔膜",
            "电解液", "风电", "叶片", "齿轮箱", "液压", "阀门", "铸件", "锻件", "模具", "注塑", "线束", "连接器", "PCB", "数控", "机床", "激光",
        ]
        let certificates = ["ISO9001", "IATF16949", "SEMI S2", "ISO14001", "CE"]
        log("generating \(count) offers …")
        let candidates = (0..<count).map { i -> CandidateFacts in
            let text = (0..<rng.int(6...14)).map { _ in rng.pick(nouns) }.joined()
            return CandidateFacts(
                enterprise: String(format: "BENCH%013d", i), name: "供应商\(i)", local: rng.chance(0.6), inSegment: rng.chance(0.05),
                offersSegment: rng.chance(0.05), text: text, certifications: Set((0..<rng.int(0...2)).map { _ in rng.pick(certificates) }),
                tier: rng.pick(Tier.allCases), otherLeaders: rng.int(0...4), otherLeadersAmount: Int64(rng.int(0...90_000_000)),
                pastDeals: rng.int(0...2), alreadySupplies: rng.chance(0.01), capacity: rng.chance(0.3) ? "年产能充足" : nil)
        }
        let demand = DemandFacts(segment: "ic-fab-u3", text: "12英寸晶圆清洗设备 湿法清洗 碳化硅", certifications: ["ISO9001", "SEMI S2"])
        var floorChars = 0
        let floorStart = Date()
        for c in candidates { floorChars &+= c.text.unicodeScalars.count }
        let floor = Date().timeIntervalSince(floorStart)
        // What the offers hold once each was read into a term vector when it was saved.
        let vectorStart = Date()
        let stored = candidates.map { c -> CandidateFacts in
            var v = c
            v.terms = TermVector(c.text)
            return v
        }
        let vectorTime = Date().timeIntervalSince(vectorStart)
        func median(_ body: () -> String) -> (median: Double, best: Double, first: String) {
            var times: [Double] = []
            var first = ""
            for _ in 0..<5 {
                let start = Date()
                first = body()
                times.append(Date().timeIntervalSince(start))
            }
            return (times.sorted()[times.count / 2], times.min() ?? 0, first)
        }
        let fromVectors = median { CandidateRanking.rank(demand, stored, limit: 50).first.map { "\($0.name) \($0.score)" } ?? "-" }
        let fromTexts = median { CandidateRanking.rank(demand, candidates, limit: 50).first.map { "\($0.name) \($0.score)" } ?? "-" }
        log(
            String(
                format:
                    "ranking one demand among %d offers (top 50 worded), median of 5 runs: %.1f ms from stored term vectors (best %.1f ms); %.1f ms reading the texts in the request (best %.1f ms); making all term vectors once %.1f ms; reading the texts alone %.1f ms (%d characters); first: %@",
                count, fromVectors.median * 1000, fromVectors.best * 1000, fromTexts.median * 1000, fromTexts.best * 1000,
                vectorTime * 1000, floor * 1000, floorChars, fromVectors.first))
    }
}
