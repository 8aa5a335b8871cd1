import Testing

@testable import ChainLeadCore

// Policy S2: normalisation within a chain's eligible applicants, explainable scores, ranks, tiers.

private typealias Band = SelectionScheme.Band

/// The standard R&D-intensity bands: 2% → 40, 3% → 70, 5% → 100.
private let rdBands = [Band(0.02, 40), Band(0.03, 70), Band(0.05, 100)]

@Suite(.tags(.s2)) struct SelectionNormaliseTests {
    @Test func minmaxMapsTheKnownRangeOntoZeroToOne() {
        // act
        let n = Normalise.minmax([10, 20, 30, 15])
        // check: min 10, max 30, span 20 → 0/20, 10/20, 20/20, 5/20
        #expect(n == [0, 0.5, 1, 0.25])
    }

    @Test func minmaxGivesOneWhenAllAreEqualOrAlone() {
        // act
        let equal = Normalise.minmax([7, 7, nil, 7])
        let alone = Normalise.minmax([42])
        // check: no span → everyone known gets 1; the missing one stays missing
        #expect(equal == [1, 1, nil, 1])
        #expect(alone == [1])
    }

    @Test func minmaxKeepsMissingAndTreatsNonFiniteAsMissing() {
        // setup
        let values: [Double?] = [nil, 0, .infinity, 50, .nan, 100, -.infinity]
        // act
        let n = Normalise.minmax(values)
        // check: only 0, 50, 100 count → 0, 0.5, 1; the infinities do not stretch the range
        #expect(n == [nil, 0, nil, 0.5, nil, 1, nil])
        #expect(Normalise.minmax([nil, .nan]) == [nil, nil])
        #expect(Normalise.minmax([]) == [])
    }

    @Test func percentileIsTheShareOfOthersStrictlyBelowAndTiesShare() {
        // act
        let n = Normalise.percentile([10, 20, 20, 30])
        // check: 3 others each; 10 has 0 below, 20 has 1 (the other 20 is not below), 30 has 3
        #expect(n == [0, 1.0 / 3.0, 1.0 / 3.0, 1])
    }

    @Test func percentileDoesNotDependOnInputOrderAndKeepsMissing() {
        // act
        let n = Normalise.percentile([30, nil, 10, .nan, 20])
        // check: known 10, 20, 30 → 2 others; 30 → 2/2, 10 → 0/2, 20 → 1/2
        #expect(n == [1, nil, 0, nil, 0.5])
    }

    @Test func percentileAloneIsOne() {
        #expect(Normalise.percentile([5]) == [1])
        #expect(Normalise.percentile([nil, 5, .infinity]) == [nil, 1, nil])
        #expect(Normalise.percentile([nil]) == [nil])
    }

    @Test func bandsGiveThePointsOfTheHighestThresholdReached() {
        // setup
        let values: [Double?] = [0.01, 0.02, 0.025, 0.03, 0.049, 0.05, 0.2, nil, .nan]
        // act
        let n = Normalise.bands(values, rdBands)
        // check: below 2% → 0; at 2% (reached) → 40/100; 2.5% → 40; 3% → 70; 4.9% → 70; 5% and 20% → 100
        #expect(n == [0, 0.4, 0.4, 0.7, 0.7, 1, 1, nil, nil])
    }

    @Test func bandsWorkWhenTheListIsNotSorted() {
        // setup
        let values: [Double?] = [0.01, 0.02, 0.04, 0.06]
        let shuffled = [Band(0.05, 100), Band(0.02, 40), Band(0.03, 70)]
        // act
        let n = Normalise.bands(values, shuffled)
        // check: the same as with the sorted list: 0, 40, 70, 100 points
        #expect(n == [0, 0.4, 0.7, 1])
        #expect(n == Normalise.bands(values, rdBands))
    }

    @Test func bandsHandleNegativeThresholdsAndNoBands() {
        // setup: growth bands: −10% → 20 points, 0% → 50 points
        let growth = [Band(-0.1, 20), Band(0, 50)]
        // act
        let n = Normalise.bands([-0.2, -0.1, -0.05, 0, 0.3], growth)
        // check
        #expect(n == [0, 0.2, 0.2, 0.5, 0.5])
        #expect(Normalise.bands([1, nil], []) == [0, nil])
    }
}

