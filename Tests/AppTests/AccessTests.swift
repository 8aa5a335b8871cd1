import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit
import Testing

@testable import App

@Suite struct AccessTests {
    let jiangyin = makeUSCC(division: "320281", serial: 301)
    let xinwu = makeUSCC(division: "320214", serial: 302)

    /// A token for a new user holding `grants`.
    func token(_ server: TestServer, _ name: String, _ grants: [Grant]) async throws -> String {
        let id = try await UserStore(db: server.sql).upsert(username: name, password: "Pass-word-123", grants: grants)
        return try await TokenStore(db: server.sql).issue(for: id).token
    }

    func seed(_ server: TestServer) async throws {
        for (uscc, district) in [(jiangyin, "320281"), (xinwu, "320214")] {
            let r = try await server.send(
                .POST, "/enterprises",
                json: #"{"uscc":"\#(uscc)","name":"企业\#(district)","district":"\#(district)","segments":["ic-fab-u1"]}"#)
            #expect(r.status == 201)
        }
    }

    @Test func aDistrictOfficerEditsOnlyItsDistrict() async throws {
        try await TestServer.with { server in
            try await seed(server)
            let officer = try await token(server, "jy", [Grant(.district, .district("320281"))])
            // act
            let own = try await server.send(.PATCH, "/enterprises/\(jiangyin)", json: #"{"address":"江阴某路1号"}"#, token: officer)
            let other = try await server.send(.PATCH, "/enterprises/\(xinwu)", json: #"{"address":"x"}"#, token: officer)
            let create = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(makeUSCC(division: "320214", serial: 9))","name":"甲","district":"320214"}"#,
                token: officer)
            // check
            #expect(own.status == 200)
            #expect(other.status == 403)
            #expect((try other.json()["message"] as? String)?.contains("区县工作人员") == true)
            #expect(create.status == 403)
            // the denied writes are in the audit trail, without their payload
            let denied = try await server.sql.raw("SELECT username, changes FROM audit_entries WHERE action LIKE 'denied_%'").all()
            #expect(denied.count == 2)
            #expect(try denied.allSatisfy { try $0.decode(column: "username", as: String.self) == "jy" })
            #expect(try denied.allSatisfy { !(try $0.decode(column: "changes", as: String.self)).contains("\"x\"") })
        }
    }

    @Test func anAuditorChangesNothingAndReadsNoFirms() async throws {
        try await TestServer.with { server in
            try await seed(server)
            let auditor = try await token(server, "au", [Grant(.auditor, .city)])
            #expect(try await server.send(.GET, "/enterprises", token: auditor).status == 403)
            #expect(try await server.send(.GET, "/enterprises/\(xinwu)", token: auditor).status == 403)
            #expect(try await server.send(.PATCH, "/chains/ic-fab", json: #"{"chiefName":"x"}"#, token: auditor).status == 403)
        }
    }

    @Test func theSystemAdministratorRunsTheTaxonomyNotTheData() async throws {
        try await TestServer.with { server in
            try await seed(server)
            let admin = try await token(server, "sys", [Grant(.admin, .city)])
            #expect(try await server.send(.PATCH, "/chains/ic-fab", json: #"{"chiefName":"张三"}"#, token: admin).status == 200)
            #expect(try await server.send(.PATCH, "/enterprises/\(xinwu)", json: #"{"address":"x"}"#, token: admin).status == 403)
            #expect(
                try await server.send(
                    .POST, "/imports/enterprises", body: Data("a".utf8), headers: [("Content-Type", "text/csv")], token: admin
                ).status == 403)
        }
    }

    @Test func aChainChiefSeesItsChainsFirms() async throws {
        try await TestServer.with { server in
            try await seed(server)
            let mine = try await token(server, "chief1", [Grant(.chief, .chains(["ic-fab"]))])
            let other = try await token(server, "chief2", [Grant(.chief, .chains(["auto-nev"]))])
            #expect(try await server.send(.GET, "/enterprises/\(xinwu)", token: mine).status == 200)
            #expect(try await server.send(.GET, "/enterprises/\(xinwu)", token: other).status == 403)
        }
    }

    @Test func anEnterpriseUserEditsItsOwnProfileOnly() async throws {
        try await TestServer.with { server in
            try await seed(server)
            let firm = try await token(server, "firm", [Grant(.enterprise, .enterprise(xinwu))])
            #expect(try await server.send(.GET, "/enterprises/\(xinwu)", token: firm).status == 200)
            #expect(
                try await server.send(
                    .PUT, "/enterprises/\(xinwu)/figures/2025", json: #"{"outputValue":1,"source":"selfReported"}"#, token: firm
                ).status == 200)
            // another firm: its directory entry only
            let other = try await server.send(.GET, "/enterprises/\(jiangyin)", token: firm)
            #expect(other.status == 200)
            #expect((try other.json()["figures"] as? [Any])?.isEmpty == true)
            #expect(try other.json()["address"] == nil)
            #expect(try await server.send(.PUT, "/enterprises/\(jiangyin)/figures/2025", json: "{}", token: firm).status == 403)
            #expect(try await server.send(.GET, "/exports/enterprises.xlsx", token: firm).status == 403)
        }
    }

