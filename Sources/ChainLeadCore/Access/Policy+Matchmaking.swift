// Who may do what in supply–demand matchmaking (供需对接, Policy L1, L3): a buyer publishes its
// demands, reads their candidates and moves their matches; any firm publishes its own offers;
// suppliers read the demands open to them (rows scoped in the query) and their own matches;
// officials act for any firm; chain chiefs read their chains'.

public enum MatchmakingResource: Sendable, Equatable {
    /// The lists of demands, offers and matches, and the figures: rows scoped in the query.
    case lists
    /// A buyer's demand: publishing it, its candidates, moving its matches.
    case demand(buyer: String, chains: Set<String>)
    /// A firm's offers.
    case offer(enterprise: String)
    /// A match as one of its two sides sees it: reading it, rating it after a deal.
    case match(buyer: String, supplier: String, chains: Set<String>)
    /// Promotion and matchmaking events (供需对接会、产品推介会): held and filled by city officials.
    case events
    /// A firm's registration for an event.
    case registration(enterprise: String)
}

extension Policy {
    static func decideMatchmaking(_ g: Grant, _ action: Action, _ what: MatchmakingResource) -> Decision? {
        switch (g.role, action, what) {
        case (.official, .read, _): return .allow("市级工作人员组织供需对接")
        case (.official, _, .events), (.official, _, .registration):
            return g.scope == .city ? .allow("市级工作人员举办供需对接会并邀请企业") : nil
        case (.chief, .read, .events), (.district, .read, .events), (.department, .read, .events), (.enterprise, .read, .events):
            return .allow("供需对接活动对企业和政府工作人员公开")
        case (.chief, .export, .events), (.district, .export, .events), (.department, .export, .events):
            return .allow("政府工作人员导出活动报名和成效")
        case (.enterprise, .create, .registration(let u)):
            if case .enterprise(let mine) = g.scope, mine == u { return .allow("本企业报名参加活动") }
            return nil
        case (.official, _, .demand(_, let chains)), (.official, _, .match(_, _, let chains)):
            switch g.scope {
            case .city: return .allow("市级工作人员代企业办理供需对接")
            case .chains(let mine): return mine.isDisjoint(with: chains) ? nil : .allow("负责该产业链")
            default: return nil
            }
        case (.official, _, .offer): return g.scope == .city ? .allow("市级工作人员代企业发布供给能力") : nil
        case (.chief, .read, .lists), (.district, .read, .lists), (.department, .read, .lists):
            return .allow("政府工作人员查看供需对接")
        case (.chief, .read, .demand(_, let chains)), (.chief, .read, .match(_, _, let chains)):
            if case .chains(let mine) = g.scope, !mine.isDisjoint(with: chains) { return .allow("链长及专班查看所负责产业链的供需对接") }
            return nil
        case (.enterprise, .read, .lists): return .allow("企业查看本企业的和向其开放的供需信息")
        case (.enterprise, _, .demand(let buyer, _)):
            if case .enterprise(let mine) = g.scope, mine == buyer { return .allow("本企业的采购需求") }
            return nil
        case (.enterprise, .create, .offer(let u)), (.enterprise, .update, .offer(let u)):
            if case .enterprise(let mine) = g.scope, mine == u { return .allow("本企业的供给能力") }
            return nil
        case (.enterprise, .read, .match(let b, let s, _)), (.enterprise, .update, .match(let b, let s, _)):
            if case .enterprise(let mine) = g.scope, mine == b || mine == s { return .allow("本企业参与的对接") }
            return nil
        default: return nil
        }
    }
}