@Suite(.tags(.s2)) struct SelectionScoringTests {
    /// outputValue 50 minmax, patents (evidence) 30 percentile, rdIntensity 20 bands.
    let scheme = SelectionScheme(
        name: "测试方案",
        indicators: [
            .init(.outputValue, weight: 50, .minmax),
            .init(.patents, weight: 30, .percentile),
            .init(.rdIntensity, weight: 20, .bands, bands: rdBands),
        ])
    let a = Applicant(id: "A", eligible: true, values: [.outputValue: 100, .patents: 10, .rdIntensity: 0.06])
    let b = Applicant(id: "B", eligible: true, values: [.outputValue: 60, .patents: 5, .rdIntensity: 0.025])
    let c = Applicant(id: "C", eligible: true, values: [.outputValue: 20, .rdIntensity: 0.01])

    @Test func pointsAreWeightTimesNormalisedAndTheScoreIsTheirSum() throws {
        // act
        let s = Scoring.score([a, b, c], scheme: scheme)
        // check: output 100/60/20 → (x−20)/80 = 1, 0.5, 0 → 50, 25, 0 points;
        // patents 10/5/– → 1, 0, – → 30, 0, 0; R&D 6%/2.5%/1% → 100, 40, 0 band points → 20, 8, 0
        #expect(s.map(\.id) == ["A", "B", "C"])
        #expect(approx(s[0].indicatorScore, 100))
        #expect(approx(s[1].indicatorScore, 33))
        #expect(approx(s[2].indicatorScore, 0))
        let bOutput = try #require(s[1].indicators.first)
        #expect(bOutput == IndicatorPoints(code: .outputValue, raw: 60, normalised: 0.5, weight: 50, points: 25, missing: false))
        #expect(s[1].indicators.map(\.code) == [.outputValue, .patents, .rdIntensity])
        #expect(s[1].indicators.map(\.weight) == [50, 30, 20])
        #expect(approx(s[1].indicators[2].points, 8))
        #expect(approx(s[1].indicators[2].normalised, 0.4))
        for applicant in s {
            #expect(approx(applicant.indicatorScore, applicant.indicators.reduce(0) { $0 + $1.points }))
        }
    }

    @Test func aMissingValueScoresZeroAndIsMarkedMissing() {
        // setup: D's output is not a number: like missing
        let d = Applicant(id: "D", eligible: true, values: [.outputValue: .nan, .patents: 1, .rdIntensity: 0.03])
        // act
        let s = Scoring.score([a, b, c, d], scheme: scheme)
        // check: C has no patents; its R&D 1% is below the first band: 0 points but not missing
        #expect(s[2].indicators[1] == IndicatorPoints(code: .patents, raw: nil, normalised: nil, weight: 30, points: 0, missing: true))
        #expect(s[2].indicators[2] == IndicatorPoints(code: .rdIntensity, raw: 0.01, normalised: 0, weight: 20, points: 0, missing: false))
        #expect(s[3].indicators[0] == IndicatorPoints(code: .outputValue, raw: nil, normalised: nil, weight: 50, points: 0, missing: true))
        // D's NaN does not change the output range: A, B, C keep 50, 25, 0 output points
        #expect(s[0...2].map(\.indicators[0].points) == [50, 25, 0])
        // D: patents 1 is lowest of 10, 5, 1 → 0; R&D 3% → 70 → 14 points
        #expect(approx(s[3].indicatorScore, 14))
    }

    @Test func ineligibleApplicantsScoreNothingAndDoNotMoveTheOthers() {
        // setup: X is ineligible with huge values, placed among the eligible ones
        let x = Applicant(id: "X", eligible: false, values: [.outputValue: 1e12, .patents: 1_000, .rdIntensity: 0.5])
        let base = Scoring.score([a, b, c], scheme: scheme)
        // act
        let with = Scoring.score([a, x, b, c], scheme: scheme)
        // check: A, B, C score exactly as without X; X keeps its raw values, scores nil
        #expect([with[0], with[2], with[3]] == base)
        #expect(with[1].id == "X")
        #expect(with[1].eligible == false)
        #expect(with[1].indicatorScore == nil)
        #expect(with[1].indicators.map(\.raw) == [1e12, 1_000, 0.5])
        #expect(with[1].indicators.allSatisfy { $0.normalised == nil && $0.points == 0 && !$0.missing })
    }

    @Test func evidenceIndicatorsScoreLikeComputedOnes() {
        // setup: the same values once as tax paid (computed), once as patents (evidence)
        #expect(IndicatorCode.patents.isEvidence && !IndicatorCode.taxPaid.isEvidence)
        let values: [Double] = [3, 9, 6]
        let asTax = values.enumerated().map { Applicant(id: "\($0)", eligible: true, values: [.taxPaid: $1]) }
        let asPatents = values.enumerated().map { Applicant(id: "\($0)", eligible: true, values: [.patents: $1]) }
        // act
        let tax = Scoring.score(asTax, scheme: SelectionScheme(name: "t", indicators: [.init(.taxPaid, weight: 100, .minmax)]))
        let pat = Scoring.score(asPatents, scheme: SelectionScheme(name: "p", indicators: [.init(.patents, weight: 100, .minmax)]))
        // check: (x−3)/6 × 100 → 0, 100, 50 both times
        #expect(tax.map(\.indicatorScore) == [0, 100, 50])
        #expect(pat.map(\.indicatorScore) == [0, 100, 50])
    }

    @Test func ranksAreCompetitionRanksWithTiesSharing() {
        #expect(Scoring.ranks([90, 80, 80, 70]) == [1, 2, 2, 4])
        #expect(Scoring.ranks([70, 80, 90, 80]) == [4, 2, 1, 2])
        #expect(Scoring.ranks([50, 50, 50]) == [1, 1, 1])
        #expect(Scoring.ranks([]) == [])
    }

    @Test func nearlyEqualScoresTie() {
        // act: 80 and 80.0000001 agree to 6 decimals; 79.99999 and 80.00001 do not
        let r = Scoring.ranks([80, 80 + 1e-7, 79.999_99, 80.000_01])
        // check
        #expect(r == [2, 2, 4, 1])
    }

    @Test func proposedTierFloorsAreInclusive() {
        // setup: default floors candidate 60, backbone 40, emerging 25
        let pools = SelectionScheme.Pools()
        // act
        let tiers = [100, 60, 59.99, 40, 39.99, 25, 24.99, 0].map { Scoring.proposedTier(score: $0, pools: pools) }
        // check: never .leader (recognition is a decision, not a score)
        #expect(tiers == [.candidate, .candidate, .backbone, .backbone, .emerging, .emerging, .none, .none])
    }

    @Test func proposedTierFollowsTheSchemesOwnFloors() {
        // setup: candidate and backbone share a floor of 70; emerging from 10
        var pools = SelectionScheme.Pools()
        pools.candidate = 70
        pools.backbone = 70
        pools.emerging = 10
        // act
        let tiers = [70, 69, 10, 9].map { Scoring.proposedTier(score: $0, pools: pools) }
        // check
        #expect(tiers == [.candidate, .emerging, .emerging, .none])
    }
}

