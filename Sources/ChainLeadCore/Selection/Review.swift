import Foundation

// The two-year review (复核) of a recognised chain leader and the early warnings between reviews
// (Policy S2: "对已认定的链主企业每2年组织1次复核", "能进能出、动态调整").

public enum ReviewOutcome: String, Sendable, CaseIterable, Codable {
    case retained, warned, revoked

    public var nameZh: String {
        switch self {
        case .retained: "保留"
        case .warned: "预警整改"
        case .revoked: "撤销认定"
        }
    }
}

public enum RecognitionStatus: String, Sendable, CaseIterable, Codable {
    case active, revoked
}

public enum ReviewRules {
    /// A recognition is reviewed every two years: the same day two years on (29 Feb → 28 Feb).
    public static func reviewDue(after date: SimpleDate) -> SimpleDate {
        let year = min(date.year + 2, 9999)
        return SimpleDate(year: year, month: date.month, day: date.day)
            ?? SimpleDate(year: year, month: date.month, day: 28) ?? SimpleDate.last
    }
}

public enum WarningKind: String, Sendable, CaseIterable, Codable {
    case outputDrop, lowRdIntensity, seriousViolation, inactive, figuresMissing

    public var nameZh: String {
        switch self {
        case .outputDrop: "产值同比下降超过20%"
        case .lowRdIntensity: "研发投入强度低于方案第一档"
        case .seriousViolation: "新增未了结的严重违法违规记录"
        case .inactive: "经营状态不再为存续"
        case .figuresMissing: "6月30日后仍缺少上一年度经营数据"
        }
    }
}

/// What the early warning reads of one recognised leader.
public struct WarningFacts: Sendable, Equatable {
    public var status: EnterpriseStatus
    /// Output value by year.
    public var output: [Int: Int64]
    /// R&D intensity by year.
    public var rdIntensity: [Int: Double]
    public var recognisedOn: SimpleDate
    /// Dates of open serious violations.
    public var openSeriousViolations: [SimpleDate]

    public init(
        status: EnterpriseStatus, output: [Int: Int64], rdIntensity: [Int: Double], recognisedOn: SimpleDate,
        openSeriousViolations: [SimpleDate]
    ) {
        self.status = status
        self.output = output
        self.rdIntensity = rdIntensity
        self.recognisedOn = recognisedOn
        self.openSeriousViolations = openSeriousViolations
    }
}

public struct EarlyWarning: Sendable, Equatable {
    public var kind: WarningKind
    /// The numbers behind it, e.g. `["year": 2025, "previous": …, "current": …, "change": -0.25]`.
    public var numbers: [String: Double]
    public var message: String
}

public enum EarlyWarnings {
    /// The warnings on `today`. `firstBand` is the scheme's lowest R&D-intensity threshold, if any.
    public static func detect(_ f: WarningFacts, today: SimpleDate, firstBand: Double?) -> [EarlyWarning] {
        var out: [EarlyWarning] = []
        if f.status != .active {
            out.append(EarlyWarning(kind: .inactive, numbers: [:], message: "经营状态为“\(f.status.nameZh)”"))
        }
        if let latest = f.output.keys.max(), let current = f.output[latest], let previous = f.output[latest - 1], previous > 0 {
            let change = Double(current) / Double(previous) - 1
            if change < -0.2 {
                out.append(
                    EarlyWarning(
                        kind: .outputDrop,
                        numbers: ["year": Double(latest), "previous": Double(previous), "current": Double(current), "change": change],
                        message: "\(latest)年产值同比下降\(percent(-change))"))
            }
        }
        if let band = firstBand, let latest = f.rdIntensity.keys.max(), let r = f.rdIntensity[latest], r < band {
            out.append(
                EarlyWarning(
                    kind: .lowRdIntensity, numbers: ["year": Double(latest), "rdIntensity": r, "threshold": band],
                    message: "\(latest)年研发投入强度\(percent(r))，低于\(percent(band))"))
        }
        let fresh = f.openSeriousViolations.filter { $0 >= f.recognisedOn }
        if !fresh.isEmpty {
            out.append(
                EarlyWarning(
                    kind: .seriousViolation, numbers: ["count": Double(fresh.count)],
                    message: "认定后新增\(fresh.count)条未了结的严重违法违规记录"))
        }
        let lastYear = today.year - 1
        if today > SimpleDate(uncheckedYear: today.year, month: 6, day: 30), f.output[lastYear] == nil {
            out.append(
                EarlyWarning(kind: .figuresMissing, numbers: ["year": Double(lastYear)], message: "缺少\(lastYear)年经营数据"))
        }
        return out
    }

    static func percent(_ v: Double) -> String {
        (v * 100).formatted(.number.precision(.fractionLength(0...2)).grouping(.never)) + "%"
    }
}
