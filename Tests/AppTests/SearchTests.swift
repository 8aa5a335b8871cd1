import Foundation
import Testing

@testable import App

@Suite struct SearchTests {
    /// Three firms on different chains, districts and tiers.
    func seed(_ server: TestServer) async throws -> [String] {
        let a = makeUSCC(division: "320281", serial: 11)
        let b = makeUSCC(division: "320214", serial: 12)
        let c = makeUSCC(division: "320282", serial: 13)
        let bodies = [
            #"{"uscc":"\#(a)","name":"江阴华宏特钢股份有限公司","shortName":"华宏特钢","district":"320281","formerNames":["江阴钢铁厂"],"segments":["materials-metal-u1"]}"#,
            #"{"uscc":"\#(b)","name":"无锡芯源半导体有限公司","shortName":"芯源","district":"320214","segments":["ic-fab-m1"]}"#,
            #"{"uscc":"\#(c)","name":"宜兴环科100%水务有限公司","district":"320282","segments":["envtech-water-m1"],"status":"deregistered"}"#,
        ]
        for body in bodies {
            let reply = try await server.send(.POST, "/enterprises", json: body)
            #expect(reply.status == 201, "\(reply.text)")
        }
        try await server.recognise(a)
        return [a, b, c]
    }

    func usccs(_ server: TestServer, _ query: String) async throws -> [String] {
        let reply = try await server.send(.GET, "/enterprises?" + query)
        #expect(reply.status == 200, "\(query): \(reply.text)")
        return (try reply.json()["items"] as? [[String: Any]])?.compactMap { $0["uscc"] as? String } ?? []
    }

    @Test func searchesNamesShortNamesFormerNamesAndUSCCBySubstring() async throws {
        try await TestServer.with { server in
            let ids = try await seed(server)
            func q(_ s: String) -> String { "q=" + s.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
            #expect(try await usccs(server, q("特钢")) == [ids[0]])
            #expect(try await usccs(server, q("钢铁厂")) == [ids[0]])  // former name
            #expect(try await usccs(server, q("芯源")) == [ids[1]])  // short name
            #expect(try await usccs(server, q(String(ids[1].suffix(8)).lowercased())) == [ids[1]])  // USCC, any case
            #expect(try await usccs(server, q("100%")) == [ids[2]])  // % is literal
            #expect(try await usccs(server, q("%")) == [ids[2]])
            #expect(try await usccs(server, q("_")).isEmpty)
        }
    }

    @Test func filtersByTaxonomyDistrictTierAndStatus() async throws {
        try await TestServer.with { server in
            let ids = try await seed(server)
            #expect(try await usccs(server, "cluster=materials") == [ids[0]])
            #expect(try await usccs(server, "chain=ic-fab") == [ids[1]])
            #expect(try await usccs(server, "segment=envtech-water-m1") == [ids[2]])
            #expect(try await usccs(server, "district=320281") == [ids[0]])
            #expect(try await usccs(server, "tier=leader") == [ids[0]])
            #expect(try await usccs(server, "status=deregistered") == [ids[2]])
            #expect(try await usccs(server, "district=320214&tier=leader").isEmpty)
            #expect(try await server.send(.GET, "/enterprises?tier=king").status == 400)
            #expect(try await server.send(.GET, "/enterprises?chain=IC_FAB").status == 422)
        }
    }

    @Test func sortsAndCounts() async throws {
        try await TestServer.with { server in
            let ids = try await seed(server)
            let byUSCC = try await usccs(server, "sort=-uscc")
            #expect(byUSCC == ids.sorted(by: >))
            let page = try await server.send(.GET, "/enterprises?per=2&page=2&sort=uscc").json()
            #expect((page["items"] as? [Any])?.count == 1)
            #expect((page["metadata"] as? [String: Any])?["total"] as? Int == 3)
        }
    }
}
