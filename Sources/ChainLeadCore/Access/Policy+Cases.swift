// Who may do what with achievements, cases and publicity (Policy S7): a firm submits and edits
// its own cases while they wait for review and reads its own; a chain chief submits for firms of
// its chains; city officials submit for any firm, edit, review, select and compile the case book;
// government roles read every case and the publicity log.

public enum CaseResource: Sendable, Equatable {
    /// The list of cases and the publicity log: rows scoped in the query.
    case list
    /// A case of a firm (its chains for a chief): submitting, editing, adding pictures.
    case firm(enterprise: String, chains: Set<String>)
    /// Reviewing, selecting, compiling the case book, logging publicity.
    case review
}

extension Policy {
    static func decideCases(_ g: Grant, _ action: Action, _ what: CaseResource) -> Decision? {
        switch (g.role, action, what) {
        case (.official, .read, _), (.chief, .read, _), (.district, .read, _), (.department, .read, _):
            return .allow("政府工作人员查看典型案例和宣传活动")
        case (.official, _, _): return g.scope == .city ? .allow("市级工作人员征集、审核和汇编典型案例") : nil
        case (.chief, .create, .firm(_, let chains)), (.chief, .update, .firm(_, let chains)):
            if case .chains(let mine) = g.scope, !mine.isDisjoint(with: chains) { return .allow("链长专班报送所负责产业链的案例") }
            return nil
        case (.enterprise, .read, .list): return .allow("企业查看本企业的案例")
        case (.enterprise, .read, .firm(let u, _)), (.enterprise, .create, .firm(let u, _)), (.enterprise, .update, .firm(let u, _)):
            if case .enterprise(let mine) = g.scope, mine == u { return .allow("本企业的案例") }
            return nil
        default: return nil
        }
    }

    /// Whether any case could be submitted or edited by these grants: asked before a body is
    /// validated, so a role that may never submit gets 403, not a field error.
    public static func maySubmitCases(_ grants: [Grant]) -> Bool {
        grants.contains { g in
            switch (g.role, g.scope) {
            case (.official, .city), (.chief, .chains), (.enterprise, .enterprise): true
            default: false
            }
        }
    }
}
