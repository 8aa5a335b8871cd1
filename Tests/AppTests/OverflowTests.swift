import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Issue 10, item 1: no amount, submitted or stored, can crash the server or break an analytics
/// page. Amounts above 10^13 yuan are refused by field; totals that cannot fit the API's 64-bit
/// field answer 422 `data_anomaly`; rates stay right; the process stays up.
@Suite(.tags(.g5)) struct OverflowTests {
    static let leader = makeUSCC(division: "320214", serial: 901)
    static let other = makeUSCC(division: "320281", serial: 902)
    static let local = makeUSCC(division: "320214", serial: 903)
    static let big: Int64 = 1 << 62

    func firms(_ server: TestServer) async throws {
        for (uscc, name, district, tier, segment) in [
            (Self.leader, "无锡溢出晶圆有限公司", "320214", "leader", "ic-fab-m2"),
            (Self.other, "江阴正常终端有限公司", "320281", "leader", "ic-fab-d1"),
            (Self.local, "无锡本地硅材料有限公司", "320214", "backbone", "ic-fab-u1"),
        ] {
            let r = try await server.send(
                .POST, "/enterprises",
                json:
                    #"{"uscc":"\#(uscc)","name":"\#(name)","district":"\#(district)","tier":"\#(tier == "leader" ? "none" : tier)","segments":["\#(segment)"]}"#
            )
            #expect(r.status == 201, "\(r.text)")
            if tier == "leader" { try await server.recognise(uscc) }
        }
    }

    /// Rows written straight into the table, as an older version or a hand edit could leave them.
    func insertLink(
        _ sql: any SQLDatabase, buyer: String, supplierKey: String, supplierUscc: String?, district: String?,
        segment: String, amount: Int64, year: Int = 2025
    ) async throws {
        try await sql.insert(into: "supply_links")
            .columns(
                "buyer_uscc", "supplier_uscc", "supplier_name", "supplier_city", "supplier_key", "supplier_district",
                "segment", "chain", "year", "amount", "category", "resolution", "created_at"
            )
            .values(
                SQLBind(buyer), SQLBind(supplierUscc), SQLBind("供应商" + supplierKey.prefix(6)), SQLBind(district == nil ? "上海" : "无锡"),
                SQLBind(supplierKey), SQLBind(district), SQLBind(segment), SQLBind("ic-fab"), SQLBind(year), SQLBind(amount),
                SQLBind("material"), SQLBind(supplierUscc == nil ? "outside" : "uscc"), SQLBind(Date.nowSeconds())
            )
            .run()
    }

    @Test func amountsAboveTheCeilingAreRefusedWithTheField() async throws {
        try await TestServer.with { server in
            // setup
            try await firms(server)
            let tooMuch = Money.ceiling + 1
            // act + check: a supply link through the API
            let link = try await server.send(
                .POST, "/supply-links",
                json:
                    #"{"buyer":"\#(Self.leader)","supplierName":"上海某公司","supplierCity":"上海","segment":"ic-fab-u1","year":2025,"amount":\#(tooMuch),"category":"material"}"#
            )
            #expect(link.status == 422)
            #expect(try link.json()["field"] as? String == "amount")
            let atCeiling = try await server.send(
                .POST, "/supply-links",
                json:
                    #"{"buyer":"\#(Self.leader)","supplierName":"上海某公司","supplierCity":"上海","segment":"ic-fab-u1","year":2025,"amount":\#(Money.ceiling),"category":"material"}"#
            )
            #expect(atCeiling.status == 201, "\(atCeiling.text)")
            // yearly figures through the API
            let figures = try await server.send(.PUT, "/enterprises/\(Self.leader)/figures/2025", json: #"{"outputValue":\#(tooMuch)}"#)
            #expect(figures.status == 422)
            #expect(try figures.json()["field"] as? String == "outputValue")
            // an import: the row and column at fault, nothing written
            let csv = "采购方统一社会信用代码,供应商名称,供应商所在城市,环节代码,年度,采购金额(元),采购类别\n\(Self.leader),北京某公司,北京,ic-fab-u4,2025,\(tooMuch),设备\n"
            let imported = try await server.send(
                .POST, "/imports/supply-links?fileName=big.csv", body: Data(csv.utf8), headers: [("Content-Type", "text/csv")])
            #expect(imported.status == 422, "\(imported.text)")
            let rows = try #require(try imported.json()["rows"] as? [[String: Any]])
            #expect(rows.first?["row"] as? Int == 2)
            #expect((rows.first?["reason"] as? String)?.contains("10万亿元") == true)
            // the self-service page, in 万元
            let (cookie, csrf) = try await server.browser("firm", [Grant(.enterprise, .enterprise(Self.leader))])
            let page = try await server.page(
                .POST, "/my/figures", cookie: cookie,
                form: formBody([("_csrf", csrf), ("year", "2025"), ("outputValue", "2000000000")]))
            #expect(page.text.contains("10万亿元"), "\(page.status)")
            let stored = try await server.sql.raw("SELECT COUNT(*) AS n FROM figures").first()?.decode(column: "n", as: Int.self)
            #expect(stored == 0)
        }
    }

    @Test func hugeStoredAmountsNeverCrashAFigureAPageOrAnExport() async throws {
        try await TestServer.with { server in
            // setup: one leader with three suppliers of 2^62 yuan each in one segment (sum 3·2^62 > 2^63),
            // twice in two categories of the same supplier; the other leader buys normally.
            try await firms(server)
            let sql = server.sql
            try await insertLink(
                sql, buyer: Self.leader, supplierKey: Self.local, supplierUscc: Self.local, district: "320214", segment: "ic-fab-u1",
                amount: Self.big)
            try await insertLink(
                sql, buyer: Self.leader, supplierKey: "上海甲|上海", supplierUscc: nil, district: nil, segment: "ic-fab-u1", amount: Self.big)
            try await insertLink(
                sql, buyer: Self.leader, supplierKey: "上海乙|上海", supplierUscc: nil, district: nil, segment: "ic-fab-u1", amount: Self.big)
            try await sql.raw(
                """
                INSERT INTO supply_links (buyer_uscc, supplier_name, supplier_city, supplier_key, segment, chain, year, amount, category, resolution, created_at)
                VALUES (\(bind: Self.leader), '上海乙', '上海', '上海乙|上海', 'ic-fab-u4', 'ic-fab', 2025, \(bind: Self.big), 'equipment', 'outside', \(bind: Date.nowSeconds())),
                       (\(bind: Self.leader), '上海乙', '上海', '上海乙|上海', 'ic-fab-u4', 'ic-fab', 2025, \(bind: Self.big), 'service', 'outside', \(bind: Date.nowSeconds()))
                """
            ).run()
            let normal = try await server.send(
                .POST, "/supply-links",
                json:
                    #"{"buyer":"\#(Self.other)","supplierUscc":"\#(Self.local)","segment":"ic-fab-u1","year":2025,"amount":3000000,"category":"material"}"#
            )
            #expect(normal.status == 201, "\(normal.text)")

            // act + check: totals beyond 64 bits answer 422 data_anomaly, never 500
            for level in ["city", "cluster", "chain"] {
                let r = try await server.send(.GET, "/supporting-rates?year=2025&level=\(level)")
                #expect(r.status == 422, "\(level): \(r.status) \(r.text)")
                #expect(try r.json()["error"] as? String == "data_anomaly")
                #expect((try r.json()["message"] as? String)?.hasPrefix("数据异常") == true)
            }
            // a figure that fits still comes out right
            let fine = try await server.send(.GET, "/supporting-rates?year=2025&level=buyer&code=\(Self.other)")
            #expect(fine.status == 200, "\(fine.text)")
            #expect(try fine.json()["totalAmount"] as? Int64 == 3_000_000)
            #expect(try fine.json()["amountRate"] as? Double == 1)
            // the single-source risk holds shares only: right, and no trap (the process used to exit here)
            let risks = try await server.send(.GET, "/risks/single-source?year=2025")
            #expect(risks.status == 200, "\(risks.text)")
            let flags = try #require(try JSONSerialization.jsonObject(with: risks.body) as? [[String: Any]])
            let u4 = flags.first { $0["buyer"] as? String == Self.leader && $0["segment"] as? String == "ic-fab-u4" }
            #expect(u4?["share"] as? Double == 1)
            for path in [
                "/chains/ic-fab/map?year=2025", "/chains/ic-fab/map.svg?year=2025", "/leads?year=2025", "/exports/leads.xlsx?year=2025",
                "/supply-links?year=2025",
            ] {
                let r = try await server.send(.GET, path)
                #expect([200, 422].contains(r.status), "\(path): \(r.status) \(r.text.prefix(300))")
                if r.status == 422 { #expect(try r.json()["error"] as? String == "data_anomaly", "\(path)") }
            }
            // pages that sum them render, with the rate right (2^62 local of 5·2^62 + 3,000,000: 20%)
            let (cookie, _) = try await server.browser("official", [Grant(.official, .city)])
            for path in [
                "/", "/supply?year=2025", "/leads?year=2025", "/chains/ic-fab?year=2025", "/chains/ic-fab/map.svg?year=2025",
                "/exports/leads.xlsx?year=2025",
            ] {
                let r = try await server.page(.GET, path, cookie: cookie)
                #expect(r.status == 200, "\(path): \(r.status) \(r.text.prefix(300))")
            }
            #expect(try await server.page(.GET, "/supply?year=2025", cookie: cookie).text.contains("20.0%"))
            // still alive
            #expect(try await server.send(.GET, "/healthz", token: .some(nil)).status == 200)
        }
    }
}
