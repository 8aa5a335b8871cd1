import Foundation
import Testing

@testable import ChainLeadCore

@Suite(.tags(.g5)) struct SupplyCategoryTests {
    @Test func sixCategoriesWithChineseNames() {
        #expect(SupplyCategory.allCases.map(\.rawValue) == ["material", "component", "equipment", "service", "energy", "logistics"])
        #expect(SupplyCategory.allCases.map(\.nameZh) == ["原材料", "零部件", "设备", "服务", "能源", "物流"])
    }

    @Test func factsRoundTripThroughJSON() throws {
        let fact = SupplyFixture.facts[1]
        let back = try JSONDecoder().decode(SupplyFact.self, from: JSONEncoder().encode(fact))
        #expect(back == fact)
        #expect(back.supplierDistrict == nil)
    }

    @Test func localMeansADistrictInTheSet() {
        let (a, outside) = (SupplyFixture.facts[0], SupplyFixture.facts[1])
        #expect(a.isLocal(in: ["320214"]))
        #expect(!a.isLocal(in: ["320281"]))
        #expect(!outside.isLocal(in: Set(District.all.map(\.code))))
    }
}
