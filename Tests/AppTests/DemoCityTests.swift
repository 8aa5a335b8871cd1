import ChainLeadCore
import Foundation
import SQLKit
import Testing

@testable import App

@Suite(.tags(.s2)) struct DemoCityTests {
    @Test func theSameSeedGivesTheSameCity() {
        let a = DemoCity(enterprises: 300, seed: 7).generate().map(\.draft.uscc)
        let b = DemoCity(enterprises: 300, seed: 7).generate().map(\.draft.uscc)
        let c = DemoCity(enterprises: 300, seed: 8).generate().map(\.draft.uscc)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func twoThousandPlausibleFirms() throws {
        // act
        let firms = DemoCity(enterprises: 2000, seed: 2027).generate()
        // check
        #expect(firms.count == 2000)
        #expect(Set(firms.map(\.draft.uscc)).count == 2000)
        #expect(Set(firms.map(\.draft.name)).count == 2000)
        for firm in firms {
            let code = try USCC.validate(firm.draft.uscc).get()
            switch District.suggested(for: code) {
            case .district(let d): #expect(d.code == firm.draft.district)
            case .unknown: #expect(firm.draft.district == "320200JK")
            case .outsideCity: Issue.record("\(code) is outside the city")
            }
            #expect(firm.draft.validate().isEmpty, "\(firm.draft.name)")
            #expect(firm.figures.map(\.year) == [2023, 2024, 2025])
        }
        let giants = firms.filter { $0.output2025 >= 10_000_000_000 }
        #expect((3...20).contains(giants.count))
        let median = firms.map(\.output2025).sorted()[1000]
        #expect(median < 500_000_000)
        #expect(Set(firms.map(\.draft.tier)) == Set(Tier.allCases))
        #expect(Set(firms.map(\.draft.district)) == Set(District.all.map(\.code)))
        let chains = Set(firms.map { $0.draft.segments[0].split(separator: "-").dropLast().joined(separator: "-") })
        #expect(chains.count == DefaultTaxonomy.clusters.flatMap(\.chains).count)
        let placeNamed = firms.filter { ["无锡", "江阴", "宜兴"].contains(String($0.draft.name.prefix(2))) }
        #expect(placeNamed.count > 1600)
    }

    @Test func loadsIntoAnEmptyRegistryOnly() async throws {
        try await TestServer.with { server in
            // act
            let loader = DemoLoader(db: server.app.db)
            try await loader.load(enterprises: 120, seed: 1)
            // check
            #expect(try await loader.registryCount() == 120)
            let health = try await server.send(.GET, "/healthz").json()
            #expect(health["demo"] as? Bool == true)
            let list = try await server.send(.GET, "/enterprises?tier=leader&per=500").json()
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(!items.isEmpty)
            #expect(items.allSatisfy { $0["synthetic"] as? Bool == true })
            let figures = try await server.sql.raw("SELECT COUNT(*) AS n FROM figures").first()?.decode(column: "n", as: Int.self)
            #expect(figures == 360)
            await #expect(throws: DemoLoader.LoadError.self) { try await loader.load(enterprises: 120, seed: 1) }
        }
    }

    @Test func theDemoCityHoldsHonoursRewardsConsortiaAndProjects() async throws {
        try await TestServer.with { server in
            // act
            try await DemoLoader(db: server.app.db).load(enterprises: 800, seed: 7)
            // check: G3 and G4 of 2025 from the records; rewards paid, on a notice and pending; a
            // chain project on a segment; every innovation record of a synthetic firm
            let targets = try #require(try await server.send(.GET, "/targets?year=2025").json()["targets"] as? [[String: Any]])
            #expect(targets.first { $0["code"] as? String == "G3" }?["value"] as? Double == 4)
            #expect(targets.first { $0["code"] as? String == "G4" }?["value"] as? Double == 4)
            let rewards = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/rewards").body) as? [[String: Any]])
            let statuses = Set(rewards.compactMap { $0["status"] as? String })
            #expect(statuses.isSuperset(of: ["paid", "noticed", "pending"]), "\(statuses)")
            #expect(rewards.contains { $0["notice"] as? Int != nil })
            let projects = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/projects?kind=chain").body) as? [[String: Any]])
            #expect(projects.count == 8 && projects.allSatisfy { $0["segment"] as? String != nil })
            let strays = try await server.sql.raw(
                """
                SELECT COUNT(*) AS n FROM honours h JOIN enterprises e ON e.uscc = h.enterprise_uscc WHERE e.synthetic = \(bind: false)
                """
            ).first(decodingColumn: "n", as: Int.self)
            #expect(strays == 0)
        }
    }

    @Test func theDemoCityHoldsOffersDemandsAndMatchesButNoDeal() async throws {
        try await TestServer.with { server in
            // act
            try await DemoLoader(db: server.app.db).load(enterprises: 800, seed: 7)
            // check: three leaders' demands drafted from their outside purchases, each with ranked
            // candidates and a first match; offers to rank; no deal, so the rates are the purchases'
            let demands = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/demands").body) as? [[String: Any]])
            #expect(demands.count == 3)
            #expect(demands.allSatisfy { ($0["matches"] as? Int ?? 0) >= 1 })
            let first = try #require(demands.first?["id"] as? Int)
            let ranked = try await server.send(.GET, "/demands/\(first)/candidates").json()
            #expect((ranked["items"] as? [[String: Any]])?.isEmpty == false)
            let offers = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/offers").body) as? [[String: Any]])
            #expect(offers.count == 40)
            let deals = try await server.sql.raw("SELECT COUNT(*) AS n FROM supply_links WHERE source = 'deal'")
                .first(decodingColumn: "n", as: Int.self)
            #expect(deals == 0)
            let products = try await server.sql.raw("SELECT COUNT(*) AS n FROM enterprises WHERE main_products IS NOT NULL")
                .first(decodingColumn: "n", as: Int.self)
            #expect((products ?? 0) > 100)
        }
    }
}
