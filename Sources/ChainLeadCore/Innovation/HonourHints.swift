// Hints (Policy S3): firms whose figures come close to the national "little giant" or single
// champion thresholds, so officials can coach them before the next list. The thresholds are
// configuration (`CHAINLEAD_HONOUR_HINTS`, a JSON file), since the ministry revises its rules;
// docs/HONOUR-HINTS.md names the sources and what ChainLead cannot check from its figures.

/// The thresholds hints compare figures with; any field may be overridden from a JSON file.
public struct HonourHintRules: Sendable, Codable, Equatable {
    /// Years with figures on record: a proxy for "three years or more in the market segment".
    public var minYears = 3
    /// Little giant: average revenue growth over the last two years (5%).
    public var littleGiantGrowth = 0.05
    /// Little giant: R&D expense ÷ revenue in each of the last two years — 3% at revenue of
    /// 100 million yuan or more, 6% from 50 to 100 million (below that the rule asks for equity
    /// financing and R&D staff, which ChainLead does not hold).
    public var littleGiantRdHigh = 0.03
    public var littleGiantRdMid = 0.06
    public var littleGiantRevenueHigh: Int64 = 100_000_000
    public var littleGiantRevenueMid: Int64 = 50_000_000
    /// Little giants are small and medium firms: industrial revenue under 400 million yuan.
    public var smeMaxRevenue: Int64 = 400_000_000
    /// Single champion: revenue last year, R&D intensity, and holding the little-giant honour.
    public var championMinRevenue: Int64 = 400_000_000
    public var championRd = 0.03
    public var championNeedsLittleGiant = true
    /// "Close": every criterion but one met, and that one reached to at least this share.
    public var closeness = 0.8

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = HonourHintRules()
        minYears = try c.decodeIfPresent(Int.self, forKey: .minYears) ?? d.minYears
        littleGiantGrowth = try c.decodeIfPresent(Double.self, forKey: .littleGiantGrowth) ?? d.littleGiantGrowth
        littleGiantRdHigh = try c.decodeIfPresent(Double.self, forKey: .littleGiantRdHigh) ?? d.littleGiantRdHigh
        littleGiantRdMid = try c.decodeIfPresent(Double.self, forKey: .littleGiantRdMid) ?? d.littleGiantRdMid
        littleGiantRevenueHigh = try c.decodeIfPresent(Int64.self, forKey: .littleGiantRevenueHigh) ?? d.littleGiantRevenueHigh
        littleGiantRevenueMid = try c.decodeIfPresent(Int64.self, forKey: .littleGiantRevenueMid) ?? d.littleGiantRevenueMid
        smeMaxRevenue = try c.decodeIfPresent(Int64.self, forKey: .smeMaxRevenue) ?? d.smeMaxRevenue
        championMinRevenue = try c.decodeIfPresent(Int64.self, forKey: .championMinRevenue) ?? d.championMinRevenue
        championRd = try c.decodeIfPresent(Double.self, forKey: .championRd) ?? d.championRd
        championNeedsLittleGiant = try c.decodeIfPresent(Bool.self, forKey: .championNeedsLittleGiant) ?? d.championNeedsLittleGiant
        closeness = try c.decodeIfPresent(Double.self, forKey: .closeness) ?? d.closeness
    }

    /// What is wrong with the values, one line each (empty: usable).
    public var problems: [String] {
        var out: [String] = []
        for (name, v) in [
            ("littleGiantGrowth", littleGiantGrowth), ("littleGiantRdHigh", littleGiantRdHigh), ("littleGiantRdMid", littleGiantRdMid),
            ("championRd", championRd), ("closeness", closeness),
        ] where !(v.isFinite && (0...1).contains(v)) {
            out.append("\(name)：应为0到1之间的数 / must be a number from 0 to 1")
        }
        for (name, v) in [
            ("littleGiantRevenueHigh", littleGiantRevenueHigh), ("littleGiantRevenueMid", littleGiantRevenueMid),
            ("smeMaxRevenue", smeMaxRevenue), ("championMinRevenue", championMinRevenue),
        ] where v < 0 {
            out.append("\(name)：不能为负数 / must not be negative")
        }
        if !(1...30).contains(minYears) { out.append("minYears：应为1到30的整数 / must be a whole number from 1 to 30") }
        if littleGiantRevenueMid > littleGiantRevenueHigh {
            out.append("littleGiantRevenueMid 不能大于 littleGiantRevenueHigh / must not exceed littleGiantRevenueHigh")
        }
        return out
    }
}

