// A segment on the chain map (Policy L2: missing and weak links).

public enum SegmentStatus: String, Sendable, CaseIterable, Codable {
    case missing, weak, concentrated, strong

    public var nameZh: String {
        switch self {
        case .missing: "缺失"
        case .weak: "薄弱"
        case .concentrated: "集中"
        case .strong: "较强"
        }
    }
}

public struct SegmentStatusRule: Sendable, Equatable {
    /// Below this local supporting rate (by amount) a segment is weak.
    public var weakLocalShare: Double
    /// Above this HHI of local supply a segment hangs on too few firms (2500: the usual "highly concentrated").
    public var concentratedHHI: Double

    public init(weakLocalShare: Double = 0.30, concentratedHHI: Double = 2500) {
        self.weakLocalShare = weakLocalShare
        self.concentratedHHI = concentratedHHI
    }

    /// The first that applies: missing (no local firm); weak (one local firm, or a local share
    /// below `weakLocalShare`; an unknown share — no purchases recorded — is not weak);
    /// concentrated (local supply HHI above `concentratedHHI`); else strong.
    public func classify(localFirms: Int, localShare: Double?, localSupplyHHI: Double?) -> SegmentStatus {
        if localFirms <= 0 { return .missing }
        if localFirms == 1 { return .weak }
        if let share = localShare, share < weakLocalShare { return .weak }
        if let hhi = localSupplyHHI, hhi > concentratedHHI { return .concentrated }
        return .strong
    }
}

/// One segment's supply figures: the inputs of `SegmentStatusRule.classify` besides the firm count.
public struct SegmentSupply: Sendable, Equatable {
    public var segment: String
    public var figures: RateFigures
    /// HHI of the amounts bought from each local supplier; nil when nothing was bought locally.
    public var localSupplyHHI: Double?

    public init(segment: String, figures: RateFigures, localSupplyHHI: Double?) {
        self.segment = segment
        self.figures = figures
        self.localSupplyHHI = localSupplyHHI
    }

    /// Per segment, under the rate's scope (excluded categories count nowhere).
    public static func summarise(_ facts: some Sequence<SupplyFact>, scope: SupportingRateScope = .wholeCity) -> [String: SegmentSupply] {
        Dictionary(grouping: facts, by: \.segment).reduce(into: [:]) { result, entry in
            let (segment, facts) = entry
            var bySupplier: [String: Double] = [:]
            for f in facts where !scope.excludedCategories.contains(f.category) && f.isLocal(in: scope.localDistricts) {
                bySupplier[f.supplierKey, default: 0] += f.amount
            }
            result[segment] = SegmentSupply(
                segment: segment,
                figures: SupportingRate.compute(facts, scope: scope),
                localSupplyHHI: bySupplier.isEmpty ? nil : HHI.index(Array(bySupplier.values)))
        }
    }
}
