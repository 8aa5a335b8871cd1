import ChainLeadCore
import Foundation
import SQLKit
import Testing

@testable import App

/// Optimistic concurrency: what people edit answers its version as `ETag`; a change sent with a
/// stale `If-Match` (or `version`) gets 412 and changes nothing; a change with none applies as before.
@Suite struct EditVersionTests {
    @Test func ifMatchIsReadLikeHTTPAndAgreesWithTheBody() throws {
        #expect(try EditVersion.expected(ifMatch: #""7""#, field: nil) == 7)
        #expect(try EditVersion.expected(ifMatch: #"W/"7""#, field: 7) == 7)
        #expect(try EditVersion.expected(ifMatch: "*", field: nil) == nil)
        #expect(try EditVersion.expected(ifMatch: nil, field: 3) == 3)
        #expect(throws: DomainError.self) { try EditVersion.expected(ifMatch: #""x""#, field: nil) }
        #expect(throws: DomainError.self) { try EditVersion.expected(ifMatch: #""2""#, field: 3) }
        #expect(EditVersion.etag(12) == #""12""#)
    }

    @Test func anEnterpriseChangeBasedOnAnOldVersionIsRefusedAndChangesNothing() async throws {
        try await TestServer.with { server in
            // setup
            let uscc = makeUSCC(serial: 4101)
            #expect(
                try await server.send(.POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"版本测试","district":"320214"}"#).status == 201)
            let read = try await server.send(.GET, "/enterprises/\(uscc)")
            let etag = try #require(read.headers.first(name: "ETag"))
            #expect(try read.json()["version"] as? Int == 1 && etag == #""1""#)
            // act: one change on the version read, then a second one on the same (now old) version
            let first = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"address":"甲路1号"}"#, headers: [("If-Match", etag)])
            let second = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"address":"乙路2号"}"#, headers: [("If-Match", etag)])
            let tooLong = try await server.send(
                .PATCH, "/enterprises/\(uscc)", json: #"{"address":"乙路2号"}"#,
                headers: [("If-Match", String(repeating: #""1", "#, count: 10))])
            #expect(tooLong.status == 422)
            let byBody = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"address":"丙路3号","version":1}"#)
            // check
            #expect(first.status == 200 && first.headers.first(name: "ETag") == #""2""#, "\(first.text)")
            #expect(second.status == 412, "\(second.text)")
            #expect(try second.json()["field"] as? String == "version")
            #expect(byBody.status == 412)
            #expect(try await server.send(.GET, "/enterprises/\(uscc)").json()["address"] as? String == "甲路1号")
            // a client that sends no version keeps the old behaviour: last write wins
            let blind = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"address":"丁路4号"}"#)
            #expect(blind.status == 200 && blind.headers.first(name: "ETag") == #""3""#)
        }
    }

