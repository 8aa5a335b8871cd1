import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Every registered route, as every kind of user: the outcome must be what the policy table
/// says. A route missing from the table fails the test.
@Suite struct AccessMatrixTests {
    static let firm = makeUSCC(division: "320281", serial: 501)

    enum Need {
        case open
        /// Anyone logged in (logging out).
        case anyUser
        case policy(Action, Resource)
        /// Reading one enterprise: any visibility but none.
        case firmRead
        /// "My enterprise": enterprise users only.
        case enterpriseUser
        /// The policy first; an allowed user may still be refused by the workflow (the action does
        /// not fit their part in the request), with the workflow's reason, never the policy's.
        case workflow(Action, Resource)
        /// Any logged-in user.
        case loggedIn
        /// An expert's profile (`m_expert`'s): the expert and those the policy lets in.
        case expertProfile(Action)
        /// Assignment 1, `m_expert`'s: only that expert; to any other expert it does not exist (404).
        case assignee
        /// Application 1: whom the policy lets read it, and `m_expert` through assignment 1;
        /// to any other expert it does not exist (404).
        case assignedRead(Resource)
        /// The start page: the registry's overview, or (a redirect) the workbench.
        case home
        /// A list each enterprise user reads for its own firm, others as the policy says.
        case ownFirmOr(Action, Resource)
    }

    struct Route {
        var method: HTTPMethod
        var pattern: String
        var path: String
        var body: String? = nil
        var contentType: String = "application/json"
        var cookie: String? = nil
        var need: Need
    }

    static let users: [(String, [Grant])] = [
        ("m_admin", [Grant(.admin, .city)]),
        ("m_security", [Grant(.security, .city)]),
        ("m_auditor", [Grant(.auditor, .city)]),
        ("m_official", [Grant(.official, .city)]),
        ("m_jy", [Grant(.district, .district("320281"))]),
        ("m_xw", [Grant(.district, .district("320214"))]),
        ("m_chief", [Grant(.chief, .chains(["auto-nev"]))]),
        ("m_chief_ic", [Grant(.chief, .chains(["ic-fab"]))]),
        ("m_dept", [Grant(.department, .department("市发展改革委", head: false))]),
        ("m_firm", [Grant(.enterprise, .enterprise(firm))]),
        ("m_other", [Grant(.enterprise, .enterprise(makeUSCC(serial: 503)))]),
        ("m_bank", [Grant(.bank, .bank("示例银行"))]),
        ("m_expert", [Grant(.expert, .expert(employer: nil))]),
        ("m_expert2", [Grant(.expert, .expert(employer: nil))]),
    ]

    static func key(_ method: HTTPMethod, _ path: [PathComponent]) -> String {
        "\(method.rawValue) /"
            + path.map { c -> String in
                switch c {
                case .constant(let s): s
                case .parameter(let p): ":\(p)"
                case .anything: "*"
                case .catchall: "**"
                }
            }.joined(separator: "/")
    }

