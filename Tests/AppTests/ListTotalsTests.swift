import ChainLeadCore
import Foundation
import SQLKit
import Testing

@testable import App

/// The enterprise list's totals are kept in `figure_cache` (issue 21: a page no longer counts a
/// million firms) and every registry write makes the next page count again.
@Suite(.tags(.s2)) struct ListTotalsTests {
    func total(_ server: TestServer, _ query: String) async throws -> Int? {
        let reply = try await server.send(.GET, "/enterprises?\(query)")
        return (try reply.json()["metadata"] as? [String: Any])?["total"] as? Int
    }

    func chainCount(_ server: TestServer, _ chain: String) async throws -> Int? {
        try await TaxonomyQueries(db: server.sql).chains(code: chain).first?.enterpriseCount
    }

    func create(_ server: TestServer, serial: Int, district: String, segments: String = #"["ic-fab-m1"]"#) async throws {
        let uscc = makeUSCC(serial: serial)
        let reply = try await server.send(
            .POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"测试企业\#(serial)","district":"\#(district)","segments":\#(segments)}"#)
        #expect(reply.status == 201, "\(reply.text)")
    }

    @Test func totalsFollowEveryRegistryWrite() async throws {
        try await TestServer.with { server in
            // setup: two firms in 新吴区
            try await create(server, serial: 1, district: "320214")
            try await create(server, serial: 2, district: "320214")
            #expect(try await total(server, "district=320214") == 2)
            #expect(try await total(server, "district=320214") == 2, "the second read comes from the cache")
            let keys = try await server.sql.raw("SELECT key FROM figure_cache").all(decodingColumn: "key", as: String.self)
            #expect(keys.contains { $0.hasPrefix("enterprise-count:") })

            // act + check: a new firm, a move to another district, a segment change, a recognition
            try await create(server, serial: 3, district: "320214")
            #expect(try await total(server, "district=320214") == 3)
            let moved = try await server.send(.PATCH, "/enterprises/\(makeUSCC(serial: 3))", json: #"{"district":"320205"}"#)
            #expect(moved.status == 200, "\(moved.text)")
            #expect(try await total(server, "district=320214") == 2)
            #expect(try await total(server, "district=320205") == 1)
            #expect(try await total(server, "chain=ic-fab") == 3)
            #expect(try await chainCount(server, "ic-fab") == 3)
            let resegmented = try await server.send(.PATCH, "/enterprises/\(makeUSCC(serial: 2))", json: #"{"segments":["auto-nev-m1"]}"#)
            #expect(resegmented.status == 200, "\(resegmented.text)")
            #expect(try await total(server, "chain=ic-fab") == 2)
            #expect(try await chainCount(server, "ic-fab") == 2, "the taxonomy's firm counts follow too")
            #expect(try await chainCount(server, "auto-nev") == 1)
            #expect(try await total(server, "tier=leader") == 0)
            try await server.recognise(makeUSCC(serial: 1))
            #expect(try await total(server, "tier=leader") == 1)

            // an import counts too
            let csv = "统一社会信用代码,企业名称,所属区县\n\(makeUSCC(serial: 4)),导入企业,新吴区\n"
            let upload = try await server.send(.POST, "/imports/enterprises", body: Data(csv.utf8), headers: [("Content-Type", "text/csv")])
            #expect(upload.status == 200, "\(upload.text)")
            #expect(try await total(server, "district=320214") == 3)
        }
    }

    @Test func theChainPageShowsEightFirmsPerSegmentAndCountsTheRest() async throws {
        try await TestServer.with { server in
            // setup: eleven firms in one segment, one of them a chain leader
            for serial in 1...11 { try await create(server, serial: serial, district: "320214") }
            try await server.recognise(makeUSCC(serial: 11))
            let official = try await server.browser("chain_reader", [Grant(.official, .city)])
            // act
            let page = try await server.page(.GET, "/chains/ic-fab", cookie: official.cookie)
            // check: eight linked, the leader first, 更多 (3) for the rest
            #expect(page.status == 200)
            let links = page.text.components(separatedBy: "href=\"/enterprises/").dropFirst().map { String($0.prefix(18)) }
            let created = Set((1...11).map { makeUSCC(serial: $0) })
            let shown = links.filter { created.contains($0) }
            #expect(Set(shown).count == 8, "\(shown)")
            #expect(shown.first == makeUSCC(serial: 11))
            #expect(page.text.contains("更多 (3)"))
        }
    }

    @Test func aDistrictAndTierPageComesOffOneIndexInOrder() async throws {
        guard TestServer.postgresAdminURL == nil else { return }
        try await TestServer.with { server in
            // setup: a page filtered by district and tier, as officials open it
            var filter = EnterpriseFilter()
            filter.district = "320214"
            filter.tier = .backbone
            let page = EnterpriseQueries.pageQuery(filter, page: PageRequest(page: 1, per: 20), postgres: false)
            // act
            let plan = try await server.sql.raw("EXPLAIN QUERY PLAN " + page).all().map { try $0.decode(column: "detail", as: String.self) }
            // check: read from M063's index in the order shown, not a district walked and sorted
            #expect(plan.contains { $0.contains("idx_enterprises_list_district_tier") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE FOR ORDER BY") }, "\(plan)")
        }
    }

    @Test func aListPageCarriesEachFirmsChains() async throws {
        try await TestServer.with { server in
            // setup: a firm in two chains, one in one
            try await create(server, serial: 1, district: "320214", segments: #"["ic-fab-m1","auto-nev-m1"]"#)
            try await create(server, serial: 2, district: "320214")
            // act
            let (items, total) = try await EnterpriseQueries(db: server.sql).list(EnterpriseFilter(), page: PageRequest(page: 1, per: 20))
            // check
            #expect(total == 2)
            let chains = Dictionary(uniqueKeysWithValues: items.map { ($0.uscc, $0.chains) })
            #expect(chains[makeUSCC(serial: 1)] == ["ic-fab", "auto-nev"])
            #expect(chains[makeUSCC(serial: 2)] == ["ic-fab"])
        }
    }

    @Test func aTextSearchIsCountedEachTimeNotKept() async throws {
        // setup
        var filter = EnterpriseFilter()
        filter.district = "320214"
        #expect(EnterpriseQueries.countKey(filter) != nil)
        // act
        filter.q = "芯"
        // check: free text would grow the cache without bound
        #expect(EnterpriseQueries.countKey(filter) == nil)
        filter.q = nil
        filter.importBatch = "b1"
        #expect(EnterpriseQueries.countKey(filter) == nil)
    }

    @Test func wrkSummaryIsRead() throws {
        // setup: wrk 4.1's summary with --latency
        let text = """
            Running 10s test @ http://127.0.0.1:8080
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    12.52ms    3.10ms  61.02ms   88.46%
                Req/Sec     2.58k   210.31     3.01k    71.00%
              Latency Distribution
                 50%   12.01ms
                 75%   13.51ms
                 90%   15.37ms
                 99%  861.23ms
              51355 requests in 10.01s, 9.67MB read
              Socket errors: connect 0, read 0, write 0, timeout 3
              Non-2xx or 3xx responses: 7
            Requests/sec:   5130.67
            Transfer/sec:      0.97MB
            """
        // act
        let result = try #require(WrkResult.parse(text))
        // check
        #expect(result.requestsPerSecond == 5130.67)
        #expect(abs(result.p99 - 0.86123) < 1e-9)
        #expect(result.requests == 51355)
        #expect(result.failures == 10)
        #expect(WrkResult.seconds("1.76s") == 1.76)
        #expect(WrkResult.seconds("950.00us").map { abs($0 - 0.00095) < 1e-12 } == true)
        #expect(WrkResult.parse("wrk: connection refused") == nil)
    }
}

/// Row keys are converted as SQLKit converts them, only once per key (issue 21's profile).
@Suite struct SnakeColumnsTests {
    @Test func keysConvertAsSQLKitDoes() async throws {
        // setup: SQLKit's own conversion, through a row decoded with its strategy
        struct Probe: Decodable {
            var latestOutputValue: Int
            var enterpriseUscc: String
            var x: Int
        }
        try await TestServer.with { server in
            let row = try #require(
                try await server.sql.raw("SELECT 7 AS latest_output_value, 'u' AS enterprise_uscc, 1 AS x").first())
            // act
            let mine = try row.decode(model: Probe.self, keyDecodingStrategy: SnakeColumns.strategy)
            let theirs = try row.decode(model: Probe.self, keyDecodingStrategy: .convertFromSnakeCase)
            // check
            #expect(mine.latestOutputValue == 7 && theirs.latestOutputValue == 7)
            #expect(mine.enterpriseUscc == theirs.enterpriseUscc)
        }
        #expect(SnakeColumns.snakeCased("latestOutputValue") == "latest_output_value")
        #expect(SnakeColumns.snakeCased("buyerUSCCCode") == "buyer_uSCC_code")
        #expect(SnakeColumns.snakeCased("a") == "a")
        #expect(SnakeColumns.column("segmentTotal") == "segment_total")
    }
}

/// Stored token hashes stay readable: the same lower-case hex of SHA-256 as before.
@Suite struct TokenHashTests {
    @Test func tokenHashIsLowerHexOfSHA256() {
        #expect(TokenStore.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TokenStore.hash("").hasPrefix("e3b0c44298fc1c14"))
    }
}