/// SplitMix64: a small seeded generator, so every run draws the same cases.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite(.tags(.s2)) struct SelectionScoringPropertyTests {
    /// 1 to 6 indicators, integer weights summing to 100, any normalisation; bands on a small grid
    /// (so values land exactly on thresholds), points rising with the threshold, listed in any order.
    private static func scheme(_ g: inout SplitMix64) -> SelectionScheme {
        let codes = IndicatorCode.allCases.shuffled(using: &g).prefix(Int.random(in: 1...6, using: &g))
        let cuts = ([0, 100] + (1..<codes.count).map { _ in Int.random(in: 0...100, using: &g) }).sorted()
        let indicators = codes.enumerated().map { k, code -> SelectionScheme.Indicator in
            let weight = cuts[k + 1] - cuts[k]
            let normalisation = Normalisation.allCases.randomElement(using: &g)!
            guard normalisation == .bands else { return .init(code, weight: weight, normalisation) }
            let thresholds = (0...10).shuffled(using: &g).prefix(Int.random(in: 1...4, using: &g)).sorted()
            let points = thresholds.map { _ in Int.random(in: 0...100, using: &g) }.sorted()
            let bands = zip(thresholds, points).map { Band(Double($0), Double($1)) }.shuffled(using: &g)
            return .init(code, weight: weight, .bands, bands: bands)
        }
        return SelectionScheme(name: "随机方案", indicators: indicators)
    }

    /// 2 to 8 applicants, a fifth ineligible, values 0…10 (ties likely) or missing; plus one that
    /// is at least as good as a random other everywhere.
    private static func applicants(_ scheme: SelectionScheme, _ g: inout SplitMix64) -> [Applicant] {
        var list = (0..<Int.random(in: 2...8, using: &g)).map { i in
            var values: [IndicatorCode: Double] = [:]
            for ind in scheme.indicators where Int.random(in: 0..<5, using: &g) > 0 {
                values[ind.code] = Double(Int.random(in: 0...10, using: &g))
            }
            return Applicant(id: "a\(i)", eligible: Int.random(in: 0..<5, using: &g) > 0, values: values)
        }
        let base = Int.random(in: 0..<list.count, using: &g)
        list[base].eligible = true
        var better = list[base]
        better.id = "better"
        better.eligible = true
        for ind in scheme.indicators {
            if let v = better.values[ind.code] {
                better.values[ind.code] = v + Double(Int.random(in: 0...2, using: &g))
            } else if Bool.random(using: &g) {
                better.values[ind.code] = Double(Int.random(in: 0...10, using: &g))
            }
        }
        list.insert(better, at: Int.random(in: 0...list.count, using: &g))
        return list
    }

    /// `x` is present wherever `y` is, and at least as large there.
    private static func dominates(_ x: Applicant, _ y: Applicant, on scheme: SelectionScheme) -> Bool {
        scheme.indicators.allSatisfy { ind in
            guard let vy = y.values[ind.code] else { return true }
            guard let vx = x.values[ind.code] else { return false }
            return vx >= vy
        }
    }

    @Test func beingAtLeastAsGoodEverywhereNeverScoresLower() {
        // setup
        var g = SplitMix64(state: 20_240_315)
        var checked = 0
        var failures: [String] = []
        for n in 0..<500 {
            let scheme = Self.scheme(&g)
            #expect(scheme.problem() == nil, "case \(n): the generated scheme is valid")
            let applicants = Self.applicants(scheme, &g)
            // act
            let scored = Scoring.score(applicants, scheme: scheme)
            // check: every ordered pair of eligible applicants where one dominates the other
            for (i, x) in applicants.enumerated() where x.eligible {
                for (j, y) in applicants.enumerated() where i != j && y.eligible && Self.dominates(x, y, on: scheme) {
                    checked += 1
                    let sx = scored[i].indicatorScore ?? -1
                    let sy = scored[j].indicatorScore ?? -1
                    if sx < sy { failures.append("case \(n): \(x.id) \(sx) < \(y.id) \(sy) under \(scheme.indicators)") }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        // at least the planted "better" applicant is compared in every case
        #expect(checked >= 500)
    }
}
