import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Users of every kind for one test: a bearer token for the API, a cookie and CSRF token for pages.
extension TestServer {
    static let userPassword = "Test-user-Pass-1"

    var root: String { String(baseURL.dropLast("/api/v1".count)) }

    /// Creates (or updates) the user with these grants and answers a fresh bearer token.
    func bearer(_ username: String, _ grants: [Grant]) async throws -> String {
        let id = try await UserStore(db: sql).upsert(username: username, password: Self.userPassword, grants: grants)
        return try await TokenStore(db: sql).issue(for: id).token
    }

    /// A logged-in browser: the session cookie and the session's CSRF token.
    func browser(_ username: String, _ grants: [Grant]) async throws -> (cookie: String, csrf: String) {
        let id = try await UserStore(db: sql).upsert(username: username, password: Self.userPassword, grants: grants)
        let store = WebSessionStore(db: sql)
        let cookie = try await store.create(userID: id)
        return (cookie, try #require(try await store.user(forCookie: cookie)?.csrfToken))
    }

    /// A page request with the session cookie; `form` is sent url-encoded.
    func page(
        _ method: HTTPMethod, _ path: String, cookie: String?, form: String? = nil, body: Data? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> Reply {
        var headers = HTTPHeaders(extra)
        if let cookie { headers.add(name: .cookie, value: "\(WebSessionStore.cookieName)=\(cookie)") }
        if form != nil && !headers.contains(name: .contentType) {
            headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
        }
        return try await exchange(method, root + path, headers: headers, body: body ?? form.map { Data($0.utf8) })
    }
}

/// Form values, percent-encoded.
func formBody(_ fields: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
}
