// Projects and standards (Policy L1, L4, S4, S5): one project entity with kinds — national major
// science-and-technology projects, major equipment projects, chain projects 强链补链延链, landed
// investment and major projects (the finance area's green channel) — and the standards a firm leads
// or joins. Selection's evidence indicators read these records when a firm has them.

public enum ProjectKind: String, Sendable, CaseIterable, Codable {
    case nationalScience = "national-st"
    case majorEquipment = "major-equipment"
    case chain
    case investment
    case major

    public var nameZh: String {
        switch self {
        case .nationalScience: "国家重大科技项目"
        case .majorEquipment: "重大装备项目"
        case .chain: "强链补链延链项目"
        case .investment: "招商落地项目"
        case .major: "重大项目"
        }
    }

    public var nameEn: String {
        switch self {
        case .nationalScience: "National major S&T project"
        case .majorEquipment: "Major equipment project"
        case .chain: "Chain project (strengthen / fill / extend)"
        case .investment: "Landed investment project"
        case .major: "Major project"
        }
    }

    /// A project of these kinds belongs to a registered firm (the one that took it).
    public var needsEnterprise: Bool { self == .nationalScience || self == .majorEquipment }
}

/// What a chain project does to its segment (强链、补链、延链).
public enum ChainAction: String, Sendable, CaseIterable, Codable {
    case strengthen, fill, extend

    public var nameZh: String {
        switch self {
        case .strengthen: "强链"
        case .fill: "补链"
        case .extend: "延链"
        }
    }
}

public enum ProjectStage: String, Sendable, CaseIterable, Codable {
    case planned, signed, building, operating, completed

    public var nameZh: String {
        switch self {
        case .planned: "谋划"
        case .signed: "签约"
        case .building: "在建"
        case .operating: "投产"
        case .completed: "完成"
        }
    }
}

public enum StandardLevel: String, Sendable, CaseIterable, Codable {
    case international, national, industry, group

    public var nameZh: String {
        switch self {
        case .international: "国际标准"
        case .national: "国家标准"
        case .industry: "行业标准"
        case .group: "团体标准"
        }
    }
}

public enum StandardRole: String, Sendable, CaseIterable, Codable {
    case lead, participate

    public var nameZh: String {
        switch self {
        case .lead: "主导"
        case .participate: "参与"
        }
    }
}

extension HonourKind {
    /// Seeded kinds that are innovation platforms (创新平台): what the `platforms` indicator counts.
    public static let platformPrefixes = ["innovation-centre-", "engineering-centre-", "key-lab-", "tech-centre-"]

    public var isPlatform: Bool { Self.platformPrefixes.contains { code.hasPrefix($0) } }
}

/// A firm's recorded innovation results as selection reads them: honours in force (platforms
/// apart), platforms in force, standards it led — all in the year before the campaign.
public struct EvidenceRecords: Sendable, Equatable {
    public var honours: Int
    public var platforms: Int
    public var standards: Int

    public init(honours: Int = 0, platforms: Int = 0, standards: Int = 0) {
        self.honours = honours
        self.platforms = platforms
        self.standards = standards
    }

    /// The evidence indicators scored: a record count where the firm has records of that kind
    /// (what it declared is then not needed and not read), else what it declared.
    public func merged(declared: [String: Double]) -> [String: Double] {
        var out = declared
        if honours > 0 { out[IndicatorCode.honours.rawValue] = Double(honours) }
        if platforms > 0 { out[IndicatorCode.platforms.rawValue] = Double(platforms) }
        if standards > 0 { out[IndicatorCode.standards.rawValue] = Double(standards) }
        return out
    }
}
