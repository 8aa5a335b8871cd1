import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Pages that go somewhere (issue 20): after an action on a request the browser is sent back to the
/// request (post → redirect → get), a list page past its end shows the last page, and the
/// self-service figures form starts at the last complete year.
@Suite struct PageFlowTests {
    static let firm = makeUSCC(division: "320214", serial: 961)

    @Test func anActionOnARequestRedirectsToTheRequestAndSaysWhatHappened() async throws {
        try await TestServer.with { server in
            // setup: a power request, routed to the power company
            let made = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"无锡页面测试有限公司","district":"320214","segments":["ic-fab-m2"]}"#)
            #expect(made.status == 201)
            let filed = try await server.send(
                .POST, "/requests", json: #"{"enterprise":"\#(Self.firm)","category":"power","title":"增容","description":"新产线用电增容"}"#)
            let id = try #require(try filed.json()["id"] as? Int, "\(filed.text)")
            let power = try await server.browser("pf_power", [Grant(.department, .department(Department.powerSupply, head: false))])
            // act
            let accepted = try await server.page(
                .POST, "/requests/\(id)/actions", cookie: power.cookie, form: formBody([("_csrf", power.csrf), ("action", "accept")]))
            let reloaded = try await server.page(.GET, "/requests/\(id)?done=accept", cookie: power.cookie)
            let again = try await server.page(
                .POST, "/requests/\(id)/actions", cookie: power.cookie, form: formBody([("_csrf", power.csrf), ("action", "accept")]))
            // check
            #expect(accepted.status == 303, "\(accepted.text.prefix(500))")
            #expect(accepted.headers.first(name: .location) == "/requests/\(id)?done=accept")
            #expect(reloaded.status == 200 && reloaded.text.contains(#"id="request-message""#) && reloaded.text.contains("受理：已受理"))
            #expect(again.status == 409, "a refused action stays on the page with its reason")
            // act: the answer, then the firm's rating
            let powerAPI = try await server.bearer("pf_power_api", [Grant(.department, .department(Department.powerSupply, head: false))])
            let answered = try await server.send(
                .POST, "/requests/\(id)/actions", json: #"{"action":"answer","text":"周六上午接电"}"#, token: .some(powerAPI))
            #expect(answered.status == 200, "\(answered.text)")
            let owner = try await server.browser("pf_owner", [Grant(.enterprise, .enterprise(Self.firm))])
            let before = try await server.page(.GET, "/requests/\(id)", cookie: owner.cookie)
            let rated = try await server.page(
                .POST, "/requests/\(id)/actions", cookie: owner.cookie,
                form: formBody([("_csrf", owner.csrf), ("action", "confirm"), ("satisfied", "true")]))
            let after = try await server.page(.GET, "/requests/\(id)", cookie: owner.cookie)
            // check: the answer on top, the district shown, the rating in words
            let answerAt = try #require(before.text.range(of: #"id="request-answer""#), "\(before.text.prefix(2000))")
            let factsAt = try #require(before.text.range(of: #"id="request-facts""#))
            #expect(answerAt.lowerBound < factsAt.lowerBound && before.text.contains("周六上午接电"))
            let district = try #require(District.named(code: "320214")?.name)
            #expect(before.text.contains(#"id="request-district">\#(district)<"#))
            #expect(rated.status == 303 && after.text.contains("评价：满意"))
        }
    }

    @Test func aListPagePastItsEndShowsTheLastPage() async throws {
        try await TestServer.with { server in
            // setup
            let web = try await server.browser("pf_official", [Grant(.official, .city)])
            // act
            let past = try await server.page(.GET, "/enterprises?page=40", cookie: web.cookie)
            // check: no firm at all is one (empty) page
            #expect(past.status == 303)
            #expect(past.headers.first(name: .location)?.hasSuffix("page=1") == true, "\(past.headers)")
            let empty = try await server.page(.GET, "/enterprises?page=1", cookie: web.cookie)
            #expect(empty.text.contains(#"id="list-empty""#), "an empty list says why and what to try")
        }
    }

    @Test func theSelfServiceFormStartsAtTheLastCompleteYear() async throws {
        try await TestServer.with { server in
            // setup
            _ = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"无锡页面测试有限公司","district":"320214","segments":["ic-fab-m2"]}"#)
            let web = try await server.browser("pf_firm", [Grant(.enterprise, .enterprise(Self.firm))])
            // act
            let page = try await server.page(.GET, "/my", cookie: web.cookie)
            // check
            let last = SimpleDate.today().year - 1
            #expect(page.text.contains(#"<option value="\#(last)" selected>"#), "\(page.text.prefix(200))")
        }
    }
}
