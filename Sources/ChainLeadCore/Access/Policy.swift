// One policy for every page and API route: role × scope × action × resource → decision.
// No route decides alone; handlers ask `Policy.decide` (through one helper in the app).

public enum Action: String, Sendable, CaseIterable {
    case read, create, update, export, importData, manageUsers, assignRoles, readAudit, editTaxonomy
}

/// What an action is about. Enterprise resources carry the facts scoping needs.
public enum Resource: Sendable, Equatable {
    case taxonomy
    case enterpriseList
    case enterprise(uscc: String, district: String, chains: Set<String>)
    case newEnterprise(district: String)
    case users
    case audit
    case imports
    /// The caller's own account: password, personal tokens.
    case ownAccount
    /// Supporting rates, chain maps, risks, supply-link lists (Policy G5, L2): of one chain,
    /// or city-wide (nil; a chain chief then sees only their chains' rows).
    case supplyAnalysis(chain: String?)
    /// Individual purchases: supply-link rows, single-source dependencies, a segment's suppliers.
    /// Rows are scoped by `Policy.supplyRows`; departments see rates and totals only.
    case supplyPurchases
    /// Investment-attraction leads and their pipeline (Policy L2).
    case leads
    /// The supplier-name resolution queue.
    case supplierMatches
    /// A service-express request (Policy S6): its firm, the firm's district and chains, and
    /// the departments it is routed to (lead and co-departments).
    case serviceRequest(enterprise: String, district: String, chains: Set<String>, departments: Set<String>)
    /// Filing a request for a firm.
    case newServiceRequest(enterprise: String, district: String)
    /// The list of requests (rows are scoped in the query).
    case serviceRequests
    /// The routing table and the working calendar.
    case serviceSettings
    /// A department's figures (nil: the city's).
    case serviceStats(department: String?)
    /// A firm's liaison officer (挂钩联系, Policy S6).
    case liaison
    /// Visit records of a firm (Policy S1): who visits, and the demands raised.
    case visit(enterprise: String, district: String, chains: Set<String>)
    /// Topic meetings on unresolved requests (专题会商).
    case meetings
    /// The service lists of the clusters (专项服务清单).
    case serviceOffers
    /// Chain-leader selection (Policy S2, G1, G2): see `Policy+Selection.swift`.
    case selection(SelectionResource)
    /// Honours and innovation records (Policy L1, L4, S3, S4, G3, G4): public lists, kept by
    /// city officials.
    case honours
    /// Rewards without application (免申即享, S4) of a firm (nil: the list, scoped in the query).
    case rewards(enterprise: String?)
    /// Supply–demand matchmaking (Policy L1, L3): see `Policy+Matchmaking.swift`.
    case matchmaking(MatchmakingResource)
    /// Open labs and testing platforms (Policy L1): see `LabBooking.swift`.
    case labs(LabResource)
    /// Financing (Policy S5): see `Policy+Finance.swift`.
    case finance(FinanceResource)
    /// Information security (Policy S6): see `Policy+Infosec.swift`.
    case infosec(InfosecResource)
    /// The responsibility matrix (Policy S1–S7): see `Policy+Tasks.swift`.
    case tasks(TaskResource)
    /// Achievements, cases and publicity (Policy S7): see `Policy+Cases.swift`.
    case cases(CaseResource)
}

public struct Decision: Equatable, Sendable {
    public var allowed: Bool
    /// Why, in Chinese: shown with a 403.
    public var reason: String

    public static func allow(_ why: String) -> Decision { Decision(allowed: true, reason: why) }
    public static func deny(_ why: String) -> Decision { Decision(allowed: false, reason: why) }
}

public enum Policy {
    /// Allowed when any grant allows; the reason of the first allowing grant, or of the refusal.
    public static func decide(_ grants: [Grant], _ action: Action, _ resource: Resource) -> Decision {
        if grants.isEmpty { return .deny("账号未分配任何角色") }
        for grant in grants {
            if let decision = decide(grant, action, resource), decision.allowed { return decision }
        }
        return .deny("当前角色（\(grants.map(\.role.nameZh).joined(separator: "、"))）无权\(describe(action, resource))")
    }

