import Testing

@testable import ChainLeadCore

@Suite(.tags(.l2)) struct HHITests {
    @Test(
        arguments: [
            ([], 0),
            ([0, 0], 0),
            ([100], 10_000),
            ([50, 50], 5_000),
            ([1, 1, 1, 1], 2_500),
            ([60, 30, 10], 4_600),  // 3600 + 900 + 100
            ([100, -50], 10_000),  // a return is not a share
        ] as [([Int64], Double)])
    func index(amounts: [Int64], expected: Double) {
        #expect(approx(HHI.index(amounts), expected))
    }

    @Test func theSameWhateverTheOrder() {
        // setup: amounts whose shares do not sum exactly in floating point
        let amounts: [Int64] = [7_919, 104_729, 3, 1_299_709, 15_485_863, 32_452_843, 49_979_687, 17, 86_028_121]
        let first = HHI.index(amounts)
        // act + check: rows from several shards, or a dictionary's values, come in any order
        for _ in 0..<50 { #expect(HHI.index(amounts.shuffled()) == first) }
    }
}

@Suite(.tags(.l2)) struct SegmentStatusTests {
    let rule = SegmentStatusRule()

    @Test func namesAndDefaults() {
        #expect(SegmentStatus.allCases.map(\.nameZh) == ["缺失", "薄弱", "集中", "较强"])
        #expect(rule.weakLocalShare == 0.30)
        #expect(rule.concentratedHHI == 2500)
    }

    @Test func noLocalFirmIsMissingWhateverTheFigures() {
        #expect(rule.classify(localFirms: 0, localShare: 0.9, localSupplyHHI: 1000) == .missing)
    }

    @Test func oneLocalFirmIsWeakEvenWithAHighShare() {
        #expect(rule.classify(localFirms: 1, localShare: 0.8, localSupplyHHI: 10_000) == .weak)
    }

    @Test func aLowShareIsWeakAndBeatsConcentrated() {
        #expect(rule.classify(localFirms: 2, localShare: 0.2, localSupplyHHI: nil) == .weak)
        #expect(rule.classify(localFirms: 2, localShare: 0.2, localSupplyHHI: 5000) == .weak)
        #expect(rule.classify(localFirms: 2, localShare: 0.30, localSupplyHHI: nil) == .strong)  // not below
    }

    @Test func unknownShareIsNotWeak() {
        #expect(rule.classify(localFirms: 2, localShare: nil, localSupplyHHI: nil) == .strong)
    }

    @Test func highHHIIsConcentrated() {
        #expect(rule.classify(localFirms: 3, localShare: 0.6, localSupplyHHI: 5000) == .concentrated)
        #expect(rule.classify(localFirms: 3, localShare: 0.6, localSupplyHHI: 2500) == .strong)  // not above
        #expect(rule.classify(localFirms: 3, localShare: 0.6, localSupplyHHI: 2500.1) == .concentrated)
    }

    @Test func rulesCanBeTuned() {
        let strict = SegmentStatusRule(weakLocalShare: 0.5, concentratedHHI: 4000)
        #expect(strict.classify(localFirms: 3, localShare: 0.45, localSupplyHHI: nil) == .weak)
        #expect(strict.classify(localFirms: 3, localShare: 0.6, localSupplyHHI: 3888) == .strong)
    }

    @Test func fixtureSegments() throws {
        // act
        let s = SegmentSupply.summarise(SupplyFixture.facts)
        // check: m2 local supply S4 200, S3 300, S1 100 → shares ⅓, ½, ⅙ → 1111.1 + 2500 + 277.8 = 3888.9
        let m2 = try #require(s["ic-fab-m2"])
        #expect(m2.figures.amountRate == 1)
        #expect(approx(m2.localSupplyHHI, 35_000.0 / 9.0))
        #expect(rule.classify(localFirms: 3, localShare: m2.figures.amountRate, localSupplyHHI: m2.localSupplyHHI) == .concentrated)
        // u1: one local supplier (S1) of 400 in 1300 → HHI 10000, share 30.8%
        let u1 = try #require(s["ic-fab-u1"])
        #expect(u1.localSupplyHHI == 10_000)
        #expect(approx(u1.figures.amountRate, 4.0 / 13.0))
        #expect(rule.classify(localFirms: 1, localShare: u1.figures.amountRate, localSupplyHHI: u1.localSupplyHHI) == .weak)
    }

    @Test func fixtureSegmentsWithoutTheCountyLevelCities() throws {
        // act
        let s = SegmentSupply.summarise(SupplyFixture.facts, scope: .withoutCountyLevelCities)
        // check: u4's only supplier is in 江阴 → no local supply; m2 local S4 200, S1 100 → 4444.4 + 1111.1
        #expect(s["ic-fab-u4"]?.figures.amountRate == 0)
        #expect(s["ic-fab-u4"]?.localSupplyHHI == nil)
        #expect(approx(s["ic-fab-m2"]?.localSupplyHHI, 50_000.0 / 9.0))
        #expect(s["ic-fab-m2"]?.figures.amountRate == 0.5)
    }
}
