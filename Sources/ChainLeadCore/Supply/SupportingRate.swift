// The local supporting rate (本地配套率, Policy G5: target above 50%).

/// What counts: which categories are left out and which districts are "local".
public struct SupportingRateScope: Sendable, Equatable {
    public var excludedCategories: Set<SupplyCategory>
    public var localDistricts: Set<String>

    public init(
        excludedCategories: Set<SupplyCategory> = [.energy],
        localDistricts: Set<String> = Set(District.all.map(\.code))
    ) {
        self.excludedCategories = excludedCategories
        self.localDistricts = localDistricts
    }

    /// The whole city (8 districts), energy left out: the default.
    public static let wholeCity = SupportingRateScope()
    /// Without the county-level cities 江阴 and 宜兴.
    public static let withoutCountyLevelCities = SupportingRateScope(
        localDistricts: Set(District.all.filter { !$0.isCountyLevelCity }.map(\.code)))

    /// Shown next to every figure, e.g. "本地：全市8个区（市）；不计：能源".
    public var descriptionZh: String {
        let all = District.all
        let local: String
        if Set(all.map(\.code)).isSubset(of: localDistricts) {
            local = "全市\(all.count)个区（市）"
        } else if localDistricts.isEmpty {
            local = "无"
        } else {
            let left = all.filter { !localDistricts.contains($0.code) }.map(\.name)
            let named = all.filter { localDistricts.contains($0.code) }.count
            let unknown = localDistricts.count - named
            local = "\(named)个区（市），不含" + left.joined(separator: "、") + (unknown > 0 ? "，另含\(unknown)个其他代码" : "")
        }
        let excluded = SupplyCategory.allCases.filter(excludedCategories.contains).map(\.nameZh)
        return "本地：\(local)；不计：" + (excluded.isEmpty ? "无" : excluded.joined(separator: "、"))
    }
}

public struct RateFigures: Sendable, Equatable, Codable {
    /// Whole yuan, summed wide so that no stored amount can make a sum trap (see `Money`).
    public var localAmount: Double
    public var totalAmount: Double
    public var localSuppliers: Int
    public var suppliers: Int

    public init(localAmount: Double = 0, totalAmount: Double = 0, localSuppliers: Int = 0, suppliers: Int = 0) {
        self.localAmount = localAmount
        self.totalAmount = totalAmount
        self.localSuppliers = localSuppliers
        self.suppliers = suppliers
    }

    /// Local amount ÷ total amount; nil when nothing was bought.
    public var amountRate: Double? {
        totalAmount > 0 ? localAmount / totalAmount : nil
    }

    /// Local suppliers ÷ suppliers; nil when there are none.
    public var countRate: Double? {
        suppliers > 0 ? Double(localSuppliers) / Double(suppliers) : nil
    }

    /// Policy G5: the amount rate is above 50% (nil when unknown).
    public var meetsTarget: Bool? {
        amountRate.map { $0 > SupportingRate.target }
    }
}

public enum SupportingRate {
    /// Policy G5: more than half of what the chain buys is bought locally.
    public static let target = 0.5

    /// The reference computation, which the SQL is checked against:
    /// facts in excluded categories count nowhere; the local amount sums the facts whose supplier
    /// district is local; suppliers are distinct supplier keys, and one is local when any of its
    /// counted facts is (a key has one district in clean data).
    public static func compute(_ facts: some Sequence<SupplyFact>, scope: SupportingRateScope = .wholeCity) -> RateFigures {
        var figures = RateFigures()
        var suppliers: Set<String> = []
        var local: Set<String> = []
        for fact in facts where !scope.excludedCategories.contains(fact.category) {
            figures.totalAmount += fact.amount
            suppliers.insert(fact.supplierKey)
            if fact.isLocal(in: scope.localDistricts) {
                figures.localAmount += fact.amount
                local.insert(fact.supplierKey)
            }
        }
        figures.suppliers = suppliers.count
        figures.localSuppliers = local.count
        return figures
    }

    /// The same figures per segment.
    public static func bySegment(_ facts: some Sequence<SupplyFact>, scope: SupportingRateScope = .wholeCity) -> [String: RateFigures] {
        Dictionary(grouping: facts, by: \.segment).mapValues { compute($0, scope: scope) }
    }
}