    static func decide(_ g: Grant, _ action: Action, _ resource: Resource) -> Decision? {
        switch (g.role, action, resource) {
        case (_, .read, .ownAccount), (_, .update, .ownAccount): return .allow("本人账号")
        // 三员分立: the system administrator runs users and taxonomy, not data.
        case (.admin, .manageUsers, .users), (.admin, .read, .users): return .allow("系统管理员管理账号")
        case (.admin, .editTaxonomy, .taxonomy), (.admin, .read, .taxonomy): return .allow("系统管理员维护产业链分类")
        case (.admin, .readAudit, .audit): return .allow("系统管理员查看审计记录")
        case (.security, .assignRoles, .users), (.security, .read, .users): return .allow("安全管理员分配角色")
        case (.auditor, .readAudit, .audit): return .allow("审计员查看审计记录")
        case (.auditor, _, _): return .deny("审计员只能查看审计记录")

        case (.official, .read, .supplyAnalysis), (.district, .read, .supplyAnalysis), (.department, .read, .supplyAnalysis):
            return .allow("政府工作人员查看配套分析")
        case (.official, .read, .supplyPurchases), (.chief, .read, .supplyPurchases), (.district, .read, .supplyPurchases):
            return .allow("可查看权限范围内的采购明细")
        case (.chief, .read, .supplyAnalysis(let chain)):
            guard let chain else { return .allow("链长及专班查看所负责产业链的配套分析") }
            if case .chains(let mine) = g.scope, mine.contains(chain) { return .allow("负责该产业链") }
            return nil
        case (.official, .read, .leads), (.chief, .read, .leads), (.chief, .update, .leads):
            return .allow("招商线索由市级工作人员和链长专班跟进")
        case (.official, .update, .leads), (.official, .export, .leads):
            return .allow("招商线索由市级工作人员和链长专班跟进")
        case (.chief, .export, .leads): return .allow("链长专班导出招商线索")
        case (.official, .read, .supplierMatches): return .allow("市级工作人员查看待确认的供应商")
        case (.official, .update, .supplierMatches):
            return g.scope == .city ? .allow("市级工作人员确认供应商") : nil

        // The service express (Policy S6): the firm files and rates, departments handle what is
        // routed to them, city officials dispatch; districts and chain chiefs follow their firms.
        case (.official, .read, .serviceRequests), (.department, .read, .serviceRequests), (.district, .read, .serviceRequests),
            (.chief, .read, .serviceRequests), (.enterprise, .read, .serviceRequests):
            return .allow("可查看权限范围内的诉求")
        case (.official, .read, .serviceRequest), (.official, .update, .serviceRequest): return .allow("市级工作人员统筹调度诉求")
        case (.department, .read, .serviceRequest(_, _, _, let departments)),
            (.department, .update, .serviceRequest(_, _, _, let departments)):
            if case .department(let mine, _) = g.scope, departments.contains(mine) { return .allow("诉求已交办本部门") }
            return nil
        case (.district, .read, .serviceRequest(_, let d, _, _)):
            if case .district(let mine) = g.scope, mine == d { return .allow("本区县企业的诉求") }
            return nil
        case (.chief, .read, .serviceRequest(_, _, let chains, _)):
            if case .chains(let mine) = g.scope, !mine.isDisjoint(with: chains) { return .allow("所负责产业链企业的诉求") }
            return nil
        case (.enterprise, .read, .serviceRequest(let u, _, _, _)), (.enterprise, .update, .serviceRequest(let u, _, _, _)),
            (.enterprise, .create, .newServiceRequest(let u, _)):
            if case .enterprise(let mine) = g.scope, mine == u { return .allow("本企业的诉求") }
            return nil
        case (.official, .create, .newServiceRequest): return .allow("挂钩联系干部或走访时代企业提交诉求")
        case (.district, .create, .newServiceRequest(_, let d)):
            if case .district(let mine) = g.scope, mine == d { return .allow("本区县企业的诉求") }
            return nil
        case (.official, .update, .liaison): return g.scope == .city ? .allow("市级工作人员安排挂钩联系干部") : nil
        case (.official, .create, .visit), (.official, .read, .visit): return .allow("市级领导和工作人员走访企业")
        case (.chief, .create, .visit(_, _, let chains)), (.chief, .read, .visit(_, _, let chains)):
            if case .chains(let mine) = g.scope, !mine.isDisjoint(with: chains) { return .allow("链长走访所负责产业链的企业") }
            return nil
        case (.district, .create, .visit(_, let d, _)), (.district, .read, .visit(_, let d, _)):
            if case .district(let mine) = g.scope, mine == d { return .allow("走访本区县企业") }
            return nil
        case (.official, .read, .meetings), (.department, .read, .meetings), (.chief, .read, .meetings), (.district, .read, .meetings):
            return .allow("查看涉及权限范围内诉求的专题会商")
        case (.official, .update, .meetings): return g.scope == .city ? .allow("市级工作人员组织专题会商") : nil
        case (.official, .update, .serviceOffers): return g.scope == .city ? .allow("市级工作人员维护专项服务清单") : nil
        case (_, .read, .serviceOffers): return .allow("专项服务清单对所有用户公开")
        case (.admin, .update, .serviceSettings): return .allow("系统管理员维护交办规则和工作日历")
        case (_, .read, .serviceSettings): return .allow("工作日历和交办规则对所有用户公开")
        case (.official, .read, .serviceStats): return .allow("市级工作人员查看办理情况")
        case (.department, .read, .serviceStats(let d)):
            if case .department(let mine, _) = g.scope, mine == d { return .allow("本部门的办理情况") }
            return nil

        case (.official, .read, .taxonomy), (.official, .read, .enterpriseList): return .allow("市级工作人员可查看")
        case (.official, .read, .enterprise), (.official, .export, .enterpriseList): return .allow("市级工作人员可查看和导出")
        case (.official, .create, .newEnterprise), (.official, .importData, .imports):
            return g.scope == .city ? .allow("市级工作人员维护企业库") : nil
        case (.official, .update, .enterprise(_, _, let chains)):
            switch g.scope {
            case .city: return .allow("市级工作人员维护企业库")
            case .chains(let mine): return mine.isDisjoint(with: chains) ? nil : .allow("负责该产业链")
            default: return nil
            }

        case (.chief, .read, .taxonomy), (.chief, .read, .enterpriseList): return .allow("链长及专班可查看")
        case (.chief, .read, .enterprise(_, _, let chains)), (.chief, .update, .enterprise(_, _, let chains)):
            if case .chains(let mine) = g.scope, !mine.isDisjoint(with: chains) { return .allow("负责该产业链") }
            return nil

        case (.district, .read, .taxonomy), (.district, .read, .enterpriseList): return .allow("区县工作人员可查看")
        case (.district, .read, .enterprise(_, let d, _)), (.district, .update, .enterprise(_, let d, _)),
            (.district, .create, .newEnterprise(let d)):
            if case .district(let mine) = g.scope, mine == d { return .allow("本区县企业") }
            return nil
        case (.district, .export, .enterpriseList): return .allow("区县工作人员导出本区县企业")

        case (.department, .read, .taxonomy), (.department, .read, .enterpriseList), (.department, .read, .enterprise):
            return .allow("部门工作人员可查看企业")

        case (.enterprise, .read, .taxonomy), (.enterprise, .read, .enterpriseList): return .allow("企业用户可查看目录信息")
        case (.enterprise, .read, .enterprise(let u, _, _)), (.enterprise, .update, .enterprise(let u, _, _)):
            if case .enterprise(let mine) = g.scope, mine == u { return .allow("本企业") }
            return nil
        case (_, _, .selection(let what)): return decideSelection(g, action, what)
        case (_, _, .matchmaking(let what)): return decideMatchmaking(g, action, what)
        case (_, _, .labs(let what)): return decideLabs(g, action, what)
        case (_, _, .finance(let what)): return decideFinance(g, action, what)
        case (_, _, .infosec(let what)): return decideInfosec(g, action, what)
        case (_, _, .tasks(let what)): return decideTasks(g, action, what)
        case (_, _, .cases(let what)): return decideCases(g, action, what)

        // Honours are public lists; officials keep them and the rewards they bring (Policy S4).
        case (.official, .read, .honours), (.chief, .read, .honours), (.district, .read, .honours), (.department, .read, .honours),
            (.enterprise, .read, .honours), (.bank, .read, .honours), (.expert, .read, .honours):
            return .allow("荣誉名单为公开信息")
        case (.official, .export, .honours), (.chief, .export, .honours), (.district, .export, .honours), (.department, .export, .honours):
            return .allow("政府工作人员导出荣誉和创新成果")
        case (.official, .create, .honours), (.official, .update, .honours), (.official, .importData, .honours):
            return g.scope == .city ? .allow("市级工作人员维护荣誉和创新成果") : nil
        case (.official, .read, .rewards), (.chief, .read, .rewards), (.district, .read, .rewards), (.department, .read, .rewards):
            return .allow("政府工作人员查看免申即享奖励")
        case (.official, .update, .rewards): return g.scope == .city ? .allow("市级工作人员办理免申即享奖励") : nil
        case (.enterprise, .read, .rewards(let u?)):
            if case .enterprise(let mine) = g.scope, mine == u { return .allow("本企业的奖励") }
            return nil
        default:
            return nil
        }
    }

