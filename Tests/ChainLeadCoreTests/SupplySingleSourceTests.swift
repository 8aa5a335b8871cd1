import Testing

@testable import ChainLeadCore

@Suite(.tags(.l3)) struct SingleSourceTests {
    let local = Set(District.all.map(\.code))

    @Test func theFixturesOutsideSupplierCarriesBuyerA() throws {
        // setup: A buys u1 from S1 (400) and S5 (600, outside); its m2 is energy only
        let a = SupplyFixture.facts.filter { $0.buyer == "A" }
        // act
        let flags = SingleSource.flags(a, localDistricts: local)
        // check: S5 has 60% of u1; the grid's 100% of m2 is not a chain risk
        #expect(flags == [SingleSourceFlag(buyer: "A", segment: "ic-fab-u1", supplierKey: SupplyFixture.s5, share: 0.6, isOutside: true)])
    }

    @Test func energyFlagsWhenNotExcluded() {
        let a = SupplyFixture.facts.filter { $0.buyer == "A" }
        let flags = SingleSource.flags(a, localDistricts: local, excludedCategories: [])
        #expect(flags.map(\.segment) == ["ic-fab-m2", "ic-fab-u1"])
        #expect(flags.first?.isOutside == false)
        #expect(flags.first?.share == 1)
    }

    @Test func exactlyHalfIsNotFlagged() {
        // setup
        let half = [
            SupplyFact(buyer: "A", supplierKey: "X", supplierDistrict: "320214", segment: "s", category: .component, amount: 500),
            SupplyFact(buyer: "A", supplierKey: "Y", supplierDistrict: nil, segment: "s", category: .component, amount: 500),
        ]
        // act + check
        #expect(SingleSource.flags(half, localDistricts: local).isEmpty)
    }

    @Test func justOverHalfIsFlagged() {
        // setup: X 501 of 1000 = 50.1%
        let facts = [
            SupplyFact(buyer: "A", supplierKey: "X", supplierDistrict: "320214", segment: "s", category: .component, amount: 301),
            SupplyFact(buyer: "A", supplierKey: "X", supplierDistrict: "320214", segment: "s", category: .material, amount: 200),
            SupplyFact(buyer: "A", supplierKey: "Y", supplierDistrict: nil, segment: "s", category: .component, amount: 499),
        ]
        // act
        let flags = SingleSource.flags(facts, localDistricts: local)
        // check
        #expect(flags.count == 1)
        #expect(flags.first?.supplierKey == "X")
        #expect(approx(flags.first?.share, 0.501))
        #expect(flags.first?.isOutside == false)
    }

    @Test func thresholdAndLocalDistrictsAreOptions() {
        // setup: B buys each segment from one supplier; u4's S2 is in 江阴, local for the city only
        let b = SupplyFixture.facts.filter { $0.buyer == "B" }
        let urban = SupportingRateScope.withoutCountyLevelCities.localDistricts
        // act
        let flags = SingleSource.flags(b, threshold: 0.9, localDistricts: urban)
        // check: sorted by segment
        #expect(
            flags == [
                SingleSourceFlag(buyer: "B", segment: "ic-fab-m2", supplierKey: "S4", share: 1, isOutside: false),
                SingleSourceFlag(buyer: "B", segment: "ic-fab-u1", supplierKey: SupplyFixture.s5, share: 1, isOutside: true),
                SingleSourceFlag(buyer: "B", segment: "ic-fab-u4", supplierKey: "S2", share: 1, isOutside: true),
            ])
        #expect(SingleSource.flags(b, localDistricts: local).map(\.isOutside) == [false, true, false])
        // A's 60% is under a 0.6 threshold (not more than it)
        #expect(SingleSource.flags(SupplyFixture.facts.filter { $0.buyer == "A" }, threshold: 0.6, localDistricts: local).isEmpty)
    }

    @Test func buyersAreKeptApart() {
        // u1: A buys 60% from S5, B buys 100% from S5 — together S5 would be 900 of 1300
        let u1 = SupplyFixture.facts.filter { $0.segment == "ic-fab-u1" }
        let flags = SingleSource.flags(u1, localDistricts: local)
        #expect(flags.map(\.buyer) == ["A", "B"])
        #expect(flags.map(\.share) == [0.6, 1])
    }

    @Test func perSegmentHHI() {
        // A's u1: 40% / 60% → 1600 + 3600; C's m2: 75% / 25% → 5625 + 625
        let a = SingleSource.segmentHHI(SupplyFixture.facts.filter { $0.buyer == "A" })
        #expect(approx(a["ic-fab-u1"], 5200))
        #expect(a["ic-fab-m2"] == nil)  // energy only
        let c = SingleSource.segmentHHI(SupplyFixture.facts.filter { $0.buyer == "C" })
        #expect(approx(c["ic-fab-m2"], 6250))
    }
}
