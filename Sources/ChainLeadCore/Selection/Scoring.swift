// Explainable scores (Policy S2): each indicator's raw value, its normalised value within the
// chain's eligible applicants, its weight and its points; the indicator score is the sum.

public struct Applicant: Sendable, Equatable {
    public var id: String
    public var eligible: Bool
    /// Raw values by indicator; absent = missing.
    public var values: [IndicatorCode: Double]

    public init(id: String, eligible: Bool, values: [IndicatorCode: Double]) {
        self.id = id
        self.eligible = eligible
        self.values = values
    }
}

public struct IndicatorPoints: Sendable, Equatable, Codable {
    public var code: IndicatorCode
    public var raw: Double?
    public var normalised: Double?
    public var weight: Int
    public var points: Double
    public var missing: Bool
}

public struct ScoredApplicant: Sendable, Equatable {
    public var id: String
    public var eligible: Bool
    /// 0–100 for an eligible applicant; nil for an ineligible one (it is not compared).
    public var indicatorScore: Double?
    public var indicators: [IndicatorPoints]
}

public enum Scoring {
    /// Scores one chain's applicants. Normalisation runs over the eligible ones only; an ineligible
    /// applicant keeps its raw values and scores nothing.
    public static func score(_ applicants: [Applicant], scheme: SelectionScheme) -> [ScoredApplicant] {
        let eligible = applicants.indices.filter { applicants[$0].eligible }
        var normalised: [IndicatorCode: [Int: Double]] = [:]
        for ind in scheme.indicators {
            let raw = eligible.map { applicants[$0].values[ind.code] }
            let norm: [Double?]
            switch ind.normalisation {
            case .minmax: norm = Normalise.minmax(raw)
            case .percentile: norm = Normalise.percentile(raw)
            case .bands: norm = Normalise.bands(raw, ind.bands ?? [])
            }
            var byIndex: [Int: Double] = [:]
            for (k, i) in eligible.enumerated() { if let n = norm[k] { byIndex[i] = n } }
            normalised[ind.code] = byIndex
        }
        return applicants.enumerated().map { i, a in
            let points = scheme.indicators.map { ind -> IndicatorPoints in
                let raw = a.values[ind.code].flatMap { $0.isFinite ? $0 : nil }
                let n = a.eligible ? normalised[ind.code]?[i] : nil
                return IndicatorPoints(
                    code: ind.code, raw: raw, normalised: n, weight: ind.weight, points: Double(ind.weight) * (n ?? 0), missing: raw == nil)
            }
            let total = points.reduce(0) { $0 + $1.points }
            return ScoredApplicant(
                id: a.id, eligible: a.eligible, indicatorScore: a.eligible ? min(100, max(0, total)) : nil, indicators: points)
        }
    }

    /// 1-based competition ranks (ties share a rank: 1, 1, 3) of the scores, highest first.
    /// Scores equal to 6 decimals tie.
    public static func ranks(_ scores: [Double]) -> [Int] {
        let keys = scores.map { ($0 * 1_000_000).rounded() }
        let order = keys.indices.sorted { keys[$0] > keys[$1] }
        var ranks = Array(repeating: 0, count: scores.count)
        for (position, i) in order.enumerated() {
            if position > 0, keys[order[position - 1]] == keys[i] {
                ranks[i] = ranks[order[position - 1]]
            } else {
                ranks[i] = position + 1
            }
        }
        return ranks
    }

    /// The pool tier a score proposes under the scheme's floors (`.none`: below every floor).
    public static func proposedTier(score: Double, pools: SelectionScheme.Pools) -> Tier {
        if score >= pools.candidate { return .candidate }
        if score >= pools.backbone { return .backbone }
        if score >= pools.emerging { return .emerging }
        return .none
    }
}
