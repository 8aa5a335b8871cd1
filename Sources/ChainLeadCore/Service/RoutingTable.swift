// Which department leads a request and which help (Policy S6: departments act together).

public struct Routing: Hashable, Sendable, Codable {
    public var lead: String
    /// Co-departments (协办): they add notes; the lead department answers.
    public var co: [String]

    public init(lead: String, co: [String] = []) {
        self.lead = lead
        self.co = co
    }
}

public struct RoutingTable: Hashable, Sendable {
    public let entries: [RequestCategory: Routing]

    /// An edited table. Categories left out keep their default routing, so every request
    /// always has a lead department.
    public init(_ entries: [RequestCategory: Routing]) {
        self.entries = Self.seed.merging(entries) { _, edited in edited }
    }

    public static let `default` = RoutingTable([:])

    public func route(_ category: RequestCategory) -> Routing {
        // The seed routes every category (ServiceRoutingTests checks), and `entries` starts from it.
        // swift-format-ignore: NeverForceUnwrap
        entries[category] ?? Self.seed[category]!
    }

    /// Every department the table routes to, as lead or co-department.
    public var departments: Set<String> {
        Set(entries.values.flatMap { [$0.lead] + $0.co })
    }

    static let seed: [RequestCategory: Routing] = {
        typealias D = Department
        return [
            .finance: Routing(lead: D.financeOffice, co: [D.financeBureau]),
            .fund: Routing(lead: D.financeBureau, co: [D.financeOffice]),
            .talent: Routing(lead: D.organisation, co: [D.humanResources]),
            .project: Routing(lead: D.developmentReform),
            .supply: Routing(lead: D.industryIT),
            .land: Routing(lead: D.naturalResources),
            .power: Routing(lead: D.powerSupply),
            .labour: Routing(lead: D.humanResources),
            .fire: Routing(lead: D.emergency),
            .safety: Routing(lead: D.emergency),
            .environment: Routing(lead: D.ecoEnvironment),
            .policy: Routing(lead: D.industryIT),
            .infosec: Routing(lead: D.data),
            .other: Routing(lead: D.industryIT),
        ]
    }()
}
