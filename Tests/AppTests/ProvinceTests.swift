import ChainLeadCore
import Foundation
import SQLKit
import Testing

@testable import App

/// Province mode's pieces that need no shard (issue 22); `e2e/test_province.py` runs the whole
/// thing on three PostgreSQL servers.
@Suite struct ProvinceTests {
    @Test func aShardURLIsReadIntoItsParts() throws {
        // act
        let shard = try ShardAddress(url: "postgres://chain:pw%27x@10.0.0.7:6543/links?sslmode=disable")
        let bare = try ShardAddress(url: "postgresql://db.example")
        // check
        #expect(shard == ShardAddress(host: "10.0.0.7", port: 6543, database: "links", user: "chain", password: "pw'x"))
        #expect(bare == ShardAddress(host: "db.example", port: 5432, database: "postgres", user: "postgres", password: nil))
        #expect(throws: ProvinceError.self) { try ShardAddress(url: "mysql://x/y") }
        #expect(ProvinceSetup.literal("pw'x") == "'pw''x'")
    }

    @Test func aPartitionOnAShardHasTheTablesKeysAndIndexesUnderItsOwnNames() {
        // setup: the shape the coordinator's catalog gives for supply_links (shortened)
        let shape = TableShape(
            table: "supply_links", columns: [("id", "bigint", true), ("buyer_uscc", "text", true), ("year", "bigint", true)],
            keys: ["PRIMARY KEY (id)", "UNIQUE (buyer_uscc, year)"],
            indexes: [("idx_supply_links_year", "CREATE INDEX idx_supply_links_year ON public.supply_links USING btree (year)")])
        // act
        let ddl = shape.shardDDL(as: "supply_links_p3")
        // check
        #expect(
            ddl == [
                #"CREATE TABLE IF NOT EXISTS public."supply_links_p3" ("id" bigint NOT NULL, "buyer_uscc" text NOT NULL, "year" bigint NOT NULL, PRIMARY KEY (id), UNIQUE (buyer_uscc, year))"#,
                #"CREATE INDEX IF NOT EXISTS "idx_supply_links_year_supply_links_p3" ON public."supply_links_p3" USING btree (year)"#,
            ])
    }

    @Test func aSQLiteDatabaseIsRefusedAndLeftAlone() async throws {
        guard TestServer.postgresAdminURL == nil else { return }
        try await TestServer.with { server in
            // act + check
            await #expect(throws: ProvinceError.self) {
                _ = try await ProvinceSetup(db: server.sql).initialise(
                    shards: [try ShardAddress(url: "postgres://127.0.0.1:1/x")], partitions: 8)
            }
            let links = try await server.sql.raw("SELECT COUNT(*) AS n FROM supply_links").first(decodingColumn: "n", as: Int.self)
            #expect(links == 0)
        }
    }

    /// PostgreSQL only: the test server's own second database serves as the shard.
    @Test(.tags(.g5)) func ratesOnAShardAreTheOneServerFiguresAggregatedThere() async throws {
        guard let admin = TestServer.postgresAdminURL else { return }
        var shard = try ShardAddress(url: admin)
        shard.database = "province_shard_\(UInt32.random(in: 0...UInt32.max))"
        try await ScratchDatabase.adminExecute(admin, "CREATE DATABASE \(shard.database)")
        do {
            try await TestServer.with { server in
                // setup: the scratch database made province mode, then the hand-built city of `SupplyTests`
                _ = try await ProvinceSetup(db: server.sql).initialise(shards: [shard], partitions: 4)
                let supply = SupplyTests()
                try await supply.city(server)
                let queries = SupplyQueries(db: server.sql)
                // act
                let city = try await supply.rates(server, "level=city")
                let chain = try await supply.rates(server, "level=chain&code=ic-fab")
                let cluster = try await supply.rates(server, "level=cluster")
                let narrow = try await supply.rates(server, "level=city&localDistricts=320213,320205,320206,320211,320214")
                let buyerA = try await supply.rates(server, "level=buyer&code=\(SupplyTests.a)")
                let map = try await server.send(.GET, "/chains/ic-fab/map?year=2025").json()
                let segments = (map["segments"] as? [[String: Any]] ?? []).map { ($0["code"] as? String ?? "", $0) }
                let byCode = Dictionary(segments, uniquingKeysWith: { a, _ in a })
                let flows = map["flows"] as? [[String: Any]] ?? []
                // On one connection with the settings `province init` gives the database (ALTER
                // DATABASE): the pool's connections here were opened before it ran.
                func plan(_ query: SQLQueryString) async throws -> String {
                    try await server.sql.withSession { session in
                        try await session.raw("SET enable_partitionwise_aggregate = on").run()
                        return try await session.raw("EXPLAIN (VERBOSE, COSTS OFF) " + query)
                            .all(decodingColumn: "QUERY PLAN", as: String.self).joined(separator: "\n")
                    }
                }
                let scope = SupportingRateScope()
                let leader = try await queries.boughtByLeader()
                let cityPlan = try await plan(try await queries.ratesQuery(year: 2025, level: .city, code: nil, scope: scope))
                let clusterPlan = try await plan(try await queries.ratesQuery(year: 2025, level: .cluster, code: "ic", scope: scope))
                let flowsPlan = try await plan(queries.perBuyerInSegments(where: "l.year = 2025 AND " + leader, scope: scope))
                // check: the figures `SupplyTests` works out by hand for one server
                #expect(city["totalAmount"] as? Int64 == 3050 * SupplyTests.wan)
                #expect(city["localAmount"] as? Int64 == 1350 * SupplyTests.wan)
                #expect(city["suppliers"] as? Int == 5)
                #expect(city["localSuppliers"] as? Int == 3)
                #expect(chain["localAmount"] as? Int64 == 1350 * SupplyTests.wan)
                #expect((cluster["items"] as? [[String: Any]])?.first?["totalAmount"] as? Int64 == 3050 * SupplyTests.wan)
                #expect(narrow["localAmount"] as? Int64 == 900 * SupplyTests.wan)
                #expect(narrow["localSuppliers"] as? Int == 1)
                #expect(buyerA["totalAmount"] as? Int64 == 2250 * SupplyTests.wan)
                // the chain map of `SupplyTests.theChainMapClassifiesEverySegment`
                #expect(byCode["ic-fab-u1"]?["status"] as? String == "concentrated")
                #expect(abs((byCode["ic-fab-u1"]?["hhi"] as? Double ?? 0) - (pow(900.0 / 11, 2) + pow(200.0 / 11, 2))) < 1e-6)
                #expect(byCode["ic-fab-u4"]?["status"] as? String == "weak")
                let u4ToM2 = flows.first { $0["from"] as? String == "ic-fab-u4" && $0["to"] as? String == "ic-fab-m2" }
                #expect(u4ToM2?["amount"] as? Int64 == 1250 * SupplyTests.wan)
                #expect(u4ToM2?["localAmount"] as? Int64 == 250 * SupplyTests.wan)
                // the city's and a cluster's links: filtered to the leaders (and the cluster's chains)
                // on the shard, the leaders' own partitions only (the others are pruned)
                func remote(_ plan: String) -> [Substring] { plan.split(separator: "\n").filter { $0.contains("Remote SQL:") } }
                for plan in [cityPlan, clusterPlan] {
                    #expect(!remote(plan).isEmpty && remote(plan).allSatisfy { $0.contains("buyer_uscc = ANY (") }, "\(plan)")
                    #expect(!plan.contains("enterprises"), "\(plan)")
                }
                #expect(remote(clusterPlan).allSatisfy { $0.contains("chain = ANY (") }, "\(clusterPlan)")
                // the chain map's flows, grouped by buyer first: aggregated whole on the shard
                #expect(flowsPlan.contains("Relations: Aggregate on (public.supply_links_p"), "\(flowsPlan)")
                #expect(!flowsPlan.contains("Foreign Scan on"), "\(flowsPlan)")
            }
        } catch {
            try? await ScratchDatabase.adminExecute(admin, "DROP DATABASE IF EXISTS \(shard.database) WITH (FORCE)")
            throw error
        }
        try await ScratchDatabase.adminExecute(admin, "DROP DATABASE IF EXISTS \(shard.database) WITH (FORCE)")
    }
}