    static func describe(_ action: Action, _ resource: Resource) -> String {
        let verb: String
        switch action {
        case .read: verb = "查看"
        case .create: verb = "新增"
        case .update: verb = "修改"
        case .export: verb = "导出"
        case .importData: verb = "导入"
        case .manageUsers: verb = "管理"
        case .assignRoles: verb = "分配角色给"
        case .readAudit: verb = "查看"
        case .editTaxonomy: verb = "修改"
        }
        let noun: String
        switch resource {
        case .taxonomy: noun = "产业链分类"
        case .enterpriseList: noun = "企业列表"
        case .enterprise(let u, _, _): noun = "企业 \(u)"
        case .newEnterprise: noun = "企业"
        case .users: noun = "账号"
        case .audit: noun = "审计记录"
        case .imports: noun = "批量数据"
        case .ownAccount: noun = "本人账号"
        case .supplyAnalysis: noun = "配套分析"
        case .supplyPurchases: noun = "采购明细"
        case .leads: noun = "招商线索"
        case .supplierMatches: noun = "供应商匹配"
        case .serviceRequest(let u, _, _, _): noun = "企业 \(u) 的诉求"
        case .newServiceRequest(let u, _): noun = "企业 \(u) 的诉求"
        case .serviceRequests: noun = "诉求列表"
        case .serviceSettings: noun = "交办规则和工作日历"
        case .serviceStats(let d): noun = (d ?? "全市") + "的办理情况"
        case .liaison: noun = "挂钩联系安排"
        case .visit(let u, _, _): noun = "企业 \(u) 的走访记录"
        case .meetings: noun = "专题会商"
        case .serviceOffers: noun = "专项服务清单"
        case .selection(let what): noun = what.nameZh
        case .honours: noun = "荣誉和创新成果"
        case .rewards(let u): noun = (u.map { "企业 \($0) 的" } ?? "") + "免申即享奖励"
        case .matchmaking(.lists): noun = "供需对接信息"
        case .matchmaking(.demand(let u, _)): noun = "企业 \(u) 的采购需求"
        case .matchmaking(.offer(let u)): noun = "企业 \(u) 的供给能力"
        case .matchmaking(.match): noun = "该对接"
        case .matchmaking(.events): noun = "供需对接活动"
        case .matchmaking(.registration(let u)): noun = "企业 \(u) 的活动报名"
        case .labs(.lists): noun = "开放平台"
        case .labs(.lab(let u)): noun = "企业 \(u) 的开放平台"
        case .labs(.booking): noun = "该预约"
        case .finance(.whitelists): noun = "融资白名单"
        case .finance(.banks): noun = "金融机构名录"
        case .finance(.rounds): noun = "融资需求征集批次"
        case .finance(.lists): noun = "融资需求和银行反馈"
        case .finance(.need(let u)): noun = "企业 \(u) 的融资需求"
        case .finance(.recommend): noun = "向银行推荐融资需求"
        case .finance(.answer(let b)): noun = "\(b) 的答复"
        case .finance(.meetings): noun = "政银企对接会"
        case .finance(.talent(let u)): noun = "企业 \(u) 的人才推荐"
        case .finance(.talentOutcome): noun = "人才推荐结果"
        case .finance(.greenChannel): noun = "绿色通道项目和要素指标"
        case .finance(.departmentStep(let d)): noun = "\(d) 负责的事项"
        case .infosec(.records): noun = "信息安全检查"
        case .infosec(.firm(let u)): noun = "企业 \(u) 的信息安全整改"
        case .tasks(.matrix): noun = "责任分工"
        case .tasks(.report(let d)): noun = "\(d) 的进展报送"
        case .cases(.list): noun = "典型案例"
        case .cases(.firm(let u, _)): noun = "企业 \(u) 的案例"
        case .cases(.review): noun = "案例审核、汇编和宣传活动"
        }
        return verb + noun
    }
}