    @Test func everyRouteIsInTheTable() async throws {
        try await TestServer.with { server in
            let registered = Set(server.app.routes.all.map { Self.key($0.method, $0.path) })
            let table = Set(Self.routes.map { "\($0.method.rawValue) \($0.pattern)" })
            // Swift's generated API names path parameters from the spec ({code} → :code)
            #expect(
                registered.subtracting(table).isEmpty, "routes missing from the access table: \(registered.subtracting(table).sorted())")
            #expect(table.subtracting(registered).isEmpty, "table rows with no route: \(table.subtracting(registered).sorted())")
        }
    }

    /// 404 where the record's existence is not disclosed to this caller.
    func expectedHidden(_ need: Need, _ name: String, _ grants: [Grant]) -> Bool {
        switch need {
        case .assignee, .assignedRead: name != "m_expert" && grants.contains { $0.role == .expert }
        default: false
        }
    }

    func expectedAllowed(_ need: Need, _ grants: [Grant], name: String = "") -> Bool {
        switch need {
        case .loggedIn: true
        case .home: true
        case .expertProfile(let action): Policy.decide(grants, action, .selection(.expertProfile(own: name == "m_expert"))).allowed
        case .assignee: name == "m_expert"
        case .assignedRead(let resource): name == "m_expert" || Policy.decide(grants, .read, resource).allowed
        case .open, .anyUser: true
        case .policy(let action, let resource): Policy.decide(grants, action, resource).allowed
        case .firmRead: Policy.visibility(grants, uscc: Self.firm, district: "320281", chains: ["ic-fab"]) != .none
        case .enterpriseUser: grants.contains { $0.role == .enterprise }
        case .ownFirmOr(let action, let resource):
            grants.contains { $0.role == .enterprise } || Policy.decide(grants, action, resource).allowed
        case .workflow(let action, let resource): Policy.decide(grants, action, resource).allowed
        }
    }

    /// One case per caller (anonymous, then each kind of user), each on its own server so the cases
    /// run side by side: every route in the table, in order, for that caller. The rows the routes
    /// name (request 1 with attachment 1, meeting 1, the selection rows) are filed first by a city official.
    @Test(arguments: [nil] + users.map(\.0))
    func everyRouteAnswersAsThePolicySaysForEveryRole(_ caller: String?) async throws {
        try await TestServer.with { server in
            // setup: the firm the rows are about, its request, attachment and meeting, and one user per kind
            let created = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"矩阵企业","district":"320281","segments":["ic-fab-u1"]}"#)
            #expect(created.status == 201)
            let filed = try await server.send(
                .POST, "/requests", json: #"{"enterprise":"\#(Self.firm)","category":"power","title":"矩阵诉求","description":"矩阵测试"}"#)
            #expect(filed.status == 201, "\(filed.text)")
            let attached = try await server.send(
                .POST, "/requests/1/attachments?file_name=matrix.txt", body: Data("matrix".utf8),
                headers: [("Content-Type", "application/octet-stream")])
            #expect(attached.status == 201, "\(attached.text)")
            let met = try await server.send(.POST, "/meetings", json: #"{"title":"矩阵会商","heldOn":"2026-11-25","requests":[1]}"#)
            #expect(met.status == 201, "\(met.text)")
            try await Self.selectionFixtures(server)
            var sessions: [String: (token: String, cookie: String, csrf: String)] = [:]
            for (name, grants) in Self.users {
                let id = try await UserStore(db: server.sql).upsert(username: name, password: "Matrix-pass-1", grants: grants)
                let token = try await TokenStore(db: server.sql).issue(for: id).token
                let store = WebSessionStore(db: server.sql)
                let cookie = try await store.create(userID: id)
                let csrf = try #require(try await store.user(forCookie: cookie)?.csrfToken)
                sessions[name] = (token, cookie, csrf)
            }
            try await UserStore(db: server.sql).upsert(
                username: "m_target", password: "Matrix-pass-1", grants: [Grant(.bank, .bank("示例银行"))])
            let root = String(server.baseURL.dropLast("/api/v1".count))
            for route in Self.routes {
                let isAPI = route.path.hasPrefix("/api/")
                guard let name = caller else {
                    let anonymous = try await send(server, root, route, token: nil, cookie: nil, csrf: nil)
                    if case .open = route.need {
                        // (401 here is a wrong password, not a missing login)
                        #expect(anonymous.status != 403, "anonymous \(route.method) \(route.path): \(anonymous.status)")
                    } else if isAPI {
                        #expect(anonymous.status == 401, "anonymous \(route.method) \(route.path): \(anonymous.status)")
                    } else {
                        #expect(
                            anonymous.status == 303 && anonymous.headers.first(name: .location)?.hasPrefix("/login") == true,
                            "anonymous \(route.method) \(route.path): \(anonymous.status)")
                    }
                    continue
                }
                let grants = try #require(Self.users.first { $0.0 == name }?.1)
                let s = try #require(sessions[name])
                let reply = try await send(
                    server, root, route, token: isAPI ? s.token : nil,
                    cookie: isAPI ? nil : s.cookie, csrf: isAPI ? nil : s.csrf)
                if case .open = route.need {
                    #expect(reply.status != 403, "\(name) \(route.method) \(route.path): \(reply.status)")
                } else if case .anyUser = route.need {
                    #expect(reply.status == 303, "\(name) \(route.method) \(route.path): \(reply.status)")
                } else if expectedHidden(route.need, name, grants) {
                    #expect(reply.status == 404, "\(name) \(route.method) \(route.path): \(reply.status)")
                } else if case .workflow = route.need, expectedAllowed(route.need, grants) {
                    #expect(
                        ![401].contains(reply.status) && (reply.status != 403 || !reply.text.contains("无权")),
                        "\(name) \(route.method) \(route.path): \(reply.status) \(reply.text.prefix(200))")
                } else if expectedAllowed(route.need, grants, name: name) {
                    #expect(
                        ![401, 403].contains(reply.status)
                            && !(reply.status == 303 && reply.headers.first(name: .location)?.hasPrefix("/login") == true),
                        "\(name) \(route.method) \(route.path): \(reply.status) \(reply.text.prefix(200))")
                } else {
                    #expect(reply.status == 403, "\(name) \(route.method) \(route.path): \(reply.status)")
                }
            }
        }
    }

    func send(_ server: TestServer, _ root: String, _ route: Route, token: String?, cookie: String?, csrf: String?) async throws
        -> TestServer.Reply
    {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        let cookies = [cookie.map { "\(WebSessionStore.cookieName)=\($0)" }, route.cookie].compactMap { $0 }
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.joined(separator: "; ")) }
        var body = route.body
        if let csrf, route.method == .POST { body = (body.map { $0.isEmpty ? "" : $0 + "&" } ?? "") + "_csrf=\(csrf)" }
        if body != nil { headers.add(name: .contentType, value: route.contentType) }
        return try await server.exchange(route.method, root + route.path, headers: headers, body: body.map { Data($0.utf8) })
    }
}
