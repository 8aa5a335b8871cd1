import ChainLeadCore
import Foundation
import Logging
import SQLKit
import Testing
import Vapor

@testable import App
@testable import OfficeFormats

/// Issue 10, items 18–20: no open redirect after login, security headers and a strict CSP on every
/// page, Secure cookies over HTTPS, exports stamped with who took them and when, no bound value in
/// any log line.
@Suite struct BrowserHardeningTests {
    /// The login form's double-submit token, as a browser gets it.
    func loginForm(_ server: TestServer, next: String, headers: [(String, String)] = []) async throws -> (
        csrf: String, reply: TestServer.Reply
    ) {
        let allowed = CharacterSet.alphanumerics
        let form = try await server.page(
            .GET, "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""), cookie: nil, headers: headers)
        let cookie = try #require(form.headers.setCookie?[LoginController.csrfCookie]?.string)
        return (cookie, form)
    }

    @Test func loginNeverRedirectsOffTheSite() async throws {
        try await TestServer.with { server in
            for next in ["/\t/evil.example/x", "//evil.example", "/\\evil.example", "https://evil.example/", "/%2F%2Fevil.example"] {
                // setup
                let (csrf, form) = try await loginForm(server, next: next)
                #expect(form.text.contains(#"name="next" value="/workbench">"#), "\(next.debugDescription)")
                // act
                let login = try await server.page(
                    .POST, "/login", cookie: nil,
                    form: formBody([
                        ("username", "official"), ("password", TestServer.adminPassword), ("next", next), ("_login_csrf", csrf),
                    ]),
                    headers: [("Cookie", "\(LoginController.csrfCookie)=\(csrf)")])
                // check
                #expect(login.status == 303)
                #expect(
                    login.headers.first(name: .location) == "/workbench",
                    "\(next.debugDescription) → \(login.headers.first(name: .location) ?? "")")
            }
            let (csrf, _) = try await loginForm(server, next: "/enterprises?tier=leader")
            let login = try await server.page(
                .POST, "/login", cookie: nil,
                form: formBody([
                    ("username", "official"), ("password", TestServer.adminPassword), ("next", "/enterprises?tier=leader"),
                    ("_login_csrf", csrf),
                ]),
                headers: [("Cookie", "\(LoginController.csrfCookie)=\(csrf)")])
            #expect(login.headers.first(name: .location) == "/enterprises?tier=leader")
        }
    }