/// How much of an enterprise a user may see.
public enum Visibility: Int, Sendable, Comparable {
    case none = 0
    /// The directory fields only: uscc, name, shortName, district, segments, tier, status.
    case directory = 1
    /// Everything but the contact's phone and e-mail, which are masked.
    case masked = 2
    case full = 3

    public static func < (a: Visibility, b: Visibility) -> Bool { a.rawValue < b.rawValue }
}

/// Which rows of the enterprise list a user may see (row scoping happens in the query).
public struct ListScope: Equatable, Sendable {
    /// All rows (at least directory fields of each).
    public var all: Bool
    /// Else: rows in these districts or with a segment in these chains.
    public var districts: Set<String>
    public var chains: Set<String>

    public static let everything = ListScope(all: true, districts: [], chains: [])
    public static let nothing = ListScope(all: false, districts: [], chains: [])
}

extension Policy {
    /// The best visibility any grant gives on one enterprise.
    public static func visibility(_ grants: [Grant], uscc: String, district: String, chains: Set<String>) -> Visibility {
        grants.map { g -> Visibility in
            switch (g.role, g.scope) {
            case (.official, .city): return .full
            case (.official, .clusters), (.official, .chains): return .masked  // officials read all
            case (.chief, .chains(let mine)): return mine.isDisjoint(with: chains) ? .none : .full
            case (.district, .district(let d)): return d == district ? .full : .none
            case (.department, _): return .masked
            case (.enterprise, .enterprise(let u)): return u == uscc ? .full : .directory
            default: return .none
            }
        }.max() ?? .none
    }

