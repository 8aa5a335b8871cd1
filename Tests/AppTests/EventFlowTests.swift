import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit
import Testing
import Vapor

@testable import App

/// Matchmaking events (Policy L1, L3): an official holds one for a chain and invites its firms by
/// tier; a firm registers; a demand published and a match started at the event count for it, and
/// the registrations and outcomes come out as `.xlsx`.
@Suite(.tags(.l1, .l3)) struct EventFlowTests {
    @Test func firmsAreInvitedByTierRegisterAndTheEventCountsItsDeals() async throws {
        try await TestServer.with { server in
            // setup: the small city of the matchmaking tests (leaders A and B, suppliers S1 and S2 in ic-fab)
            let city = MatchmakingFlowTests()
            try await city.city(server)
            let (a, s1, s2) = (MatchmakingFlowTests.a, MatchmakingFlowTests.s1, MatchmakingFlowTests.s2)
            let supplier = try await server.bearer("event_s2", [Grant(.enterprise, .enterprise(s2))])
            // act: held, leaders invited first, then everyone
            let held = try await server.send(
                .POST, "/events", json: #"{"title":"集成电路供需对接会","chains":["ic-fab"],"date":"2027-03-18","place":"无锡国际会议中心","host":"市工信局"}"#)
            #expect(held.status == 201, "\(held.text)")
            let event = try #require(try held.json()["id"] as? Int)
            let leaders = try await server.send(.POST, "/events/\(event)/invitations", json: #"{"tiers":["leader"]}"#)
            let everyone = try await server.send(.POST, "/events/\(event)/invitations", json: "{}")
            let registered = try await server.send(
                .POST, "/events/\(event)/registrations", json: #"{"enterprise":"\#(s2)"}"#, token: .some(supplier))
            let forOther = try await server.send(
                .POST, "/events/\(event)/registrations", json: #"{"enterprise":"\#(s1)"}"#, token: .some(supplier))
            let badChain = try await server.send(
                .POST, "/events", json: #"{"title":"x","chains":["no-such"],"date":"2027-03-18","place":"x","host":"x"}"#)
            // a demand published there and a match started there, to a deal
            let d = try await server.send(
                .POST, "/demands", json: #"{"buyer":"\#(a)","title":"硅片","description":"12英寸硅片","segment":"ic-fab-u1","event":\#(event)}"#)
            let demand = try #require(try d.json()["id"] as? Int, "\(d.text)")
            let m = try await server.send(.POST, "/matches", json: #"{"demand":\#(demand),"supplier":"\#(s2)","event":\#(event)}"#)
            let match = try #require(try m.json()["id"] as? Int, "\(m.text)")
            _ = try await server.send(.POST, "/matches/\(match)/moves", json: #"{"to":"contacted"}"#)
            _ = try await server.send(
                .POST, "/matches/\(match)/moves", json: #"{"to":"deal","amount":1200000,"year":2025,"category":"material"}"#)
            let detail = try await server.send(.GET, "/events/\(event)")
            let sheet = try await server.send(.GET, "/events/\(event)/registrations.xlsx")
            let firmSheet = try await server.send(.GET, "/events/\(event)/registrations.xlsx", token: .some(supplier))
            // check
            #expect(try leaders.json()["invited"] as? Int == 2)
            #expect(try everyone.json()["invited"] as? Int == 2)
            #expect(registered.status == 200)
            #expect(try registered.json()["registered"] as? Bool == true)
            #expect(forOther.status == 403)
            #expect(badChain.status == 422)
            let info = try #require(try detail.json()["event"] as? [String: Any])
            #expect(info["invited"] as? Int == 4 && info["registered"] as? Int == 1)
            #expect(info["demands"] as? Int == 1 && info["matches"] as? Int == 1 && info["deals"] as? Int == 1)
            #expect(info["dealValue"] as? Int64 == 1_200_000)
            #expect(detail.text.contains("12英寸硅片"))
            #expect(sheet.status == 200)
            #expect(firmSheet.status == 403)
            // the pages: the official's (invite form, export), the invited firm's (register button, then registered)
            let official = try await server.browser("event_official", [Grant(.official, .city)])
            let s1Browser = try await server.browser("event_s1", [Grant(.enterprise, .enterprise(s1))])
            let officialPage = try await server.page(.GET, "/events/\(event)", cookie: official.cookie)
            #expect(officialPage.status == 200 && officialPage.text.contains(#"id="invite-form""#))
            #expect(officialPage.text.contains(#"id="event-export""#) && officialPage.text.contains("硅片"))
            let before = try await server.page(.GET, "/events/\(event)", cookie: s1Browser.cookie)
            #expect(before.text.contains(#"id="event-register""#) && !before.text.contains(#"id="invite-form""#))
            let posted = try await server.page(
                .POST, "/events/\(event)/registrations", cookie: s1Browser.cookie, form: "enterprise=\(s1)&_csrf=\(s1Browser.csrf)")
            #expect(posted.status == 303)
            let after = try await server.page(.GET, "/events/\(event)?registered=1", cookie: s1Browser.cookie)
            #expect(after.text.contains(#"id="event-registered""#))
            let list = try await server.page(.GET, "/events", cookie: s1Browser.cookie)
            #expect(list.text.contains("集成电路供需对接会") && !list.text.contains(#"id="event-form""#))
            let rows = try XLSXReader.rows(of: sheet.body)
            #expect(rows.count == 5)
            let s2Row = try #require(rows.first { $0.cells.first??.text == s2 })
            #expect(s2Row.cells.count >= 9)
            #expect(s2Row.cells[4]?.text == "是")
            #expect(s2Row.cells[7]?.text == "1")
        }
    }
}