    @Test func aUserWithoutRolesIsRefusedEverything() async throws {
        try await TestServer.with { server in
            let nobody = try await token(server, "nobody", [])
            let reply = try await server.send(.GET, "/clusters", token: nobody)
            #expect(reply.status == 403)
            #expect(try reply.json()["error"] as? String == "forbidden")
        }
    }
}

extension AccessTests {
    @Test func aDistrictOfficerCannotMoveAFirmOutOfItsScope() async throws {
        try await TestServer.with { server in
            try await seed(server)
            let officer = try await token(server, "jy2", [Grant(.district, .district("320281"))])
            let move = try await server.send(.PATCH, "/enterprises/\(jiangyin)", json: #"{"district":"320214"}"#, token: officer)
            #expect(move.status == 403)
            #expect(try await server.send(.GET, "/enterprises/\(jiangyin)").json()["district"] as? String == "320281")
        }
    }
}

extension AccessTests {
    @Test func listsAreScopedInTheQuery() async throws {
        try await TestServer.with { server in
            try await seed(server)
            _ = try await server.send(.PUT, "/enterprises/\(jiangyin)/figures/2025", json: #"{"outputValue":5000}"#)
            let officer = try await token(server, "jy3", [Grant(.district, .district("320281"))])
            let mine = try await server.send(.GET, "/enterprises", token: officer).json()
            #expect((mine["items"] as? [[String: Any]])?.map { $0["uscc"] as? String } == [jiangyin])
            #expect((mine["metadata"] as? [String: Any])?["total"] as? Int == 1)
            let chief = try await token(server, "ch3", [Grant(.chief, .chains(["auto-nev"]))])
            #expect((try await server.send(.GET, "/enterprises", token: chief).json()["items"] as? [Any])?.isEmpty == true)
            // an enterprise user sees every firm's directory entry, not its figures
            let firm = try await token(server, "firm3", [Grant(.enterprise, .enterprise(xinwu))])
            let all = try #require(try await server.send(.GET, "/enterprises", token: firm).json()["items"] as? [[String: Any]])
            #expect(all.count == 2)
            #expect(all.first { $0["uscc"] as? String == jiangyin }?["latestOutputValue"] == nil)
            // the district's export holds its rows only
            let export = try await server.send(.GET, "/exports/enterprises.xlsx", token: officer)
            #expect(export.status == 200)
            #expect(try XLSXReader.rows(of: export.body).count == 2)
        }
    }

    @Test func departmentsSeeContactsMasked() async throws {
        try await TestServer.with { server in
            try await seed(server)
            _ = try await server.send(
                .PATCH, "/enterprises/\(xinwu)", json: #"{"contact":{"phone":"0510-88886666","email":"boss@example.com"}}"#)
            let dept = try await token(server, "fgw", [Grant(.department, .department("市发展改革委", head: false))])
            let contact = try #require(
                try await server.send(.GET, "/enterprises/\(xinwu)", token: dept).json()["contact"] as? [String: String])
            #expect(contact["phone"] == "051********66")
            #expect(contact["email"]?.contains("boss@example") == false)
        }
    }
}
