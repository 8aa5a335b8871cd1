import Foundation
import SQLKit
import Testing

@testable import App

@Suite(.tags(.s2)) struct EnterpriseAPITests {
    let uscc = makeUSCC(serial: 1)

    func create(_ server: TestServer, _ json: String) async throws -> TestServer.Reply {
        try await server.send(.POST, "/enterprises", json: json)
    }

    @Test func createsAndReadsAnEnterprise() async throws {
        try await TestServer.with { server in
            // act
            let created = try await create(
                server,
                """
                {"uscc":"\(uscc)","name":"无锡芯联微电子有限公司","shortName":"芯联微","district":"320214",
                 "formerNames":["无锡芯联电子厂"],"founded":"2012-03-15","ownership":"private",
                 "contact":{"person":"王伟","phone":"0510-88880000"},"tier":"backbone","tierReason":"2025年度入库",
                 "segments":["ic-fab-m1","ic-fab-u1"]}
                """)
            // check
            #expect(created.status == 201, "\(created.text)")
            let got = try await server.send(.GET, "/enterprises/\(uscc)")
            #expect(got.status == 200)
            let json = try got.json()
            #expect(json["name"] as? String == "无锡芯联微电子有限公司")
            #expect(json["districtName"] as? String == "新吴区")
            #expect(json["formerNames"] as? [String] == ["无锡芯联电子厂"])
            #expect(json["synthetic"] as? Bool == false)
            let segments = try #require(json["segments"] as? [[String: Any]])
            #expect(segments.map { $0["code"] as? String } == ["ic-fab-m1", "ic-fab-u1"])
            #expect(segments.map { $0["primary"] as? Bool } == [true, false])
            #expect(segments.first?["chain"] as? String == "ic-fab")
            let history = try #require(json["tierHistory"] as? [[String: Any]])
            #expect(history.count == 1)
            #expect(history.first?["reason"] as? String == "2025年度入库")
            let audit = try await server.sql.raw("SELECT action FROM audit_entries WHERE entity_key = \(bind: uscc)").all()
            // the creation, and the pool entry it makes in the primary chain (Policy S2)
            #expect(try audit.map { try $0.decode(column: "action", as: String.self) }.sorted() == ["create", "tier"])
        }
    }

    @Test func refusesDuplicatesWith409() async throws {
        try await TestServer.with { server in
            let body = #"{"uscc":"\#(uscc)","name":"甲","district":"320214"}"#
            #expect(try await create(server, body).status == 201)
            let again = try await create(server, body)
            #expect(again.status == 409)
            #expect(try again.json()["field"] as? String == "uscc")
        }
    }

    @Test func namesTheUSCCFailure() async throws {
        try await TestServer.with { server in
            // act
            let reply = try await create(server, #"{"uscc":"91350203M0001QKT19","name":"甲","district":"320214"}"#)
            // check
            #expect(reply.status == 422)
            let json = try reply.json()
            #expect(json["error"] as? String == "uscc_checksum")
            #expect(json["field"] as? String == "uscc")
            #expect((json["message"] as? String)?.contains("校验位") == true)
            let short = try await create(server, #"{"uscc":"913502","name":"甲","district":"320214"}"#)
            #expect(try short.json()["error"] as? String == "uscc_length")
            // nothing was written
            let count = try await server.sql.raw("SELECT COUNT(*) AS n FROM enterprises").first()?.decode(column: "n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test func anAdministratorMayOverrideTheCheckCharacterWithAReason() async throws {
        try await TestServer.with { server in
            let reply = try await create(
                server, #"{"uscc":"91350203M0001QKT19","name":"旧代码企业","district":"320213","usccOverrideReason":"2015年前旧代码，已核实"}"#)
            #expect(reply.status == 201)
            #expect(try reply.json()["usccOverrideReason"] as? String == "2015年前旧代码，已核实")
        }
    }

    @Test func badInputGetsPreciseErrors() async throws {
        try await TestServer.with { server in
            let cases: [(String, Int, String?)] = [
                (#"{"uscc":"\#(uscc)","name":"甲","district":"110101"}"#, 400, nil),  // unknown enum value
                (#"{"uscc":"\#(uscc)","name":123,"district":"320214"}"#, 400, nil),  // wrong type
                (#"{"uscc":"\#(uscc)","name":"甲""#, 400, nil),  // malformed JSON
                (#"{"name":"甲","district":"320214"}"#, 400, nil),  // missing required
                (#"{"uscc":"\#(uscc)","name":"  ","district":"320214"}"#, 422, "name"),
                (#"{"uscc":"\#(uscc)","name":"甲","district":"320214","segments":["nope-u1"]}"#, 422, "segments"),
                (#"{"uscc":"\#(uscc)","name":"甲","district":"320214","founded":"2010-02-30"}"#, 422, "founded"),
                (#"{"uscc":"\#(uscc)","name":"甲","district":"320214","contact":{"email":"x"}}"#, 422, "contact.email"),
                (#"{"uscc":"\#(uscc)","name":"甲","district":"320214","tier":null}"#, 422, "tier"),
                (#"{"uscc":"\#(uscc)","name":"甲\u0000","district":"320214"}"#, 422, "name"),
            ]
            for (body, status, field) in cases {
                let reply = try await create(server, body)
                #expect(reply.status == status, "\(body) → \(reply.text)")
                let json = try reply.json()
                #expect(json["message"] is String, "\(body)")
                if let field { #expect(json["field"] as? String == field, "\(body)") }
            }
            let count = try await server.sql.raw("SELECT COUNT(*) AS n FROM enterprises").first()?.decode(column: "n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test func oversizeBodiesAnswer413() async throws {
        try await TestServer.with { server in
            let big = #"{"uscc":"\#(uscc)","name":""# + String(repeating: "甲", count: 700_000) + #"","district":"320214"}"#
            let reply = try await create(server, big)
            #expect(reply.status == 413)
            #expect(try reply.json()["error"] as? String == "too_large")
            // the connection and the server are still fine
            #expect(try await server.send(.GET, "/clusters").status == 200)
        }
    }

    @Test func patchHasMergeSemantics() async throws {
        try await TestServer.with { server in
            // setup
            _ = try await create(
                server,
                """
                {"uscc":"\(uscc)","name":"甲公司","shortName":"甲","district":"320214","address":"新吴区1号",
                 "contact":{"person":"王伟","phone":"0510-1","email":"a@b.cn"},"segments":["ic-fab-u1"]}
                """)
            // act: clear shortName, change the phone only, leave the rest
            let reply = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"shortName":null,"contact":{"phone":"0510-2"}}"#)
            // check
            #expect(reply.status == 200, "\(reply.text)")
            let json = try reply.json()
            #expect(json["shortName"] == nil)
            #expect(json["address"] as? String == "新吴区1号")
            let contact = try #require(json["contact"] as? [String: Any])
            #expect(contact["phone"] as? String == "0510-2")
            #expect(contact["person"] as? String == "王伟")
            #expect((json["segments"] as? [[String: Any]])?.count == 1)

            // a null inside contact clears that field only
            let cleared = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"contact":{"email":null}}"#)
            #expect((try cleared.json()["contact"] as? [String: Any])?["email"] == nil)
            #expect((try cleared.json()["contact"] as? [String: Any])?["person"] as? String == "王伟")

            // segments replace the list; the first is primary
            let moved = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"segments":["ic-packaging-u1","ic-fab-u1"]}"#)
            let segs = try #require(try moved.json()["segments"] as? [[String: Any]])
            #expect(segs.first?["code"] as? String == "ic-packaging-u1")
            #expect(segs.first?["primary"] as? Bool == true)

            // merge-patch content type works too
            let merge = try await server.send(
                .PATCH, "/enterprises/\(uscc)", json: #"{"address":"新地址"}"#,
                headers: [("Content-Type", "application/merge-patch+json")])
            #expect(try merge.json()["address"] as? String == "新地址")
        }
    }

    @Test func mainProductsAreStoredPatchedImportedAndLimited() async throws {
        try await TestServer.with { server in
            // setup
            let imported = makeUSCC(serial: 501)
            let csv = """
                统一社会信用代码,企业名称,所属区县,主要产品
                \(imported),无锡丙传感科技有限公司,新吴区,MEMS压力传感器；惯性传感器
                """
            // act
            let created = try await create(
                server, #"{"uscc":"\#(uscc)","name":"甲公司","district":"320214","mainProducts":"  12英寸晶圆代工；功率器件  "}"#)
            let got = try await server.send(.GET, "/enterprises/\(uscc)")
            let patched = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"mainProducts":"车规级功率模块"}"#)
            let kept = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"address":"新吴区1号"}"#)
            let cleared = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"mainProducts":null}"#)
            let tooLong = try await server.send(
                .PATCH, "/enterprises/\(uscc)", json: #"{"mainProducts":"\#(String(repeating: "产", count: 501))"}"#)
            let tooLongNew = try await create(
                server,
                #"{"uscc":"\#(makeUSCC(serial: 502))","name":"乙公司","district":"320214","mainProducts":"\#(String(repeating: "a", count: 501))"}"#
            )
            let upload = try await server.send(.POST, "/imports/enterprises", body: Data(csv.utf8), headers: [("Content-Type", "text/csv")])
            // check
            #expect(created.status == 201, "\(created.text)")
            #expect(try got.json()["mainProducts"] as? String == "12英寸晶圆代工；功率器件")
            #expect(patched.status == 200, "\(patched.text)")
            #expect(try patched.json()["mainProducts"] as? String == "车规级功率模块")
            #expect(try kept.json()["mainProducts"] as? String == "车规级功率模块")
            #expect(cleared.status == 200, "\(cleared.text)")
            #expect(try cleared.json()["mainProducts"] == nil)
            #expect(try await server.send(.GET, "/enterprises/\(uscc)").json()["mainProducts"] == nil)
            for reply in [tooLong, tooLongNew] {
                #expect(reply.status == 422, "\(reply.text)")
                #expect(try reply.json()["field"] as? String == "mainProducts")
            }
            #expect(upload.status == 200, "\(upload.text)")
            #expect(try upload.json()["inserted"] as? Int == 1)
            let importedFirm = try await server.send(.GET, "/enterprises/\(imported)").json()
            #expect(importedFirm["mainProducts"] as? String == "MEMS压力传感器；惯性传感器")
            // the column is what matchmaking reads, and each change is audited under its own key
            let stored = try await server.sql.raw("SELECT main_products FROM enterprises WHERE uscc = \(bind: imported)")
                .first(decodingColumn: "main_products", as: String.self)
            #expect(stored == "MEMS压力传感器；惯性传感器")
            let audit = try await server.sql.raw(
                "SELECT changes FROM audit_entries WHERE entity = 'enterprise' AND entity_key = \(bind: uscc) AND action = 'update'"
            ).all(decodingColumn: "changes", as: String.self)
            #expect(audit.filter { $0.contains("mainProducts") }.count == 2)
        }
    }

    /// Policy S2: tiers come only from decisions (recognition, pool moves, reviews).
    @Test(.tags(.s2)) func aTierIsNotEditedButComesFromPoolMovesWithTheChainInHistory() async throws {
        try await TestServer.with { server in
            _ = try await create(server, #"{"uscc":"\#(uscc)","name":"甲公司","district":"320214","segments":["ic-fab-m1"]}"#)
            // act: a hand-set tier, leader or pool
            let leader = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"tier":"leader","tierReason":"2025年遴选认定"}"#)
            let pool = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"tier":"candidate","tierReason":"培育"}"#)
            let created = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(makeUSCC(serial: 998))","name":"乙公司","district":"320214","tier":"leader"}"#)
            // check: refused naming the tier; an unchanged tier is accepted
            for reply in [leader, pool, created] {
                #expect(reply.status == 422)
                #expect(try reply.json()["field"] as? String == "tier")
            }
            #expect(try leader.json()["error"] as? String == "tier_by_decision")
            #expect(try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"tier":"none","address":"新地址"}"#).status == 200)
            // act: the pool move does it, and the history names the chain
            let move = try await server.send(
                .POST, "/pools/moves", json: #"{"enterprise":"\#(uscc)","chain":"ic-fab","tier":"candidate","reason":"产值增长"}"#)
            #expect(move.status == 200, "\(move.text)")
            let detail = try await server.send(.GET, "/enterprises/\(uscc)").json()
            #expect(detail["tier"] as? String == "candidate")
            let history = try #require(detail["tierHistory"] as? [[String: Any]])
            #expect(history.map { $0["tier"] as? String } == ["candidate"])
            #expect(history.last?["reason"] as? String == "产值增长")
            #expect(history.last?["by"] as? String == "official")
        }
    }

    @Test func patchErrors() async throws {
        try await TestServer.with { server in
            _ = try await create(server, #"{"uscc":"\#(uscc)","name":"甲公司","district":"320214"}"#)
            #expect(try await server.send(.PATCH, "/enterprises/\(makeUSCC(serial: 999))", json: #"{"name":"x"}"#).status == 404)
            #expect(try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"name":null}"#).status == 422)
            #expect(try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"district":"999"}"#).status == 400)
            #expect(try await server.send(.GET, "/enterprises/\(uscc.lowercased())").status == 422)
            #expect(try await server.send(.GET, "/enterprises/ABC").status == 422)
        }
    }

    @Test func figuresAndDerivedRatios() async throws {
        try await TestServer.with { server in
            _ = try await create(server, #"{"uscc":"\#(uscc)","name":"甲公司","district":"320214"}"#)
            // act
            let y23 = try await server.send(.PUT, "/enterprises/\(uscc)/figures/2023", json: #"{"outputValue":1000000,"revenue":1000000}"#)
            let y24 = try await server.send(
                .PUT, "/enterprises/\(uscc)/figures/2024",
                json:
                    #"{"outputValue":1100000,"revenue":1000000,"rdExpense":50000,"totalAssets":2000000,"totalLiabilities":900000,"source":"statistics"}"#
            )
            // check
            #expect(y23.status == 200)
            #expect(y24.status == 200, "\(y24.text)")
            let ratios = try #require(try y24.json()["ratios"] as? [String: Double])
            #expect(ratios["rdIntensity"] == 0.05)
            #expect(ratios["debtRatio"] == 0.45)
            #expect(abs(ratios["outputGrowth"]! - 0.1) < 1e-9)
            #expect(try y24.json()["source"] as? String == "statistics")
            #expect(try y23.json()["source"] as? String == "official")

            // replacing a year: left-out figures become unknown
            let again = try await server.send(.PUT, "/enterprises/\(uscc)/figures/2024", json: #"{"outputValue":1210000}"#)
            #expect(try again.json()["revenue"] == nil)
            let detail = try await server.send(.GET, "/enterprises/\(uscc)").json()
            let figures = try #require(detail["figures"] as? [[String: Any]])
            #expect(figures.map { $0["year"] as? Int } == [2023, 2024])

            // the list shows and sorts by the latest output
            let list = try await server.send(.GET, "/enterprises?sort=-outputValue").json()
            let first = try #require((list["items"] as? [[String: Any]])?.first)
            #expect(first["latestOutputValue"] as? Int == 1_210_000)
            #expect(first["latestYear"] as? Int == 2024)
        }
    }

    @Test func figureErrors() async throws {
        try await TestServer.with { server in
            _ = try await create(server, #"{"uscc":"\#(uscc)","name":"甲公司","district":"320214"}"#)
            let early = try await server.send(.PUT, "/enterprises/\(uscc)/figures/1948", json: "{}")
            #expect(early.status == 422)
            #expect(try early.json()["field"] as? String == "year")
            let negative = try await server.send(.PUT, "/enterprises/\(uscc)/figures/2024", json: #"{"revenue":-5}"#)
            #expect(negative.status == 422)
            #expect(try negative.json()["field"] as? String == "revenue")
            let tooBig = try await server.send(.PUT, "/enterprises/\(uscc)/figures/2024", json: #"{"revenue":99999999999999999999}"#)
            #expect(tooBig.status == 400)
            let unknown = try await server.send(.PUT, "/enterprises/\(makeUSCC(serial: 77))/figures/2024", json: "{}")
            #expect(unknown.status == 404)
            let overflow = try await server.send(.PUT, "/enterprises/\(uscc)/figures/99999999999", json: "{}")
            #expect(overflow.status == 400)
        }
    }

    @Test func checksAUSCCAndSuggestsItsDistrict() async throws {
        try await TestServer.with { server in
            let ok = try await server.send(.GET, "/uscc/\(makeUSCC(division: "320203", serial: 5))").json()
            #expect(ok["valid"] as? Bool == true)
            #expect(ok["suggestedDistrict"] as? String == "320213")
            let city = try await server.send(.GET, "/uscc/\(makeUSCC(division: "320200", serial: 5))").json()
            #expect(city["districtHint"] as? String == "unknown")
            let bad = try await server.send(.GET, "/uscc/91350203M0001QKT19").json()
            #expect(bad["valid"] as? Bool == false)
            #expect(bad["error"] as? String == "uscc_checksum")
        }
    }
}
