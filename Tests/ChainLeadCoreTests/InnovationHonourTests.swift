import Testing

@testable import ChainLeadCore

@Suite(.tags(.g3, .s4)) struct HonourFirstTimeTests {
    let champion = HonourKind(code: "single-champion", name: "单项冠军", nameEn: "Single champion", level: .national, validityYears: 3)
    let product = HonourKind(
        code: "single-champion-product", name: "单项冠军产品", nameEn: "Single champion product", level: .national, validityYears: 3,
        perProduct: true)

    @Test func theFirstGrantOfAKindIsFirstTimeAndTheSecondIsNot() {
        let first = HonourGrant(kind: champion.code, year: 2022)
        #expect(FirstTime.isFirstTime(first, held: [], kind: champion))
        #expect(!FirstTime.isFirstTime(HonourGrant(kind: champion.code, year: 2025), held: [first], kind: champion))
        // another kind held before does not count
        #expect(FirstTime.isFirstTime(first, held: [HonourGrant(kind: "little-giant", year: 2019)], kind: champion))
    }

    @Test func aLapsedAndReGrantedHonourIsFirstTimeOnlyWhenTheKindSaysSo() {
        // 2018 grant valid 3 years: to 2020-12-31; re-granted 2024
        let old = HonourGrant(kind: champion.code, year: 2018)
        let again = HonourGrant(kind: champion.code, year: 2024)
        #expect(!FirstTime.isFirstTime(again, held: [old], kind: champion))
        var lapseCounts = champion
        lapseCounts.firstAfterLapse = true
        #expect(FirstTime.isFirstTime(again, held: [old], kind: lapseCounts))
        // still valid when re-granted: not first-time, whatever the rule
        #expect(!FirstTime.isFirstTime(HonourGrant(kind: champion.code, year: 2020), held: [old], kind: lapseCounts))
        // a recorded end date wins over the validity
        let short = HonourGrant(kind: champion.code, year: 2018, validUntil: SimpleDate(iso: "2019-06-30"))
        #expect(FirstTime.isFirstTime(HonourGrant(kind: champion.code, year: 2020), held: [short], kind: lapseCounts))
    }

    @Test func productLevelGrantsAreFirstTimePerProduct() {
        let bearings = HonourGrant(kind: product.code, product: "高端 轴承", year: 2021)
        #expect(FirstTime.isFirstTime(HonourGrant(kind: product.code, product: "精密齿轮", year: 2024), held: [bearings], kind: product))
        #expect(!FirstTime.isFirstTime(HonourGrant(kind: product.code, product: "高端轴承", year: 2024), held: [bearings], kind: product))
    }

    @Test func aHugeValidityNeverTraps() {
        var odd = champion
        odd.validityYears = Int.max
        #expect(HonourGrant(kind: odd.code, year: 2020).lastDay(odd) == nil)
    }

    @Test func rewardsMoveForwardOrAreWithdrawnButNeverBack() {
        #expect(RewardStatus.pending.canMove(to: .confirmed))
        #expect(RewardStatus.confirmed.canMove(to: .noticed))
        #expect(RewardStatus.noticed.canMove(to: .paid))
        #expect(RewardStatus.noticed.canMove(to: .withdrawn))
        #expect(!RewardStatus.pending.canMove(to: .paid))
        #expect(!RewardStatus.paid.canMove(to: .withdrawn))
        #expect(!RewardStatus.withdrawn.canMove(to: .pending))
        #expect(RewardStatus.allCases.map(\.nameZh) == ["待确认", "已确认", "已公示", "已兑现", "已撤回"])
    }

    @Test func recordedCountsReplaceWhatAFirmDeclaredOnlyWhereThereAreRecords() {
        // setup
        let declared = ["honours": 7.0, "standards": 3, "patents": 12]
        // act
        let merged = EvidenceRecords(honours: 2, platforms: 1, standards: 0).merged(declared: declared)
        // check: honours and platforms from the records, standards and patents as declared
        #expect(merged == ["honours": 2, "platforms": 1, "standards": 3, "patents": 12])
        #expect(EvidenceRecords().merged(declared: declared) == declared)
    }

    @Test func innovationPlatformsAreTheCentresAndLaboratories() {
        let platforms = HonourKind.defaults.filter(\.isPlatform).map(\.code)
        #expect(platforms.contains("tech-centre-national") && platforms.contains("key-lab-provincial"))
        #expect(!platforms.contains("single-champion") && !platforms.contains("little-giant"))
        #expect(platforms.count == 10)
    }
}
