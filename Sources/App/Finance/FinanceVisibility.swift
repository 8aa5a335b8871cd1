import ChainLeadCore
import SQLKit

/// What a caller may see of financing needs and of banks' answers (Policy S5) — the one rule the
/// API, the pages, the exports, the figures and every write response go through:
/// - city officials and departments: every need and answer;
/// - officials of some clusters or chains, chain chiefs: needs of firms in their chains;
/// - district officers: needs of firms in their district;
/// - a firm: its own needs, with every bank's answer to them;
/// - a bank: the needs recommended to it, and only its own answers — never another bank's.
/// Filters read `finance_needs n` and `finance_recommendations r`; nil means no row at all.
enum FinanceVisibility {
    private enum Reach {
        case all
        case some(needs: [SQLQueryString], answers: [SQLQueryString])
    }

    private static func reach(_ caller: Caller) -> Reach {
        if caller.isSystem { return .all }
        var needs: [SQLQueryString] = []
        var answers: [SQLQueryString] = []
        func inChains(_ codes: Set<String>) -> SQLQueryString {
            """
            n.enterprise_uscc IN (SELECT m.enterprise_uscc FROM memberships m JOIN segments s ON s.code = m.segment_code
              WHERE s.chain_code IN \(SQLBind.group(codes.sorted())))
            """
        }
        for g in caller.grants {
            switch (g.role, g.scope) {
            case (.official, .city), (.department, _): return .all
            case (.official, .chains(let c)), (.chief, .chains(let c)):
                needs.append(inChains(c))
                answers.append(inChains(c))
            case (.official, .clusters(let c)):
                let filter: SQLQueryString = """
                    n.enterprise_uscc IN (SELECT m.enterprise_uscc FROM memberships m JOIN segments s ON s.code = m.segment_code
                      JOIN chains ch ON ch.code = s.chain_code WHERE ch.cluster_code IN \(SQLBind.group(c.sorted())))
                    """
                needs.append(filter)
                answers.append(filter)
            case (.district, .district(let d)):
                let filter: SQLQueryString = "n.enterprise_uscc IN (SELECT uscc FROM enterprises WHERE district_code = \(bind: d))"
                needs.append(filter)
                answers.append(filter)
            case (.enterprise, .enterprise(let u)):
                needs.append("n.enterprise_uscc = \(bind: u)")
                answers.append("n.enterprise_uscc = \(bind: u)")
            case (.bank, .bank(let b)):
                needs.append("EXISTS (SELECT 1 FROM finance_recommendations rb WHERE rb.need_id = n.id AND rb.bank_name = \(bind: b))")
                answers.append("r.bank_name = \(bind: b)")
            default: break
            }
        }
        return .some(needs: needs, answers: answers)
    }

    private static func or(_ parts: [SQLQueryString]) -> SQLQueryString? {
        guard var out = parts.first else { return nil }
        for p in parts.dropFirst() { out = out + " OR " + p }
        return "(" + out + ")"
    }

    /// Which needs (`finance_needs n`) the caller sees.
    static func needs(_ caller: Caller) -> SQLQueryString? {
        switch reach(caller) {
        case .all: "1 = 1"
        case .some(let needs, _): or(needs)
        }
    }

    /// Which answers (`finance_recommendations r` joined to its need `n`) the caller sees.
    static func answers(_ caller: Caller) -> SQLQueryString? {
        switch reach(caller) {
        case .all: "1 = 1"
        case .some(_, let answers): or(answers)
        }
    }
}
