// Ranking the local firms that could supply a demand (供需对接, Policy L1, L3), with reasons in
// Chinese. The score is a sum of plain parts, so each reason says what it added: segment fit,
// text similarity with the firm's offers and products, certifications met, local before outside,
// tier, supplies to other chain leaders and past deals, stated capacity. A firm already supplying
// the buyer is marked, not dropped. What a buyer reads never names another buyer or an amount.

/// What is asked for.
public struct DemandFacts: Sendable {
    public var segment: String?
    public var text: String
    public var certifications: Set<String>
    public var preferLocal: Bool

    public init(segment: String?, text: String, certifications: Set<String> = [], preferLocal: Bool = true) {
        self.segment = segment
        self.text = text
        self.certifications = certifications
        self.preferLocal = preferLocal
    }
}

/// What is known of one possible supplier.
public struct CandidateFacts: Sendable {
    public var enterprise: String
    public var name: String
    public var local: Bool
    /// A member of the demand's segment in the registry.
    public var inSegment: Bool
    /// Has an offer naming the demand's segment.
    public var offersSegment: Bool
    /// Its offers' titles and descriptions and its main products, as one text.
    public var text: String
    public var certifications: Set<String>
    public var tier: Tier
    /// Other chain leaders it supplies (supply links, the buyer left out).
    public var otherLeaders: Int
    /// Their purchases from it, yuan: shown to officials only.
    public var otherLeadersAmount: Int64
    /// Deals made through matchmaking before.
    public var pastDeals: Int
    public var alreadySupplies: Bool
    public var capacity: String?
    /// `text` as term ids, when made beforehand (once per offer rather than per ranking).
    public var terms: TermVector?

    public init(
        enterprise: String, name: String, local: Bool, inSegment: Bool = false, offersSegment: Bool = false, text: String = "",
        certifications: Set<String> = [], tier: Tier = .none, otherLeaders: Int = 0, otherLeadersAmount: Int64 = 0, pastDeals: Int = 0,
        alreadySupplies: Bool = false, capacity: String? = nil
    ) {
        self.enterprise = enterprise
        self.name = name
        self.local = local
        self.inSegment = inSegment
        self.offersSegment = offersSegment
        self.text = text
        self.certifications = certifications
        self.tier = tier
        self.otherLeaders = otherLeaders
        self.otherLeadersAmount = otherLeadersAmount
        self.pastDeals = pastDeals
        self.alreadySupplies = alreadySupplies
        self.capacity = capacity
    }
}

public struct RankedCandidate: Sendable, Equatable {
    public var enterprise: String
    public var name: String
    public var local: Bool
    /// 0…100.
    public var score: Double
    public var reasons: [String]
    public var alreadySupplies: Bool
}

public enum CandidateRanking {
    /// The weight of each part; the sum of the maxima is 100.
    public enum Weight {
        public static let segment = 30.0
        public static let text = 25.0
        public static let certifications = 10.0
        public static let local = 15.0
        public static let tier = 5.0
        public static let otherLeaders = 8.0
        public static let pastDeals = 5.0
        public static let capacity = 2.0
    }

    /// Candidates best first (ties by name, then USCC, so the order is stable); the first
    /// `limit` only when given — the others are scored but never worded. `forOfficial` puts the
    /// evidence in full (how many chain leaders, how much); a buyer reads it without any other
    /// buyer's name or amount.
    public static func rank(_ demand: DemandFacts, _ candidates: [CandidateFacts], forOfficial: Bool = false, limit: Int? = nil)
        -> [RankedCandidate]
    {
        let similarity = TextSimilarity.scores(
            query: TermVector(demand.text), documents: candidates.map { $0.terms ?? TermVector($0.text) })
        var scores = [Double](repeating: 0, count: candidates.count)
        for i in candidates.indices {
            scores[i] = evaluate(demand, candidates[i], similarity[i], forOfficial: forOfficial, note: nil)
        }
        func better(_ a: Int, _ b: Int) -> Bool {
            if scores[a] != scores[b] { return scores[a] > scores[b] }
            if candidates[a].name != candidates[b].name { return candidates[a].name < candidates[b].name }
            return candidates[a].enterprise < candidates[b].enterprise
        }
        var order: [Int]
        if let limit, limit < candidates.count {
            // Everything above the limit-th best score, and its ties, then the full order on those only.
            let threshold = scores.sorted(by: >)[max(0, limit - 1)]
            order = candidates.indices.filter { scores[$0] >= threshold }
            order.sort(by: better)
            order = Array(order.prefix(limit))
        } else {
            order = Array(candidates.indices)
            order.sort(by: better)
        }
        return order.map { i in
            let c = candidates[i]
            var reasons: [String] = []
            let score = evaluate(demand, c, similarity[i], forOfficial: forOfficial) { reasons.append($0) }
            return RankedCandidate(
                enterprise: c.enterprise, name: c.name, local: c.local, score: score, reasons: reasons, alreadySupplies: c.alreadySupplies)
        }
    }

    /// One candidate's score (0…100, one decimal); each reason worded to `note` when given.
    static func evaluate(_ demand: DemandFacts, _ c: CandidateFacts, _ sim: Double, forOfficial: Bool, note: ((String) -> Void)?)
        -> Double
    {
        var score = 0.0
        func say(_ text: @autoclosure () -> String) { if let note { note(text()) } }
        if c.inSegment {
            score += Weight.segment
            say("属于所需环节")
        } else if c.offersSegment {
            score += Weight.segment * 0.8
            say("发布的供给能力覆盖所需环节")
        }
        if sim > 0.05 {
            score += Weight.text * sim
            say("产品与需求描述相近（相似度\(Int((sim * 100).rounded()))%）")
        }
        if !demand.certifications.isEmpty {
            let met = demand.certifications.intersection(c.certifications)
            score += Weight.certifications * Double(met.count) / Double(demand.certifications.count)
            if met.count == demand.certifications.count {
                say("具备所需全部资质（\(met.sorted().joined(separator: "、"))）")
            } else if !met.isEmpty {
                say("具备部分所需资质（\(met.sorted().joined(separator: "、"))）")
            }
        }
        if c.local {
            score += demand.preferLocal ? Weight.local : Weight.local / 3
            say("本地企业")
        }
        let tierShare: Double =
            switch c.tier {
            case .leader: 1
            case .candidate: 0.8
            case .backbone: 0.6
            case .emerging: 0.4
            case .none: 0
            }
        if tierShare > 0 {
            score += Weight.tier * tierShare
            say("入库梯队：\(c.tier.nameZh)")
        }
        if c.otherLeaders > 0 {
            score += Weight.otherLeaders * min(1, Double(c.otherLeaders) / 3)
            say(forOfficial ? "已为\(c.otherLeaders)家链主企业供货（合计\(wan(c.otherLeadersAmount))万元）" : "已为其他链主企业供货")
        }
        if c.pastDeals > 0 {
            score += Weight.pastDeals * min(1, Double(c.pastDeals) / 3)
            say("通过供需对接成交过\(c.pastDeals)次")
        }
        if let cap = c.capacity, !cap.isEmpty {
            score += Weight.capacity
            say("已说明供货能力")
        }
        if c.alreadySupplies { say("已是该企业的供应商") }
        return (score * 10).rounded() / 10
    }

    /// Yuan in 万元, grouped: 12,345,678 → "1,235".
    public static func wanText(_ yuan: Int64) -> String { wan(yuan) }

    static func wan(_ yuan: Int64) -> String {
        let w = Int64((Double(yuan) / 10_000).rounded())
        let digits = String(w.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (w < 0 ? "-" : "") + out
    }
}
