import Foundation
import SQLKit
import Testing

@testable import App

@Suite struct SystemAPITests {
    @Test func healthAnswersWithTheDatabaseKind() async throws {
        try await TestServer.with { server in
            // act
            let reply = try await server.send(.GET, "/healthz", token: .some(nil))
            // check
            #expect(reply.status == 200)
            let kind = TestServer.postgresAdminURL == nil ? "sqlite" : "postgres"
            #expect(try reply.json()["database"] as? String == kind)
            #expect(try reply.json()["demo"] as? Bool == false)
        }
    }

    @Test func servesTheSpec() async throws {
        try await TestServer.with { server in
            let reply = try await server.send(.GET, "/openapi.yaml", token: .some(nil))
            #expect(reply.status == 200)
            #expect(reply.text.contains("openapi: 3.1.0"))
            #expect(reply.text.contains("/enterprises/{uscc}/figures/{year}"))
        }
    }

    @Test func everyRouteButTokenAndSpecNeedsABearerToken() async throws {
        try await TestServer.with { server in
            for path in ["/clusters", "/chains", "/chains/ic-fab", "/enterprises", "/districts", "/uscc/91440101MA5CJQ4N59"] {
                // act
                let reply = try await server.send(.GET, path, token: .some(nil))
                // check
                #expect(reply.status == 401, "\(path)")
                #expect(try reply.json()["error"] as? String == "unauthorized")
            }
            let garbage = try await server.send(.GET, "/clusters", token: "cl_not-a-token")
            #expect(garbage.status == 401)
        }
    }

    @Test func wrongPasswordAndUnknownUserAnswerAlike() async throws {
        try await TestServer.with { server in
            let wrong = try await server.send(.POST, "/auth/token", json: #"{"username":"admin","password":"nope"}"#, token: .some(nil))
            let unknown = try await server.send(.POST, "/auth/token", json: #"{"username":"ghost","password":"nope"}"#, token: .some(nil))
            #expect(wrong.status == 401)
            #expect(wrong.status == unknown.status)
            #expect(wrong.text == unknown.text)
        }
    }

    @Test func tokensAreStoredHashedAndExpire() async throws {
        try await TestServer.with { server in
            // check: the raw token is nowhere in the table, its hash is
            let rows = try await server.sql.raw("SELECT token_hash FROM api_tokens").all()
            let hashes = try rows.map { try $0.decode(column: "token_hash", as: String.self) }
            #expect(!hashes.contains(server.token))
            #expect(hashes.contains(TokenStore.hash(server.token)))

            // setup: a token issued long ago has expired
            let store = TokenStore(db: server.sql, lifetime: 60)
            let old = try await store.issue(for: 1, now: Date().addingTimeInterval(-3600))
            // act
            let reply = try await server.send(.GET, "/clusters", token: old.token)
            // check
            #expect(reply.status == 401)
        }
    }

    @Test func undeclaredMethodsAnswer405WithAllow() async throws {
        try await TestServer.with { server in
            let reply = try await server.send(.DELETE, "/enterprises")
            #expect(reply.status == 405)
            #expect(reply.headers.first(name: "Allow")?.contains("POST") == true)
            #expect(try reply.json()["error"] as? String == "method_not_allowed")
            let unknown = try await server.send(.GET, "/no-such-thing")
            #expect(unknown.status == 404)
        }
    }

    @Test func nulCharactersInTheURLAreRefused() async throws {
        try await TestServer.with { server in
            let reply = try await server.send(.GET, "/chains/ic%00fab")
            #expect(reply.status == 400)
            let query = try await server.send(.GET, "/api/v1/enterprises?q=a%00b")
            #expect(query.status == 422)
            #expect(try query.json()["field"] as? String == "q")
        }
    }
}

@Suite struct DatabaseLocationTests {
    @Test func parsesTheSupportedForms() throws {
        #expect(try DatabaseLocation("sqlite:///tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(try DatabaseLocation("sqlite://rel.db") == .sqlite(path: "rel.db"))
        #expect(try DatabaseLocation("data/cl.sqlite") == .sqlite(path: "data/cl.sqlite"))
        #expect(try DatabaseLocation("postgres://u@h:5432/d") == .postgres(url: "postgres://u@h:5432/d"))
        #expect(throws: DatabaseLocationError.self) { try DatabaseLocation("mysql://x") }
    }

    @Test func optionWinsOverEnvironmentWhichWinsOverDefault() throws {
        #expect(try DatabaseLocation.resolve(option: "a.db", environment: ["DATABASE_URL": "b.db"]) == .sqlite(path: "a.db"))
        #expect(try DatabaseLocation.resolve(option: nil, environment: ["DATABASE_URL": "b.db"]) == .sqlite(path: "b.db"))
        #expect(try DatabaseLocation.resolve(option: nil, environment: [:]) == .sqlite(path: "chainlead.sqlite"))
    }

    @Test func descriptionHidesThePassword() throws {
        #expect(!(try DatabaseLocation("postgres://u:secret@h/d")).description.contains("secret"))
    }
}

extension SystemAPITests {
    @Test func tenFailuresLockTheAccountForFifteenMinutes() async throws {
        try await TestServer.with { server in
            for _ in 0..<10 {
                let r = try await server.send(.POST, "/auth/token", json: #"{"username":"admin","password":"wrong"}"#, token: .some(nil))
                #expect(r.status == 401)
            }
            // act: even the right password is refused now
            let locked = try await server.send(
                .POST, "/auth/token", json: #"{"username":"admin","password":"\#(TestServer.adminPassword)"}"#, token: .some(nil))
            // check
            #expect(locked.status == 429)
            #expect(try locked.json()["error"] as? String == "too_many_attempts")
            // setup: the window passes
            try await server.sql.raw("UPDATE login_failures SET at = \(bind: Date().addingTimeInterval(-16 * 60))").run()
            let later = try await server.send(
                .POST, "/auth/token", json: #"{"username":"admin","password":"\#(TestServer.adminPassword)"}"#, token: .some(nil))
            #expect(later.status == 200)
        }
    }
}
