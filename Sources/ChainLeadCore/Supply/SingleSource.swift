// Single-source dependency: a buyer that gets most of a segment from one supplier (a supply risk, Policy L3).

public struct SingleSourceFlag: Sendable, Equatable {
    public var buyer: String
    public var segment: String
    public var supplierKey: String
    /// The supplier's share of the buyer's purchases in the segment, 0…1.
    public var share: Double
    /// The supplier is outside the local districts (or its district is unknown).
    public var isOutside: Bool

    public init(buyer: String, segment: String, supplierKey: String, share: Double, isOutside: Bool) {
        self.buyer = buyer
        self.segment = segment
        self.supplierKey = supplierKey
        self.share = share
        self.isOutside = isOutside
    }
}

public enum SingleSource {
    /// Segments where one supplier gives MORE than `threshold` of the buyer's purchases (exactly half is
    /// not flagged). Meant for one buyer's facts; several buyers are kept apart. Energy is left out by
    /// default: one grid supplier is not a chain risk. Sorted by buyer, segment, then share descending.
    public static func flags(
        _ facts: [SupplyFact], threshold: Double = 0.5, localDistricts: Set<String>,
        excludedCategories: Set<SupplyCategory> = [.energy]
    ) -> [SingleSourceFlag] {
        var totals: [Pair: Double] = [:]
        var bySupplier: [Pair: [String: Double]] = [:]
        var outside: [String: Bool] = [:]
        for f in facts where !excludedCategories.contains(f.category) {
            let pair = Pair(buyer: f.buyer, segment: f.segment)
            totals[pair, default: 0] += f.amount
            bySupplier[pair, default: [:]][f.supplierKey, default: 0] += f.amount
            outside[f.supplierKey] = (outside[f.supplierKey] ?? true) && !f.isLocal(in: localDistricts)
        }
        var flags: [SingleSourceFlag] = []
        for (pair, suppliers) in bySupplier {
            guard let total = totals[pair], total > 0 else { continue }
            for (key, amount) in suppliers {
                let share = amount / total
                if share > threshold {
                    flags.append(
                        SingleSourceFlag(
                            buyer: pair.buyer, segment: pair.segment, supplierKey: key,
                            share: share, isOutside: outside[key] ?? true))
                }
            }
        }
        return flags.sorted {
            ($0.buyer, $0.segment, -$0.share, $0.supplierKey) < ($1.buyer, $1.segment, -$1.share, $1.supplierKey)
        }
    }

    /// HHI of one buyer's purchases per segment, over suppliers (same exclusions as `flags`).
    public static func segmentHHI(
        _ facts: [SupplyFact],
        excludedCategories: Set<SupplyCategory> = [.energy]
    ) -> [String: Double] {
        var bySupplier: [String: [String: Double]] = [:]
        for f in facts where !excludedCategories.contains(f.category) {
            bySupplier[f.segment, default: [:]][f.supplierKey, default: 0] += f.amount
        }
        return bySupplier.mapValues { HHI.index(Array($0.values)) }
    }

    struct Pair: Hashable {
        var buyer: String
        var segment: String
    }
}
