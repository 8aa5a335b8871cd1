import Testing

@testable import ChainLeadCore

/// Who may see and act on service-express requests (Policy S6), as a table.
@Suite(.tags(.s6)) struct ServicePolicyTests {
    static let request = Resource.serviceRequest(
        enterprise: "91320281MA1X2Y3W4A", district: "320281", chains: ["ic-fab"],
        departments: ["国网无锡供电公司", "市财政局"])

    static let table: [(Grant, Action, Resource, Bool)] = [
        (Grant(.enterprise, .enterprise("91320281MA1X2Y3W4A")), .update, request, true),
        (Grant(.enterprise, .enterprise("91440101MA5CJQ4N59")), .read, request, false),
        (Grant(.department, .department("国网无锡供电公司", head: false)), .update, request, true),
        (Grant(.department, .department("市财政局", head: true)), .read, request, true),  // a co-department
        (Grant(.department, .department("市数据局", head: false)), .read, request, false),
        (Grant(.district, .district("320281")), .read, request, true),
        (Grant(.district, .district("320281")), .update, request, false),
        (Grant(.chief, .chains(["ic-fab"])), .read, request, true),
        (Grant(.chief, .chains(["auto-nev"])), .read, request, false),
        (Grant(.official, .city), .update, request, true),
        (Grant(.bank, .bank("某银行")), .read, request, false),
        (
            Grant(.enterprise, .enterprise("91320281MA1X2Y3W4A")), .create,
            .newServiceRequest(enterprise: "91320281MA1X2Y3W4A", district: "320281"), true
        ),
        (Grant(.district, .district("320214")), .create, .newServiceRequest(enterprise: "91320281MA1X2Y3W4A", district: "320281"), false),
        (Grant(.admin, .city), .update, .serviceSettings, true),
        (Grant(.official, .city), .update, .serviceSettings, false),
        (Grant(.auditor, .city), .read, .serviceSettings, false),
        (Grant(.department, .department("市财政局", head: false)), .read, .serviceStats(department: "市财政局"), true),
        (Grant(.department, .department("市财政局", head: false)), .read, .serviceStats(department: "市数据局"), false),
    ]

    @Test(arguments: table.indices)
    func decision(_ i: Int) {
        let (grant, action, resource, allowed) = Self.table[i]
        let d = Policy.decide([grant], action, resource)
        #expect(d.allowed == allowed, "\(grant.role) \(action) \(resource): \(d.reason)")
        #expect(!d.reason.isEmpty)
    }
}
