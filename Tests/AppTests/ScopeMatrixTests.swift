import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit
import Testing
import Vapor

@testable import App

/// Issue 10, "done means": for every list and export, what each scoped caller receives holds only
/// rows of its scope — the enterprise list and export, supply links, rates by buyer, risks, leads,
/// requests and their export, meetings. (AccessMatrixTests checks who may call each route at all.)
@Suite struct ScopeMatrixTests {
    // 江阴 (320281): leader J1 on ic-fab, supplier J2. 新吴 (320214): leader X1 on auto-nev, supplier X2.
    static let j1 = makeUSCC(division: "320281", serial: 1801), j2 = makeUSCC(division: "320281", serial: 1802)
    static let x1 = makeUSCC(division: "320214", serial: 1803), x2 = makeUSCC(division: "320214", serial: 1804)

    struct Caller {
        var name: String
        var grants: [Grant]
        /// Firms whose rows (as buyer, requester, subject) this caller may receive in full.
        var firms: Set<String>
        /// Whether the caller sees individual purchases at all.
        var purchases: Bool
    }

    static let callers: [Caller] = [
        Caller(name: "district_jy", grants: [Grant(.district, .district("320281"))], firms: [j1, j2], purchases: true),
        Caller(name: "chief_nev", grants: [Grant(.chief, .chains(["auto-nev"]))], firms: [x1, x2], purchases: true),
        Caller(name: "dept_power", grants: [Grant(.department, .department("国网无锡供电公司", head: false))], firms: [j1], purchases: false),
        Caller(name: "firm_j1", grants: [Grant(.enterprise, .enterprise(j1))], firms: [j1], purchases: false),
    ]

