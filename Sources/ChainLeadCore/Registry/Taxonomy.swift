// The "465" clusters, their key chains and the chains' segments (Policy S2: selection and pools
// run per key chain; reference data).
// The official "3010" chain list is not public: the default below is a plausible,
// editable starting point, seeded into the database and changed there by administrators.

public enum ClusterKind: String, Sendable, CaseIterable, Codable {
    case landmark  // 地标产业
    case advantage  // 优势产业
    case future  // 未来产业
}

public enum SegmentPosition: String, Sendable, CaseIterable, Codable {
    case upstream, midstream, downstream

    public var nameZh: String {
        switch self {
        case .upstream: "上游"
        case .midstream: "中游"
        case .downstream: "下游"
        }
    }
}

public struct ClusterSeed: Sendable {
    public let code: String
    public let name: String
    public let nameEn: String
    public let kind: ClusterKind
    public let chains: [ChainSeed]

    public init(code: String, name: String, nameEn: String, kind: ClusterKind, chains: [ChainSeed]) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.chains = chains
    }
}

public struct ChainSeed: Sendable {
    public let code: String
    public let name: String
    public let nameEn: String
    public let segments: [SegmentSeed]

    public init(code: String, name: String, nameEn: String, segments: [SegmentSeed]) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.segments = segments
    }
}

public struct SegmentSeed: Sendable {
    public let code: String
    public let position: SegmentPosition
    public let name: String
    public let nameEn: String

    public init(_ code: String, _ position: SegmentPosition, _ name: String, _ nameEn: String) {
        self.code = code
        self.position = position
        self.name = name
        self.nameEn = nameEn
    }
}
