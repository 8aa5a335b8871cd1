import Foundation

// Eligibility of an application (Policy S2): each failed rule with a Chinese reason.

public struct EligibilityFacts: Sendable, Equatable {
    public var districtInCity: Bool
    public var status: EnterpriseStatus
    /// Output value of the year before the campaign.
    public var outputLastYear: Int64?
    /// The years before the campaign year with figures on record.
    public var yearsWithFigures: Set<Int>
    public var openSeriousViolations: Int
    public var inChain: Bool
    /// The year the firm was last confirmed above designated size (规上), if ever.
    public var aboveScaleYear: Int?
    /// The signed integrity pledge (承诺书) is attached.
    public var hasPledge: Bool

    public init(
        districtInCity: Bool, status: EnterpriseStatus, outputLastYear: Int64?, yearsWithFigures: Set<Int>,
        openSeriousViolations: Int, inChain: Bool, aboveScaleYear: Int?, hasPledge: Bool = false
    ) {
        self.hasPledge = hasPledge
        self.districtInCity = districtInCity
        self.status = status
        self.outputLastYear = outputLastYear
        self.yearsWithFigures = yearsWithFigures
        self.openSeriousViolations = openSeriousViolations
        self.inChain = inChain
        self.aboveScaleYear = aboveScaleYear
    }
}

public struct EligibilityReason: Sendable, Equatable, Codable {
    public var rule: String
    public var message: String

    public init(rule: String, message: String) {
        self.rule = rule
        self.message = message
    }
}

public enum EligibilityRules {
    /// The reasons an application fails, empty when eligible. `year` is the campaign year: figures
    /// come from the `figureYears` years before it.
    public static func check(_ f: EligibilityFacts, scheme: SelectionScheme, year: Int) -> [EligibilityReason] {
        let rules = scheme.eligibility
        var reasons: [EligibilityReason] = []
        if !f.districtInCity { reasons.append(.init(rule: "district", message: "企业注册地不在本市各区县")) }
        if rules.activeOnly, f.status != .active {
            reasons.append(.init(rule: "active", message: "企业经营状态为“\(f.status.nameZh)”，不是存续"))
        }
        let needed = (1...max(1, rules.figureYears)).map { year - $0 }
        let missing = needed.filter { !f.yearsWithFigures.contains($0) }.sorted()
        if !missing.isEmpty {
            reasons.append(.init(rule: "figures", message: "缺少\(missing.map { "\($0)年" }.joined(separator: "、"))的经营数据"))
        }
        if let output = f.outputLastYear {
            if output < rules.minOutputValue {
                reasons.append(
                    .init(rule: "minOutputValue", message: "\(year - 1)年产值\(yuan(output))低于门槛\(yuan(rules.minOutputValue))"))
            }
        } else {
            reasons.append(.init(rule: "minOutputValue", message: "缺少\(year - 1)年产值，无法核对产值门槛"))
        }
        if f.openSeriousViolations > rules.maxOpenSeriousViolations {
            reasons.append(
                .init(rule: "violations", message: "有\(f.openSeriousViolations)条未了结的严重违法违规记录（上限\(rules.maxOpenSeriousViolations)条）"))
        }
        if !f.inChain { reasons.append(.init(rule: "chain", message: "企业不在该产业链的任何环节中")) }
        if rules.aboveScaleOnly, f.aboveScaleYear.map({ $0 > year - 1 }) ?? true {
            reasons.append(.init(rule: "aboveScale", message: "\(year - 1)年尚未登记为规模以上工业企业"))
        }
        if scheme.requirePledge, !f.hasPledge {
            reasons.append(.init(rule: "pledge", message: "未上传签署的诚信承诺书"))
        }
        return reasons
    }

    /// 亿元 with up to four decimals (so a figure just below a threshold does not print as equal to it), as officials read amounts.
    static func yuan(_ v: Int64) -> String {
        let yi = Double(v) / 100_000_000
        return yi.formatted(.number.precision(.fractionLength(0...4)).grouping(.never)) + "亿元"
    }
}
