// Who may do what in chain-leader selection (Policy S2, G1, G2): officials run campaigns, pools
// and reviews; chain chiefs read their chains'; districts give the preliminary review of their
// firms; a firm applies for itself and reads its own applications and scores only.

public enum SelectionResource: Sendable, Equatable {
    case schemes
    /// A campaign of these chains (reading its ranking, scoring, recognising).
    case campaign(chains: Set<String>)
    /// Opening a campaign.
    case campaigns
    /// An application of a firm in a district for a chain.
    case application(enterprise: String, district: String, chain: String)
    /// The district's preliminary review (区县初审) of a firm's application.
    case districtReview(district: String)
    /// One chain's pools, recognitions, reviews and warnings (nil: every chain the caller covers).
    case chain(String?)
    /// A firm's violation records (eligibility).
    case violations(enterprise: String, district: String, chains: Set<String>)
    /// The 2027 targets (G1, G2, G5).
    case targets
    /// An expert's profile (`own`: the caller is that expert).
    case expertProfile(own: Bool)
    /// An application seen through the caller's own unblocked assignment (experts).
    case assignedApplication
    /// The caller's own assignments: the queue, declaring, scoring.
    case ownAssignment
    /// The chain chief's approval of a shortlist of this chain (链长审定).
    case shortlistDecision(chain: String)
    /// Objections to a public notice of these chains: anyone files, officials decide.
    case objections(chains: Set<String>)

    var nameZh: String {
        switch self {
        case .schemes: "遴选方案"
        case .campaign, .campaigns: "遴选批次"
        case .application(let u, _, _): "企业 \(u) 的申报"
        case .districtReview: "区县初审"
        case .chain(let c): (c.map { "产业链 \($0) 的" } ?? "") + "链主认定、培育库和复核"
        case .violations(let u, _, _): "企业 \(u) 的违法违规记录"
        case .targets: "目标进度"
        case .expertProfile: "专家信息"
        case .assignedApplication: "评审任务中的申报"
        case .ownAssignment: "评审任务"
        case .shortlistDecision(let c): "产业链 \(c) 的拟认定名单审定"
        case .objections: "公示异议"
        }
    }
}

extension Policy {
    static func decideSelection(_ g: Grant, _ action: Action, _ what: SelectionResource) -> Decision? {
        let government: Set<Role> = [.official, .chief, .district, .department]
        switch (g.role, action, what) {
        // Only the chain's chief approves its shortlist; no other role, however wide.
        case (.chief, .update, .shortlistDecision(let chain)):
            if case .chains(let mine) = g.scope, mine.contains(chain) { return .allow("链长审定所负责产业链的拟认定名单") }
            return nil
        case (_, _, .shortlistDecision): return nil
        case (.expert, .read, .expertProfile(own: true)), (.expert, .update, .expertProfile(own: true)):
            return .allow("本人的专家信息")
        case (.expert, .read, .assignedApplication), (.expert, .read, .ownAssignment), (.expert, .update, .ownAssignment):
            return .allow("分配给本人的评审任务")
        case (_, _, .ownAssignment): return nil
        case (_, .create, .objections): return .allow("任何用户可对公示提出异议")
        case (.chief, .read, .objections(let chains)):
            if case .chains(let mine) = g.scope, !mine.isDisjoint(with: chains) { return .allow("链长及专班查看所负责产业链的公示异议") }
            return nil
        case (.chief, .read, .expertProfile): return .allow("链长及专班查看评审专家信息")
        case (.official, .read, _): return .allow("市级工作人员组织链主遴选")
        case (.official, _, _): return g.scope == .city ? .allow("市级工作人员组织链主遴选") : nil

        case (.chief, .read, .schemes), (.chief, .read, .campaigns), (.chief, .read, .chain(nil)):
            return .allow("链长及专班查看所负责产业链的遴选")
        case (.chief, .read, .campaign(let chains)):
            if case .chains(let mine) = g.scope, !mine.isDisjoint(with: chains) { return .allow("负责该产业链") }
            return nil
        case (.chief, .read, .chain(let chain?)), (.chief, .read, .application(_, _, let chain)):
            if case .chains(let mine) = g.scope, mine.contains(chain) { return .allow("负责该产业链") }
            return nil
        case (.chief, .read, .violations(_, _, let chains)):
            if case .chains(let mine) = g.scope, !mine.isDisjoint(with: chains) { return .allow("负责该产业链") }
            return nil

        case (.district, .read, .application(_, let d, _)), (.district, .update, .districtReview(let d)):
            if case .district(let mine) = g.scope, mine == d { return .allow("本区县企业的申报") }
            return nil
        case (.district, .read, .violations(_, let d, _)):
            if case .district(let mine) = g.scope, mine == d { return .allow("本区县企业") }
            return nil
        case (.district, .read, .schemes), (.district, .read, .campaigns):
            return .allow("区县工作人员查看遴选安排")

        case (.enterprise, .read, .schemes), (.enterprise, .read, .campaigns):
            return .allow("企业查看遴选安排")
        case (.enterprise, .read, .application(let u, _, _)), (.enterprise, .create, .application(let u, _, _)):
            if case .enterprise(let mine) = g.scope, mine == u { return .allow("本企业的申报") }
            return nil

        case (let role, .read, .targets) where government.contains(role): return .allow("政府工作人员查看目标进度")
        case (.district, .read, .chain), (.department, .read, .chain): return .allow("政府工作人员查看链主认定和培育库")
        case (.department, .read, .violations): return .allow("部门工作人员查看违法违规记录")
        default: return nil
        }
    }
}