    @Test func everyPageCarriesTheSecurityHeadersAndNeedsNoInlineCode() async throws {
        try await TestServer.with { server in
            // setup: a firm and a chain map with a flow
            let leader = makeUSCC(serial: 1701)
            let supplier = makeUSCC(serial: 1702)
            _ = try await server.send(
                .POST, "/enterprises",
                json: #"{"uscc":"\#(leader)","name":"头部链主","district":"320214","segments":["ic-fab-m2"]}"#)
            try await server.recognise(leader)
            _ = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(supplier)","name":"本地供应商","district":"320214","segments":["ic-fab-u1"]}"#)
            _ = try await server.send(
                .POST, "/supply-links",
                json:
                    #"{"buyer":"\#(leader)","supplierUscc":"\#(supplier)","segment":"ic-fab-u1","year":2025,"amount":5000000,"category":"material"}"#
            )
            let (cookie, _) = try await server.browser("official2", [Grant(.official, .city)])
            for path in [
                "/", "/enterprises", "/enterprises/\(leader)", "/enterprises/\(leader)/edit", "/clusters", "/chains/ic-fab?year=2025",
                "/supply?year=2025", "/leads", "/requests", "/requests/new", "/account", "/imports", "/login", "/static/app.css",
            ] {
                // act
                let page = try await server.page(.GET, path, cookie: path == "/login" ? nil : cookie)
                // check
                #expect(page.status == 200, "\(path): \(page.status)")
                #expect(page.headers.first(name: "X-Frame-Options") == "DENY", "\(path)")
                #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(page.headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
                let csp = page.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(
                    csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "\(path)"
                )
                if path != "/static/app.css" {
                    let html = page.text
                    #expect(html.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(path): inline handler")
                    #expect(
                        !html.contains("<style") && html.range(of: #"\sstyle\s*="#, options: .regularExpression) == nil,
                        "\(path): inline style")
                    #expect(html.range(of: #"<script(?![^>]*\ssrc=)"#, options: .regularExpression) == nil, "\(path): inline script")
                }
            }
        }
    }

    @Test func cookiesAreSecureWhenTheRequestCameOverHTTPS() async throws {
        try await TestServer.with(over: .http, config: { $0.trustedProxies = ["127.0.0.1"] }) { server in
            // act: through a trusted proxy that terminated TLS, then plain HTTP
            let (_, secure) = try await loginForm(server, next: "/", headers: [("X-Forwarded-Proto", "https")])
            let (_, plain) = try await loginForm(server, next: "/")
            let (cookie, _) = try await server.browser("official3", [Grant(.official, .city)])
            let lang = try await server.page(.GET, "/?lang=en", cookie: cookie, headers: [("X-Forwarded-Proto", "https")])
            // check
            #expect(secure.headers.setCookie?[LoginController.csrfCookie]?.isSecure == true)
            #expect(plain.headers.setCookie?[LoginController.csrfCookie]?.isSecure == false)
            #expect(lang.headers.setCookie?["lang"]?.isSecure == true)
        }
    }

    /// The parts of a zip package.
    func part(_ data: Data, _ name: String) throws -> String? {
        try ZipReader(data: data).read(name).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func everyExportSaysWhoTookItAndWhen() async throws {
        try await TestServer.with { server in
            // setup
            let firm = makeUSCC(serial: 1703)
            _ = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(firm)","name":"导出测试企业","district":"320214","segments":["ic-fab-u1"]}"#)
            _ = try await server.send(
                .POST, "/requests", json: #"{"enterprise":"\#(firm)","category":"land","title":"用地","description":"需要用地"}"#)
            let (cookie, _) = try await server.browser("exporter", [Grant(.official, .city)])
            // act
            let workbooks = [
                try await server.send(.GET, "/exports/enterprises.xlsx").body,
                try await server.send(.GET, "/exports/requests.xlsx").body,
                try await server.send(.GET, "/exports/leads.xlsx").body,
                try await server.page(.GET, "/exports/enterprises.xlsx", cookie: cookie).body,
            ]
            let month = String(SimpleDate.today().description.prefix(7))
            let report = try await server.page(.GET, "/departments/city/report.docx?month=\(month)", cookie: cookie)
            // check
            for (i, data) in workbooks.enumerated() {
                let core = try #require(try part(data, "docProps/core.xml"), "workbook \(i)")
                let by = i == 3 ? "exporter" : "official"
                #expect(core.contains("<dc:creator>\(by)</dc:creator>") && core.contains("dcterms:created"), "workbook \(i)")
                let sheet = try #require(try part(data, "xl/worksheets/sheet1.xml"))
                #expect(sheet.contains("<oddFooter>&amp;L由 \(by) 于 ") && sheet.contains("导出自链主通"), "workbook \(i)")
            }
            #expect(report.status == 200, "\(report.text.prefix(200))")
            #expect(try part(report.body, "docProps/core.xml")?.contains("<dc:creator>exporter</dc:creator>") == true)
            #expect(try part(report.body, "word/footer1.xml")?.contains("由 exporter 于 ") == true)
        }
    }

    @Test func queryLogsCarryStatementsButNeverBoundValues() async throws {
        try await TestServer.with { server in
            // setup: a logger at trace level through the redacting handler, capturing what it prints
            let captured = Captured()
            var logger = Logger(label: "test") { _ in RedactingLogHandler(wrapping: CapturingHandler(sink: captured)) }
            logger.logLevel = .trace
            let db = try #require(server.app.databases.database(logger: logger, on: server.app.eventLoopGroup.any()) as? any SQLDatabase)
            // act: a query with a secret bound value
            _ = try await db.raw("SELECT \(bind: "secret-password-hash") AS x").all()
            // check
            let lines = captured.lines.joined(separator: "\n")
            #expect(lines.contains("SELECT"))
            #expect(!lines.contains("secret-password-hash"))
        }
    }
}

final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] { lock.withLock { stored } }
    func add(_ s: String) { lock.withLock { stored.append(s) } }
}

struct CapturingHandler: LogHandler {
    let sink: Captured
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt
    ) {
        sink.add("\(message) \(metadata ?? [:]) \(self.metadata)")
    }
}
