import ChainLeadCore
import SQLKit

/// The visibility rule of records that belong to one firm and that government reads whole
/// (information-security inspections, cases): every government role sees every row, a firm's
/// user the rows of its own firm, anyone else nothing.
enum OwnFirmRule {
    /// The condition on `column` (e.g. `i.enterprise_uscc`); nil: nothing.
    static func visible(_ caller: Caller, column: SQLQueryString) -> SQLQueryString? {
        if caller.isSystem { return "1 = 1" }
        var own: [SQLQueryString] = []
        for g in caller.grants {
            switch (g.role, g.scope) {
            case (.official, _), (.chief, _), (.district, _), (.department, _): return "1 = 1"
            case (.enterprise, .enterprise(let u)): own.append(column + " = \(bind: u)")
            default: break
            }
        }
        guard var out = own.first else { return nil }
        for p in own.dropFirst() { out = out + " OR " + p }
        return "(" + out + ")"
    }
}
