// Investment-attraction leads (招商线索, Policy L2): firms outside the city that the chain leaders
// already buy from in the segments the city lacks or is weak in.

public struct LeadCandidate: Sendable, Equatable {
    public var supplierKey: String
    /// Bought from this supplier in the missing/weak segments, whole yuan (a wide sum, see `Money`).
    public var amount: Double
    /// Distinct local buyers.
    public var buyers: Int
    /// The missing/weak segments it supplies, sorted.
    public var segments: [String]
    /// The candidate's share of all outside purchases in the missing/weak segments, 0…1.
    public var score: Double
    /// E.g. "链主企业3家在缺失/薄弱环节采购合计1.2亿元（2个环节）".
    public var evidenceZh: String

    public init(supplierKey: String, amount: Double, buyers: Int, segments: [String], score: Double, evidenceZh: String) {
        self.supplierKey = supplierKey
        self.amount = amount
        self.buyers = buyers
        self.segments = segments
        self.score = score
        self.evidenceZh = evidenceZh
    }
}

public enum LeadRanking {
    /// `facts`: the chain leaders' purchases; `gapSegments`: segment codes classified missing or weak.
    /// Candidates are suppliers outside `scope.localDistricts` (or of unknown district) with purchases in
    /// a gap segment; categories the scope excludes (energy) count nowhere.
    /// Ranked by amount descending, then distinct buyers descending, then supplier key ascending, so
    /// equal evidence always comes out in the same order. The score follows the amount.
    public static func rank(
        _ facts: some Sequence<SupplyFact>, gapSegments: Set<String>,
        scope: SupportingRateScope = .wholeCity
    ) -> [LeadCandidate] {
        var amount: [String: Double] = [:]
        var buyers: [String: Set<String>] = [:]
        var segments: [String: Set<String>] = [:]
        var total: Double = 0
        for f in facts
        where gapSegments.contains(f.segment)
            && !scope.excludedCategories.contains(f.category) && !f.isLocal(in: scope.localDistricts)
        {
            amount[f.supplierKey, default: 0] += f.amount
            buyers[f.supplierKey, default: []].insert(f.buyer)
            segments[f.supplierKey, default: []].insert(f.segment)
            total += f.amount
        }
        return amount.map { key, sum in
            let n = buyers[key]?.count ?? 0
            let segs = (segments[key] ?? []).sorted()
            return LeadCandidate(
                supplierKey: key, amount: sum, buyers: n, segments: segs,
                score: total > 0 ? sum / total : 0,
                evidenceZh: "链主企业\(n)家在缺失/薄弱环节采购合计\(ChineseAmount.format(sum))（\(segs.count)个环节）")
        }
        .sorted { ($1.amount, $1.buyers, $0.supplierKey) < ($0.amount, $0.buyers, $1.supplierKey) }
    }
}

/// Yuan written the way reports do: 元 below ten thousand, else 万元 or 亿元 with up to two decimals.
public enum ChineseAmount {
    /// A wide total: exact below 2^53 yuan, else in 亿元 rounded to two decimals.
    public static func format(_ yuan: Double) -> String {
        guard yuan.isFinite else { return "—" }
        if let exact = Money.int64(yuan), exact.magnitude < 1 << 53 { return format(exact) }
        let yi = (yuan / 1e8 * 100).rounded() / 100
        return String(format: "%.2f", yi).replacingOccurrences(of: ".00", with: "") + "亿元"
    }

    public static func format(_ yuan: Int64) -> String {
        let sign = yuan < 0 ? "-" : ""
        let v = yuan.magnitude
        if v < 10_000 { return "\(sign)\(v)元" }
        // Hundredths of 万, rounded half up; switch to 亿 when that rounds to 10000万.
        let wan = (v + 50) / 100
        if wan < 1_000_000 { return sign + decimal(wan) + "万元" }
        return sign + decimal((v + 500_000) / 1_000_000) + "亿元"
    }

    /// Hundredths as a decimal without trailing zeros: 120 → "1.2", 100 → "1".
    static func decimal(_ hundredths: UInt64) -> String {
        let whole = hundredths / 100
        let frac = hundredths % 100
        if frac == 0 { return "\(whole)" }
        if frac % 10 == 0 { return "\(whole).\(frac / 10)" }
        return "\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }
}
