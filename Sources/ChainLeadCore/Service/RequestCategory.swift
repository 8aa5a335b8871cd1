// The service express (服务直通车, Policy S6): what an enterprise's request (诉求) is about.
// Raw values are the API's and the database's spellings.

public enum RequestCategory: String, Sendable, CaseIterable, Codable {
    case finance, fund, talent, project, supply, land, power, labour, fire, safety, environment, policy, infosec, other

    public var nameZh: String {
        switch self {
        case .finance: "融资"
        case .fund: "基金对接"
        case .talent: "人才引进"
        case .project: "项目推进"
        case .supply: "产业协作配套"
        case .land: "用地"
        case .power: "用电"
        case .labour: "用工"
        case .fire: "消防"
        case .safety: "安全生产"
        case .environment: "环保"
        case .policy: "政策咨询"
        case .infosec: "信息安全"
        case .other: "其他"
        }
    }
}

public enum Urgency: String, Sendable, CaseIterable, Codable {
    case normal, urgent

    public var nameZh: String {
        switch self {
        case .normal: "一般"
        case .urgent: "紧急"
        }
    }
}
