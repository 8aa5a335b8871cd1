@testable import ChainLeadCore

/// Three chain leaders (A, B, C), six suppliers, three segments of ic-fab; amounts in 万元.
///
///   S1 新吴 320214 · S2 江阴 320281 · S3 宜兴 320282 · S4 滨湖 320211
///   S5 outside (苏州, not registered: key "name|city") · S6 the grid, 梁溪 320213, energy only
///
///   buyer  supplier  segment     category    万元
///   A      S1        ic-fab-u1   material     400
///   A      S5        ic-fab-u1   material     600   outside
///   A      S6        ic-fab-m2   energy      1000   excluded by default
///   B      S2        ic-fab-u4   equipment    500   江阴
///   B      S5        ic-fab-u1   material     300   outside
///   B      S4        ic-fab-m2   service      200
///   C      S3        ic-fab-m2   component    300   宜兴
///   C      S1        ic-fab-m2   component    100
enum SupplyFixture {
    static let s5 = "苏州恒晶材料|苏州"

    static func wan(_ n: Int64) -> Double { Double(n) * 10_000 }

    static func fact(
        _ buyer: String, _ supplier: String, _ district: String?, _ segment: String,
        _ category: SupplyCategory, _ amountWan: Int64
    ) -> SupplyFact {
        SupplyFact(
            buyer: buyer, supplierKey: supplier, supplierDistrict: district, segment: segment,
            category: category, amount: wan(amountWan))
    }

    static let facts: [SupplyFact] = [
        fact("A", "S1", "320214", "ic-fab-u1", .material, 400),
        fact("A", s5, nil, "ic-fab-u1", .material, 600),
        fact("A", "S6", "320213", "ic-fab-m2", .energy, 1000),
        fact("B", "S2", "320281", "ic-fab-u4", .equipment, 500),
        fact("B", s5, nil, "ic-fab-u1", .material, 300),
        fact("B", "S4", "320211", "ic-fab-m2", .service, 200),
        fact("C", "S3", "320282", "ic-fab-m2", .component, 300),
        fact("C", "S1", "320214", "ic-fab-m2", .component, 100),
    ]
}

func approx(_ a: Double?, _ b: Double, within e: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) < e
}
