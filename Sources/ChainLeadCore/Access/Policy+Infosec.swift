// Who may do what with information security (Policy S6): city officials record inspections,
// findings, re-tests and trainings; government roles read them; a firm reads its own and reports
// its rectifications.

public enum InfosecResource: Sendable, Equatable {
    /// Inspections, findings, trainings and figures: rows scoped in the query.
    case records
    /// A firm's findings: reporting a rectification.
    case firm(enterprise: String)
}

extension Policy {
    static func decideInfosec(_ g: Grant, _ action: Action, _ what: InfosecResource) -> Decision? {
        switch (g.role, action, what) {
        case (.official, .read, _), (.chief, .read, _), (.district, .read, _), (.department, .read, _):
            return .allow("政府工作人员查看信息安全检查")
        case (.official, _, _): return g.scope == .city ? .allow("市级工作人员组织信息安全检查") : nil
        case (.enterprise, .read, .records): return .allow("企业查看本企业的信息安全检查")
        case (.enterprise, _, .firm(let u)):
            if case .enterprise(let mine) = g.scope, mine == u { return .allow("本企业的信息安全整改") }
            return nil
        default: return nil
        }
    }
}
