import Testing

@testable import ChainLeadCore

/// The financing whitelist's derivation (Policy S5) on a hand-built supply network.
@Suite struct WhitelistTests {
    // Leaders L1 (buys 100,000,000 in the year) and L2 (buys 20,000,000).
    // A: 6% of L1 → core by share. B: 12,000,000 from L1 (12%) → core. C: 3% of L1 and 4,000,000 → not core.
    // D: 2,000,000 from L2 = 10% → core by share. E: core of L1 (8%) but dishonest. F: core of L2 (50%), debt 80%.
    // G: core of L1 (20,000,000) with no figures. L2 is also L1's supplier at 5%: listed once, as a leader.
    let facts = WhitelistFacts(
        leaders: ["L1", "L2"],
        localPurchases: [
            .init(buyer: "L1", supplier: "A", amount: 6_000_000), .init(buyer: "L1", supplier: "B", amount: 12_000_000),
            .init(buyer: "L1", supplier: "C", amount: 3_000_000), .init(buyer: "L2", supplier: "C", amount: 400_000),
            .init(buyer: "L2", supplier: "D", amount: 2_000_000), .init(buyer: "L1", supplier: "E", amount: 8_000_000),
            .init(buyer: "L2", supplier: "F", amount: 10_000_000), .init(buyer: "L1", supplier: "G", amount: 20_000_000),
            .init(buyer: "L1", supplier: "L2", amount: 5_000_000), .init(buyer: "X", supplier: "H", amount: 90_000_000),
        ],
        leaderTotals: ["L1": 100_000_000, "L2": 20_000_000],
        balances: [
            "L1": .init(totalAssets: 1_000, totalLiabilities: 500), "L2": .init(totalAssets: 1_000, totalLiabilities: 700),
            "A": .init(totalAssets: 100, totalLiabilities: 70), "B": .init(totalAssets: 100, totalLiabilities: 10),
            "D": .init(totalAssets: 100, totalLiabilities: 60), "E": .init(totalAssets: 100, totalLiabilities: 10),
            "F": .init(totalAssets: 100, totalLiabilities: 80),
        ],
        dishonest: ["E"])

    @Test func leadersAndTheirCoreSuppliersWithTheReasonEachIsOutside() throws {
        // act
        let list = Whitelist.derive(facts)
        let by = Dictionary(uniqueKeysWithValues: list.map { ($0.enterprise, $0) })
        // check: who is a candidate
        #expect(list.map(\.enterprise) == ["L1", "L2", "A", "B", "D", "E", "F", "G"])
        #expect(by["C"] == nil && by["H"] == nil)
        #expect(by["L2"]?.basis == .leader && by["L2"]?.of == ["L1"])
        #expect(by["A"]?.basis == .coreSupplier && by["A"]?.of == ["L1"] && by["A"]?.share == 0.06)
        #expect(by["B"]?.amount == 12_000_000)
        #expect(by["D"]?.of == ["L2"] && by["D"]?.share == 0.1)
        // check: who is filtered, and why (70% exactly is allowed)
        #expect(by["L1"]?.included == true && by["L2"]?.included == true && by["A"]?.included == true)
        #expect(by["E"]?.excludedBecause?.rule == "dishonest")
        #expect(by["F"]?.excludedBecause == WhitelistExclusion(rule: "debt-ratio", reason: "资产负债率80%，高于70%"))
        #expect(by["G"]?.excludedBecause?.rule == "no-figures")
    }

    @Test func theRulesAreSettings() {
        // act: a 10% share or 15,000,000; no debt ratio; figures not required
        let list = Whitelist.derive(
            facts, rules: WhitelistRules(minShare: 0.10, minAmount: 15_000_000, maxDebtRatio: nil, requireFigures: false))
        // check
        #expect(list.map(\.enterprise) == ["L1", "L2", "B", "D", "F", "G"])
        #expect(list.filter { !$0.included }.map(\.enterprise) == [])
    }

    @Test func quartersReadAndOrder() throws {
        let q = try #require(Quarter("2026q4"))
        #expect(q.description == "2026Q4" && q.dataYear == 2025)
        #expect(Quarter("2026Q5") == nil && Quarter("26Q1") == nil && Quarter("2026-4") == nil)
        #expect(try #require(Quarter("2026Q1")) < q)
    }
}
