// The city's districts (GB/T 2260) and the functional zone 无锡经开区 (no GB/T code).

public struct District: Hashable, Sendable {
    public let code: String
    public let name: String
    public let nameEn: String
    /// County-level cities (江阴, 宜兴): a scope option for "local" in the supporting rate.
    public let isCountyLevelCity: Bool

    public static let jiangyin = District(code: "320281", name: "江阴市", nameEn: "Jiangyin", isCountyLevelCity: true)
    public static let yixing = District(code: "320282", name: "宜兴市", nameEn: "Yixing", isCountyLevelCity: true)
    public static let liangxi = District(code: "320213", name: "梁溪区", nameEn: "Liangxi", isCountyLevelCity: false)
    public static let xishan = District(code: "320205", name: "锡山区", nameEn: "Xishan", isCountyLevelCity: false)
    public static let huishan = District(code: "320206", name: "惠山区", nameEn: "Huishan", isCountyLevelCity: false)
    public static let binhu = District(code: "320211", name: "滨湖区", nameEn: "Binhu", isCountyLevelCity: false)
    public static let xinwu = District(code: "320214", name: "新吴区", nameEn: "Xinwu", isCountyLevelCity: false)
    public static let economicZone = District(
        code: "320200JK", name: "无锡经开区", nameEn: "Wuxi Economic Development Zone", isCountyLevelCity: false)

    public static let all: [District] = [jiangyin, yixing, liangxi, xishan, huishan, binhu, xinwu, economicZone]

    public static func named(code: String) -> District? {
        all.first { $0.code == code }
    }

    /// Division codes retired by boundary changes, mapped to today's district:
    /// 崇安区 320202, 南长区 320203 and 北塘区 320204 merged into 梁溪区 in 2015.
    static let retired: [String: String] = ["320202": "320213", "320203": "320213", "320204": "320213"]

    /// The district suggested by a USCC's division code (positions 3–8). An explicitly
    /// given district always wins over this suggestion.
    public static func suggested(for uscc: USCC) -> DistrictSuggestion {
        suggested(forDivision: uscc.divisionCode)
    }

    public static func suggested(forDivision division: String) -> DistrictSuggestion {
        let code = retired[division] ?? division
        if let district = named(code: code) { return .district(district) }
        // 320200 is the city level (市级登记机关): the district cannot be told.
        if division == "320200" || division.hasPrefix("3202") { return .unknown }
        return .outsideCity
    }
}

public enum DistrictSuggestion: Equatable, Sendable {
    case district(District)
    /// Registered at city level (or an unlisted Wuxi code): ask the user.
    case unknown
    /// Registered outside Wuxi (e.g. a firm that moved in).
    case outsideCity
}
