import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit
import Testing
import Vapor

@testable import App

/// Financing needs through to credit (Policy S5), on whichever database the suite runs on: a
/// round opened, a need filed, recommended to two banks; one approves, one declines; each bank
/// sees only its own answer (API, figures, export), the firm sees both, and the figures add up.
@Suite(.tags(.s5)) struct FinancingFlowTests {
    static let firm = makeUSCC(division: "320214", serial: 981), other = makeUSCC(division: "320282", serial: 982)

    func firm(_ server: TestServer, _ uscc: String, _ name: String) async throws {
        let r = try await server.send(
            .POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"\#(name)","district":"320214","segments":["ic-fab-m2"]}"#)
        #expect(r.status == 201, "\(r.text)")
    }

    static var inAMonth: String { SimpleDate.today().adding(days: 30).description }

    @Test func aNeedIsRecommendedToTwoBanksAndEachSeesOnlyItsOwnAnswer() async throws {
        try await TestServer.with { server in
            // setup
            try await firm(server, Self.firm, "无锡晶圆融资有限公司")
            try await firm(server, Self.other, "宜兴未受邀有限公司")
            for bank in ["甲银行无锡分行", "乙银行无锡分行"] {
                let r = try await server.send(.POST, "/banks", json: #"{"name":"\#(bank)","branch":"公司业务部"}"#)
                #expect(r.status == 201, "\(r.text)")
            }
            let bankA = try await server.bearer("fin_bank_a", [Grant(.bank, .bank("甲银行无锡分行"))])
            let bankB = try await server.bearer("fin_bank_b", [Grant(.bank, .bank("乙银行无锡分行"))])
            let owner = try await server.bearer("fin_firm", [Grant(.enterprise, .enterprise(Self.firm))])
            let stranger = try await server.bearer("fin_other", [Grant(.enterprise, .enterprise(Self.other))])

            // act: the round, the need, the recommendation
            let round = try await server.send(
                .POST, "/finance/rounds", json: #"{"quarter":"2026Q4","openUntil":"\#(Self.inAMonth)","invited":["\#(Self.firm)"]}"#)
            let roundID = try #require(try round.json()["id"] as? Int, "\(round.text)")
            let twice = try await server.send(.POST, "/finance/rounds", json: #"{"quarter":"2026q4","openUntil":"\#(Self.inAMonth)"}"#)
            let needBody =
                #"{"round":\#(roundID),"enterprise":"\#(Self.firm)","amount":5000000,"purpose":"扩产流动资金","termMonths":12,"urgency":"urgent"}"#
            let filed = try await server.send(.POST, "/finance/needs", json: needBody, token: .some(owner))
            let need = try #require(try filed.json()["id"] as? Int, "\(filed.text)")
            let notInvited = try await server.send(
                .POST, "/finance/needs", json: needBody.replacingOccurrences(of: Self.firm, with: Self.other), token: .some(stranger))
            let forOthers = try await server.send(
                .POST, "/finance/needs", json: needBody.replacingOccurrences(of: Self.firm, with: Self.other), token: .some(owner))
            let unknownBank = try await server.send(.POST, "/finance/needs/\(need)/recommendations", json: #"{"banks":["丙银行"]}"#)
            let byBank = try await server.send(
                .POST, "/finance/needs/\(need)/recommendations", json: #"{"banks":["甲银行无锡分行"]}"#, token: .some(bankA))
            let recommended = try await server.send(
                .POST, "/finance/needs/\(need)/recommendations", json: #"{"banks":["甲银行无锡分行","乙银行无锡分行"]}"#)
            let again = try await server.send(
                .POST, "/finance/needs/\(need)/recommendations", json: #"{"banks":["甲银行无锡分行"]}"#)

            let bankPage = try await server.browser("fin_bank_a_web", [Grant(.bank, .bank("甲银行无锡分行"))])
            let workbench = try await server.page(.GET, "/workbench", cookie: bankPage.cookie)

            // act: each bank answers its own
            let listA = try await server.send(.GET, "/finance/recommendations", token: .some(bankA))
            let itemsA = try #require(try JSONSerialization.jsonObject(with: listA.body) as? [[String: Any]], "\(listA.text)")
            let recA = try #require((itemsA.first?["recommendation"] as? [String: Any])?["id"] as? Int)
            let listB = try await server.send(.GET, "/finance/recommendations", token: .some(bankB))
            let itemsB = try #require(try JSONSerialization.jsonObject(with: listB.body) as? [[String: Any]], "\(listB.text)")
            let recB = try #require((itemsB.first?["recommendation"] as? [String: Any])?["id"] as? Int)
            let crossed = try await server.send(
                .POST, "/finance/recommendations/\(recA)/answer", json: #"{"status":"declined","reason":"x"}"#, token: .some(bankB))
            let noAmount = try await server.send(
                .POST, "/finance/recommendations/\(recA)/answer", json: #"{"status":"approved"}"#, token: .some(bankA))
            let noReason = try await server.send(
                .POST, "/finance/recommendations/\(recB)/answer", json: #"{"status":"declined"}"#, token: .some(bankB))
            let contacted = try await server.send(
                .POST, "/finance/recommendations/\(recA)/answer", json: #"{"status":"contacted"}"#, token: .some(bankA))
            async let first = server.send(
                .POST, "/finance/recommendations/\(recA)/answer",
                json: #"{"status":"approved","amount":3000000,"rateBand":"LPR+20BP","termMonths":12}"#,
                token: .some(bankA))
            async let second = server.send(
                .POST, "/finance/recommendations/\(recA)/answer", json: #"{"status":"approved","amount":3000000}"#, token: .some(bankA))
            let racing = [try await first.status, try await second.status].sorted()
            let declined = try await server.send(
                .POST, "/finance/recommendations/\(recB)/answer", json: #"{"status":"declined","reason":"抵押物不足"}"#, token: .some(bankB))
            let afterFinal = try await server.send(
                .POST, "/finance/recommendations/\(recB)/answer", json: #"{"status":"approved","amount":1}"#, token: .some(bankB))

            // act: who sees what
            let needForA = try await server.send(.GET, "/finance/needs/\(need)", token: .some(bankA))
            let needForFirm = try await server.send(.GET, "/finance/needs/\(need)", token: .some(owner))
            let needForStranger = try await server.send(.GET, "/finance/needs/\(need)", token: .some(stranger))
            let listForStranger = try await server.send(.GET, "/finance/needs", token: .some(stranger))
            let figures = try await server.send(.GET, "/finance/rounds/\(roundID)/figures")
            let figuresA = try await server.send(.GET, "/finance/rounds/\(roundID)/figures", token: .some(bankA))
            let sheetA = try await server.send(.GET, "/finance/rounds/\(roundID)/recommendations.xlsx", token: .some(bankA))

            // check: the writes
            #expect(round.status == 201)
            #expect(twice.status == 409)
            #expect(filed.status == 201)
            #expect(notInvited.status == 422)
            #expect(try notInvited.json()["field"] as? String == "enterprise")
            #expect(forOthers.status == 403)
            #expect(unknownBank.status == 422)
            #expect(try unknownBank.json()["field"] as? String == "banks")
            #expect(byBank.status == 403)
            #expect(recommended.status == 200, "\(recommended.text)")
            #expect(again.status == 409)
            #expect(itemsA.count == 1 && itemsB.count == 1)
            #expect(crossed.status == 404, "a bank cannot even see another bank's recommendation")
            #expect(noAmount.status == 422)
            #expect(try noAmount.json()["field"] as? String == "amount")
            #expect(noReason.status == 422)
            #expect(contacted.status == 200, "\(contacted.text)")
            #expect(racing == [200, 409])
            #expect(declined.status == 200, "\(declined.text)")
            #expect(afterFinal.status == 409)

            // check: visibility
            #expect(workbench.text.contains(#"<li id="wb-bank" class="urgent"><a href="/finance#addressed">"#), "\(workbench.text)")
            #expect(workbench.text.contains(#"<strong class="count">1</strong>"#))
            let answersA = try #require(try needForA.json()["recommendations"] as? [[String: Any]], "\(needForA.text)")
            #expect(answersA.map { $0["bank"] as? String } == ["甲银行无锡分行"])
            #expect(!needForA.text.contains("乙银行") && !needForA.text.contains("抵押物不足"))
            let answersFirm = try #require(try needForFirm.json()["recommendations"] as? [[String: Any]])
            #expect(Set(answersFirm.compactMap { $0["status"] as? String }) == ["approved", "declined"])
            #expect(needForStranger.status == 404)
            #expect((try JSONSerialization.jsonObject(with: listForStranger.body) as? [Any])?.isEmpty == true, "\(listForStranger.text)")

            // check: the figures add up, and a bank's are its own
            let f = try figures.json()
            let total = try #require(f["total"] as? [String: Any], "\(figures.text)")
            #expect(total["needs"] as? Int == 1 && total["recommendations"] as? Int == 2)
            #expect(total["asked"] as? Int64 == 5_000_000 && total["approved"] as? Int64 == 3_000_000)
            #expect(total["approvedCount"] as? Int == 1 && total["declined"] as? Int == 1 && total["answered"] as? Int == 2)
            let reasons = total["declineReasons"] as? [[String: Any]]
            #expect(reasons?.first?["reason"] as? String == "抵押物不足")
            let banks = try #require(f["banks"] as? [[String: Any]])
            #expect(banks.compactMap { $0["asked"] as? Int64 } == [5_000_000, 5_000_000])
            let chains = try #require(f["chains"] as? [[String: Any]])
            #expect(chains.map { $0["key"] as? String } == ["ic-fab"])
            let mine = try figuresA.json()
            #expect((mine["banks"] as? [[String: Any]])?.map { $0["key"] as? String } == ["甲银行无锡分行"])
            #expect((mine["total"] as? [String: Any])?["declined"] as? Int == 0)
            #expect(sheetA.status == 200)
            let rows = try XLSXReader.rows(of: sheetA.body)
            let texts = rows.flatMap { $0.cells.compactMap { $0?.text } }
            #expect(texts.contains("甲银行无锡分行") && !texts.contains("乙银行无锡分行") && !texts.contains("抵押物不足"))
            let audited = try await server.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_entries WHERE entity = 'finance_recommendation' AND action = 'answer'"
            ).first(decodingColumn: "n", as: Int.self)
            #expect(audited == 3)
        }
    }
}
