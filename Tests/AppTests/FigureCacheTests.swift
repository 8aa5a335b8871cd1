import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// The city's supporting rate and the supply years are kept ahead, and every write that changes
/// them (a supply link, a deal, a new chain leader) makes the next read recompute (issue 21).
@Suite(.tags(.g5)) struct FigureCacheTests {
    func cityLocal(_ server: TestServer, year: Int = 2025) async throws -> Int64? {
        try await server.send(.GET, "/supporting-rates?year=\(year)&level=city").json()["localAmount"] as? Int64
    }

    /// The keys stored, once the store made after the answer has landed (it does not delay the page).
    func cached(_ server: TestServer, waitingFor prefix: String) async throws -> [String] {
        for _ in 0..<100 {
            let keys = try await server.sql.raw("SELECT key FROM figure_cache ORDER BY key").all(decodingColumn: "key", as: String.self)
            if keys.contains(where: { $0.hasPrefix(prefix) }) { return keys }
            try await Task.sleep(for: .milliseconds(50))
        }
        return []
    }

    @Test func aWriteMakesTheNextReadRecompute() async throws {
        try await TestServer.with { server in
            // setup: the hand-built city of SupplyTests; its local purchases by leaders in 2025
            let city = SupplyTests()
            try await city.city(server)
            let before = try #require(try await cityLocal(server))
            #expect(try await cached(server, waitingFor: "rate-city|2025|").contains { $0.hasPrefix("rate-city|2025|") })
            let stored = try await server.sql.raw("SELECT generation FROM figure_cache WHERE key LIKE 'rate-city|2025|%'").first(
                decodingColumn: "generation", as: Int64.self)
            #expect(stored == (try await FigureCache.generation(server.sql, FigureCache.supply)))
            #expect(try await cityLocal(server) == before, "read again: the same figure, from the cache")

            // act: a local purchase by a chain leader
            let r = try await city.link(server, SupplyTests.a, uscc: SupplyTests.s2, "ic-fab-u4", 70, "equipment")
            #expect(r.status == 201, "\(r.text)")
            // check: the next read has it
            #expect(try await cityLocal(server) == before + 70 * SupplyTests.wan)

            // a firm recognised as a chain leader brings its purchases into the figure
            try await city.link(server, SupplyTests.c, uscc: SupplyTests.s1, "ic-fab-u1", 40)
            #expect(try await cityLocal(server) == before + 70 * SupplyTests.wan)
            try await server.recognise(SupplyTests.c)
            #expect(try await cityLocal(server) == before + 110 * SupplyTests.wan)

            // a reader does not wait on a writer's lock to keep a figure: with an import-like write
            // transaction open (and the generation moved in it), the page still answers
            try await FigureCache.bump(server.sql)  // the stored figure is stale: the next reader computes and stores
            let session = try await WriteSession.open(server.app)
            let held = try await session.transaction { tx -> Int in
                try await FigureCache.bump(tx)
                return try await server.send(.GET, "/supporting-rates?year=2025&level=city").status
            }
            await session.close()
            #expect(held == 200)

            // a new year appears in the years the pages offer as soon as it has a link
            let years = try await SupplyQueries(db: server.sql).years()
            try await city.link(server, SupplyTests.a, uscc: SupplyTests.s1, "ic-fab-u1", 5, year: 2026)
            #expect(try await SupplyQueries(db: server.sql).years() == (years + [2026]).sorted())
            #expect(try await cityLocal(server, year: 2026) == 5 * SupplyTests.wan)
        }
    }
}
