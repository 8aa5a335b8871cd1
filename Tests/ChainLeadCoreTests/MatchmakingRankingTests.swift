import Testing

@testable import ChainLeadCore

/// Ranking possible suppliers of a demand (Policy L3) on small hand-built sets.
@Suite struct MatchmakingRankingTests {
    let demand = DemandFacts(
        segment: "ic-fab-u3", text: "12英寸晶圆清洗设备 湿法清洗机 年需求20台", certifications: ["ISO9001", "SEMI S2"], preferLocal: true)

    @Test func chineseTextIsReadAsCharacterBigramsAndWholeLatinWords() {
        #expect(TextSimilarity.terms("晶圆清洗") == ["晶圆", "圆清", "清洗"])
        #expect(TextSimilarity.terms("SEMI S2认证") == ["semi", "s2", "认证"])
        #expect(TextSimilarity.terms("泵") == ["泵"])
        let s = TextSimilarity.scores(query: "晶圆清洗设备", documents: ["湿法晶圆清洗设备制造", "汽车座椅面料", ""])
        #expect(s[0] > 0.4 && s[1] == 0 && s[2] == 0)
    }

    @Test func aClearlyBetterCandidateRanksFirstWithItsReasons() {
        // setup: one firm in the segment, making cleaning equipment, certified, local; one far off
        let good = CandidateFacts(
            enterprise: "A", name: "甲清洗设备", local: true, inSegment: true, text: "半导体湿法清洗设备 晶圆清洗机",
            certifications: ["ISO9001", "SEMI S2"], tier: .backbone, otherLeaders: 2, otherLeadersAmount: 35_000_000, capacity: "年产50台")
        let poor = CandidateFacts(enterprise: "B", name: "乙纺织", local: true, text: "纺织面料 服装辅料")
        // act
        let ranked = CandidateRanking.rank(demand, [poor, good])
        // check
        #expect(ranked.map(\.enterprise) == ["A", "B"])
        let reasons = ranked[0].reasons
        #expect(reasons.contains("属于所需环节"))
        #expect(reasons.contains { $0.hasPrefix("产品与需求描述相近") })
        #expect(reasons.contains("具备所需全部资质（ISO9001、SEMI S2）"))
        #expect(reasons.contains("本地企业") && reasons.contains("入库梯队：骨干企业"))
        #expect(reasons.contains("已为其他链主企业供货"))
        #expect(!reasons.joined().contains("3,500"))
        #expect(ranked[1].reasons == ["本地企业"])
    }

    @Test func anOutsideSupplierRanksBelowAnOtherwiseEqualLocalOne() {
        let local = CandidateFacts(enterprise: "L", name: "本地厂", local: true, inSegment: true, text: "晶圆清洗设备")
        var outside = local
        outside.enterprise = "O"
        outside.name = "外地厂"
        outside.local = false
        let ranked = CandidateRanking.rank(demand, [outside, local])
        #expect(ranked.map(\.enterprise) == ["L", "O"])
        #expect(ranked[0].score > ranked[1].score)
        #expect(!ranked[1].reasons.contains("本地企业"))
    }

    @Test func aFirmAlreadySupplyingTheBuyerIsMarkedAndOfficialsSeeTheEvidence() {
        let supplier = CandidateFacts(
            enterprise: "S", name: "丙设备", local: true, inSegment: true, text: "清洗设备", otherLeaders: 4, otherLeadersAmount: 12_345_678,
            alreadySupplies: true)
        let forBuyer = CandidateRanking.rank(demand, [supplier])[0]
        let forOfficial = CandidateRanking.rank(demand, [supplier], forOfficial: true)[0]
        #expect(forBuyer.alreadySupplies && forBuyer.reasons.contains("已是该企业的供应商"))
        #expect(forBuyer.reasons.contains("已为其他链主企业供货"))
        #expect(forOfficial.reasons.contains("已为4家链主企业供货（合计1,235万元）"))
        #expect(forBuyer.score == forOfficial.score)
    }

    @Test func scoresStayWithinAHundredAndTiesAreStable() {
        let best = CandidateFacts(
            enterprise: "X", name: "同名", local: true, inSegment: true, text: demand.text, certifications: demand.certifications,
            tier: .leader,
            otherLeaders: 99, otherLeadersAmount: .max, pastDeals: 99, capacity: "充足")
        var twin = best
        twin.enterprise = "W"
        let ranked = CandidateRanking.rank(demand, [best, twin])
        #expect(ranked.allSatisfy { $0.score <= 100 && $0.score > 90 })
        #expect(ranked.map(\.enterprise) == ["W", "X"])
        #expect(CandidateRanking.rank(DemandFacts(segment: nil, text: ""), [best]).count == 1)
    }
}

/// Term vectors and the ranking's limit (what `bench matching` measures) keep the same answers.
@Suite struct MatchmakingTermVectorTests {
    @Test func aTermVectorCountsTheTermsTheTextHolds() {
        // setup
        let text = "晶圆清洗 SEMI S2 晶圆 泵"
        // act
        let v = TermVector(text)
        // check: 晶圆 twice, 圆清, 清洗, semi, s2, 泵 — as `terms` reads them
        #expect(v.ids.count == Set(TextSimilarity.terms(text)).count)
        #expect(v.counts.reduce(0, +) == Int32(TextSimilarity.terms(text).count))
        #expect(v.count(of: TermVector("晶圆").ids[0]) == 2)
        #expect(v.count(of: TermVector("SEMI").ids[0]) == 1 && v.count(of: TermVector("semi").ids[0]) == 1)
        #expect(v.count(of: TermVector("碳化").ids[0]) == 0)
        #expect(TermVector("").isEmpty && TermVector("a").isEmpty)
    }

    @Test func aLimitedRankingIsThePrefixOfTheFullOne() {
        // setup: forty firms with overlapping texts and many equal scores
        let words = ["晶圆", "清洗", "设备", "伺服", "电机", "轴承", "芯片", "封装"]
        let firms = (0..<40).map { i in
            CandidateFacts(
                enterprise: String(format: "F%02d", i), name: "企业\(i % 7)", local: i % 3 != 0, inSegment: i % 5 == 0,
                text: (0..<(i % 4 + 1)).map { words[($0 * 3 + i) % words.count] }.joined(), tier: Tier.allCases[i % 5])
        }
        let demand = DemandFacts(segment: "s", text: "晶圆清洗设备")
        // act
        let full = CandidateRanking.rank(demand, firms)
        let top = CandidateRanking.rank(demand, firms, limit: 10)
        var stored = firms
        for i in stored.indices { stored[i].terms = TermVector(stored[i].text) }
        let fromVectors = CandidateRanking.rank(demand, stored, limit: 10)
        // check
        #expect(top == Array(full.prefix(10)))
        #expect(fromVectors == top)
    }
}