/// One firm's figures as hints read them, by year.
public struct HintFigures: Sendable {
    public var revenue: Int64?
    public var rdExpense: Int64?

    public init(revenue: Int64?, rdExpense: Int64?) {
        self.revenue = revenue
        self.rdExpense = rdExpense
    }
}

public struct HintCriterion: Sendable, Equatable, Codable {
    public var code: String
    public var met: Bool
    /// How far it is reached (1 when met; 0 when the figures are missing).
    public var reach: Double
    public var value: Double?
    public var threshold: Double
}

public struct HonourHint: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case meets, close }
    public var kind: String
    public var status: Status
    public var criteria: [HintCriterion]
}

public enum HonourHints {
    /// The hint for `kind` (`little-giant` or `single-champion`) from figures of the years before
    /// `year`, or nil when the firm is neither meeting nor close.
    public static func evaluate(
        kind: String, figures: [Int: HintFigures], year: Int, holdsLittleGiant: Bool, rules: HonourHintRules
    ) -> HonourHint? {
        let last = figures[year - 1]
        let before = figures[year - 2]
        let earliest = figures[year - 3]
        var criteria: [HintCriterion] = []
        func add(_ code: String, _ value: Double?, _ threshold: Double, atMost: Bool = false) {
            guard let value, value.isFinite else {
                criteria.append(.init(code: code, met: false, reach: 0, value: nil, threshold: threshold))
                return
            }
            let met = atMost ? value < threshold : value >= threshold
            let reach: Double =
                met ? 1 : (atMost ? (value > 0 ? min(1, threshold / value) : 0) : (threshold > 0 ? max(0, min(1, value / threshold)) : 1))
            criteria.append(.init(code: code, met: met, reach: reach, value: value, threshold: threshold))
        }
        let years = figures.keys.filter { $0 < year && figures[$0]?.revenue != nil }.count
        add("years", Double(years), Double(rules.minYears))
        let revenue = last?.revenue.map(Double.init)
        let rdLast = DerivedRatios.rdIntensity(rdExpense: last?.rdExpense, revenue: last?.revenue)
        let rdBefore = DerivedRatios.rdIntensity(rdExpense: before?.rdExpense, revenue: before?.revenue)
        let rdLow = [rdLast, rdBefore].contains { $0 == nil } ? nil : min(rdLast ?? 0, rdBefore ?? 0)
        switch kind {
        case "little-giant":
            guard let r = revenue, r >= Double(rules.littleGiantRevenueMid) * rules.closeness else { return nil }
            add("sme", r, Double(rules.smeMaxRevenue), atMost: true)
            let g1 = DerivedRatios.growth(current: last?.revenue, previous: before?.revenue)
            let g2 = DerivedRatios.growth(current: before?.revenue, previous: earliest?.revenue)
            add("growth", g1.flatMap { a in g2.map { (a + $0) / 2 } }, rules.littleGiantGrowth)
            add("rdIntensity", rdLow, r >= Double(rules.littleGiantRevenueHigh) ? rules.littleGiantRdHigh : rules.littleGiantRdMid)
        case "single-champion":
            guard let r = revenue, r >= Double(rules.championMinRevenue) * rules.closeness else { return nil }
            add("revenue", r, Double(rules.championMinRevenue))
            add("rdIntensity", rdLow, rules.championRd)
            if rules.championNeedsLittleGiant { add("littleGiant", holdsLittleGiant ? 1 : 0, 1) }
        default: return nil
        }
        let missed = criteria.filter { !$0.met }
        if missed.isEmpty { return HonourHint(kind: kind, status: .meets, criteria: criteria) }
        guard missed.count == 1, missed[0].reach >= rules.closeness else { return nil }
        return HonourHint(kind: kind, status: .close, criteria: criteria)
    }
}
