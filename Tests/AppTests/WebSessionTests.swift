import ChainLeadCore
import Foundation
import Testing
import Vapor

@testable import App

@Suite struct WebSessionTests {
    func session(_ server: TestServer) async throws -> String {
        let id = try #require(try await UserStore(db: server.sql).find(username: "admin")?.id)
        return try await WebSessionStore(db: server.sql).create(userID: id)
    }

    func page(_ server: TestServer, _ method: HTTPMethod, _ path: String, cookie: String, form: String? = nil) async throws
        -> TestServer.Reply
    {
        let root = String(server.baseURL.dropLast("/api/v1".count))
        var headers = HTTPHeaders([("Cookie", "\(WebSessionStore.cookieName)=\(cookie)")])
        if form != nil { headers.add(name: .contentType, value: "application/x-www-form-urlencoded") }
        return try await server.exchange(method, root + path, headers: headers, body: form.map { Data($0.utf8) })
    }

    @Test func idleSessionsExpire() async throws {
        try await TestServer.with { server in
            // setup
            let cookie = try await session(server)
            let store = WebSessionStore(db: server.sql)
            // check: fine after 29 minutes of quiet, gone after 31
            #expect(try await store.user(forCookie: cookie, now: Date().addingTimeInterval(29 * 60)) != nil)
            #expect(try await store.user(forCookie: cookie, now: Date().addingTimeInterval(29 * 60 + 31 * 60)) == nil)
            #expect(try await page(server, .GET, "/", cookie: cookie).status == 303)
        }
    }

    @Test func aFormPostedWithoutItsCSRFTokenIsRefused() async throws {
        try await TestServer.with { server in
            let uscc = makeUSCC(serial: 601)
            _ = try await server.send(.POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"甲","district":"320214"}"#)
            let cookie = try await session(server)
            let reply = try await page(server, .POST, "/enterprises/\(uscc)/edit", cookie: cookie, form: "name=%E4%B9%99&district=320214")
            #expect(reply.status == 403)
            #expect(try await server.send(.GET, "/enterprises/\(uscc)").json()["name"] as? String == "甲")
        }
    }

    @Test func logoutEndsTheSession() async throws {
        try await TestServer.with { server in
            let cookie = try await session(server)
            let csrf = try #require(try await WebSessionStore(db: server.sql).user(forCookie: cookie)?.csrfToken)
            #expect(try await page(server, .GET, "/clusters", cookie: cookie).status == 200)
            #expect(try await page(server, .POST, "/logout", cookie: cookie, form: "_csrf=\(csrf)").status == 303)
            #expect(try await page(server, .GET, "/clusters", cookie: cookie).status == 303)
        }
    }
}
