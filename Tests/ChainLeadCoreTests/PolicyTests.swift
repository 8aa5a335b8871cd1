import Testing

@testable import ChainLeadCore

@Suite struct PolicyTests {
    static let firm = Resource.enterprise(uscc: "91320281MA1X2Y3W4A", district: "320281", chains: ["ic-fab"])

    /// (grant, action, resource, allowed?) — the policy as a table.
    static let table: [(Grant, Action, Resource, Bool)] = [
        (Grant(.admin, .city), .manageUsers, .users, true),
        (Grant(.admin, .city), .editTaxonomy, .taxonomy, true),
        (Grant(.admin, .city), .update, firm, false),  // 三员分立: no data edits
        (Grant(.admin, .city), .assignRoles, .users, false),
        (Grant(.security, .city), .assignRoles, .users, true),
        (Grant(.security, .city), .read, firm, false),
        (Grant(.auditor, .city), .readAudit, .audit, true),
        (Grant(.auditor, .city), .read, firm, false),
        (Grant(.official, .city), .read, firm, true),
        (Grant(.official, .city), .update, firm, true),
        (Grant(.official, .city), .importData, .imports, true),
        (Grant(.official, .city), .export, .enterpriseList, true),
        (Grant(.official, .city), .readAudit, .audit, false),
        (Grant(.official, .chains(["ic-fab"])), .update, firm, true),
        (Grant(.official, .chains(["auto-nev"])), .update, firm, false),
        (Grant(.official, .chains(["ic-fab"])), .importData, .imports, false),
        (Grant(.chief, .chains(["ic-fab"])), .read, firm, true),
        (Grant(.chief, .chains(["auto-nev"])), .read, firm, false),
        (Grant(.district, .district("320281")), .update, firm, true),
        (Grant(.district, .district("320214")), .update, firm, false),
        (Grant(.district, .district("320214")), .create, .newEnterprise(district: "320214"), true),
        (Grant(.district, .district("320214")), .create, .newEnterprise(district: "320281"), false),
        (Grant(.department, .department("市发展改革委", head: false)), .read, firm, true),
        (Grant(.department, .department("市发展改革委", head: false)), .update, firm, false),
        (Grant(.enterprise, .enterprise("91320281MA1X2Y3W4A")), .update, firm, true),
        (Grant(.enterprise, .enterprise("91440101MA5CJQ4N59")), .update, firm, false),
        (Grant(.enterprise, .enterprise("91440101MA5CJQ4N59")), .read, firm, false),
        (Grant(.bank, .bank("某银行")), .read, firm, false),
        (Grant(.expert, .expert(employer: nil)), .read, .enterpriseList, false),
    ]

    @Test(arguments: table.indices)
    func decidesAsTheTableSays(index: Int) {
        let (grant, action, resource, allowed) = Self.table[index]
        let decision = Policy.decide([grant], action, resource)
        #expect(decision.allowed == allowed, "\(grant) \(action) \(resource): \(decision.reason)")
        #expect(!decision.reason.isEmpty)
    }

    @Test func anyGrantThatAllowsWins() {
        let grants = [Grant(.auditor, .city), Grant(.official, .city)]
        #expect(Policy.decide(grants, .update, Self.firm).allowed)
    }

    @Test func noGrantsDenyWithAReason() {
        let decision = Policy.decide([], .read, .taxonomy)
        #expect(!decision.allowed)
        #expect(decision.reason.contains("角色"))
    }

    @Test func scopesRoundTripThroughText() throws {
        let grants = [
            Grant(.official, .city), Grant(.chief, .chains(["b", "a"])),
            Grant(.department, .department("市数据局", head: true)), Grant(.district, .district("320214")),
            Grant(.enterprise, .enterprise("91440101MA5CJQ4N59")), Grant(.expert, .expert(employer: nil)),
        ]
        for g in grants {
            #expect(Grant.parse(role: g.role, scope: g.scopeText) == g, "\(g.scopeText)")
        }
        #expect(Grant.parse(role: .district, scope: "district:110101") == nil)
        #expect(Grant.parse(role: .admin, scope: "district:320214") == nil)
    }
}

@Suite struct PasswordPolicyTests {
    @Test func tenCharactersOfThreeKinds() {
        #expect(PasswordPolicy.problem(with: "Abcdefgh1!") == nil)
        #expect(PasswordPolicy.problem(with: "abcdefgh12") != nil)  // two kinds
        #expect(PasswordPolicy.problem(with: "Ab1!") != nil)  // too short
        #expect(PasswordPolicy.problem(with: "ABCDEFGH1-") == nil)
    }
}

@Suite struct VisibilityTests {
    @Test func eachRoleSeesWhatItShould() {
        func v(_ g: Grant) -> Visibility { Policy.visibility([g], uscc: "A", district: "320281", chains: ["ic-fab"]) }
        #expect(v(Grant(.official, .city)) == .full)
        #expect(v(Grant(.department, .department("市数据局", head: false))) == .masked)
        #expect(v(Grant(.district, .district("320281"))) == .full)
        #expect(v(Grant(.district, .district("320214"))) == .none)
        #expect(v(Grant(.chief, .chains(["ic-fab"]))) == .full)
        #expect(v(Grant(.enterprise, .enterprise("A"))) == .full)
        #expect(v(Grant(.enterprise, .enterprise("B"))) == .directory)
        #expect(v(Grant(.bank, .bank("x"))) == .none)
    }

    @Test func listScopesUnionDistrictsAndChains() {
        let s = Policy.listScope([Grant(.district, .district("320281")), Grant(.chief, .chains(["ic-fab"]))])
        #expect(s == ListScope(all: false, districts: ["320281"], chains: ["ic-fab"]))
        #expect(Policy.listScope([Grant(.enterprise, .enterprise("A"))]).all)
        #expect(Policy.listScope([Grant(.auditor, .city)]) == .nothing)
    }
}
