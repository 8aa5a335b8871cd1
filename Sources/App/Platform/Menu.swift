import ChainLeadCore
import Foundation

/// One entry of the header's menu.
struct MenuItem: Encodable, Sendable {
    var id: String
    var href: String
    var label: String
    var on: Bool
}

/// The menu a caller is shown: exactly the pages the policy lets them open — the same
/// `Policy.decide` the routes ask, so no entry leads to a 403.
enum Menu {
    static func entries(_ grants: [Grant]) -> [(id: String, href: String, key: String, nav: String, allowed: Bool)] {
        func may(_ action: Action, _ resource: Resource) -> Bool { Policy.decide(grants, action, resource).allowed }
        return [
            ("nav-workbench", "/workbench", "workbench", "workbench", !grants.isEmpty),
            ("nav-home", "/", "overview", "home", may(.read, .enterpriseList)),
            ("nav-dashboard", "/dashboard", "dashboard", "dashboard", may(.read, .selection(.targets))),
            ("nav-clusters", "/clusters", "clusters", "clusters", may(.read, .taxonomy)),
            ("nav-enterprises", "/enterprises", "enterprises", "enterprises", may(.read, .enterpriseList)),
            ("nav-supply", "/supply", "supply", "supply", may(.read, .supplyAnalysis(chain: nil))),
            ("nav-selection", "/selection", "selection", "selection", may(.read, .selection(.campaigns))),
            ("nav-leads", "/leads", "leads", "leads", may(.read, .leads)),
            ("nav-honours", "/honours", "honours", "honours", may(.read, .honours) && !grants.contains { $0.role == .enterprise }),
            ("nav-matchmaking", "/matchmaking", "matchmaking", "matchmaking", may(.read, .matchmaking(.lists))),
            ("nav-whitelists", "/whitelists", "whitelists", "whitelists", may(.read, .finance(.whitelists))),
            ("nav-finance", "/finance", "finance", "finance", may(.read, .finance(.rounds))),
            ("nav-green-channel", "/green-channel", "green-channel", "green-channel", may(.read, .finance(.greenChannel))),
            ("nav-requests", "/requests", "requests", "requests", may(.read, .serviceRequests)),
            ("nav-infosec", "/infosec", "infosec", "infosec", may(.read, .infosec(.records))),
            ("nav-tasks", "/tasks", "tasks", "tasks", may(.read, .tasks(.matrix))),
            ("nav-cases", "/cases", "cases", "cases", may(.read, .cases(.list))),
            ("nav-imports", "/imports", "imports", "imports", may(.importData, .imports)),
            ("nav-assignments", "/selection/assignments", "myAssignments", "assignments", may(.read, .selection(.ownAssignment))),
            ("nav-my", "/my", "myFirm", "my", grants.contains { $0.role == .enterprise }),
            ("nav-users", "/users", "users", "users", may(.read, .users)),
            ("nav-audit", "/audit", "audit", "audit", may(.readAudit, .audit)),
        ]
    }

    /// Links inside pages that only some roles may follow, by the same policy as their routes:
    /// templates write `#if(may.leads):<a href="/leads">…#endif`.
    static func may(_ grants: [Grant]) -> [String: Bool] {
        func may(_ action: Action, _ resource: Resource) -> Bool { Policy.decide(grants, action, resource).allowed }
        var out = Dictionary(uniqueKeysWithValues: entries(grants).map { ($0.key, $0.allowed) })
        out["supplierMatches"] = may(.read, .supplierMatches)
        out["pools"] = may(.read, .selection(.chain(nil)))
        out["reviews"] = may(.read, .selection(.chain(nil)))
        // A firm reads its own rewards; government roles the list.
        out["rewards"] = may(.read, .rewards(enterprise: nil)) || grants.contains { $0.role == .enterprise }
        out["honourHints"] = may(.update, .honours)
        out["honoursExport"] = may(.export, .honours)
        out["suppliers"] = may(.read, .supplyPurchases)
        out["startLead"] = may(.update, .leads)
        return out
    }

    static func items(_ grants: [Grant], nav: String, texts: Texts) -> [MenuItem] {
        entries(grants).filter(\.allowed).map { MenuItem(id: $0.id, href: $0.href, label: texts[$0.key], on: $0.nav == nav) }
    }
}
