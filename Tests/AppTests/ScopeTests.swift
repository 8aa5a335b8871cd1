import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit
import Testing
import Vapor

@testable import App

/// Issue 10, items 6–10: nobody reads past their scope — not through an export, a write
/// response, an edit form, a supply figure, a meeting, a pattern in a grant or a sort order.
@Suite struct ScopeTests {
    // 江阴 (320281) and 新吴 (320214) leaders, each with a local and an outside supplier.
    static let jiangyin = makeUSCC(division: "320281", serial: 1401), xinwu = makeUSCC(division: "320214", serial: 1402)
    static let supplierJ = makeUSCC(division: "320281", serial: 1403), supplierX = makeUSCC(division: "320214", serial: 1404)
    static let phone = "0510-88886666", email = "boss@example.com"

    func city(_ server: TestServer) async throws {
        for (uscc, name, district, tier, segment) in [
            (Self.jiangyin, "江阴链主有限公司", "320281", "leader", "ic-fab-m2"), (Self.xinwu, "新吴链主有限公司", "320214", "leader", "ic-fab-d1"),
            (Self.supplierJ, "江阴硅材料有限公司", "320281", "backbone", "ic-fab-u1"),
            (Self.supplierX, "新吴设备有限公司", "320214", "backbone", "ic-fab-u4"),
        ] {
            let r = try await server.send(
                .POST, "/enterprises",
                json:
                    #"{"uscc":"\#(uscc)","name":"\#(name)","district":"\#(district)","tier":"\#(tier == "leader" ? "none" : tier)","segments":["\#(segment)"],"contact":{"person":"王经理","phone":"\#(Self.phone)","email":"\#(Self.email)"}}"#
            )
            #expect(r.status == 201, "\(r.text)")
            if tier == "leader" { try await server.recognise(uscc) }
        }
        for (buyer, supplier, segment, amount) in [
            (Self.jiangyin, Self.supplierJ, "ic-fab-u1", 6_000_000), (Self.xinwu, Self.supplierX, "ic-fab-u4", 2_000_000),
        ] {
            let r = try await server.send(
                .POST, "/supply-links",
                json:
                    #"{"buyer":"\#(buyer)","supplierUscc":"\#(supplier)","segment":"\#(segment)","year":2025,"amount":\#(amount),"category":"material"}"#
            )
            #expect(r.status == 201, "\(r.text)")
        }
        for buyer in [Self.jiangyin, Self.xinwu] {
            let r = try await server.send(
                .POST, "/supply-links",
                json:
                    #"{"buyer":"\#(buyer)","supplierName":"上海某材料有限公司","supplierCity":"上海","segment":"ic-fab-u1","year":2025,"amount":4000000,"category":"material"}"#
            )
            #expect(r.status == 201, "\(r.text)")
        }
    }

