import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Chain-leader selection end to end (Policy S2, G1, G2): open → apply → district review →
/// score → recognise → tier and history → pools → review revokes → G1 drops by one.
@Suite(.tags(.s2, .g1, .g2)) struct SelectionFlowTests {
    // A, B, C, D in 晶圆制造 (ic-fab), 新吴; D's output is below the threshold.
    static let a = makeUSCC(division: "320214", serial: 2101), b = makeUSCC(division: "320214", serial: 2102)
    static let c = makeUSCC(division: "320214", serial: 2103), d = makeUSCC(division: "320214", serial: 2104)
    static let yi: Int64 = 100_000_000

    /// Output of 2024 and 2025 (亿元), revenue = output, R&D of 2025 as a share of revenue.
    func city(_ server: TestServer) async throws {
        for (uscc, name, o24, o25, rd) in [
            (Self.a, "甲晶圆", 50, 60, 0.06), (Self.b, "乙晶圆", 30, 33, 0.01), (Self.c, "丙晶圆", 20, 21, 0.025), (Self.d, "丁晶圆", 4, 5, 0.1),
        ] {
            let r = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"\#(name)","district":"320214","segments":["ic-fab-m1"]}"#)
            #expect(r.status == 201, "\(r.text)")
            let out25 = Int64(o25) * Self.yi
            for (year, output) in [(2024, Int64(o24) * Self.yi), (2025, out25)] {
                let body = #"{"outputValue":\#(output),"revenue":\#(output),"rdExpense":\#(year == 2025 ? Int64(Double(out25) * rd) : 0)}"#
                #expect(try await server.send(.PUT, "/enterprises/\(uscc)/figures/\(year)", json: body).status == 200)
            }
        }
    }

    static let scheme = #"""
        {"name":"测试方案","indicators":[
          {"code":"outputValue","weight":30,"normalisation":"minmax"},
          {"code":"outputGrowth","weight":10,"normalisation":"percentile"},
          {"code":"rdIntensity","weight":20,"normalisation":"bands","bands":[[0.02,40],[0.03,70],[0.05,100]]},
          {"code":"supportingRate","weight":20,"normalisation":"minmax"},
          {"code":"taxPaid","weight":10,"normalisation":"minmax"},
          {"code":"patents","weight":10,"normalisation":"percentile"}],
         "recognition":{"quotaPerChain":2,"minScore":60},"pools":{"candidate":60,"backbone":12,"emerging":5}}
        """#

    @Test func aCampaignSelectsRecognisesCultivatesAndAReviewRevokes() async throws {
        try await TestServer.with { server in
            // setup: the city, a scheme, users
            try await city(server)
            let schemeReply = try await server.send(.POST, "/selection/schemes", json: Self.scheme)
            #expect(schemeReply.status == 201, "\(schemeReply.text)")
            let schemeID = try #require(try schemeReply.json()["id"] as? Int)
            let firmA = try await server.bearer("firm_a", [Grant(.enterprise, .enterprise(Self.a))])
            let xinwu = try await server.bearer("xinwu", [Grant(.district, .district("320214"))])
            let targetsBefore = try await g1(server)

            // act: open the campaign; a second one for the same chain and year is refused naming it
            let opened = try await server.send(
                .POST, "/campaigns", json: #"{"year":2026,"chains":["ic-fab"],"scheme":\#(schemeID),"applyUntil":"2099-12-31"}"#)
            #expect(opened.status == 201, "\(opened.text)")
            let campaign = try #require(try opened.json()["id"] as? Int)
            #expect(try opened.json()["stage"] as? String == "applications")
            let twice = try await server.send(.POST, "/campaigns", json: #"{"year":2026,"chains":["ic-fab"],"applyUntil":"2099-12-31"}"#)
            #expect(twice.status == 409)
            #expect(try twice.json()["message"] as? String ?? "" == "产业链 ic-fab 在2026年已有遴选批次（每条产业链每年一次）")
            // the scheme is frozen now
            #expect(try await server.send(.PUT, "/selection/schemes/\(schemeID)", json: Self.scheme).status == 409)

            // A applies itself (district review first); officials nominate B, C, D
            let applied = try await server.send(
                .POST, "/campaigns/\(campaign)/applications",
                json: #"{"enterprise":"\#(Self.a)","chain":"ic-fab","evidence":{"patents":100}}"#,
                token: .some(firmA))
            #expect(applied.status == 201, "\(applied.text)")
            #expect(try applied.json()["status"] as? String == "submitted")
            let figures = try #require(try applied.json()["figures"] as? [String: [String: Any]])
            #expect(figures["2025"]?["outputValue"] as? Int == 60 * Int(Self.yi))
            let forOther = try await server.send(
                .POST, "/campaigns/\(campaign)/applications", json: #"{"enterprise":"\#(Self.b)","chain":"ic-fab"}"#, token: .some(firmA))
            #expect(forOther.status == 403)
            for (uscc, evidence) in [(Self.b, #"{"patents":50}"#), (Self.c, "{}"), (Self.d, "{}")] {
                let r = try await server.send(
                    .POST, "/campaigns/\(campaign)/applications",
                    json: #"{"enterprise":"\#(uscc)","chain":"ic-fab","evidence":\#(evidence)}"#)
                #expect(r.status == 201, "\(r.text)")
                #expect(try r.json()["status"] as? String == "accepted")
            }
            let duplicate = try await server.send(
                .POST, "/campaigns/\(campaign)/applications", json: #"{"enterprise":"\#(Self.b)","chain":"ic-fab"}"#)
            #expect(duplicate.status == 409)
            let applicationA = try #require(try applied.json()["id"] as? Int)
            let recommend = try await server.send(
                .POST, "/applications/\(applicationA)/district-review", json: #"{"recommend":true,"reason":"研发投入高"}"#, token: .some(xinwu))
            #expect(recommend.status == 200, "\(recommend.text)")
            #expect(
                try await server.send(
                    .POST, "/applications/\(applicationA)/district-review", json: #"{"recommend":false,"reason":"x"}"#, token: .some(xinwu)
                )
                .status == 409)

            // score, then read the ranking
            let scored = try await server.send(.POST, "/campaigns/\(campaign)/score")
            #expect(scored.status == 200, "\(scored.text)")
            #expect(try scored.json()["scored"] as? Int == 4)
            let ranking = try await server.send(.GET, "/campaigns/\(campaign)/ranking?chain=ic-fab").json()
            let items = try #require(ranking["items"] as? [[String: Any]])
            // A: 30·1 + 10·1 + 20·1 + 0 + 0 + 10·1 = 70; B: 30·(33−21)/(60−21) + 10·0.5 = 14.23; C: 20·0.4 = 8; D ineligible
            #expect(items.map { $0["enterprise"] as? String } == [Self.a, Self.b, Self.c, Self.d])
            #expect(items.map { $0["rank"] as? Int } == [1, 2, 3, nil])
            let scores = items.compactMap { $0["indicatorScore"] as? Double }
            #expect(scores.count == 3)
            #expect(abs(scores[0] - 70) < 1e-9 && abs(scores[1] - (30.0 * 12 / 39 + 5)) < 1e-9 && abs(scores[2] - 8) < 1e-9)
            for item in items.prefix(3) {
                let points = try #require(item["indicators"] as? [[String: Any]]).compactMap { $0["points"] as? Double }
                #expect(abs(points.reduce(0, +) - (item["indicatorScore"] as? Double ?? -1)) < 1e-9, "why this rank adds up")
            }
            let reasons = try #require(items[3]["reasons"] as? [[String: Any]])
            #expect(reasons.map { $0["rule"] as? String } == ["minOutputValue"])
            #expect(items[3]["eligible"] as? Bool == false)

            // recognise: D is ineligible, B below the minimum score, A is recognised
            let ineligible = try await server.send(
                .POST, "/campaigns/\(campaign)/recognitions", json: #"{"chain":"ic-fab","enterprises":["\#(Self.d)"]}"#)
            #expect(ineligible.status == 422)
            #expect(try ineligible.json()["error"] as? String == "ineligible")
            #expect(
                try await server.send(
                    .POST, "/campaigns/\(campaign)/recognitions", json: #"{"chain":"ic-fab","enterprises":["\#(Self.b)"]}"#
                )
                .status == 422)
            let recognised = try await server.send(
                .POST, "/campaigns/\(campaign)/recognitions", json: #"{"chain":"ic-fab","enterprises":["\#(Self.a)"]}"#)
            #expect(recognised.status == 201, "\(recognised.text)")
            let recognition = try #require((try JSONSerialization.jsonObject(with: recognised.body) as? [[String: Any]])?.first)
            #expect(recognition["reviewDue"] as? String == ReviewRules.reviewDue(after: .today()).description)
            let detail = try await server.send(.GET, "/enterprises/\(Self.a)").json()
            #expect(detail["tier"] as? String == "leader")
            let history = try #require(detail["tierHistory"] as? [[String: Any]])
            #expect(history.last?["reason"] as? String == "2026年链主企业遴选认定")
            #expect(try await g1(server) == targetsBefore + 1)
            let leaders = try await server.send(.GET, "/enterprises?chain=ic-fab&tier=leader").json()
            #expect((leaders["items"] as? [[String: Any]])?.map { $0["uscc"] as? String } == [Self.a])

            // pools: the scores propose B backbone (≥ 12) and C emerging (≥ 5), applied in one step
            let proposals = try await server.send(.POST, "/campaigns/\(campaign)/pool-proposals", json: #"{"chain":"ic-fab"}"#)
            #expect(try proposals.json()["moved"] as? Int == 2)
            let pool = try await server.send(.GET, "/pools?chain=ic-fab").json()
            #expect((pool["leader"] as? [[String: Any]])?.map { $0["enterprise"] as? String } == [Self.a])
            #expect((pool["backbone"] as? [[String: Any]])?.map { $0["enterprise"] as? String } == [Self.b])
            #expect((pool["emerging"] as? [[String: Any]])?.map { $0["enterprise"] as? String } == [Self.c])
            let movement = try #require(pool["movement"] as? [String: Any])
            #expect(movement["in"] as? Int == 3)
            let leaderMove = try await server.send(
                .POST, "/pools/moves", json: #"{"enterprise":"\#(Self.b)","chain":"ic-fab","tier":"leader","reason":"x"}"#)
            #expect(leaderMove.status == 422)

            // review: re-score A, revoke it into the candidate pool; G1 drops by one
            let recognitionID = try #require(recognition["id"] as? Int)
            let review = try await server.send(.POST, "/reviews", json: #"{"recognition":\#(recognitionID)}"#)
            #expect(review.status == 201, "\(review.text)")
            let reviewID = try #require(try review.json()["id"] as? Int)
            let revoked = try await server.send(
                .POST, "/reviews/\(reviewID)/decision", json: #"{"outcome":"revoked","toTier":"candidate","reason":"复核未达标"}"#)
            #expect(revoked.status == 200, "\(revoked.text)")
            #expect(
                try await server.send(.POST, "/reviews/\(reviewID)/decision", json: #"{"outcome":"retained","reason":"x"}"#).status == 409)
            #expect(try await server.send(.GET, "/enterprises/\(Self.a)").json()["tier"] as? String == "candidate")
            #expect(try await g1(server) == targetsBefore)
            let active = try await server.send(.GET, "/recognitions?status=active&chain=ic-fab")
            #expect((try JSONSerialization.jsonObject(with: active.body) as? [Any])?.count == 0)
        }
    }

    @Test func aSchemeThatAsksForThePledgeScoresOnlyApplicationsThatCarryIt() async throws {
        try await TestServer.with { server in
            // setup: the scheme asks for the signed integrity pledge
            try await city(server)
            let scheme = try await server.send(
                .POST, "/selection/schemes",
                json: #"{"name":"承诺书方案","requirePledge":true,"indicators":[{"code":"outputValue","weight":100,"normalisation":"minmax"}]}"#)
            let schemeID = try #require(try scheme.json()["id"] as? Int)
            let opened = try await server.send(
                .POST, "/campaigns", json: #"{"year":2026,"chains":["ic-fab"],"scheme":\#(schemeID),"applyUntil":"2099-12-31"}"#)
            let campaign = try #require(try opened.json()["id"] as? Int)
            let applied = try await server.send(
                .POST, "/campaigns/\(campaign)/applications", json: #"{"enterprise":"\#(Self.a)","chain":"ic-fab"}"#)
            let application = try #require(try applied.json()["id"] as? Int)
            // act: scored without the pledge
            _ = try await server.send(.POST, "/campaigns/\(campaign)/score")
            let without = try await server.send(.GET, "/applications/\(application)").json()
            // check
            #expect(without["eligible"] as? Bool == false)
            #expect((without["reasons"] as? [[String: Any]])?.map { $0["rule"] as? String } == ["pledge"])
            // act: the firm attaches it; another firm may neither attach nor read it
            let firm = try await server.bearer("pledge_firm", [Grant(.enterprise, .enterprise(Self.a))])
            let other = try await server.bearer("pledge_other", [Grant(.enterprise, .enterprise(Self.b))])
            let pdf = Data("%PDF-1.4 承诺书".utf8)
            let refused = try await server.send(
                .POST, "/applications/\(application)/attachments?file_name=x.pdf&kind=pledge", body: pdf,
                headers: [("Content-Type", "application/octet-stream")], token: .some(other))
            #expect(refused.status == 403)
            let attached = try await server.send(
                .POST, "/applications/\(application)/attachments?file_name=承诺书.pdf&kind=pledge", body: pdf,
                headers: [("Content-Type", "application/octet-stream")], token: .some(firm))
            #expect(attached.status == 201, "\(attached.text)")
            let attachment = try #require(try attached.json()["id"] as? Int)
            #expect(
                try await server.send(.GET, "/applications/\(application)/attachments/\(attachment)", token: .some(other)).status == 403)
            #expect(try await server.send(.GET, "/applications/\(application)/attachments/\(attachment)", token: .some(firm)).body == pdf)
            _ = try await server.send(.POST, "/campaigns/\(campaign)/score")
            let with = try await server.send(.GET, "/applications/\(application)").json()
            // check: eligible now, and the application lists the pledge
            #expect(with["eligible"] as? Bool == true)
            #expect((with["attachments"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["pledge"])
        }
    }

    @Test func anOpenSeriousViolationMakesAFirmIneligibleUntilItIsClosed() async throws {
        try await TestServer.with { server in
            // setup: A applies; a serious violation of A is open
            try await city(server)
            let campaign = try #require(
                try await server.send(.POST, "/campaigns", json: #"{"year":2026,"chains":["ic-fab"],"applyUntil":"2099-12-31"}"#).json()[
                    "id"]
                    as? Int)
            let applied = try await server.send(
                .POST, "/campaigns/\(campaign)/applications", json: #"{"enterprise":"\#(Self.a)","chain":"ic-fab"}"#)
            let application = try #require(try applied.json()["id"] as? Int)
            let violation = try await server.send(
                .POST, "/enterprises/\(Self.a)/violations",
                json: #"{"kind":"环保处罚","date":"2025-08-01","severity":"serious","status":"open"}"#)
            #expect(violation.status == 201, "\(violation.text)")
            let id = try #require(try violation.json()["id"] as? Int)
            // act + check: ineligible while it is open
            _ = try await server.send(.POST, "/campaigns/\(campaign)/score")
            let before = try await server.send(.GET, "/applications/\(application)").json()
            #expect((before["reasons"] as? [[String: Any]])?.map { $0["rule"] as? String } == ["violations"])
            // act + check: closed, the firm is eligible on the next scoring; the profile lists the record
            let closed = try await server.send(.PATCH, "/enterprises/\(Self.a)/violations/\(id)", json: #"{"status":"closed"}"#)
            #expect(closed.status == 200, "\(closed.text)")
            #expect(try closed.json()["status"] as? String == "closed")
            _ = try await server.send(.POST, "/campaigns/\(campaign)/score")
            #expect(try await server.send(.GET, "/applications/\(application)").json()["eligible"] as? Bool == true)
            let (cookie, _) = try await server.browser("violations_reader", [Grant(.official, .city)])
            let profile = try await server.page(.GET, "/enterprises/\(Self.a)", cookie: cookie)
            #expect(profile.text.contains("id=\"violations\"") && profile.text.contains("环保处罚"))
        }
    }

    @Test func aSchemeCarriesItsStagesAndFinalWeights() async throws {
        try await TestServer.with { server in
            // act: experts with weights that do not add up, then with 60/40
            let indicators = #"[{"code":"outputValue","weight":100,"normalisation":"minmax"}]"#
            let bad = try await server.send(
                .POST, "/selection/schemes",
                json: #"{"name":"专家方案","stages":{"experts":true},"final":{"indicator":60,"expert":30},"indicators":\#(indicators)}"#)
            let good = try await server.send(
                .POST, "/selection/schemes",
                json:
                    #"{"name":"专家方案","stages":{"experts":true,"notice":true},"final":{"indicator":60,"expert":40},"indicators":\#(indicators)}"#
            )
            // check: refused naming `final`; kept as sent, the absent stage false
            #expect(bad.status == 422)
            #expect(try bad.json()["field"] as? String == "final")
            #expect(good.status == 201, "\(good.text)")
            let stages = try #require(try good.json()["stages"] as? [String: Bool])
            #expect(stages == ["experts": true, "chiefApproval": false, "notice": true])
            #expect(try good.json()["final"] as? [String: Int] == ["indicator": 60, "expert": 40])
        }
    }

    func g1(_ server: TestServer) async throws -> Int {
        let targets = try await server.send(.GET, "/targets").json()
        let list = try #require(targets["targets"] as? [[String: Any]])
        return Int(try #require(list.first { $0["code"] as? String == "G1" }?["value"] as? Double))
    }
}
