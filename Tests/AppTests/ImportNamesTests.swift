import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App
@testable import OfficeFormats

/// Import files name segments as officials know them (issue 20): the code, the segment's name, or
/// "产业链·环节"; an unknown name is refused with the closest valid segments. Templates carry the
/// code sheet and drop-downs on coded columns.
@Suite struct ImportNamesTests {
    static let a = makeUSCC(division: "320281", serial: 141), b = makeUSCC(division: "320281", serial: 142)

    @Test func segmentNamesAreAcceptedAndAnUnknownOneGetsSuggestions() async throws {
        try await TestServer.with { server in
            // act
            let good = try await server.send(
                .POST, "/imports/enterprises",
                body: Data("统一社会信用代码,企业名称,所属区县,环节代码\n\(Self.a),甲晶圆,江阴市,晶圆制造\n\(Self.b),乙光刻,江阴市,集成电路设计与制造·光刻胶\n".utf8),
                headers: [("Content-Type", "text/csv")])
            let bad = try await server.send(
                .POST, "/imports/enterprises",
                body: Data("统一社会信用代码,企业名称,所属区县,环节代码\n\(Self.a),甲晶圆,江阴市,晶圆制作\n".utf8),
                headers: [("Content-Type", "text/csv")])
            // check
            #expect(good.status == 200, "\(good.text)")
            let codes = try await server.sql.raw("SELECT segment_code FROM memberships ORDER BY segment_code").all(
                decodingColumn: "segment_code", as: String.self)
            #expect(codes == ["ic-fab-m2", "ic-fab-u2"])
            #expect(bad.status == 422)
            let rows = try #require(try bad.json()["rows"] as? [[String: Any]])
            let reason = try #require(rows.first?["reason"] as? String)
            #expect(reason.contains("晶圆制作") && reason.contains("ic-fab-m2（集成电路设计与制造·晶圆制造）"), "\(reason)")
            #expect(rows.first?["column"] as? String == "D")
        }
    }

    @Test func supplyLinksNameTheirSegmentsByNameToo() async throws {
        try await TestServer.with { server in
            // setup: the buyer
            let firm = try await server.send(
                .POST, "/imports/enterprises", body: Data("统一社会信用代码,企业名称,所属区县\n\(Self.a),甲晶圆,江阴市\n".utf8),
                headers: [("Content-Type", "text/csv")])
            #expect(firm.status == 200, "\(firm.text)")
            // act
            let good = try await server.send(
                .POST, "/imports/supply-links",
                body: Data("采购方统一社会信用代码,供应商名称,供应商所在城市,环节代码,年度,采购金额(万元),采购类别\n\(Self.a),上海硅材料,上海,集成电路设计与制造·硅片,2025,100,原材料\n".utf8),
                headers: [("Content-Type", "text/csv")])
            let bad = try await server.send(
                .POST, "/imports/supply-links",
                body: Data("采购方统一社会信用代码,供应商名称,供应商所在城市,环节代码,年度,采购金额(万元),采购类别\n\(Self.a),上海硅材料,上海,硅晶片,2025,100,原材料\n".utf8),
                headers: [("Content-Type", "text/csv")])
            // check
            #expect(good.status == 200, "\(good.text)")
            let segment = try await server.sql.raw("SELECT segment FROM supply_links").first(decodingColumn: "segment", as: String.self)
            #expect(segment == "ic-fab-u1")
            #expect(bad.status == 422)
            let reason = try #require((try bad.json()["rows"] as? [[String: Any]])?.first?["reason"] as? String)
            #expect(reason.contains("ic-fab-u1（集成电路设计与制造·硅片）"), "\(reason)")
        }
    }

    @Test func theTemplateCarriesTheCodeSheetAndDropDowns() async throws {
        try await TestServer.with { server in
            // setup
            let web = try await server.browser("in_official", [Grant(.official, .city)])
            // act
            let template = try await server.page(.GET, "/templates/supply-links.xlsx", cookie: web.cookie)
            // check
            #expect(template.status == 200)
            let zip = try ZipReader(data: template.body)
            let workbook = String(decoding: try zip.read("xl/workbook.xml") ?? [], as: UTF8.self)
            #expect(workbook.contains(#"<sheet name="代码表" sheetId="2" r:id="rId2"/>"#))
            let sheet1 = String(decoding: try zip.read("xl/worksheets/sheet1.xml") ?? [], as: UTF8.self)
            #expect(sheet1.contains(#"<dataValidation type="list""#) && sheet1.contains("sqref=\"E2:E1000\""))
            #expect(sheet1.contains("'代码表'!$E$2:$E$"))
            let codes = String(decoding: try zip.read("xl/worksheets/sheet2.xml") ?? [], as: UTF8.self)
            #expect(codes.contains("ic-fab-m2") && codes.contains("集成电路设计与制造·晶圆制造"))
        }
    }
}