    @Test func exportsWriteResponsesAndTheEditFormMaskAsTheReadDoes() async throws {
        try await TestServer.with { server in
            // setup: an official for one chain sees contacts masked (and may edit that chain's firms)
            try await city(server)
            let scoped = try await server.bearer("chains_official", [Grant(.official, .chains(["ic-fab"]))])
            let read = try await server.send(.GET, "/enterprises/\(Self.xinwu)", token: .some(scoped))
            let masked = try #require((try read.json()["contact"] as? [String: String])?["phone"])
            #expect(masked != Self.phone)
            // act + check: the export holds no contact in full
            let export = try await server.send(.GET, "/exports/enterprises.xlsx", token: .some(scoped))
            #expect(export.status == 200)
            let cells = try XLSXReader.rows(of: export.body).flatMap {
                $0.cells.compactMap { c -> String? in if case .text(let t) = c { t } else { nil } }
            }.joined(separator: " ")
            #expect(!cells.contains(Self.phone) && !cells.contains(Self.email))
            #expect(cells.contains(masked))
            // a write answers what a read would
            let patched = try await server.send(.PATCH, "/enterprises/\(Self.xinwu)", json: #"{"address":"新吴区某路1号"}"#, token: .some(scoped))
            #expect(patched.status == 200, "\(patched.text)")
            #expect((try patched.json()["contact"] as? [String: String])?["phone"] == masked)
            let created = try await server.send(
                .POST, "/enterprises",
                json:
                    #"{"uscc":"\#(makeUSCC(serial: 1409))","name":"新建有限公司","district":"320214","segments":["ic-fab-u1"],"contact":{"phone":"\#(Self.phone)"}}"#
            )
            #expect(created.status == 201)
            // the edit form shows the masked value; saving it unchanged keeps the stored one
            let (cookie, csrf) = try await server.browser("chains_official", [Grant(.official, .chains(["ic-fab"]))])
            let form = try await server.page(.GET, "/enterprises/\(Self.xinwu)/edit", cookie: cookie)
            #expect(form.status == 200)
            #expect(!form.text.contains(Self.phone) && !form.text.contains(Self.email))
            let saved = try await server.page(
                .POST, "/enterprises/\(Self.xinwu)/edit", cookie: cookie,
                form: formBody([
                    ("_csrf", csrf), ("name", "新吴链主有限公司"), ("district", "320214"), ("contactPerson", "王经理"),
                    ("contactPhone", masked), ("contactEmail", (try read.json()["contact"] as? [String: String])?["email"] ?? ""),
                    ("status", "active"), ("tier", "leader"), ("primarySegment", "ic-fab-d1"),
                ]))
            #expect(saved.status == 303, "\(saved.text.prefix(300))")
            let stored = try await server.send(.GET, "/enterprises/\(Self.xinwu)").json()["contact"] as? [String: String]
            #expect(stored?["phone"] == Self.phone && stored?["email"] == Self.email)
        }
    }

    @Test func aDistrictOfficerSeesOnlyItsDistrictsPurchasesAndFigures() async throws {
        try await TestServer.with { server in
            // setup
            try await city(server)
            let officer = try await server.bearer("jy", [Grant(.district, .district("320281"))])
            // act + check: links of another district's buyer are not there
            let links = try await server.send(.GET, "/supply-links?buyer=\(Self.xinwu)", token: .some(officer))
            #expect(links.status == 200)
            #expect((try links.json()["items"] as? [Any])?.isEmpty == true)
            let all = try #require(
                try await server.send(.GET, "/supply-links?year=2025", token: .some(officer)).json()["items"] as? [[String: Any]])
            #expect(all.count == 2 && all.allSatisfy { $0["buyer"] as? String == Self.jiangyin })
            // the buyer level lists its buyers only; another district's buyer is refused
            let buyers = try #require(
                try await server.send(.GET, "/supporting-rates?year=2025&level=buyer", token: .some(officer)).json()["items"]
                    as? [[String: Any]])
            #expect(buyers.map { $0["code"] as? String } == [Self.jiangyin])
            #expect(
                try await server.send(.GET, "/supporting-rates?year=2025&level=buyer&code=\(Self.xinwu)", token: .some(officer)).status
                    == 403)
            #expect(try await server.send(.GET, "/risks/single-source?year=2025&buyer=\(Self.xinwu)", token: .some(officer)).status == 403)
            let risks = try #require(
                try JSONSerialization.jsonObject(
                    with: try await server.send(.GET, "/risks/single-source?year=2025", token: .some(officer)).body) as? [[String: Any]])
            #expect(risks.allSatisfy { $0["buyer"] as? String == Self.jiangyin })
            // the "city" figure is the district's (6 of 10 local), and says so
            let rate = try await server.send(.GET, "/supporting-rates?year=2025&level=city", token: .some(officer)).json()
            #expect(rate["totalAmount"] as? Int64 == 10_000_000)
            #expect(rate["amountRate"] as? Double == 0.6)
            #expect(((rate["scope"] as? [String: Any])?["description"] as? String)?.contains("江阴市") == true)
            // the whole city for an official: 8 of 16
            #expect(try await server.send(.GET, "/supporting-rates?year=2025&level=city").json()["amountRate"] as? Double == 0.5)
            // pages: the district's figure, said so, no link to a firm it cannot open
            let (cookie, _) = try await server.browser("jy", [Grant(.district, .district("320281"))])
            let supply = try await server.page(.GET, "/supply?year=2025", cookie: cookie)
            #expect(supply.status == 200)
            #expect(supply.text.contains("60.0%") && supply.text.contains("rows-part"))
            #expect(!supply.text.contains("/enterprises/\(Self.xinwu)"))
            let home = try await server.page(.GET, "/", cookie: cookie)
            #expect(home.text.contains("home-g5-part") && home.text.contains("60.0%"))
            let chain = try await server.page(.GET, "/chains/ic-fab?year=2025&segment=ic-fab-u4", cookie: cookie)
            #expect(chain.status == 200 && chain.text.contains("map-part"))
            #expect(!chain.text.contains(Self.supplierX))
        }
    }

    @Test func departmentsSeeRatesAndTotalsButNoPurchase() async throws {
        try await TestServer.with { server in
            // setup
            try await city(server)
            let dept = try await server.bearer("fgw", [Grant(.department, .department("市发展改革委", head: false))])
            // act + check
            #expect(try await server.send(.GET, "/supporting-rates?year=2025&level=chain", token: .some(dept)).status == 200)
            #expect(try await server.send(.GET, "/chains/ic-fab/map?year=2025", token: .some(dept)).status == 200)
            #expect(try await server.send(.GET, "/supply-links?year=2025", token: .some(dept)).status == 403)
            #expect(try await server.send(.GET, "/risks/single-source?year=2025", token: .some(dept)).status == 403)
            let (cookie, _) = try await server.browser("fgw", [Grant(.department, .department("市发展改革委", head: false))])
            let supply = try await server.page(.GET, "/supply?year=2025", cookie: cookie)
            #expect(supply.status == 200 && supply.text.contains("purchases-hidden"))
            let chain = try await server.page(.GET, "/chains/ic-fab?year=2025&segment=ic-fab-u1", cookie: cookie)
            #expect(chain.text.contains("purchases-hidden") && !chain.text.contains("上海某材料"))
        }
    }

    @Test func meetingsShowOnlyItemsTheCallerMayRead() async throws {
        try await TestServer.with { server in
            // setup: a power request and a land request on one meeting
            try await city(server)
            var ids: [Int] = []
            for category in ["power", "land"] {
                let filed = try await server.send(
                    .POST, "/requests",
                    json: #"{"enterprise":"\#(Self.xinwu)","category":"\#(category)","title":"\#(category)诉求","description":"详情"}"#)
                ids.append(try #require(try filed.json()["id"] as? Int))
            }
            let meeting = try await server.send(
                .POST, "/meetings", json: #"{"title":"专题会商","heldOn":"2026-11-25","requests":[\#(ids[0]),\#(ids[1])]}"#)
            let id = try #require(try meeting.json()["id"] as? Int)
            let power = try await server.bearer("power", [Grant(.department, .department("国网无锡供电公司", head: false))])
            let data = try await server.bearer("data", [Grant(.department, .department("市数据局", head: false))])
            let otherChief = try await server.bearer("chief_auto", [Grant(.chief, .chains(["auto-nev"]))])
            // act + check
            let seen = try await server.send(.GET, "/meetings/\(id)", token: .some(power))
            #expect(seen.status == 200)
            #expect((try seen.json()["items"] as? [[String: Any]])?.map { $0["requestId"] as? Int } == [ids[0]])
            #expect(try await server.send(.GET, "/meetings/\(id)", token: .some(data)).status == 404)
            #expect(try await server.send(.GET, "/meetings/\(id)", token: .some(otherChief)).status == 404)
            #expect((try await server.send(.GET, "/meetings/\(id)").json()["items"] as? [Any])?.count == 2)
        }
    }

    @Test func grantScopesAreCheckedAndNeverPatterns() async throws {
        try await TestServer.with { server in
            // setup
            try await city(server)
            _ = try await server.send(
                .POST, "/requests", json: #"{"enterprise":"\#(Self.xinwu)","category":"finance","title":"融资","description":"需要贷款"}"#)
            let security = try await server.bearer("sec", [Grant(.security, .city)])
            _ = try await server.send(.POST, "/users", json: #"{"username":"clerk"}"#, token: .some(server.adminToken))
            // act + check: values that name nothing are refused when granted
            for scope in ["department:%", "department:市发展改革委_", "chains:no-such-chain", "enterprise:\(makeUSCC(serial: 1499))"] {
                let role = scope.hasPrefix("department") ? "department" : scope.hasPrefix("chains") ? "chief" : "enterprise"
                let r = try await server.send(
                    .PUT, "/users/clerk/grants", json: #"{"grants":[{"role":"\#(role)","scope":"\#(scope)"}]}"#, token: .some(security))
                #expect(r.status == 422, "\(scope): \(r.status)")
                #expect(try r.json()["error"] as? String == "unknown_scope", "\(scope)")
            }
            #expect(
                try await server.send(
                    .PUT, "/users/clerk/grants", json: #"{"grants":[{"role":"department","scope":"department:市委金融办"}]}"#,
                    token: .some(security)
                ).status == 200)
            // a pattern that reached the table some other way matches nothing
            let wildcard = try await server.bearer("wild", [Grant(.department, .department("%", head: false))])
            let listed = try await server.send(.GET, "/requests", token: .some(wildcard)).json()
            #expect((listed["metadata"] as? [String: Any])?["total"] as? Int == 0)
            let finance = try await server.bearer("finance", [Grant(.department, .department("市委金融办", head: false))])
            #expect(
                (try await server.send(.GET, "/requests", token: .some(finance)).json()["metadata"] as? [String: Any])?["total"] as? Int
                    == 1)
        }
    }

    @Test func anEnterpriseUserCannotSortOthersByHiddenFigures() async throws {
        try await TestServer.with { server in
            // setup
            try await city(server)
            _ = try await server.send(.PUT, "/enterprises/\(Self.xinwu)/figures/2025", json: #"{"outputValue":900000000}"#)
            let firm = try await server.bearer("firm", [Grant(.enterprise, .enterprise(Self.jiangyin))])
            // act + check
            let sorted = try await server.send(.GET, "/enterprises?sort=-outputValue", token: .some(firm))
            #expect(sorted.status == 422)
            #expect(try sorted.json()["field"] as? String == "sort")
            #expect(try await server.send(.GET, "/enterprises?sort=name", token: .some(firm)).status == 200)
            #expect(try await server.send(.GET, "/enterprises?sort=-outputValue").status == 200)
            let (cookie, _) = try await server.browser("firm", [Grant(.enterprise, .enterprise(Self.jiangyin))])
            let page = try await server.page(.GET, "/enterprises?sort=-outputValue", cookie: cookie)
            #expect(page.status == 200)
            #expect(!page.text.contains("value=\"-outputValue\""))
            // the chain page shows no other firm's output to it either
            let chain = try await server.page(.GET, "/chains/ic-fab", cookie: cookie)
            #expect(chain.status == 200 && chain.text.contains("新吴链主有限公司"))
            #expect(!chain.text.contains("90,000.0"))
        }
    }
}
