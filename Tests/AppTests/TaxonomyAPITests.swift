import Foundation
import SQLKit
import Testing

@testable import App

@Suite struct TaxonomyAPITests {
    @Test func listsTheFifteenClustersInOrder() async throws {
        try await TestServer.with { server in
            // act
            let reply = try await server.send(.GET, "/clusters")
            // check
            #expect(reply.status == 200)
            let json = try reply.json()
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.count == 15)
            #expect(items.first?["name"] as? String == "物联网")
            #expect(items.filter { $0["kind"] as? String == "future" }.count == 5)
            let meta = try #require(json["metadata"] as? [String: Any])
            #expect(meta["total"] as? Int == 15)
        }
    }

    @Test func pagesAndValidatesPaging() async throws {
        try await TestServer.with { server in
            let page2 = try await server.send(.GET, "/clusters?page=2&per=4")
            let items = try #require(try page2.json()["items"] as? [[String: Any]])
            #expect(items.map { $0["code"] as? String } == ["equipment", "textile", "envtech", "materials"])
            #expect(try await server.send(.GET, "/clusters?per=0").status == 422)
            #expect(try await server.send(.GET, "/clusters?per=501").status == 422)
            let huge = try await server.send(.GET, "/enterprises?page=1000001")
            #expect(huge.status == 422)
            #expect(try huge.json()["field"] as? String == "page")
            #expect(try await server.send(.GET, "/clusters?page=abc").status == 400)
        }
    }

    @Test func chainsOfACluster() async throws {
        try await TestServer.with { server in
            let reply = try await server.send(.GET, "/chains?cluster=ic")
            let items = try #require(try reply.json()["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.allSatisfy { $0["cluster"] as? String == "ic" })
            let cluster = try await server.send(.GET, "/clusters/ic")
            #expect((try cluster.json()["chains"] as? [[String: Any]])?.count == 2)
            #expect(try await server.send(.GET, "/clusters/nope").status == 404)
        }
    }

    @Test func chainDetailHasSegmentsOnThreePositions() async throws {
        try await TestServer.with { server in
            // act
            let reply = try await server.send(.GET, "/chains/ic-fab")
            // check
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["clusterName"] as? String == "集成电路")
            let segments = try #require(json["segments"] as? [[String: Any]])
            #expect(segments.count >= 6)
            #expect(Set(segments.compactMap { $0["position"] as? String }) == ["upstream", "midstream", "downstream"])
            #expect(segments.allSatisfy { ($0["code"] as? String)?.hasPrefix("ic-fab-") == true && $0["name"] is String })
            let missing = try await server.send(.GET, "/chains/no-such-chain")
            #expect(missing.status == 404)
            #expect((try missing.json()["message"] as? String)?.contains("不存在") == true)
        }
    }

    @Test func editsTheChainChiefAndAuditsIt() async throws {
        try await TestServer.with { server in
            // act
            let reply = try await server.send(
                .PATCH, "/chains/ic-fab", json: #"{"chiefName":"张三","chiefTitle":"副市长"}"#, token: .some(server.adminToken))
            // check
            #expect(reply.status == 200)
            let chief = try #require(try reply.json()["chief"] as? [String: Any])
            #expect(chief["name"] as? String == "张三")
            let audit = try await server.sql.raw(
                "SELECT username, changes FROM audit_entries WHERE entity = 'chain' AND entity_key = 'ic-fab'"
            ).all()
            #expect(audit.count == 1)
            #expect(try audit.first?.decode(column: "username", as: String.self) == "admin")
            #expect(try audit.first?.decode(column: "changes", as: String.self).contains("张三") == true)

            // clearing with null, and the errors
            let cleared = try await server.send(.PATCH, "/chains/ic-fab", json: #"{"chiefTitle":null}"#, token: .some(server.adminToken))
            #expect((try cleared.json()["chief"] as? [String: Any])?["title"] == nil)
            #expect(try await server.send(.PATCH, "/chains/ic-fab", json: "{}", token: .some(server.adminToken)).status == 422)
            #expect(try await server.send(.PATCH, "/chains/ic-fab", json: #"{"name":null}"#, token: .some(server.adminToken)).status == 422)
            #expect(try await server.send(.PATCH, "/chains/nope", json: #"{"name":"x"}"#, token: .some(server.adminToken)).status == 404)
        }
    }

    @Test func districtsListTheEightOfTheCity() async throws {
        try await TestServer.with { server in
            let items = try #require(try await server.send(.GET, "/districts").json()["items"] as? [[String: Any]])
            #expect(items.count == 8)
            #expect(items.contains { $0["code"] as? String == "320200JK" && $0["name"] as? String == "无锡经开区" })
        }
    }
}