    /// The supply links whose figures a user may see: all; a chief's chains; a district officer's
    /// buyers (links bought by firms of the district — "local" still means the whole city).
    public static func supplyRows(_ grants: [Grant]) -> ListScope {
        var scope = ListScope.nothing
        for g in grants {
            switch (g.role, g.scope) {
            case (.official, _), (.department, _): return .everything
            case (.chief, .chains(let c)): scope.chains.formUnion(c)
            case (.district, .district(let d)): scope.districts.insert(d)
            default: break
            }
        }
        return scope
    }

    /// Callers may sort and filter only by what they may see: figures of every listed firm are
    /// visible unless an enterprise user (who sees others' directory entries only) has no grant
    /// that shows them all.
    public static func maySortByFigures(_ grants: [Grant]) -> Bool {
        grants.contains { $0.role == .official || $0.role == .department } || !grants.contains { $0.role == .enterprise }
    }

    /// The rows of the enterprise list a user may see.
    public static func listScope(_ grants: [Grant]) -> ListScope {
        var scope = ListScope.nothing
        for g in grants {
            switch (g.role, g.scope) {
            case (.official, _), (.department, _), (.enterprise, _): return .everything
            case (.chief, .chains(let c)): scope.chains.formUnion(c)
            case (.district, .district(let d)): scope.districts.insert(d)
            default: break
            }
        }
        return scope
    }
}
