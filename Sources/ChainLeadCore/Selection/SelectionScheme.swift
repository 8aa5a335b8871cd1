import Foundation

// A selection scheme (遴选方案, Policy S2): versioned data that says who is eligible, which
// indicators weigh how much, how many leaders a chain may get and where the pool floors lie.
// A scheme used by a campaign is frozen; a change is a copy.

public struct SelectionScheme: Codable, Sendable, Equatable {
    public struct Eligibility: Codable, Sendable, Equatable {
        /// Output value of the year before the campaign, whole yuan.
        public var minOutputValue: Int64 = 1_000_000_000
        /// How many years of figures before the campaign year must be on record.
        public var figureYears: Int = 2
        public var maxOpenSeriousViolations: Int = 0
        public var activeOnly: Bool = true
        /// Only above-designated-size industrial firms (规上).
        public var aboveScaleOnly: Bool = false

        public init() {}

        /// Absent keys keep their defaults, so a scheme may name only what it changes.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            minOutputValue = try c.decodeIfPresent(Int64.self, forKey: .minOutputValue) ?? minOutputValue
            figureYears = try c.decodeIfPresent(Int.self, forKey: .figureYears) ?? figureYears
            maxOpenSeriousViolations = try c.decodeIfPresent(Int.self, forKey: .maxOpenSeriousViolations) ?? maxOpenSeriousViolations
            activeOnly = try c.decodeIfPresent(Bool.self, forKey: .activeOnly) ?? activeOnly
            aboveScaleOnly = try c.decodeIfPresent(Bool.self, forKey: .aboveScaleOnly) ?? aboveScaleOnly
        }
    }

    public struct Band: Codable, Sendable, Equatable {
        public var threshold: Double
        public var points: Double

        public init(_ threshold: Double, _ points: Double) {
            self.threshold = threshold
            self.points = points
        }

        /// `[threshold, points]`, as officials write it.
        public init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            threshold = try c.decode(Double.self)
            points = try c.decode(Double.self)
            guard c.isAtEnd else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "a band is [threshold, points]") }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(threshold)
            try c.encode(points)
        }
    }

    public struct Indicator: Codable, Sendable, Equatable {
        public var code: IndicatorCode
        public var weight: Int
        public var normalisation: Normalisation
        public var bands: [Band]?

        public init(_ code: IndicatorCode, weight: Int, _ normalisation: Normalisation, bands: [Band]? = nil) {
            self.code = code
            self.weight = weight
            self.normalisation = normalisation
            self.bands = bands
        }
    }

    public struct Recognition: Codable, Sendable, Equatable {
        public var quotaPerChain: Int = 3
        public var minScore: Double = 60
        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            quotaPerChain = try c.decodeIfPresent(Int.self, forKey: .quotaPerChain) ?? quotaPerChain
            minScore = try c.decodeIfPresent(Double.self, forKey: .minScore) ?? minScore
        }
    }

    /// Score floors for proposing pool tiers.
    public struct Pools: Codable, Sendable, Equatable {
        public var candidate: Double = 60
        public var backbone: Double = 40
        public var emerging: Double = 25
        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            candidate = try c.decodeIfPresent(Double.self, forKey: .candidate) ?? candidate
            backbone = try c.decodeIfPresent(Double.self, forKey: .backbone) ?? backbone
            emerging = try c.decodeIfPresent(Double.self, forKey: .emerging) ?? emerging
        }
    }

    /// Which review stages a campaign runs after scoring (selection II adds the work behind them).
    public struct Stages: Codable, Sendable, Equatable {
        public var experts: Bool = false
        public var chiefApproval: Bool = false
        public var notice: Bool = false
        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            experts = try c.decodeIfPresent(Bool.self, forKey: .experts) ?? false
            chiefApproval = try c.decodeIfPresent(Bool.self, forKey: .chiefApproval) ?? false
            notice = try c.decodeIfPresent(Bool.self, forKey: .notice) ?? false
        }
    }

    /// How the final score weighs the indicator score and the expert score (when experts score).
    public struct Final: Codable, Sendable, Equatable {
        public var indicator: Int = 70
        public var expert: Int = 30
        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            indicator = try c.decodeIfPresent(Int.self, forKey: .indicator) ?? indicator
            expert = try c.decodeIfPresent(Int.self, forKey: .expert) ?? expert
        }
    }

    public var name: String
    public var eligibility = Eligibility()
    public var indicators: [Indicator]
    public var recognition = Recognition()
    public var pools = Pools()
    public var maxChainsPerFirm: Int = 3
    /// Applications go first to the firm's district (区县初审).
    public var districtReview: Bool = true
    /// The signed integrity pledge (承诺书) must be attached.
    public var requirePledge: Bool = false
    public var stages = Stages()
    /// Read only when `stages.experts`: without experts the final score is the indicator score.
    public var final = Final()

    public init(name: String, indicators: [Indicator]) {
        self.name = name
        self.indicators = indicators
    }

    enum CodingKeys: String, CodingKey {
        case name, eligibility, indicators, recognition, pools, maxChainsPerFirm, districtReview, requirePledge, stages, final
    }

    /// Absent keys take the defaults above.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        indicators = try c.decode([Indicator].self, forKey: .indicators)
        eligibility = try c.decodeIfPresent(Eligibility.self, forKey: .eligibility) ?? Eligibility()
        recognition = try c.decodeIfPresent(Recognition.self, forKey: .recognition) ?? Recognition()
        pools = try c.decodeIfPresent(Pools.self, forKey: .pools) ?? Pools()
        maxChainsPerFirm = try c.decodeIfPresent(Int.self, forKey: .maxChainsPerFirm) ?? 3
        districtReview = try c.decodeIfPresent(Bool.self, forKey: .districtReview) ?? true
        requirePledge = try c.decodeIfPresent(Bool.self, forKey: .requirePledge) ?? false
        stages = try c.decodeIfPresent(Stages.self, forKey: .stages) ?? Stages()
        final = try c.decodeIfPresent(Final.self, forKey: .final) ?? Final()
    }

    /// The first rule the scheme breaks, naming the field.
    public func problem() -> FieldError? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > 200 { return FieldError("name", "invalid", "方案名称不能为空，且不超过200字") }
        if indicators.isEmpty { return FieldError("indicators", "invalid", "至少需要一项评价指标") }
        if indicators.count > IndicatorCode.allCases.count { return FieldError("indicators", "invalid", "评价指标过多") }
        var seen = Set<IndicatorCode>()
        for (i, ind) in indicators.enumerated() {
            let field = "indicators[\(i)]"
            if !seen.insert(ind.code).inserted { return FieldError(field + ".code", "duplicate", "指标 \(ind.code.nameZh) 重复") }
            if !(0...100).contains(ind.weight) { return FieldError(field + ".weight", "out_of_range", "权重应为0到100之间的整数") }
            if ind.normalisation == .bands {
                guard let bands = ind.bands, !bands.isEmpty, bands.count <= 20 else {
                    return FieldError(field + ".bands", "invalid", "分档计分须给出1到20个档位 [阈值, 分数]")
                }
                if bands.contains(where: { !$0.threshold.isFinite || !(0...100).contains($0.points) }) {
                    return FieldError(field + ".bands", "invalid", "档位阈值须为有限数，分数在0到100之间")
                }
                // A higher value must never score fewer points (the scores' order rests on it).
                let ordered = bands.sorted { $0.threshold < $1.threshold }
                if zip(ordered, ordered.dropFirst()).contains(where: { $0.threshold == $1.threshold || $0.points > $1.points }) {
                    return FieldError(field + ".bands", "invalid", "档位阈值不能重复，且阈值越高分数不能越低")
                }
            } else if ind.bands != nil {
                return FieldError(field + ".bands", "invalid", "只有分档计分（bands）的指标才能设置档位")
            }
        }
        let total = indicators.reduce(0) { $0 + $1.weight }
        if total != 100 { return FieldError("indicators", "weights_sum", "各指标权重之和应为100，当前为\(total)") }
        if !(0...Money.ceiling).contains(eligibility.minOutputValue) {
            return FieldError("eligibility.minOutputValue", "out_of_range", "产值门槛应在0到\(Money.ceilingZh)之间")
        }
        if !(1...5).contains(eligibility.figureYears) { return FieldError("eligibility.figureYears", "out_of_range", "所需数据年数应为1到5年") }
        if !(0...100).contains(eligibility.maxOpenSeriousViolations) {
            return FieldError("eligibility.maxOpenSeriousViolations", "out_of_range", "严重违法违规记录上限应为0到100")
        }
        if !(1...100).contains(recognition.quotaPerChain) {
            return FieldError("recognition.quotaPerChain", "out_of_range", "每条产业链认定名额应为1到100")
        }
        if !recognition.minScore.isFinite || !(0...100).contains(recognition.minScore) {
            return FieldError("recognition.minScore", "out_of_range", "认定最低分应在0到100之间")
        }
        for (key, v) in [("candidate", pools.candidate), ("backbone", pools.backbone), ("emerging", pools.emerging)]
        where !v.isFinite || !(0...100).contains(v) {
            return FieldError("pools.\(key)", "out_of_range", "培育库分数线应在0到100之间")
        }
        if !(pools.candidate >= pools.backbone && pools.backbone >= pools.emerging) {
            return FieldError("pools", "invalid", "分数线应满足 准链主 ≥ 骨干企业 ≥ 新锐企业")
        }
        if stages.experts, final.indicator < 0 || final.expert < 0 || final.indicator + final.expert != 100 {
            return FieldError("final", "weights_sum", "指标得分与专家评分的权重之和应为100")
        }
        if !(1...10).contains(maxChainsPerFirm) { return FieldError("maxChainsPerFirm", "out_of_range", "每家企业可申报的产业链数应为1到10") }
        return nil
    }

    /// The scheme seeded with the platform, close to the policy's wording.
    public static let standard = SelectionScheme(
        name: "链主企业遴选方案（默认）",
        indicators: [
            Indicator(.outputValue, weight: 30, .minmax),
            Indicator(.outputGrowth, weight: 10, .percentile),
            Indicator(.rdIntensity, weight: 20, .bands, bands: [Band(0.02, 40), Band(0.03, 70), Band(0.05, 100)]),
            Indicator(.supportingRate, weight: 20, .minmax),
            Indicator(.taxPaid, weight: 10, .minmax),
            Indicator(.patents, weight: 10, .percentile),
        ])
}
