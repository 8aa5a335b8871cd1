// Who may do what with the responsibility matrix (Policy S1–S7): government roles read it; a
// department reports on the clauses that name it; city officials report for any department.

public enum TaskResource: Sendable, Equatable {
    case matrix
    case report(department: String)
}

extension Policy {
    static func decideTasks(_ g: Grant, _ action: Action, _ what: TaskResource) -> Decision? {
        switch (g.role, action, what) {
        case (.official, .read, _), (.chief, .read, _), (.district, .read, _), (.department, .read, _):
            return .allow("政府工作人员查看责任分工落实情况")
        case (.official, .create, .report): return g.scope == .city ? .allow("市级工作人员代部门报送进展") : nil
        case (.department, .create, .report(let d)):
            if case .department(let mine, _) = g.scope, mine == d { return .allow("本部门报送责任分工进展") }
            return nil
        default: return nil
        }
    }
}
