import Foundation
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

/// Hints for firms close to the national thresholds (Policy S3).
@Suite struct HonourHintTests {
    let rules = HonourHintRules()

    func figures(_ revenues: [Int64], rd: [Int64]) -> [Int: HintFigures] {
        Dictionary(
            uniqueKeysWithValues: zip(revenues, rd).enumerated().map { i, f in (2023 + i, HintFigures(revenue: f.0, rdExpense: f.1)) })
    }

    @Test func aGrowingResearchingMidSizeFirmMeetsTheLittleGiantThresholds() {
        // setup: 2023–2025 revenue 1.0, 1.1, 1.2 亿; R&D 4% in the last two years
        let f = figures([100_000_000, 110_000_000, 120_000_000], rd: [3_000_000, 4_400_000, 4_800_000])
        // act
        let hint = HonourHints.evaluate(kind: "little-giant", figures: f, year: 2026, holdsLittleGiant: false, rules: rules)
        // check
        #expect(hint?.status == .meets)
        #expect(hint?.criteria.map(\.code) == ["years", "sme", "growth", "rdIntensity"])
    }

    @Test func oneCriterionShortByLessThanAFifthIsCloseAndMoreIsNothing() {
        // setup: R&D 2.5% (of 3%) → close; R&D 2% → not listed; two criteria short → not listed
        let close = figures([100_000_000, 110_000_000, 120_000_000], rd: [3_000_000, 2_750_000, 3_000_000])
        let far = figures([100_000_000, 110_000_000, 120_000_000], rd: [3_000_000, 2_200_000, 2_400_000])
        let twoShort = figures([120_000_000, 120_000_000, 120_000_000], rd: [3_000_000, 2_750_000, 3_000_000])
        // act / check
        let hint = HonourHints.evaluate(kind: "little-giant", figures: close, year: 2026, holdsLittleGiant: false, rules: rules)
        #expect(hint?.status == .close)
        #expect(hint?.criteria.first { !$0.met }?.code == "rdIntensity")
        #expect(HonourHints.evaluate(kind: "little-giant", figures: far, year: 2026, holdsLittleGiant: false, rules: rules) == nil)
        #expect(HonourHints.evaluate(kind: "little-giant", figures: twoShort, year: 2026, holdsLittleGiant: false, rules: rules) == nil)
    }

    @Test func aChampionHintWantsRevenueResearchAndTheLittleGiantHonour() {
        let big = figures([500_000_000, 550_000_000, 600_000_000], rd: [20_000_000, 22_000_000, 24_000_000])
        #expect(
            HonourHints.evaluate(kind: "single-champion", figures: big, year: 2026, holdsLittleGiant: true, rules: rules)?.status == .meets)
        // without the little-giant honour one criterion is missed entirely: not close
        #expect(HonourHints.evaluate(kind: "single-champion", figures: big, year: 2026, holdsLittleGiant: false, rules: rules) == nil)
        var lenient = rules
        lenient.championNeedsLittleGiant = false
        #expect(
            HonourHints.evaluate(kind: "single-champion", figures: big, year: 2026, holdsLittleGiant: false, rules: lenient)?.status
                == .meets)
    }

    @Test func missingOrExtremeFiguresNeverTrapAndNeverPass() {
        let missing = [2025: HintFigures(revenue: 200_000_000, rdExpense: nil)]
        #expect(HonourHints.evaluate(kind: "little-giant", figures: missing, year: 2026, holdsLittleGiant: false, rules: rules) == nil)
        let extreme = figures([Int64.max, Int64.max, Int64.max], rd: [Int64.max, Int64.min, 0])
        #expect(HonourHints.evaluate(kind: "single-champion", figures: extreme, year: 2026, holdsLittleGiant: true, rules: rules) == nil)
        #expect(HonourHints.evaluate(kind: "brand", figures: extreme, year: 2026, holdsLittleGiant: true, rules: rules) == nil)
    }

    @Test func rulesFromAFileKeepDefaultsForWhatItLeavesOutAndNameBadValues() throws {
        let partial = try JSONDecoder().decode(HonourHintRules.self, from: Data(#"{"littleGiantRdHigh":0.04,"closeness":0.9}"#.utf8))
        #expect(partial.littleGiantRdHigh == 0.04 && partial.closeness == 0.9 && partial.smeMaxRevenue == 400_000_000)
        #expect(partial.problems.isEmpty)
        let bad = try JSONDecoder().decode(HonourHintRules.self, from: Data(#"{"closeness":3,"smeMaxRevenue":-1}"#.utf8))
        #expect(bad.problems.count == 2)
    }
}
