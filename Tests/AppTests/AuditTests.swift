import ChainLeadCore
import Foundation
import Testing

@testable import App

@Suite struct AuditTests {
    let uscc = makeUSCC(division: "320205", serial: 401)

    @Test func theTrailIsNewestFirstAndFilterable() async throws {
        try await TestServer.with { server in
            // setup
            _ = try await server.send(.POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"锡山甲公司","district":"320205"}"#)
            _ = try await server.send(.PATCH, "/enterprises/\(uscc)", json: #"{"name":"锡山乙公司"}"#)
            let id = try await UserStore(db: server.sql).upsert(
                username: "auditor1", password: "Pass-word-123", grants: [Grant(.auditor, .city)])
            let auditor = try await TokenStore(db: server.sql).issue(for: id).token
            // act
            let reply = try await server.send(.GET, "/audit?key=\(uscc)", token: auditor)
            // check
            #expect(reply.status == 200)
            let items = try #require(try reply.json()["items"] as? [[String: Any]])
            #expect(items.map { $0["action"] as? String } == ["update", "create"])
            let changes = try #require(items.first?["changes"] as? [String: [String: String]])
            #expect(changes["name"] == ["from": "锡山甲公司", "to": "锡山乙公司"])
            #expect(items.first?["username"] as? String == "official")
            #expect(items.first?["clientIp"] as? String == "127.0.0.1")
            let creates = try await server.send(.GET, "/audit?action=create&entity=enterprise", token: auditor).json()
            #expect((creates["metadata"] as? [String: Any])?["total"] as? Int == 1)
        }
    }

    @Test func onlyAuditorsAndAdministratorsReadIt() async throws {
        try await TestServer.with { server in
            let id = try await UserStore(db: server.sql).upsert(
                username: "official1", password: "Pass-word-123", grants: [Grant(.official, .city)])
            let official = try await TokenStore(db: server.sql).issue(for: id).token
            #expect(try await server.send(.GET, "/audit", token: official).status == 403)
            #expect(try await server.send(.GET, "/audit", token: .some(server.adminToken)).status == 200)  // the test admin holds `admin`
        }
    }
}

extension AuditTests {
    @Test func daysFilterInShanghaiTime() async throws {
        try await TestServer.with { server in
            _ = try await server.send(.POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"锡山甲公司","district":"320205"}"#)
            let today = SimpleDate.today().description
            let hit = try await server.send(.GET, "/audit?from=\(today)&to=\(today)", token: .some(server.adminToken)).json()
            #expect(((hit["metadata"] as? [String: Any])?["total"] as? Int ?? 0) >= 1)
            let past = try await server.send(.GET, "/audit?to=2020-01-01", token: .some(server.adminToken)).json()
            #expect((past["metadata"] as? [String: Any])?["total"] as? Int == 0)
            #expect(try await server.send(.GET, "/audit?from=2020-02-30", token: .some(server.adminToken)).status == 422)
        }
    }
}
