import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// User management, first-login password change, personal tokens, self-service, the client
/// address behind proxies and the login form's CSRF token — over real HTTP.
@Suite struct AccountTests {
    func token(_ server: TestServer, _ username: String, _ password: String) async throws -> TestServer.Reply {
        try await server.send(.POST, "/auth/token", json: #"{"username":"\#(username)","password":"\#(password)"}"#, token: .some(nil))
    }

    func loginAs(_ server: TestServer, _ username: String, grants: [Grant]) async throws -> String {
        try await UserStore(db: server.sql).upsert(username: username, password: "Acct-pass-123", grants: grants)
        return try #require(try await token(server, username, "Acct-pass-123").json()["token"] as? String)
    }

    @Test func anAccountCreatedByTheAdministratorChangesItsPasswordFirst() async throws {
        try await TestServer.with { server in
            // setup: the security administrator is a separate account (三员分立)
            let security = try await loginAs(server, "sec", grants: [Grant(.security, .city)])
            // act: the system administrator creates the account, the security administrator grants a role
            let created = try await server.send(
                .POST, "/users", json: #"{"username":"wang.li","displayName":"王立"}"#, token: .some(server.adminToken))
            #expect(created.status == 201)
            let temporary = try #require(try created.json()["temporaryPassword"] as? String)
            #expect((try created.json()["user"] as? [String: Any])?["mustChangePassword"] as? Bool == true)
            let granted = try await server.send(
                .PUT, "/users/wang.li/grants", json: #"{"grants":[{"role":"district","scope":"district:320214"}]}"#, token: .some(security))
            #expect(granted.status == 200)
            // check: no token before the password is changed
            let refused = try await token(server, "wang.li", temporary)
            #expect(refused.status == 403)
            #expect(try refused.json()["error"] as? String == "password_change_required")
            let weak = try await server.send(
                .POST, "/auth/password", json: #"{"username":"wang.li","currentPassword":"\#(temporary)","newPassword":"short"}"#,
                token: .some(nil))
            #expect(weak.status == 422)
            #expect(try weak.json()["field"] as? String == "newPassword")
            let changed = try await server.send(
                .POST, "/auth/password", json: #"{"username":"wang.li","currentPassword":"\#(temporary)","newPassword":"Wang-Li-2026!"}"#,
                token: .some(nil))
            #expect(changed.status == 204)
            let issued = try await token(server, "wang.li", "Wang-Li-2026!")
            #expect(issued.status == 200)
            let user = try await server.send(.GET, "/users/wang.li", token: .some(server.adminToken))
            #expect(try user.json()["mustChangePassword"] as? Bool == false)
            #expect(((try user.json()["grants"] as? [[String: Any]])?.first?["scope"] as? String) == "district:320214")
            // and the audit trail holds each step, with no password in it
            let audit = try await server.sql.raw("SELECT action, changes FROM audit_entries WHERE entity_key = 'wang.li' ORDER BY id").all()
            let actions = try audit.map { try $0.decode(column: "action", as: String.self) }
            #expect(actions == ["create", "set_grants", "change_password"])
            for row in audit {
                let changes = try row.decode(column: "changes", as: String.self)
                #expect(!changes.contains(temporary) && !changes.contains("Wang-Li-2026!"))
            }
        }
    }

    @Test func dutiesStaySeparate() async throws {
        try await TestServer.with { server in
            let security = try await loginAs(server, "sec", grants: [Grant(.security, .city)])
            _ = try await server.send(.POST, "/users", json: #"{"username":"zhao"}"#, token: .some(server.adminToken))
            // the security administrator may not create accounts, the system administrator may not grant roles
            #expect(try await server.send(.POST, "/users", json: #"{"username":"qian"}"#, token: .some(security)).status == 403)
            #expect(
                try await server.send(.PUT, "/users/zhao/grants", json: #"{"grants":[]}"#, token: .some(server.adminToken)).status == 403)
            // 三员分立 on the grants themselves
            let both = try await server.send(
                .PUT, "/users/zhao/grants", json: #"{"grants":[{"role":"admin","scope":"city"},{"role":"security","scope":"city"}]}"#,
                token: .some(security))
            #expect(both.status == 422)
            #expect(try both.json()["error"] as? String == "separation_of_duties")
            let auditorPlus = try await server.send(
                .PUT, "/users/zhao/grants", json: #"{"grants":[{"role":"auditor","scope":"city"},{"role":"official","scope":"city"}]}"#,
                token: .some(security))
            #expect(auditorPlus.status == 422)
            let badScope = try await server.send(
                .PUT, "/users/zhao/grants", json: #"{"grants":[{"role":"district","scope":"district:999999"}]}"#, token: .some(security))
            #expect(badScope.status == 422)
            #expect(try badScope.json()["field"] as? String == "grants[0].scope")
            #expect(try await server.send(.GET, "/users/zhao", token: .some(server.adminToken)).json()["grants"] as? [Any] != nil)
            #expect(
                (try await server.send(.GET, "/users/zhao", token: .some(server.adminToken)).json()["grants"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func separationCanBeSwitchedOff() async throws {
        try await TestServer.with(config: { $0.separationOfDuties = false }) { server in
            let security = try await loginAs(server, "sec", grants: [Grant(.security, .city)])
            _ = try await server.send(.POST, "/users", json: #"{"username":"zhao"}"#, token: .some(server.adminToken))
            let both = try await server.send(
                .PUT, "/users/zhao/grants", json: #"{"grants":[{"role":"admin","scope":"city"},{"role":"security","scope":"city"}]}"#,
                token: .some(security))
            #expect(both.status == 200)
        }
    }

    @Test func disablingAndResettingEndTokens() async throws {
        try await TestServer.with { server in
            let official = try await loginAs(server, "li", grants: [Grant(.official, .city)])
            #expect(try await server.send(.GET, "/enterprises", token: .some(official)).status == 200)
            let disabled = try await server.send(.PATCH, "/users/li", json: #"{"disabled":true}"#, token: .some(server.adminToken))
            #expect(disabled.status == 200)
            #expect(try await server.send(.GET, "/enterprises", token: .some(official)).status == 401)
            #expect(try await token(server, "li", "Acct-pass-123").status == 401)
            #expect(try await server.send(.PATCH, "/users/li", json: #"{"disabled":false}"#, token: .some(server.adminToken)).status == 200)
            let again = try #require(try await token(server, "li", "Acct-pass-123").json()["token"] as? String)
            let reset = try await server.send(.POST, "/users/li/password-reset", token: .some(server.adminToken))
            #expect(reset.status == 200)
            #expect(try await server.send(.GET, "/enterprises", token: .some(again)).status == 401)
            #expect(try await token(server, "li", "Acct-pass-123").status == 401)
            #expect(
                try await server.send(.PATCH, "/users/admin", json: #"{"disabled":true}"#, token: .some(server.adminToken)).json()["error"]
                    as? String == "self_disable")
            #expect(try await server.send(.POST, "/users/nobody/password-reset", token: .some(server.adminToken)).status == 404)
            #expect(
                try await server.send(.POST, "/users/admin/password-reset", token: .some(server.adminToken)).json()["error"] as? String
                    == "self_reset")
        }
    }

    @Test func personalTokensAreNamedExpiringAndRevocable() async throws {
        try await TestServer.with { server in
            let created = try await server.send(.POST, "/auth/tokens", json: #"{"name":"报表脚本","days":30}"#)
            #expect(created.status == 201)
            let personal = try #require(try created.json()["token"] as? String)
            let id = try #require(try created.json()["id"] as? Int)
            let expires = try #require(try created.json()["expiresAt"] as? String)
            let days = (ISO8601DateFormatter().date(from: expires)!.timeIntervalSinceNow) / 86_400
            #expect(days > 29.9 && days <= 30)
            #expect(try await server.send(.GET, "/districts", token: .some(personal)).status == 200)
            let list = try await server.send(.GET, "/auth/tokens")
            #expect(!list.text.contains(personal))
            #expect(list.text.contains("报表脚本"))
            #expect(try await server.send(.POST, "/auth/tokens", json: #"{"name":"x","days":366}"#).status == 422)
            // someone else's token cannot be revoked by id
            let other = try await loginAs(server, "li", grants: [Grant(.official, .city)])
            #expect(try await server.send(.DELETE, "/auth/tokens/\(id)", token: .some(other)).status == 404)
            #expect(try await server.send(.DELETE, "/auth/tokens/\(id)").status == 204)
            #expect(try await server.send(.GET, "/districts", token: .some(personal)).status == 401)
            let hashes = try await server.sql.raw("SELECT token_hash FROM api_tokens").all().map {
                try $0.decode(column: "token_hash", as: String.self)
            }
            #expect(!hashes.contains(personal))
        }
    }

    @Test func anEnterpriseUserKeepsItsContactDataAndReportsFigures() async throws {
        try await TestServer.with { server in
            // setup
            let uscc = makeUSCC(serial: 701)
            _ = try await server.send(
                .POST, "/enterprises",
                json: #"{"uscc":"\#(uscc)","name":"自助企业","district":"320214","tier":"backbone","segments":["ic-fab-u1"]}"#)
            let firm = try await loginAs(server, "firm", grants: [Grant(.enterprise, .enterprise(uscc))])
            // act + check: contact data yes, tier no (403 naming the field, nothing changed)
            let contact = try await server.send(
                .PATCH, "/enterprises/\(uscc)", json: #"{"contact":{"person":"周敏","phone":"0510-88886666"}}"#, token: .some(firm))
            #expect(contact.status == 200)
            let tier = try await server.send(
                .PATCH, "/enterprises/\(uscc)", json: #"{"tier":"leader","tierReason":"自评"}"#, token: .some(firm))
            #expect(tier.status == 403)
            #expect(try tier.json()["field"] as? String == "tier")
            #expect(try await server.send(.GET, "/enterprises/\(uscc)").json()["tier"] as? String == "backbone")
            // figures sent as "official" are stored as self-reported
            let figures = try await server.send(
                .PUT, "/enterprises/\(uscc)/figures/2025", json: #"{"outputValue":123000000,"source":"official"}"#, token: .some(firm))
            #expect(figures.status == 200)
            #expect(try figures.json()["source"] as? String == "selfReported")
            // an official's figures keep their source
            let byOfficial = try await server.send(
                .PUT, "/enterprises/\(uscc)/figures/2024", json: #"{"outputValue":100000000,"source":"statistics"}"#)
            #expect(try byOfficial.json()["source"] as? String == "statistics")
        }
    }

    @Test func theClientAddressComesFromTrustedProxiesOnly() async throws {
        for trusted in [[String](), ["127.0.0.1"]] {
            try await TestServer.with(over: .http, config: { $0.trustedProxies = trusted }) { server in
                _ = try await server.send(
                    .POST, "/enterprises", json: #"{"uscc":"\#(makeUSCC(serial: 702))","name":"代理测试","district":"320214"}"#,
                    headers: [("X-Forwarded-For", "6.6.6.6, 198.51.100.23")])
                let ip = try await server.sql.raw("SELECT client_ip FROM audit_entries WHERE action = 'create'").first()?
                    .decode(column: "client_ip", as: String?.self)
                #expect(ip == (trusted.isEmpty ? "127.0.0.1" : "198.51.100.23"))
            }
        }
    }

    @Test func theLoginFormCarriesItsOwnCSRFToken() async throws {
        try await TestServer.with { server in
            let root = String(server.baseURL.dropLast("/api/v1".count))
            let form = try await server.exchange(.GET, root + "/login")
            let cookie = try #require(form.headers.setCookie?[LoginController.csrfCookie]?.string)
            let html = form.text
            #expect(html.contains(#"name="_login_csrf" value="\#(cookie)""#))
            func post(_ body: String, cookie: String?) async throws -> TestServer.Reply {
                var headers = HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded")])
                if let cookie { headers.add(name: .cookie, value: "\(LoginController.csrfCookie)=\(cookie)") }
                return try await server.exchange(.POST, root + "/login", headers: headers, body: Data(body.utf8))
            }
            let credentials = "username=admin&password=\(TestServer.adminPassword)"
            #expect(try await post(credentials, cookie: nil).status == 403)
            #expect(try await post(credentials + "&_login_csrf=\(cookie)", cookie: nil).status == 403)
            #expect(try await post(credentials + "&_login_csrf=\(String(repeating: "0", count: 64))", cookie: cookie).status == 403)
            let ok = try await post(credentials + "&_login_csrf=\(cookie)", cookie: cookie)
            #expect(ok.status == 303)
            #expect(ok.headers.setCookie?[WebSessionStore.cookieName] != nil)
        }
    }

    @Test func aTemporaryPasswordLeadsEveryPageToThePasswordForm() async throws {
        try await TestServer.with { server in
            let created = try await server.send(.POST, "/users", json: #"{"username":"sun"}"#, token: .some(server.adminToken))
            let temporary = try #require(try created.json()["temporaryPassword"] as? String)
            let id = try #require(try await UserStore(db: server.sql).find(username: "sun")?.id)
            try await GrantStore(db: server.sql).add(Grant(.official, .city), to: id)
            let root = String(server.baseURL.dropLast("/api/v1".count))
            let form = try await server.exchange(.GET, root + "/login")
            let csrf = try #require(form.headers.setCookie?[LoginController.csrfCookie]?.string)
            let password = try #require(temporary.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let login = try await server.exchange(
                .POST, root + "/login",
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(LoginController.csrfCookie)=\(csrf)"],
                body: Data("username=sun&password=\(password)&_login_csrf=\(csrf)".utf8))
            #expect(login.headers.first(name: .location) == "/account?first=1")
            let session = try #require(login.headers.setCookie?[WebSessionStore.cookieName]?.string)
            let home = try await server.exchange(
                .GET, root + "/enterprises", headers: ["Cookie": "\(WebSessionStore.cookieName)=\(session)"])
            #expect(home.status == 303)
            #expect(home.headers.first(name: .location) == "/account?first=1")
            let account = try await server.exchange(
                .GET, root + "/account?first=1", headers: ["Cookie": "\(WebSessionStore.cookieName)=\(session)"])
            #expect(account.status == 200)
        }
    }
}
