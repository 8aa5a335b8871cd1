import ChainLeadCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Recognition and pools are per chain (Policy S2): where a chain is named, the tier shown is the
/// tier in that chain; the enterprise's own tier is the highest it holds; hand-set tiers became
/// decisions in the primary chain; imports may fill pools but never make or unmake a leader.
@Suite(.tags(.s2, .g1)) struct ChainTierTests {
    static let firm = makeUSCC(division: "320214", serial: 2201)

    @Test func aFirmLeadsOneChainAndIsAQuasiLeaderInAnother() async throws {
        try await TestServer.with { server in
            // setup: primary segment in auto-nev (recognised there), also in ic-fab (candidate pool)
            let r = try await server.send(
                .POST, "/enterprises",
                json: #"{"uscc":"\#(Self.firm)","name":"双链企业","district":"320214","segments":["auto-nev-m1","ic-fab-m1"]}"#)
            #expect(r.status == 201, "\(r.text)")
            try await server.recognise(Self.firm)
            let move = try await server.send(
                .POST, "/pools/moves", json: #"{"enterprise":"\#(Self.firm)","chain":"ic-fab","tier":"candidate","reason":"培育"}"#)
            #expect(move.status == 200, "\(move.text)")
            // act
            let icLeaders = try await server.send(.GET, "/enterprises?chain=ic-fab&tier=leader").json()
            let icAll = try await server.send(.GET, "/enterprises?chain=ic-fab").json()
            let nevLeaders = try await server.send(.GET, "/enterprises?chain=auto-nev&tier=leader").json()
            let everywhere = try await server.send(.GET, "/enterprises?tier=leader").json()
            let map = try await server.send(.GET, "/chains/ic-fab/map?year=2025").json()
            // check
            #expect((icLeaders["items"] as? [Any])?.count == 0)
            #expect((icAll["items"] as? [[String: Any]])?.first?["tier"] as? String == "candidate")
            #expect((nevLeaders["items"] as? [[String: Any]])?.first?["tier"] as? String == "leader")
            #expect((everywhere["items"] as? [[String: Any]])?.first?["tier"] as? String == "leader")
            let segment = try #require((map["segments"] as? [[String: Any]])?.first { $0["code"] as? String == "ic-fab-m1" })
            let byTier = try #require(segment["firmsByTier"] as? [String: Any])
            #expect(byTier["candidate"] as? Int == 1)
            #expect(byTier["leader"] == nil || byTier["leader"] as? Int == 0)
            // leaving the ic-fab pool keeps the leader tier (the highest held)
            _ = try await server.send(
                .POST, "/pools/moves", json: #"{"enterprise":"\#(Self.firm)","chain":"ic-fab","tier":"none","reason":"出库"}"#)
            #expect(try await server.send(.GET, "/enterprises/\(Self.firm)").json()["tier"] as? String == "leader")
        }
    }

    @Test func handSetTiersBecomeDecisionsInThePrimaryChain() async throws {
        try await TestServer.with { server in
            // setup: two firms whose tiers were typed in before selection existed
            let leader = makeUSCC(division: "320214", serial: 2202)
            let pooled = makeUSCC(division: "320214", serial: 2203)
            for (uscc, segment) in [(leader, "ic-fab-m2"), (pooled, "ic-fab-u1")] {
                _ = try await server.send(
                    .POST, "/enterprises",
                    json: #"{"uscc":"\#(uscc)","name":"旧梯队\#(segment)","district":"320214","segments":["\#(segment)"]}"#)
            }
            let migration = M034_TiersIntoDecisions()
            try await migration.revert(on: server.app.db)
            try await server.sql.raw("UPDATE enterprises SET tier = 'leader' WHERE uscc = \(bind: leader)").run()
            try await server.sql.raw("UPDATE enterprises SET tier = 'backbone' WHERE uscc = \(bind: pooled)").run()
            try await server.sql.raw(
                """
                INSERT INTO tier_changes (enterprise_uscc, tier, previous_tier, changed_on, reason, created_at)
                VALUES (\(bind: leader), 'leader', 'none', '2024-03-31', '2024年认定', \(bind: Date()))
                """
            ).run()
            // act
            try await migration.prepare(on: server.app.db)
            // check: a registry recognition on the day of the change, due two years later; a pool entry
            let recognitions = try await server.send(.GET, "/recognitions").body
            let list = try #require(try JSONSerialization.jsonObject(with: recognitions) as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list.first?["enterprise"] as? String == leader)
            #expect(list.first?["chain"] as? String == "ic-fab")
            #expect(list.first?["source"] as? String == "registry")
            #expect(list.first?["recognisedOn"] as? String == "2024-03-31")
            #expect(list.first?["reviewDue"] as? String == "2026-03-31")
            let pool = try await server.send(.GET, "/pools?chain=ic-fab").json()
            #expect((pool["backbone"] as? [[String: Any]])?.map { $0["enterprise"] as? String } == [pooled])
            let targets = try await server.send(.GET, "/targets?year=2025").json()
            let g1 = (targets["targets"] as? [[String: Any]])?.first { $0["code"] as? String == "G1" }
            #expect(g1?["value"] as? Double == 1)
        }
    }

    @Test func anImportFillsPoolsButNeverMakesOrUnmakesALeader() async throws {
        try await TestServer.with { server in
            // setup
            let a = makeUSCC(division: "320214", serial: 2204)
            let b = makeUSCC(division: "320214", serial: 2205)
            let csv = """
                统一社会信用代码,企业名称,所属区县,梯队,环节代码
                \(a),甲公司,新吴区,骨干企业,ic-fab-u1
                \(b),乙公司,新吴区,链主企业,ic-fab-m2
                """
            // act
            let refused = try await server.send(
                .POST, "/imports/enterprises", body: Data(csv.utf8), headers: [("Content-Type", "text/csv")])
            // check: the leader row is a row error naming row 3, column D; nothing written
            #expect(refused.status == 422, "\(refused.text)")
            let rows = try #require(try refused.json()["rows"] as? [[String: Any]])
            #expect(rows.map { $0["row"] as? Int } == [3])
            #expect(rows.map { $0["column"] as? String } == ["D"])
            #expect(try await server.send(.GET, "/enterprises/\(a)").status == 404)
            // act: without the leader row, the pool tier enters the primary chain's pool
            let good = try await server.send(
                .POST, "/imports/enterprises", body: Data(csv.split(separator: "\n").dropLast().joined(separator: "\n").utf8),
                headers: [("Content-Type", "text/csv")])
            #expect(good.status == 200, "\(good.text)")
            let pool = try await server.send(.GET, "/pools?chain=ic-fab").json()
            #expect((pool["backbone"] as? [[String: Any]])?.map { $0["enterprise"] as? String } == [a])
        }
    }

    @Test func theAboveScaleFlagIsImportedEditedAndReadByAScheme() async throws {
        try await TestServer.with { server in
            // setup: two firms with figures; the import says which is above designated size (规上)
            let a = makeUSCC(division: "320214", serial: 2206)
            let b = makeUSCC(division: "320214", serial: 2207)
            let csv = """
                统一社会信用代码,企业名称,所属区县,环节代码,规上年度
                \(a),规上甲公司,新吴区,ic-fab-m1,2019
                \(b),规下乙公司,新吴区,ic-fab-m1,
                """
            let imported = try await server.send(
                .POST, "/imports/enterprises", body: Data(csv.utf8), headers: [("Content-Type", "text/csv")])
            #expect(imported.status == 200, "\(imported.text)")
            for uscc in [a, b] {
                for year in [2024, 2025] {
                    #expect(
                        try await server.send(.PUT, "/enterprises/\(uscc)/figures/\(year)", json: #"{"outputValue":5000000000}"#).status
                            == 200)
                }
            }
            #expect(try await server.send(.GET, "/enterprises/\(a)").json()["aboveScaleYear"] as? Int == 2019)
            let bad = try await server.send(.PATCH, "/enterprises/\(b)", json: #"{"aboveScaleYear":1800}"#)
            #expect(bad.status == 422)
            let scheme = try await server.send(
                .POST, "/selection/schemes",
                json:
                    #"{"name":"规上方案","eligibility":{"aboveScaleOnly":true},"indicators":[{"code":"outputValue","weight":100,"normalisation":"minmax"}]}"#
            )
            let schemeID = try #require(try scheme.json()["id"] as? Int)
            let campaign = try #require(
                try await server.send(
                    .POST, "/campaigns", json: #"{"year":2026,"chains":["ic-fab"],"scheme":\#(schemeID),"applyUntil":"2099-12-31"}"#
                ).json()["id"] as? Int)
            for uscc in [a, b] {
                _ = try await server.send(
                    .POST, "/campaigns/\(campaign)/applications", json: #"{"enterprise":"\#(uscc)","chain":"ic-fab"}"#)
            }
            // act
            _ = try await server.send(.POST, "/campaigns/\(campaign)/score")
            let ranking = try await server.send(.GET, "/campaigns/\(campaign)/ranking?chain=ic-fab").json()
            // check: only the 规上 firm is eligible; the other is told why
            let items = try #require(ranking["items"] as? [[String: Any]])
            #expect(items.map { $0["enterprise"] as? String } == [a, b])
            #expect(items.map { $0["eligible"] as? Bool } == [true, false])
            #expect((items[1]["reasons"] as? [[String: Any]])?.map { $0["rule"] as? String } == ["aboveScale"])
            // act: an official records b as 规上 since 2024; re-scoring makes it eligible
            #expect(try await server.send(.PATCH, "/enterprises/\(b)", json: #"{"aboveScaleYear":2024}"#).status == 200)
            _ = try await server.send(.POST, "/campaigns/\(campaign)/score")
            let again = try await server.send(.GET, "/campaigns/\(campaign)/ranking?chain=ic-fab").json()
            #expect((again["items"] as? [[String: Any]])?.map { $0["eligible"] as? Bool } == [true, true])
        }
    }
}
