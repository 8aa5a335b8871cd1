import Testing

@testable import ChainLeadCore

@Suite(.tags(.g5)) struct SupportingRateTests {
    let facts = SupplyFixture.facts
    let wan = SupplyFixture.wan

    @Test func wholeCityWithoutEnergy() {
        // act
        let r = SupportingRate.compute(facts)
        // check: total 400+600+500+300+200+300+100 = 2400; local all but S5 = 1500 → 62.5%;
        // suppliers S1..S5 (S6 only sells energy) = 5, local 4 → 80%
        #expect(r == RateFigures(localAmount: wan(1500), totalAmount: wan(2400), localSuppliers: 4, suppliers: 5))
        #expect(r.amountRate == 0.625)
        #expect(r.countRate == 0.8)
        #expect(r.meetsTarget == true)
    }

    @Test func withoutTheCountyLevelCities() {
        // act: 江阴 (S2, 500) and 宜兴 (S3, 300) are no longer local
        let r = SupportingRate.compute(facts, scope: .withoutCountyLevelCities)
        // check: local 400+200+100 = 700 of 2400 → 29.17%; local suppliers S1, S4 → 2 of 5
        #expect(r == RateFigures(localAmount: wan(700), totalAmount: wan(2400), localSuppliers: 2, suppliers: 5))
        #expect(approx(r.amountRate, 7.0 / 24.0))
        #expect(r.countRate == 0.4)
        #expect(r.meetsTarget == false)
        #expect(!SupportingRateScope.withoutCountyLevelCities.localDistricts.contains("320281"))
        #expect(!SupportingRateScope.withoutCountyLevelCities.localDistricts.contains("320282"))
        #expect(SupportingRateScope.withoutCountyLevelCities.localDistricts.count == 6)
    }

    @Test func energyCountsWhenNotExcluded() {
        // act
        let r = SupportingRate.compute(facts, scope: SupportingRateScope(excludedCategories: []))
        // check: + S6 1000 local → 2500 of 3400; suppliers 6, local 5
        #expect(r == RateFigures(localAmount: wan(2500), totalAmount: wan(3400), localSuppliers: 5, suppliers: 6))
    }

    @Test func excludingMoreCategoriesLeavesBothRates() {
        // act: services too (S4's 200) → 1300 of 2200; S4 leaves the supplier count
        let r = SupportingRate.compute(facts, scope: SupportingRateScope(excludedCategories: [.energy, .service]))
        // check
        #expect(r == RateFigures(localAmount: wan(1300), totalAmount: wan(2200), localSuppliers: 3, suppliers: 4))
    }

    @Test func outsideAndUnmatchedSuppliersAreNotLocal() {
        // setup: a registered firm in 苏州 (district code outside the city) and an unmatched name
        let more =
            facts + [
                SupplyFixture.fact("A", "91320505MA1X2Y3W4A", "320505", "ic-fab-u1", .material, 100),
                SupplyFixture.fact("C", "某某电子|上海", nil, "ic-fab-u1", .material, 100),
            ]
        // act
        let r = SupportingRate.compute(more)
        // check: 1500 of 2600; 7 suppliers, still 4 local
        #expect(r == RateFigures(localAmount: wan(1500), totalAmount: wan(2600), localSuppliers: 4, suppliers: 7))
    }

    @Test func aSupplierIsCountedOnceAcrossBuyersAndSegments() {
        // S1 sells to A (u1) and C (m2); S5 to A and B
        let r = SupportingRate.compute(facts.filter { $0.supplierKey == "S1" || $0.supplierKey == SupplyFixture.s5 })
        #expect(r.suppliers == 2)
        #expect(r.localSuppliers == 1)
    }

    @Test func nothingBoughtIsUnknownNotZero() {
        let r = SupportingRate.compute([SupplyFact]())
        #expect(r == RateFigures())
        #expect(r.amountRate == nil)
        #expect(r.countRate == nil)
        #expect(r.meetsTarget == nil)
        // energy only: still nothing counted
        #expect(SupportingRate.compute(facts.filter { $0.category == .energy }).amountRate == nil)
    }

    @Test func targetIsStrictlyAboveHalf() {
        #expect(RateFigures(localAmount: 50, totalAmount: 100).meetsTarget == false)
        #expect(RateFigures(localAmount: 51, totalAmount: 100).meetsTarget == true)
    }

    @Test func perSegment() throws {
        // act
        let s = SupportingRate.bySegment(facts)
        // check: u1 400 of 1300; u4 500 of 500; m2 600 of 600 (energy left out)
        #expect(s["ic-fab-u1"] == RateFigures(localAmount: wan(400), totalAmount: wan(1300), localSuppliers: 1, suppliers: 2))
        #expect(s["ic-fab-u4"]?.amountRate == 1)
        #expect(s["ic-fab-m2"] == RateFigures(localAmount: wan(600), totalAmount: wan(600), localSuppliers: 3, suppliers: 3))
    }

    @Test func scopeDescribesItself() {
        #expect(SupportingRateScope.wholeCity.descriptionZh == "本地：全市8个区（市）；不计：能源")
        #expect(SupportingRateScope.withoutCountyLevelCities.descriptionZh == "本地：6个区（市），不含江阴市、宜兴市；不计：能源")
        #expect(SupportingRateScope(excludedCategories: [], localDistricts: []).descriptionZh == "本地：无；不计：无")
    }
}
