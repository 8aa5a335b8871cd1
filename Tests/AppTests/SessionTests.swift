import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Issue 10, items 11–14: 三员分立 whoever grants, administrator-class passwords reset only on the
/// server, a password change ends every other session and token, sessions end after 12 hours.
@Suite struct SessionTests {
    @Test func theSecurityAdministratorCannotGrantItselfABusinessRole() async throws {
        try await TestServer.with { server in
            // setup
            let security = try await server.bearer("sec", [Grant(.security, .city)])
            // act + check: through the API, the pages and the command line
            let api = try await server.send(
                .PUT, "/users/sec/grants", json: #"{"grants":[{"role":"security","scope":"city"},{"role":"official","scope":"city"}]}"#,
                token: .some(security))
            #expect(api.status == 422)
            #expect(try api.json()["error"] as? String == "separation_of_duties")
            let (cookie, csrf) = try await server.browser("sec", [Grant(.security, .city)])
            let page = try await server.page(
                .POST, "/users/sec/grants/add", cookie: cookie, form: formBody([("_csrf", csrf), ("role", "official"), ("scope", "city")]))
            #expect(page.text.contains("三员分立"))
            await #expect(throws: CommandLineError.self) {
                try await CommandLineUsers.create(
                    server.app, username: "sec", password: TestServer.userPassword, role: "official", scope: "city")
            }
            await #expect(throws: CommandLineError.self) {
                try await CommandLineUsers.create(
                    server.app, username: "admin", password: TestServer.userPassword, role: "district", scope: "district:320214")
            }
            let grants = try await GrantStore(db: server.sql).grants(
                of: try #require(try await UserStore(db: server.sql).find(username: "sec")?.id))
            #expect(grants == [Grant(.security, .city)])
            // and it reads no registry
            #expect(try await server.send(.GET, "/exports/enterprises.xlsx", token: .some(security)).status == 403)
        }
    }

    @Test func administratorClassPasswordsAreResetOnTheServerOnly() async throws {
        try await TestServer.with { server in
            // setup
            _ = try await server.bearer("au", [Grant(.auditor, .city)])
            // act + check: not through the API or the pages
            let api = try await server.send(.POST, "/users/au/password-reset", token: .some(server.adminToken))
            #expect(api.status == 403)
            #expect(try api.json()["error"] as? String == "system_account")
            let (cookie, csrf) = try await server.browser("admin2", [Grant(.admin, .city)])
            let page = try await server.page(.POST, "/users/au/reset", cookie: cookie, form: formBody([("_csrf", csrf)]))
            #expect(page.status == 403)
            #expect(
                try await server.send(
                    .POST, "/auth/token", json: #"{"username":"au","password":"\#(TestServer.userPassword)"}"#, token: .some(nil)
                ).status == 200)
            // the command line on the server can, and it is audited
            let line = try await CommandLineUsers.resetPassword(server.app, username: "au", password: "Reset-by-cli-42")
            #expect(line.contains("au"))
            let login = try await server.send(
                .POST, "/auth/token", json: #"{"username":"au","password":"Reset-by-cli-42"}"#, token: .some(nil))
            #expect(login.status == 403)
            #expect(try login.json()["error"] as? String == "password_change_required")
            let audited = try await server.sql.raw(
                "SELECT username, changes FROM audit_entries WHERE action = 'reset_password' AND entity_key = 'au'"
            ).all()
            #expect(audited.count == 1)
            #expect(try audited.first?.decode(column: "username", as: String?.self)?.hasPrefix("cli:") == true)
            #expect(try !(audited.first?.decode(column: "changes", as: String.self).contains("Reset-by-cli-42") ?? true))
        }
    }

    @Test func aPasswordChangeEndsEveryOtherSessionAndToken() async throws {
        try await TestServer.with { server in
            // setup: a bearer token, a 365-day personal token and two browser sessions
            let bearer = try await server.bearer("wu", [Grant(.official, .city)])
            let personal = try await server.send(.POST, "/auth/tokens", json: #"{"name":"脚本","days":365}"#, token: .some(bearer))
            let personalToken = try #require(try personal.json()["token"] as? String)
            let (here, csrf) = try await server.browser("wu", [Grant(.official, .city)])
            let (elsewhere, _) = try await server.browser("wu", [Grant(.official, .city)])
            // act: the user changes the password on the page from one session
            let changed = try await server.page(
                .POST, "/account/password", cookie: here,
                form: formBody([
                    ("_csrf", csrf), ("currentPassword", TestServer.userPassword), ("newPassword", "Brand-new-Pass-7"),
                    ("confirmPassword", "Brand-new-Pass-7"),
                ]))
            #expect(changed.status == 200, "\(changed.text.prefix(300))")
            // check: this session goes on; the rest end
            #expect(try await server.page(.GET, "/account", cookie: here).status == 200)
            #expect(try await server.page(.GET, "/account", cookie: elsewhere).status == 303)
            #expect(try await server.send(.GET, "/enterprises", token: .some(bearer)).status == 401)
            #expect(try await server.send(.GET, "/enterprises", token: .some(personalToken)).status == 401)
            // the personal token is kept, listed as ended
            let fresh = try #require(
                try await server.send(.POST, "/auth/token", json: #"{"username":"wu","password":"Brand-new-Pass-7"}"#, token: .some(nil))
                    .json()["token"] as? String)
            let tokens = try #require(
                try JSONSerialization.jsonObject(with: try await server.send(.GET, "/auth/tokens", token: .some(fresh)).body)
                    as? [[String: Any]])
            #expect(tokens.count == 1 && tokens.first?["endedAt"] != nil)
            // through the API too: every session ends
            let again = try await WebSessionStore(db: server.sql).create(
                userID: try #require(try await UserStore(db: server.sql).find(username: "wu")?.id))
            #expect(
                try await server.send(
                    .POST, "/auth/password",
                    json: #"{"username":"wu","currentPassword":"Brand-new-Pass-7","newPassword":"Another-Pass-99"}"#, token: .some(nil)
                ).status == 204)
            #expect(try await server.page(.GET, "/account", cookie: again).status == 303)
            #expect(try await server.send(.GET, "/enterprises", token: .some(fresh)).status == 401)
        }
    }

    @Test func sessionsEndTwelveHoursAfterLoginHoweverActive() async throws {
        try await TestServer.with { server in
            // setup: a session in use a minute ago, made 13 hours ago
            let (cookie, _) = try await server.browser("zhou", [Grant(.official, .city)])
            #expect(try await server.page(.GET, "/account", cookie: cookie).status == 200)
            try await server.sql.update("web_sessions").set("created_at", to: SQLBind(Date.nowSeconds().addingTimeInterval(-13 * 3600)))
                .set("last_seen_at", to: SQLBind(Date.nowSeconds().addingTimeInterval(-60))).run()
            // act + check
            #expect(try await server.page(.GET, "/account", cookie: cookie).status == 303)
        }
    }

    @Test func aWeakAdminPasswordFromTheEnvironmentStopsStartUp() async throws {
        try await TestServer.with { server in
            await #expect(throws: CommandLineError.self) {
                try await Bootstrap.ensureAdmin(server.app, demo: false, environment: ["CHAINLEAD_ADMIN_PASSWORD": "short"])
            }
            let ok = try await Bootstrap.ensureAdmin(
                server.app, demo: false, environment: ["CHAINLEAD_ADMIN_PASSWORD": "Long-enough-Pass-1"])
            #expect(ok.username == "admin")
        }
    }
}
