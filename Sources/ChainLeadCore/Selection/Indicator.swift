// The indicators a selection scheme may weigh (Policy S2). Computed indicators come from a
// firm's yearly figures and supply links; evidence indicators are declared by the firm.

public enum IndicatorCode: String, Sendable, CaseIterable, Codable {
    case outputValue, revenue, outputGrowth, rdIntensity, taxPaid, exports, supportingRate, localSuppliers
    case patents, standards, platforms, marketShare, honours

    /// Declared by the firm in its application, not computed.
    public var isEvidence: Bool {
        switch self {
        case .patents, .standards, .platforms, .marketShare, .honours: true
        default: false
        }
    }

    public var nameZh: String {
        switch self {
        case .outputValue: "产值"
        case .revenue: "营业收入"
        case .outputGrowth: "产值增速"
        case .rdIntensity: "研发投入强度"
        case .taxPaid: "纳税额"
        case .exports: "出口额"
        case .supportingRate: "本地配套率"
        case .localSuppliers: "本地供应商数"
        case .patents: "有效专利"
        case .standards: "主导制定标准"
        case .platforms: "创新平台"
        case .marketShare: "市场占有率"
        case .honours: "荣誉资质"
        }
    }

    public var nameEn: String {
        switch self {
        case .outputValue: "Output value"
        case .revenue: "Revenue"
        case .outputGrowth: "Output growth"
        case .rdIntensity: "R&D intensity"
        case .taxPaid: "Tax paid"
        case .exports: "Exports"
        case .supportingRate: "Local supporting rate"
        case .localSuppliers: "Local suppliers"
        case .patents: "Patents"
        case .standards: "Standards led"
        case .platforms: "Innovation platforms"
        case .marketShare: "Market share"
        case .honours: "Honours"
        }
    }
}

public enum Normalisation: String, Sendable, CaseIterable, Codable {
    case minmax, percentile, bands
}
