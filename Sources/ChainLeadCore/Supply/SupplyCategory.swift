// Supply links: who buys what from whom (Policy L3). Raw values are the API's and the database's spellings.

/// What a purchase is. Energy is left out of the supporting rate by default (Policy G5):
/// electricity and gas come from the grid whatever the chain does.
public enum SupplyCategory: String, Sendable, CaseIterable, Codable {
    case material, component, equipment, service, energy, logistics

    public var nameZh: String {
        switch self {
        case .material: "原材料"
        case .component: "零部件"
        case .equipment: "设备"
        case .service: "服务"
        case .energy: "能源"
        case .logistics: "物流"
        }
    }
}

/// One buyer's purchases from one supplier in one segment and category (one year, whole yuan).
public struct SupplyFact: Sendable, Hashable, Codable {
    public var buyer: String
    /// The USCC for a registered firm, else "name|city" (a normalised name and its city).
    public var supplierKey: String
    /// The supplier's district code; nil for firms outside the city.
    public var supplierDistrict: String?
    public var segment: String
    public var category: SupplyCategory
    /// Whole yuan; a sum of stored links, so kept wide (see `Money`).
    public var amount: Double

    public init(
        buyer: String, supplierKey: String, supplierDistrict: String?, segment: String,
        category: SupplyCategory, amount: Double
    ) {
        self.buyer = buyer
        self.supplierKey = supplierKey
        self.supplierDistrict = supplierDistrict
        self.segment = segment
        self.category = category
        self.amount = amount
    }

    /// Local when the supplier's district is one of `localDistricts`.
    public func isLocal(in localDistricts: Set<String>) -> Bool {
        supplierDistrict.map(localDistricts.contains) ?? false
    }
}
