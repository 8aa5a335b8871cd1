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
}
