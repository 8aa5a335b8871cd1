// Who may do what with financing (Policy S5): city officials derive, confirm and publish the
// quarter's whitelist, open collection rounds, recommend needs to banks and hold 政银企 meetings;
// a firm files its own needs and nominates its own people; a bank answers what is addressed to
// it (the rows it sees are scoped in the query by `FinanceVisibility`); the green channel's steps
// and quota requests are kept by city officials, and a department marks its own approvals done.

public enum FinanceResource: Sendable, Equatable {
    case whitelists
    /// Banks as reference data: their registered names are the scope of bank users.
    case banks
    /// Collection rounds.
    case rounds
    /// Needs, recommendations and their figures and exports: rows scoped in the query.
    case lists
    /// A firm's financing need: filing it.
    case need(enterprise: String)
    /// Recommending a need to banks.
    case recommend
    /// A bank's answer to a recommendation addressed to it.
    case answer(bank: String)
    /// Government–bank–enterprise meetings (政银企对接会).
    case meetings
    /// A firm's talent-programme nominations.
    case talent(enterprise: String)
    /// Recommending nominations on and recording their outcome.
    case talentOutcome
    /// Green-channel projects, their steps and quota requests.
    case greenChannel
    /// A step or quota decision owned by one department.
    case departmentStep(department: String)
}

extension Policy {
    static func decideFinance(_ g: Grant, _ action: Action, _ what: FinanceResource) -> Decision? {
        let government: Set<Role> = [.official, .chief, .district, .department]
        let cityOfficial = g.role == .official && g.scope == .city
        switch (g.role, action, what) {
        case (.official, .read, .whitelists), (.chief, .read, .whitelists), (.district, .read, .whitelists),
            (.department, .read, .whitelists):
            return .allow("政府工作人员查看融资白名单")
        case (.official, _, .whitelists): return cityOfficial ? .allow("市级工作人员生成、确认和发布融资白名单") : nil
        case (.bank, .read, .whitelists): return .allow("金融机构查看已发布的融资白名单")
        case (_, .read, .banks) where government.contains(g.role) || g.role == .bank || g.role == .admin:
            return .allow("查看金融机构名录")
        case (.admin, _, .banks): return .allow("系统管理员维护金融机构名录")
        case (.official, _, .banks): return cityOfficial ? .allow("市级工作人员维护金融机构名录") : nil
        case (_, .read, .rounds) where government.contains(g.role) || g.role == .enterprise || g.role == .bank:
            return .allow("查看融资需求征集批次")
        case (.admin, .read, .rounds): return .allow("系统管理员在融资对接页维护金融机构名录")
        case (.official, _, .rounds), (.official, _, .recommend), (.official, _, .meetings), (.official, _, .talentOutcome),
            (.official, _, .greenChannel):
            return cityOfficial ? .allow("市级工作人员组织融资对接和要素保障") : nil
        case (_, .read, .lists) where government.contains(g.role) || g.role == .enterprise || g.role == .bank:
            return .allow("查看与本人职责相关的融资需求和银行反馈")
        case (_, .export, .lists) where government.contains(g.role) || g.role == .bank:
            return .allow("导出与本人职责相关的融资对接情况")
        case (.official, _, .need), (.official, _, .talent), (.official, _, .answer), (.official, _, .departmentStep):
            return cityOfficial ? .allow("市级工作人员代为办理") : nil
        case (.enterprise, .create, .need(let u)), (.enterprise, .create, .talent(let u)), (.enterprise, .read, .talent(let u)):
            if case .enterprise(let mine) = g.scope, mine == u { return .allow("本企业的融资需求和人才推荐") }
            return nil
        case (.bank, .update, .answer(let bank)):
            if case .bank(let mine) = g.scope, mine == bank { return .allow("本行答复推荐给本行的融资需求") }
            return nil
        case (_, .read, .meetings), (_, .read, .greenChannel), (_, .read, .talent):
            return government.contains(g.role) ? .allow("政府工作人员查看") : nil
        case (.department, .update, .departmentStep(let d)):
            if case .department(let mine, _) = g.scope, mine == d { return .allow("本部门负责的审批事项和要素指标") }
            return nil
        default: return nil
        }
    }
}
