import Testing

@testable import ChainLeadCore

@Suite(.tags(.l2)) struct LeadRankingTests {
    let wan = SupplyFixture.wan

    @Test func outsideSuppliersInGapSegments() {
        // act: u1 is weak (one local firm); u4 and m2 are not gaps
        let leads = LeadRanking.rank(SupplyFixture.facts, gapSegments: ["ic-fab-u1"])
        // check: S5 sold 600 to A and 300 to B in u1; S1 is local, so no lead
        #expect(
            leads == [
                LeadCandidate(
                    supplierKey: SupplyFixture.s5, amount: wan(900), buyers: 2, segments: ["ic-fab-u1"], score: 1,
                    evidenceZh: "链主企业2家在缺失/薄弱环节采购合计900万元（1个环节）")
            ])
    }

    @Test func narrowerLocalScopeMakesMoreLeads() {
        // act: without 江阴/宜兴, S2 (江阴, u4 500) and S3 (宜兴, m2 300) are outside
        let leads = LeadRanking.rank(
            SupplyFixture.facts, gapSegments: ["ic-fab-u1", "ic-fab-u4", "ic-fab-m2"],
            scope: .withoutCountyLevelCities)
        // check: 900 + 500 + 300 = 1700; the grid (S6, energy) is never a lead
        #expect(leads.map(\.supplierKey) == [SupplyFixture.s5, "S2", "S3"])
        #expect(leads.map(\.amount) == [wan(900), wan(500), wan(300)])
        #expect(approx(leads[0].score, 9.0 / 17.0))
        #expect(!leads.contains { $0.supplierKey == "S6" })
    }

    @Test func tiesGoToMoreBuyersThenTheKey() {
        // setup: W 200 from one buyer; X 100 from one; Y and Z 100 from two each; V in a non-gap segment
        func f(_ buyer: String, _ key: String, _ amount: Double, _ segment: String = "gap") -> SupplyFact {
            SupplyFact(buyer: buyer, supplierKey: key, supplierDistrict: nil, segment: segment, category: .component, amount: amount)
        }
        let facts = [
            f("A", "X", 100), f("A", "Z", 50), f("B", "Z", 50), f("B", "Y", 60), f("C", "Y", 40),
            f("C", "W", 200), f("A", "V", 1000, "other"),
        ]
        // act
        let leads = LeadRanking.rank(facts.reversed(), gapSegments: ["gap"])
        // check
        #expect(leads.map(\.supplierKey) == ["W", "Y", "Z", "X"])
        #expect(leads.map(\.buyers) == [1, 2, 2, 1])
        #expect(leads.map(\.score) == [0.4, 0.2, 0.2, 0.2])
    }

    @Test func evidenceInYi() {
        // setup: three leaders buy 1.2亿 in two gap segments from one outside firm
        let facts = [
            SupplyFact(buyer: "A", supplierKey: "O", supplierDistrict: "310115", segment: "s1", category: .equipment, amount: 50_000_000),
            SupplyFact(buyer: "B", supplierKey: "O", supplierDistrict: "310115", segment: "s2", category: .equipment, amount: 40_000_000),
            SupplyFact(buyer: "C", supplierKey: "O", supplierDistrict: "310115", segment: "s2", category: .service, amount: 30_000_000),
        ]
        // act
        let lead = LeadRanking.rank(facts, gapSegments: ["s2", "s1"]).first
        // check
        #expect(lead?.segments == ["s1", "s2"])
        #expect(lead?.evidenceZh == "链主企业3家在缺失/薄弱环节采购合计1.2亿元（2个环节）")
    }

    @Test func noGapsNoLeads() {
        #expect(LeadRanking.rank(SupplyFixture.facts, gapSegments: []).isEmpty)
    }

    @Test(arguments: [
        (0 as Int64, "0元"), (9_999, "9999元"), (10_000, "1万元"), (12_345, "1.23万元"), (10_500, "1.05万元"),
        (56_000, "5.6万元"), (99_999_999, "1亿元"), (120_000_000, "1.2亿元"), (123_456_789, "1.23亿元"),
        (-30_000, "-3万元"),
    ])
    func chineseAmounts(yuan: Int64, text: String) {
        #expect(ChineseAmount.format(yuan) == text)
    }
}
