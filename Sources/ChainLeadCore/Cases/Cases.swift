import Foundation

// Achievements and the yearly case book (Policy S7: 宣传推广): cases submitted by firms and
// officials, reviewed and selected by the city, compiled once a year into
// 《重点产业链链主企业创新发展案例汇编》; and the "hundred chain leaders" (百名链主) events and
// media coverage.

public enum CaseCategory: String, Sendable, CaseIterable, Codable {
    case innovation, collaboration, digital, green, brand

    public var nameZh: String {
        switch self {
        case .innovation: "科技创新"
        case .collaboration: "产业链协同"
        case .digital: "数字化转型"
        case .green: "绿色低碳"
        case .brand: "品牌建设"
        }
    }
}

/// submitted → selected | rejected; a decided case may be reopened (back to submitted).
public enum CaseStatus: String, Sendable, CaseIterable, Codable {
    case submitted, selected, rejected

    public var nameZh: String {
        switch self {
        case .submitted: "待审核"
        case .selected: "已入选"
        case .rejected: "未入选"
        }
    }
}

public enum CaseDecision: String, Sendable, CaseIterable, Codable {
    case select, reject, reopen

    /// The status a case must be in for the decision, and the one it moves to.
    public var move: (from: Set<CaseStatus>, to: CaseStatus) {
        switch self {
        case .select: ([.submitted, .rejected], .selected)
        case .reject: ([.submitted, .selected], .rejected)
        case .reopen: ([.selected, .rejected], .submitted)
        }
    }
}

/// One of the case's own key figures (e.g. "研发投入占比", "8.2%"): label and value as written.
public struct KeyFigure: Sendable, Codable, Equatable {
    public var label: String
    public var value: String

    public init(label: String, value: String) {
        self.label = label
        self.value = value
    }
}

public enum PublicityKind: String, Sendable, CaseIterable, Codable {
    case event, media

    public var nameZh: String { self == .event ? "百名链主活动" : "媒体报道" }
}

public enum CaseRules {
    public static let maxKeyFigures = 12
    public static let maxPictures = 6

    /// Trims the key figures and refuses blanks, long texts and too many, naming the field at fault.
    public static func keyFigures(_ list: [KeyFigure]) -> Result<[KeyFigure], FieldError> {
        if list.count > maxKeyFigures { return .failure(FieldError("keyFigures", "invalid", "关键数据最多\(maxKeyFigures)项")) }
        var out: [KeyFigure] = []
        for (i, f) in list.enumerated() {
            let label = f.label.trimmingCharacters(in: .whitespacesAndNewlines)
            let value = f.value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !label.isEmpty, label.unicodeScalars.count <= 30 else {
                return .failure(FieldError("keyFigures[\(i)].label", "invalid", "第\(i + 1)项关键数据的名称应为1至30个字"))
            }
            guard !value.isEmpty, value.unicodeScalars.count <= 30 else {
                return .failure(FieldError("keyFigures[\(i)].value", "invalid", "第\(i + 1)项关键数据的数值应为1至30个字"))
            }
            out.append(KeyFigure(label: label, value: value))
        }
        return .success(out)
    }

    /// Chapter numbers of the case book: 一、二、… (up to 99).
    public static func chineseNumber(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n > 0, n < 100 else { return String(n) }
        if n < 10 { return digits[n] }
        let tens = n / 10
        let ones = n % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + (ones == 0 ? "" : digits[ones])
    }
}
