import ChainLeadCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// The enterprise list sorts names in pinyin order and finds them by pinyin or initials; firms
/// stored before the sort key existed get it when the database is upgraded (issue 20).
@Suite struct PinyinOrderTests {
    @Test func theListSortsByPinyinAndFindsByInitials() async throws {
        try await TestServer.with { server in
            // setup
            let names = ["中国精密机械有限公司", "安徽合肥电子有限公司", "无锡晶圆制造有限公司", "北京设备有限公司"]
            for (i, name) in names.enumerated() {
                let r = try await server.send(
                    .POST, "/enterprises", json: #"{"uscc":"\#(makeUSCC(serial: 2700 + i))","name":"\#(name)","district":"320214"}"#)
                #expect(r.status == 201, "\(r.text)")
            }
            // act
            let list = try await server.send(.GET, "/enterprises?sort=name&per=100").json()
            let found = try await server.send(.GET, "/enterprises?q=wxjy").json()
            let full = try await server.send(.GET, "/enterprises?q=beijing").json()
            // check
            let order = (list["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.filter(names.contains)
            #expect(order == ["安徽合肥电子有限公司", "北京设备有限公司", "无锡晶圆制造有限公司", "中国精密机械有限公司"])
            #expect((found["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["无锡晶圆制造有限公司"])
            #expect((full["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["北京设备有限公司"])
        }
    }

    @Test func firmsStoredBeforeTheSortKeyGetItOnUpgrade() async throws {
        // setup: a database as M057 left it, holding two firms; act: the rest of the migrations
        try await ScratchDatabase.upgrade(
            before: { $0 is M058_EnterpriseNameSort },
            setup: { sql in
                for (serial, name) in [(2801, "无锡晶圆"), (2802, "安徽合肥")] {
                    try await sql.raw(
                        """
                        INSERT INTO enterprises (uscc, name, former_names, search_text, district_code, status, tier, synthetic, created_at, updated_at)
                        VALUES (\(bind: makeUSCC(serial: serial)), \(bind: name), '', \(bind: name), '320214', 'active', 'none', \(bind: false),
                          \(bind: Date.nowSeconds()), \(bind: Date.nowSeconds()))
                        """
                    ).run()
                }
            },
            check: { sql in
                let rows = try await sql.raw("SELECT name, name_sort, name_pinyin FROM enterprises ORDER BY name_sort").all()
                #expect(try rows.map { try $0.decode(column: "name", as: String.self) } == ["安徽合肥", "无锡晶圆"])
                #expect(try rows.last?.decode(column: "name_sort", as: String.self) == "wu0000xi0000jing00yuan00")
                #expect(try rows.last?.decode(column: "name_pinyin", as: String.self) == "wuxijingyuan\nwxjy")
            })
    }
}