    @Test func ofTwoRacingChangesOnOneVersionOneWinsAndTheOtherGets412() async throws {
        try await TestServer.with { server in
            // setup
            let uscc = makeUSCC(serial: 4102)
            #expect(
                try await server.send(.POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"并发测试","district":"320214"}"#).status == 201)
            // act: eight changes at once, all on version 1
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        try await server.send(
                            .PATCH, "/enterprises/\(uscc)", json: #"{"address":"并发路\#(i)号"}"#, headers: [("If-Match", #""1""#)]
                        ).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            // check
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 412 }.count == 7, "\(statuses)")
            #expect(try await server.send(.GET, "/enterprises/\(uscc)").json()["version"] as? Int == 2)
        }
    }

    @Test func figuresRoutingSchemesCampaignsAndLeadsAnswerTheirVersions() async throws {
        try await TestServer.with { server in
            // setup: a firm with a year of figures, a lead, a scheme, a campaign
            let uscc = makeUSCC(serial: 4103)
            #expect(
                try await server.send(.POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"多资源版本","district":"320214"}"#).status == 201
            )
            let put1 = try await server.send(.PUT, "/enterprises/\(uscc)/figures/2025", json: #"{"outputValue":100}"#)
            #expect(put1.status == 200 && put1.headers.first(name: "ETag") == #""1""#, "\(put1.text)")
            try await server.sql.raw(
                """
                INSERT INTO leads (supplier_key, supplier_name, stage, one_matter, created_at, updated_at)
                VALUES ('name:版本供应商|', '版本供应商', 'new', \(bind: false), \(bind: Date.nowSeconds()), \(bind: Date.nowSeconds()))
                """
            ).run()
            let lead = try #require(
                try await server.sql.raw("SELECT id FROM leads WHERE supplier_key = 'name:版本供应商|'").first(
                    decodingColumn: "id", as: Int.self))

            // act + check: each resource, a stale version refused and a current one taken
            let figures = try await server.send(.PUT, "/enterprises/\(uscc)/figures/2025", json: #"{"outputValue":200,"version":1}"#)
            #expect(figures.status == 200 && figures.headers.first(name: "ETag") == #""2""#)
            #expect(
                try await server.send(.PUT, "/enterprises/\(uscc)/figures/2025", json: #"{"outputValue":300,"version":1}"#).status == 412)
            #expect(
                try await server.send(
                    .PUT, "/enterprises/\(uscc)/figures/2024", json: #"{"outputValue":1}"#, headers: [("If-Match", #""1""#)]
                )
                .status == 412, "a year not stored has no version to match")

            let staleLead = try await server.send(.PATCH, "/leads/\(lead)", json: #"{"owner":"张三"}"#, headers: [("If-Match", #""5""#)])
            #expect(staleLead.status == 412)
            let leadOK = try await server.send(.PATCH, "/leads/\(lead)", json: #"{"owner":"张三"}"#, headers: [("If-Match", #""1""#)])
            #expect(leadOK.status == 200 && leadOK.headers.first(name: "ETag") == #""2""#, "\(leadOK.text)")

            let routing = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/routing").body) as? [[String: Any]])
            let rule = try #require(routing.first { $0["category"] as? String == "power" })
            let v = try #require(rule["version"] as? Int)
            let lead1 = try #require(rule["leadDepartment"] as? String)
            let admin = try await server.bearer("ver_admin", [Grant(.admin, .city)])
            let setOK = try await server.send(
                .PUT, "/routing/power", json: #"{"leadDepartment":"\#(lead1)","version":\#(v)}"#, token: .some(admin))
            #expect(setOK.status == 200 && setOK.headers.first(name: "ETag") == "\"\(v + 1)\"", "\(setOK.status) \(setOK.text)")
            #expect(
                try await server.send(.PUT, "/routing/power", json: #"{"leadDepartment":"\#(lead1)","version":\#(v)}"#, token: .some(admin))
                    .status
                    == 412)

            let created = try await server.send(.POST, "/selection/schemes", json: Self.scheme(name: "版本方案"))
            #expect(created.status == 201, "\(created.text)")
            let schemeID = try #require(try created.json()["id"] as? Int)
            let schemeRead = try await server.send(.GET, "/selection/schemes/\(schemeID)")
            #expect(schemeRead.headers.first(name: "ETag") == #""1""#)
            let schemeOK = try await server.send(
                .PUT, "/selection/schemes/\(schemeID)", json: Self.scheme(name: "版本方案二"), headers: [("If-Match", #""1""#)])
            #expect(schemeOK.status == 200 && schemeOK.headers.first(name: "ETag") == #""2""#, "\(schemeOK.text)")
            #expect(
                try await server.send(
                    .PUT, "/selection/schemes/\(schemeID)", json: Self.scheme(name: "版本方案三"), headers: [("If-Match", #""1""#)]
                )
                .status == 412)

            let campaign = try await server.send(
                .POST, "/campaigns", json: #"{"year":2026,"chains":["ic-fab"],"applyUntil":"2099-12-31","status":"draft"}"#)
            #expect(campaign.status == 201, "\(campaign.text)")
            let cid = try #require(try campaign.json()["id"] as? Int)
            let cv = try #require(try campaign.json()["version"] as? Int)
            #expect(try await server.send(.GET, "/campaigns/\(cid)").headers.first(name: "ETag") == "\"\(cv)\"")
            #expect(
                try await server.send(.PATCH, "/campaigns/\(cid)", json: #"{"status":"open"}"#, headers: [("If-Match", "\"\(cv + 1)\"")])
                    .status
                    == 412)
            let opened = try await server.send(
                .PATCH, "/campaigns/\(cid)", json: #"{"status":"open"}"#, headers: [("If-Match", "\"\(cv)\"")])
            #expect(opened.status == 200 && opened.headers.first(name: "ETag") == "\"\(cv + 1)\"", "\(opened.text)")
        }
    }

    static func scheme(name: String) -> String {
        #"""
        {"name":"\#(name)","indicators":[{"code":"outputValue","weight":100,"normalisation":"minmax"}]}
        """#
    }

    @Test func theEditFormShowsWhatSomeoneElseSavedBesideWhatWasSent() async throws {
        try await TestServer.with { server in
            // setup: an official opens the form; meanwhile someone changes the address
            let uscc = makeUSCC(serial: 4104)
            #expect(
                try await server.send(
                    .POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"表单版本","district":"320214","address":"原地址"}"#
                )
                .status == 201)
            let official = try await server.browser("w_ver_off", [Grant(.official, .city)])
            let form = try await server.page(.GET, "/enterprises/\(uscc)/edit", cookie: official.cookie)
            #expect(form.text.contains(#"name="version" id="version" value="1""#), "\(form.text.prefix(2000))")
            #expect(try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"address":"他人地址"}"#).status == 200)
            // act: the official saves the form read at version 1
            let fields = [
                ("_csrf", official.csrf), ("version", "1"), ("name", "表单版本"), ("district", "320214"), ("address", "我的地址"),
                ("status", "active"),
            ]
            let saved = try await server.page(.POST, "/enterprises/\(uscc)/edit", cookie: official.cookie, form: formBody(fields))
            // check: refused, both values shown, nothing written; the form now carries the new version
            #expect(saved.status == 412, "\(saved.text.prefix(500))")
            #expect(saved.text.contains(#"id="conflict-table""#) && saved.text.contains("他人地址") && saved.text.contains("我的地址"))
            #expect(saved.text.contains(#"name="version" id="version" value="2""#))
            #expect(try await server.send(.GET, "/enterprises/\(uscc)").json()["address"] as? String == "他人地址")
            // saving again, knowingly, on the new version goes through
            let again = try await server.page(
                .POST, "/enterprises/\(uscc)/edit", cookie: official.cookie,
                form: formBody(fields.map { $0.0 == "version" ? ("version", "2") : $0 }))
            #expect(again.status == 303)
            #expect(try await server.send(.GET, "/enterprises/\(uscc)").json()["address"] as? String == "我的地址")
        }
    }

    @Test func aStaleRoutingFormSaysWhatIsStoredAndWhatWasSent() async throws {
        try await TestServer.with { server in
            // setup: the administrator's form read at the current version; someone saves meanwhile
            let admin = try await server.browser("w_ver_admin", [Grant(.admin, .city)])
            let page = try await server.page(.GET, "/service-settings", cookie: admin.cookie)
            #expect(page.status == 200 && page.text.contains(#"name="version" value="1""#))
            let departments = Department.all
            let post = { (lead: String, version: String) in
                try await server.page(
                    .POST, "/service-settings/routing/power", cookie: admin.cookie,
                    form: formBody([("_csrf", admin.csrf), ("lead", lead), ("co", ""), ("version", version)]))
            }
            #expect(try await post(departments[0], "1").status == 200)
            // act: the same form, still at version 1
            let stale = try await post(departments[1], "1")
            // check: refused with both sides named; the first save stands
            #expect(stale.status == 412)
            #expect(
                stale.text.contains("现存：牵头 \(departments[0])") && stale.text.contains("您提交：牵头 \(departments[1])"),
                "\(stale.text.prefix(300))")
        }
    }
}
