// Who may do what with financing (Policy S5): city officials derive, confirm and publish the
// quarter's whitelist; government roles read it; a bank reads the published ones (the store
// answers 404 for a draft).

public enum FinanceResource: Sendable, Equatable {
    case whitelists
}

extension Policy {
    static func decideFinance(_ g: Grant, _ action: Action, _ what: FinanceResource) -> Decision? {
        switch (g.role, action, what) {
        case (.official, .read, .whitelists), (.chief, .read, .whitelists), (.district, .read, .whitelists),
            (.department, .read, .whitelists):
            return .allow("政府工作人员查看融资白名单")
        case (.official, _, .whitelists): return g.scope == .city ? .allow("市级工作人员生成、确认和发布融资白名单") : nil
        case (.bank, .read, .whitelists): return .allow("金融机构查看已发布的融资白名单")
        default: return nil
        }
    }
}
