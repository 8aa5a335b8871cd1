import Testing

@testable import ChainLeadCore

@Suite struct AccountRulesTests {
    @Test func separationOfDuties() {
        #expect(SeparationOfDuties.violation([Grant(.admin, .city)]) == nil)
        // Issue 10, item 11: neither administrator holds a business role
        #expect(SeparationOfDuties.violation([Grant(.admin, .city), Grant(.official, .city)])?.contains("系统管理员不能兼任业务角色") == true)
        #expect(SeparationOfDuties.violation([Grant(.security, .city), Grant(.official, .city)])?.contains("安全管理员不能兼任业务角色") == true)
        #expect(SeparationOfDuties.violation([Grant(.security, .city), Grant(.enterprise, .enterprise("91350200776049653A"))]) != nil)
        #expect(SeparationOfDuties.violation([Grant(.official, .city), Grant(.chief, .chains(["ic-fab"]))]) == nil)
        #expect(SeparationOfDuties.violation([Grant(.admin, .city), Grant(.security, .city)])?.contains("安全管理员") == true)
        #expect(SeparationOfDuties.violation([Grant(.auditor, .city)]) == nil)
        #expect(SeparationOfDuties.violation([Grant(.auditor, .city), Grant(.official, .city)])?.contains("审计员") == true)
        #expect(SeparationOfDuties.violation([]) == nil)
    }

    static let firm = Resource.enterprise(uscc: "91320281MA1X2Y3W4A", district: "320281", chains: ["ic-fab"])

    @Test func selfServiceLimitsOnlyEnterpriseUsers() {
        let own = Grant(.enterprise, .enterprise("91320281MA1X2Y3W4A"))
        #expect(Policy.updatableFields([own], Self.firm) == Policy.selfServiceFields)
        #expect(Policy.writesSelfReported([own], Self.firm))
        // An official of the city may change anything the route accepts.
        #expect(Policy.updatableFields([own, Grant(.official, .city)], Self.firm) == nil)
        #expect(!Policy.writesSelfReported([Grant(.official, .city)], Self.firm))
        // Another firm's user may change nothing.
        #expect(Policy.updatableFields([Grant(.enterprise, .enterprise("91440101MA5CJQ4N59"))], Self.firm) == [])
        #expect(!Policy.selfServiceFields.contains("tier"))
    }

    @Test func everyRoleReachesItsOwnAccount() {
        for role in Role.allCases {
            let grant = Grant.parse(
                role: role,
                scope: role == .enterprise
                    ? "enterprise:91320281MA1X2Y3W4A"
                    : role == .district
                        ? "district:320281"
                        : role == .chief
                            ? "chains:ic-fab"
                            : role == .department
                                ? "department:市发展改革委"
                                : role == .bank
                                    ? "bank:某银行"
                                    : role == .expert ? "expert" : "city")!
            #expect(Policy.decide([grant], .update, .ownAccount).allowed, "\(role)")
        }
        #expect(!Policy.decide([], .update, .ownAccount).allowed)
    }

    @Test(
        arguments: [
            // (trusted proxies, peer, X-Forwarded-For, expected client)
            ([String](), "203.0.113.9", "1.2.3.4", "203.0.113.9"),  // no proxy trusted: the header is ignored
            (["10.0.0.5"], "203.0.113.9", "1.2.3.4", "203.0.113.9"),  // peer not trusted: ignored
            (["10.0.0.5"], "10.0.0.5", "198.51.100.7", "198.51.100.7"),
            (["10.0.0.5"], "10.0.0.5", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  // a forged left part is not believed
            (["10.0.0.0/8"], "10.1.2.3", "198.51.100.7, 10.9.9.9", "198.51.100.7"),
            (["10.0.0.0/8"], "10.1.2.3", "10.2.2.2, 10.9.9.9", "10.2.2.2"),  // every hop trusted: the leftmost
            (["10.0.0.0/8"], "10.1.2.3", nil, "10.1.2.3"),
            (["127.0.0.1"], "127.0.0.1", " , ", "127.0.0.1"),
        ] as [([String], String, String?, String)])
    func clientAddress(trusted: [String], peer: String, header: String?, expected: String) {
        #expect(ClientAddress(trustedProxies: trusted).resolve(peer: peer, forwardedFor: header) == expected)
    }

    @Test func cidrMatching() {
        #expect(ClientAddress.matches("192.168.1.77", "192.168.1.0/24"))
        #expect(!ClientAddress.matches("192.168.2.1", "192.168.1.0/24"))
        #expect(ClientAddress.matches("8.8.8.8", "0.0.0.0/0"))
        #expect(!ClientAddress.matches("::1", "10.0.0.0/8"))
        #expect(!ClientAddress.matches("10.0.0.1", "10.0.0.0/33"))
    }
}

/// Issue 10, item 18: `next=` after login never leaves the site.
@Suite struct SafeRedirectTests {
    @Test(arguments: [
        "/\t/evil.example/x", "//evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example", "evil.example",
        "/%2F%2Fevil.example", "/%5Cevil.example", "/\n/evil.example", "/\u{7F}x", "", "javascript:alert(1)", "/javascript:alert(1)",
    ])
    func foreignOrTrickyTargetsGoHome(raw: String) {
        #expect(SafeRedirect.path(raw) == "/")
    }

    @Test func sameSitePathsStay() {
        #expect(SafeRedirect.path("/enterprises?tier=leader&page=2") == "/enterprises?tier=leader&page=2")
        #expect(SafeRedirect.path("/chains/ic-fab?year=2025#segment") == "/chains/ic-fab?year=2025#segment")
        #expect(SafeRedirect.path(nil) == "/")
    }
}