    func city(_ server: TestServer) async throws -> Int {
        for (uscc, name, district, tier, segment) in [
            (Self.j1, "江阴晶圆链主", "320281", "leader", "ic-fab-m2"), (Self.j2, "江阴硅片", "320281", "backbone", "ic-fab-u1"),
            (Self.x1, "新吴整车链主", "320214", "leader", "auto-nev-m1"), (Self.x2, "新吴锂电材料", "320214", "backbone", "auto-nev-u1"),
        ] {
            let r = try await server.send(
                .POST, "/enterprises",
                json:
                    #"{"uscc":"\#(uscc)","name":"\#(name)","district":"\#(district)","tier":"\#(tier == "leader" ? "none" : tier)","segments":["\#(segment)"],"contact":{"phone":"0510-12345678"}}"#
            )
            #expect(r.status == 201, "\(r.text)")
            if tier == "leader" { try await server.recognise(uscc) }
        }
        for (buyer, supplier, segment) in [(Self.j1, Self.j2, "ic-fab-u1"), (Self.x1, Self.x2, "auto-nev-u1")] {
            _ = try await server.send(
                .POST, "/supply-links",
                json:
                    #"{"buyer":"\#(buyer)","supplierUscc":"\#(supplier)","segment":"\#(segment)","year":2025,"amount":3000000,"category":"material"}"#
            )
            _ = try await server.send(
                .POST, "/supply-links",
                json:
                    #"{"buyer":"\#(buyer)","supplierName":"上海\#(segment)供应商","supplierCity":"上海","segment":"\#(segment)","year":2025,"amount":9000000,"category":"material"}"#
            )
        }
        var ids: [Int] = []
        for (firm, category) in [(Self.j1, "power"), (Self.x1, "land")] {
            let r = try await server.send(
                .POST, "/requests",
                json: #"{"enterprise":"\#(firm)","category":"\#(category)","title":"诉求\#(category)","description":"详情"}"#)
            ids.append(try #require(try r.json()["id"] as? Int))
        }
        let meeting = try await server.send(
            .POST, "/meetings", json: #"{"title":"会商","heldOn":"2026-11-25","requests":[\#(ids[0]),\#(ids[1])]}"#)
        return try #require(try meeting.json()["id"] as? Int)
    }

    func items(_ reply: TestServer.Reply) throws -> [[String: Any]] {
        if let list = try JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]] { return list }
        return (try reply.json()["items"] as? [[String: Any]]) ?? []
    }

    @Test func everyListAndExportHoldsOnlyTheCallersRows() async throws {
        try await TestServer.with { server in
            let meeting = try await city(server)
            // a lead in the pipeline on the ic-fab chain (a city official's): other chains' chiefs do not see it
            let icSupplier = try await server.sql.raw(
                "SELECT supplier_key FROM supply_links WHERE segment = 'ic-fab-u1' AND supplier_uscc IS NULL"
            ).first(decodingColumn: "supplier_key", as: String.self)
            let lead = try await server.send(.POST, "/leads", json: #"{"supplierKey":"\#(try #require(icSupplier))","owner":"招商局"}"#)
            #expect(lead.status == 201, "\(lead.text)")
            let leadID = try #require(try lead.json()["id"] as? Int)
            // every write so far names who made it (the caller reaches the audit trail on every path)
            let anonymous = try await server.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE username IS NULL").first()?.decode(
                column: "n", as: Int.self)
            #expect(anonymous == 0)
            let requestFirms = try await server.sql.raw("SELECT id, enterprise_uscc FROM requests").all()
                .reduce(into: [Int: String]()) {
                    $0[try $1.decode(column: "id", as: Int.self)] = try $1.decode(column: "enterprise_uscc", as: String.self)
                }
            for caller in Self.callers {
                let token = try await server.bearer(caller.name, caller.grants)
                let who = caller.name
                // the enterprise list: rows outside the scope come as directory entries at most
                let firms = try items(try await server.send(.GET, "/enterprises?per=500", token: .some(token)))
                #expect(!firms.isEmpty, "\(who)")
                for f in firms where !caller.firms.contains(f["uscc"] as? String ?? "") {
                    #expect(f["latestOutputValue"] == nil, "\(who) sees figures of \(f["uscc"] ?? "")")
                }
                let export = try await server.send(.GET, "/exports/enterprises.xlsx", token: .some(token))
                if export.status == 200 {
                    let text = try XLSXReader.rows(of: export.body).dropFirst().flatMap {
                        $0.cells.compactMap { c -> String? in if case .text(let t) = c { t } else { nil } }
                    }
                    #expect(!text.contains("0510-12345678") || caller.grants.contains { $0.role == .district }, "\(who): contacts in full")
                    let usccs = try XLSXReader.rows(of: export.body).dropFirst().compactMap { row -> String? in
                        if case .text(let t)? = row.cells.first { t } else { nil }
                    }
                    #expect(Set(usccs).isSubset(of: caller.firms), "\(who) export: \(usccs)")
                }
                // supply links, rates by buyer, risks: the caller's buyers only, or refused
                let links = try await server.send(.GET, "/supply-links?year=2025&per=500", token: .some(token))
                let rates = try await server.send(.GET, "/supporting-rates?year=2025&level=buyer", token: .some(token))
                let risks = try await server.send(.GET, "/risks/single-source?year=2025", token: .some(token))
                if caller.purchases {
                    #expect(links.status == 200 && risks.status == 200, "\(who)")
                    #expect(try items(links).allSatisfy { caller.firms.contains($0["buyer"] as? String ?? "") }, "\(who) links")
                    #expect(try items(risks).allSatisfy { caller.firms.contains($0["buyer"] as? String ?? "") }, "\(who) risks")
                    #expect(try items(links).count == 2, "\(who) links")
                } else {
                    #expect([403].contains(links.status) && [403].contains(risks.status), "\(who): \(links.status) \(risks.status)")
                }
                if rates.status == 200 {
                    let buyers = try items(rates).compactMap { $0["code"] as? String }
                    if caller.grants.contains(where: { $0.role == .district || $0.role == .chief }) {
                        #expect(Set(buyers).isSubset(of: caller.firms), "\(who) rate buyers \(buyers)")
                    }
                }
                // leads: a chief's ranking comes from its chains' purchases
                let leads = try await server.send(.GET, "/leads?year=2025", token: .some(token))
                if leads.status == 200 {
                    let suppliers = try items(leads).compactMap { $0["supplierName"] as? String }
                    #expect(suppliers.allSatisfy { $0.contains("auto-nev") }, "\(who) leads \(suppliers)")
                    let move = try await server.send(.PATCH, "/leads/\(leadID)", json: #"{"owner":"越权"}"#, token: .some(token))
                    #expect(move.status == 404, "\(who) moved another chain's lead: \(move.status)")
                }
                // requests and their export
                let requests = try items(try await server.send(.GET, "/requests?per=500", token: .some(token)))
                #expect(
                    requests.count == 1 && requests.allSatisfy { caller.firms.contains($0["enterprise"] as? String ?? "") },
                    "\(who) requests")
                let requestExport = try await server.send(.GET, "/exports/requests.xlsx", token: .some(token))
                if requestExport.status == 200 {
                    let ids = try XLSXReader.rows(of: requestExport.body).dropFirst().compactMap { row -> Int? in
                        if case .number(let n, _)? = row.cells.first { Int(n) } else { nil }
                    }
                    #expect(ids.allSatisfy { caller.firms.contains(requestFirms[$0] ?? "") }, "\(who) request export \(ids)")
                }
                // the meeting: only items of readable requests
                let m = try await server.send(.GET, "/meetings/\(meeting)", token: .some(token))
                #expect(m.status == (caller.grants.first?.role == .enterprise ? 403 : 200), "\(who) meeting \(m.status)")
                if m.status == 200 {
                    let items = (try m.json()["items"] as? [[String: Any]]) ?? []
                    #expect(
                        items.count == 1 && items.allSatisfy { caller.firms.contains(requestFirms[$0["requestId"] as? Int ?? 0] ?? "") },
                        "\(who) meeting")
                }
            }
        }
    }
}
