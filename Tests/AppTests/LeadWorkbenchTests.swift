import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// The leads workbench (Policy L2): an owner is required, each lead has its own page with a
/// follow-up log, the list filters and pages, and suppliers link to all that is known of them.
@Suite(.tags(.l2)) struct LeadWorkbenchTests {
    func q(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? "" }

    func leadCount(_ server: TestServer) async throws -> Int {
        try await server.sql.raw("SELECT COUNT(*) AS n FROM leads").first(decodingColumn: "n", as: Int.self) ?? -1
    }

    @Test func aLeadNeedsAnOwnerKeepsAFollowUpLogAndFilters() async throws {
        try await TestServer.with { server in
            // setup: 北京设备 sells into the weak segment ic-fab-u4 (see SupplyTests)
            try await SupplyTests().city(server)
            let items = try #require(try await server.send(.GET, "/leads?year=2025").json()["items"] as? [[String: Any]])
            let key = try #require(items.first?["supplierKey"] as? String)
            let web = try await server.browser("lw_official", [Grant(.official, .city)])
            let panel = try await server.page(.GET, "/chains/ic-fab?year=2025&segment=ic-fab-u4", cookie: web.cookie)
            #expect(panel.text.contains("/leads/new?supplierKey="), "the segment panel offers 加入招商线索")

            // act + check: no owner, by the API and by the page, is refused at the field and stores nothing
            let noOwner = try await server.send(.POST, "/leads", json: #"{"supplierKey":"\#(key)"}"#)
            #expect(noOwner.status == 422)
            #expect(try noOwner.json()["field"] as? String == "owner")
            let blank = try await server.page(
                .POST, "/leads", cookie: web.cookie, form: formBody([("_csrf", web.csrf), ("supplierKey", key), ("owner", "  ")]))
            #expect(blank.status == 422)
            #expect(blank.text.contains(#"id="owner-error""#) && blank.text.contains(#"aria-invalid="true""#))
            #expect(try await leadCount(server) == 0)

            // started from the page: the browser lands on the lead's own page
            let started = try await server.page(
                .POST, "/leads", cookie: web.cookie,
                form: formBody([("_csrf", web.csrf), ("supplierKey", key), ("owner", "投资促进局王五"), ("hostPark", "高新区")]))
            let location = started.headers.first(name: .location) ?? ""
            #expect(started.status == 303 && location.hasPrefix("/leads/") && location.hasSuffix("?done=started"), "\(location)")
            let id = try #require(Int(location.dropFirst("/leads/".count).prefix { $0.isNumber }))
            let fresh = try await server.page(.GET, location, cookie: web.cookie)
            #expect(fresh.status == 200 && fresh.text.contains("投资促进局王五") && fresh.text.contains(#"id="log-empty""#))
            #expect(try await server.page(.GET, "/leads/new?supplierKey=\(q(key))", cookie: web.cookie).status == 303)

            // the follow-up log: one entry from the page, one from the API; a future date is refused
            let today = SimpleDate.today().description
            let logged = try await server.page(
                .POST, "/leads/\(id)/log", cookie: web.cookie,
                form: formBody([
                    ("_csrf", web.csrf), ("happenedOn", today), ("what", "电话联系对方投资部，约定来锡考察"), ("nextStep", "安排高新区接待"),
                ]))
            #expect(logged.status == 303 && logged.headers.first(name: .location) == "/leads/\(id)?done=logged#log")
            let future = try await server.send(.POST, "/leads/\(id)/events", json: #"{"happenedOn":"2999-01-01","what":"未来"}"#)
            #expect(future.status == 422)
            #expect(try future.json()["field"] as? String == "happenedOn")
            let empty = try await server.send(.POST, "/leads/\(id)/events", json: #"{"happenedOn":"\#(today)","what":"   "}"#)
            #expect(empty.status == 422)
            #expect(try empty.json()["field"] as? String == "what")
            let api = try await server.send(.POST, "/leads/\(id)/events", json: #"{"happenedOn":"\#(today)","what":"来锡考察高新区"}"#)
            #expect(api.status == 201, "\(api.text)")
            let events = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/leads/\(id)/events").body) as? [[String: Any]])
            #expect(events.compactMap { $0["what"] as? String } == ["来锡考察高新区", "电话联系对方投资部，约定来锡考察"])
            #expect(events.last?["nextStep"] as? String == "安排高新区接待" && events.last?["createdBy"] as? String == "lw_official")
            let page = try await server.page(.GET, "/leads/\(id)", cookie: web.cookie)
            #expect(page.text.contains(#"id="lead-log""#) && page.text.contains("来锡考察高新区") && page.text.contains("安排高新区接待"))
            let audited = try await server.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_entries WHERE entity = 'lead' AND entity_key = \(bind: String(id)) AND action = 'log'"
            ).first(decodingColumn: "n", as: Int.self)
            #expect(audited == 2)
            // the owner may change hands, never be blanked
            let blanked = try await server.send(.PATCH, "/leads/\(id)", json: #"{"owner":""}"#)
            #expect(blanked.status == 422)
            #expect(try blanked.json()["field"] as? String == "owner")
            #expect(try await server.send(.GET, "/leads/\(id)").json()["owner"] as? String == "投资促进局王五")

            // filters: chain, cluster, stage, owner (API and page); a page past the end goes to the last one
            func total(_ query: String) async throws -> Int {
                try #require(
                    (try await server.send(.GET, "/leads?year=2025&\(query)").json()["metadata"] as? [String: Any])?["total"] as? Int)
            }
            let cluster = try #require(
                try await server.sql.raw("SELECT cluster_code FROM chains WHERE code = 'ic-fab'").first(
                    decodingColumn: "cluster_code", as: String.self))
            let totals = [
                try await total("chain=ic-fab"), try await total("chain=auto-nev"), try await total("cluster=\(cluster)"),
                try await total("cluster=nosuch"), try await total("stage=new"), try await total("stage=landed"),
                try await total("owner=\(q("投资促进局王五"))"), try await total("owner=x"),
            ]
            #expect(totals == [1, 0, 1, 0, 1, 0, 1, 0])
            let filtered = try await server.page(.GET, "/leads?year=2025&stage=landed", cookie: web.cookie)
            #expect(filtered.text.contains(#"id="leads-empty""#) && filtered.text.contains(#"id="leads-clear""#))
            let past = try await server.page(.GET, "/leads?year=2025&page=9", cookie: web.cookie)
            #expect(past.status == 303 && past.headers.first(name: .location) == "/leads?year=2025")
            let list = try await server.page(.GET, "/leads?year=2025&chain=ic-fab", cookie: web.cookie)
            #expect(list.text.contains(#"href="/leads/\#(id)""#) && list.text.contains("/suppliers?key="))

            // the supplier's page: both chain leaders who buy from it, and its lead
            let supplier = try await server.page(.GET, "/suppliers?key=\(q(key))", cookie: web.cookie)
            #expect(supplier.status == 200)
            #expect(supplier.text.contains("无锡晶圆制造有限公司") && supplier.text.contains("江阴终端电子股份有限公司"))
            #expect(supplier.text.contains(#"href="/leads/\#(id)""#))
            let after = try await server.page(.GET, "/chains/ic-fab?year=2025&segment=ic-fab-u4", cookie: web.cookie)
            #expect(after.text.contains(#"href="/leads/\#(id)""#) && !after.text.contains("/leads/new?supplierKey="))
        }
    }
}
