import ChainLeadCore
import SQLKit
import Vapor

/// What every page template gets, around the page's own `content`.
struct Page<Content: Encodable & Sendable>: Encodable, Sendable {
    var t: [String: String]
    var lang: String
    var user: String?
    var csrf: String?
    var demo: Bool
    var title: String
    var nav: String
    var langSwitch: String
    /// The header's menu (`Menu.items`), the unread notifications, and who is logged in, in words.
    var menu: [MenuItem] = []
    /// In-page links the caller may follow (`Menu.may`).
    var may: [String: Bool] = [:]
    var unread = 0
    var who: String? = nil
    var content: Content
}

extension Request {
    /// An optional query parameter: absent, or not of type `T`, is nil (a page then shows its default).
    func queryValue<T: Decodable>(_ key: String, as type: T.Type = String.self) -> T? {
        // Absent or of another type: the page falls back to its default, as the parameter is optional.
        try? query.get(T.self, at: key)
    }

    var locale: PageLanguage { PageLanguage.of(self) }
    var texts: Texts { Texts(table: L10n.texts(locale)) }
    var sql: any SQLDatabase { db.sql }
    /// The supply links whose figures this user may see (`Policy.supplyRows`).
    var supplyRows: ListScope { Policy.supplyRows(webUser?.grants ?? []) }

    func render<C: Encodable & Sendable>(_ template: String, title: String, nav: String, _ content: C) async throws -> Response {
        let demo = try await sql.raw("SELECT 1 AS x FROM enterprises WHERE synthetic = \(bind: true) LIMIT 1").first() != nil
        let other = locale == .en ? "zh" : "en"
        var items = url.query.map { URLComponents(string: "?" + $0)?.queryItems ?? [] } ?? []
        items.removeAll { $0.name == "lang" }
        items.append(URLQueryItem(name: "lang", value: other))
        var comps = URLComponents()
        comps.path = url.path
        comps.queryItems = items
        let page = Page(
            t: texts.table, lang: locale.rawValue, user: webUser?.username, csrf: webUser?.csrfToken, demo: demo,
            title: title, nav: nav, langSwitch: comps.string ?? "?lang=\(other)",
            menu: Menu.items(webUser?.grants ?? [], nav: nav, texts: texts), may: Menu.may(webUser?.grants ?? []),
            unread: try await unreadNotifications(),
            who: webUser.map { u in [u.unit, u.displayName ?? u.username].compactMap { $0 }.joined(separator: " ") }, content: content)
        let response = try await view.render(template, page).encodeResponse(for: self)
        response.headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        if let lang = queryValue("lang") {
            response.cookies["lang"] = HTTPCookies.Value(
                string: lang == "en" ? "en" : "zh", maxAge: 365 * 86400, path: "/",
                isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

extension Request {
    /// The logged-in user's unread notifications (an indexed count: username, read_at).
    func unreadNotifications() async throws -> Int {
        guard let username = webUser?.username else { return 0 }
        return try await sql.raw("SELECT COUNT(*) AS n FROM notifications WHERE username = \(bind: username) AND read_at IS NULL")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }
}

/// The page texts of one language. Every key the templates and controllers use exists in both
/// languages (`TextsTests` checks it), so a lookup needs no `!`; a missing one shows its key.
struct Texts: Sendable {
    let table: [String: String]
    subscript(_ key: String) -> String { table[key] ?? key }
}
