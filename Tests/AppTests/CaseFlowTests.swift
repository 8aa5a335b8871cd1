import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App
@testable import OfficeFormats

/// Achievements, cases and the case book (Policy S7), on whichever database the suite runs on: a
/// firm submits and edits its case, a stale edit and a racing review are refused, pictures are
/// checked by their bytes, officials select, and the case book holds one chapter per cluster.
@Suite(.tags(.s7)) struct CaseFlowTests {
    static let firm = makeUSCC(division: "320214", serial: 971), other = makeUSCC(division: "320282", serial: 972)

    static func register(_ server: TestServer) async throws {
        for (u, name, seg) in [(firm, "无锡案例晶圆有限公司", "ic-fab-m2"), (other, "宜兴案例汽车零部件有限公司", "auto-nev-u1")] {
            let r = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(u)","name":"\#(name)","district":"320214","segments":["\#(seg)"]}"#)
            #expect(r.status == 201, "\(r.text)")
        }
    }

    static func caseJSON(_ firm: String, chain: String = "ic-fab", title: String = "攻关十二英寸晶圆关键工艺") -> String {
        #"{"year":2026,"title":"\#(title)","enterprise":"\#(firm)","chain":"\#(chain)","category":"innovation","body":"第一段。\n第二段。","keyFigures":[{"label":"研发投入占比","value":" 8.2% "}]}"#
    }

    @Test func aFirmSubmitsOfficialsSelectAndTheCaseBookHasAChapterPerCluster() async throws {
        try await TestServer.with { server in
            // setup
            try await Self.register(server)
            let owner = try await server.bearer("cs_firm", [Grant(.enterprise, .enterprise(Self.firm))])
            let stranger = try await server.bearer("cs_other", [Grant(.enterprise, .enterprise(Self.other))])
            let district = try await server.bearer("cs_district", [Grant(.district, .district("320214"))])
            // act: the firm submits for itself; for another firm, and a district officer, it is refused
            let made = try await server.send(.POST, "/cases", json: Self.caseJSON(Self.firm), token: .some(owner))
            let forOther = try await server.send(.POST, "/cases", json: Self.caseJSON(Self.other), token: .some(owner))
            let byDistrict = try await server.send(.POST, "/cases", json: Self.caseJSON(Self.firm), token: .some(district))
            let badFigure = try await server.send(
                .POST, "/cases", json: Self.caseJSON(Self.firm).replacingOccurrences(of: "研发投入占比", with: " "), token: .some(owner))
            let id = try #require(try made.json()["id"] as? Int, "\(made.text)")
            let stale = try await server.send(.PATCH, "/cases/\(id)", json: #"{"version":7,"title":"新标题"}"#, token: .some(owner))
            let edited = try await server.send(.PATCH, "/cases/\(id)", json: #"{"version":1,"title":"攻关关键工艺"}"#, token: .some(owner))
            let png = PNGWriter.write(width: 40, height: 20) { x, _ in (UInt8(x * 6), 80, 160) }
            let picture = try await server.send(
                .POST, "/cases/\(id)/pictures?caption=%E4%BA%A7%E7%BA%BF", body: Data(png),
                headers: [("Content-Type", "application/octet-stream")], token: .some(owner))
            let notPicture = try await server.send(
                .POST, "/cases/\(id)/pictures?caption=x", body: Data("GIF89a not a picture".utf8),
                headers: [("Content-Type", "application/octet-stream")], token: .some(owner))
            let hidden = try await server.send(.GET, "/cases/\(id)", token: .some(stranger))
            let byFirm = try await server.send(.POST, "/cases/\(id)/review", json: #"{"decision":"select"}"#, token: .some(owner))
            // act: two officials decide at once; one wins
            async let first = server.send(.POST, "/cases/\(id)/review", json: #"{"decision":"select","note":"典型"}"#)
            async let second = server.send(.POST, "/cases/\(id)/review", json: #"{"decision":"select"}"#)
            let raced = try await [first.status, second.status].sorted()
            let lateEdit = try await server.send(.PATCH, "/cases/\(id)", json: #"{"title":"入选后企业再改"}"#, token: .some(owner))
            let other = try await server.send(.POST, "/cases", json: Self.caseJSON(Self.other, chain: "auto-nev", title: "整车带动本地配套"))
            let otherID = try #require(try other.json()["id"] as? Int, "\(other.text)")
            _ = try await server.send(.POST, "/cases/\(otherID)/review", json: #"{"decision":"select"}"#)
            let book = try await server.send(.GET, "/casebook/2026")
            let none = try await server.send(.GET, "/casebook/2019")
            let bookByFirm = try await server.send(.GET, "/casebook/2026", token: .some(owner))
            let pictureBytes = try await server.send(
                .GET, "/cases/\(id)/pictures/\(try #require(try picture.json()["id"] as? Int))", token: .some(owner))

            // check
            #expect(made.status == 201 && forOther.status == 403 && byDistrict.status == 403, "\(forOther.text) \(byDistrict.text)")
            #expect(badFigure.status == 422, "\(badFigure.text)")
            #expect(try badFigure.json()["field"] as? String == "keyFigures[0].label")
            let figures = try #require(try made.json()["keyFigures"] as? [[String: String]])
            #expect(figures == [["label": "研发投入占比", "value": "8.2%"]])
            #expect(stale.status == 412 && edited.status == 200, "\(stale.text) \(edited.text)")
            #expect(try edited.json()["version"] as? Int == 2)
            #expect(picture.status == 201, "\(picture.text)")
            #expect(try picture.json()["width"] as? Int == 40)
            #expect(notPicture.status == 422)
            #expect(try notPicture.json()["field"] as? String == "file")
            #expect(hidden.status == 404 && byFirm.status == 403)
            #expect(raced == [200, 409], "one decision wins, the other is told it changed")
            #expect(lateEdit.status == 409, "a selected case is edited by officials only: \(lateEdit.text)")
            #expect(pictureBytes.status == 200 && Array(pictureBytes.body) == png)
            #expect(pictureBytes.headers.first(name: .contentType) == "image/png")
            #expect(none.status == 404 && bookByFirm.status == 403)
            #expect(book.status == 200, "\(book.text.prefix(300))")
            let zip = try ZipReader(data: book.body)
            let xml = String(decoding: try zip.read("word/document.xml") ?? [], as: UTF8.self)
            let clusters = try await server.sql.raw(
                "SELECT DISTINCT u.name FROM chains k JOIN clusters u ON u.code = k.cluster_code WHERE k.code IN ('ic-fab', 'auto-nev')"
            ).all(decodingColumn: "name", as: String.self)
            #expect(clusters.count == 2)
            let headings = xml.components(separatedBy: #"<w:pStyle w:val="Heading1"/>"#).count - 1
            #expect(headings == 2, "one chapter per cluster with a selected case")
            for name in clusters { #expect(xml.contains("、\(name)</w:t>"), "chapter \(name)") }
            #expect(xml.contains(#"TOC \o "1-2""#) && xml.contains("攻关关键工艺") && xml.contains("整车带动本地配套"))
            #expect(xml.contains("研发投入占比") && xml.contains("<wp:inline"))
            #expect(try zip.read("word/media/image1.png").map { Array($0) } == png)
            #expect(
                try zip.read("word/_rels/document.xml.rels").map { String(decoding: $0, as: UTF8.self).contains("media/image1.png") }
                    == true)
            let audit = try await server.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_entries WHERE entity = 'case' AND entity_key = \(bind: String(id))"
            )
            .first(decodingColumn: "n", as: Int.self)
            #expect(audit == 4, "create, update, add_picture, select")
        }
    }

    @Test func publicityIsLoggedWithItsFirmsAndCheckedLinks() async throws {
        try await TestServer.with { server in
            // setup
            try await Self.register(server)
            let owner = try await server.bearer("pb_firm", [Grant(.enterprise, .enterprise(Self.firm))])
            // act
            let logged = try await server.send(
                .POST, "/publicity",
                json:
                    #"{"kind":"media","date":"2026-11-02","title":"链主企业带动本地配套","firms":["\#(Self.firm)","\#(Self.firm)"],"link":"https://example.org/a"}"#
            )
            let badLink = try await server.send(
                .POST, "/publicity", json: #"{"kind":"event","date":"2026-11-02","title":"x","link":"javascript:alert(1)"}"#)
            let unknown = try await server.send(
                .POST, "/publicity", json: #"{"kind":"event","date":"2026-11-02","title":"x","firms":["\#(makeUSCC(serial: 979))"]}"#)
            let byFirm = try await server.send(
                .POST, "/publicity", json: #"{"kind":"event","date":"2026-11-02","title":"x"}"#, token: .some(owner))
            let forFirm = try await server.send(.GET, "/publicity?enterprise=\(Self.firm)")
            let otherYear = try await server.send(.GET, "/publicity?year=2025")

            // check
            #expect(logged.status == 201, "\(logged.text)")
            #expect((try logged.json()["firms"] as? [[String: String]])?.map { $0["uscc"] } == [Self.firm], "listed once")
            #expect(badLink.status == 422)
            #expect(try badLink.json()["field"] as? String == "link")
            #expect(unknown.status == 422)
            #expect(try unknown.json()["field"] as? String == "firms[0]")
            #expect(byFirm.status == 403)
            #expect((try JSONSerialization.jsonObject(with: forFirm.body) as? [Any])?.count == 1)
            #expect((try JSONSerialization.jsonObject(with: otherYear.body) as? [Any])?.count == 0)
        }
    }
}
