// Registry vocabularies. Raw values are the API's and the database's spellings.

/// Cultivation tier (Policy S2): the pipeline emerging → backbone → candidate → leader.
public enum Tier: String, Sendable, CaseIterable, Codable, Comparable {
    case none, emerging, backbone, candidate, leader

    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }  // (every case is in allCases)
    public static func < (a: Tier, b: Tier) -> Bool { a.rank < b.rank }

    public var nameZh: String {
        switch self {
        case .none: "未入库"
        case .emerging: "新锐企业"
        case .backbone: "骨干企业"
        case .candidate: "准链主"
        case .leader: "链主企业"
        }
    }
}

public enum EnterpriseStatus: String, Sendable, CaseIterable, Codable {
    case active, deregistered, movedOut, merged

    public var nameZh: String {
        switch self {
        case .active: "存续"
        case .deregistered: "注销"
        case .movedOut: "迁出"
        case .merged: "被合并"
        }
    }
}

public enum Ownership: String, Sendable, CaseIterable, Codable {
    case state, collective, `private`, foreign, hkMacaoTaiwan, mixed, other

    public var nameZh: String {
        switch self {
        case .state: "国有"
        case .collective: "集体"
        case .private: "民营"
        case .foreign: "外资"
        case .hkMacaoTaiwan: "港澳台资"
        case .mixed: "混合所有制"
        case .other: "其他"
        }
    }
}

/// Where a yearly figure came from.
public enum FigureSource: String, Sendable, CaseIterable, Codable {
    case selfReported, statistics, official

    public var nameZh: String {
        switch self {
        case .selfReported: "企业自报"
        case .statistics: "统计部门"
        case .official: "官方核定"
        }
    }
}
