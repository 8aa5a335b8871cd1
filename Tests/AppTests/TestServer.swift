import ChainLeadCore
import Foundation
import Logging
import SQLKit
import Testing
import Vapor

@testable import App

/// The app over a fresh database: an SQLite file, or a new PostgreSQL database when
/// `CHAINLEAD_TEST_POSTGRES_URL` names a server (its admin URL). Requests go in process through
/// the app's whole responder (every middleware, a loopback peer address), or — for the suites
/// where the socket is the point (body limits, chunked uploads, proxies) — to a real server on a
/// free loopback port.
struct TestServer {
    enum Transport: Sendable { case inProcess, http }

    let app: Application
    let baseURL: String
    var transport: Transport = .inProcess
    /// A city official's token (`official`, city): the default for requests.
    let token: String
    /// The system administrator's (`admin`): users, taxonomy, settings, audit (三员分立: no data).
    var adminToken: String = ""
    static let adminPassword = "Test-admin-Password-1"

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        }
    }

    /// An HTTP round trip. `token: nil` sends no Authorization header.
    func send(
        _ method: HTTPMethod, _ path: String, json: String? = nil, body: Data? = nil,
        headers: [(String, String)] = [], token: String?? = .none
    ) async throws -> Reply {
        var h = HTTPHeaders(headers)
        let bearer: String? = token ?? self.token
        if let bearer { h.add(name: "Authorization", value: "Bearer \(bearer)") }
        if json != nil && !h.contains(name: "Content-Type") { h.add(name: "Content-Type", value: "application/json") }
        return try await exchange(method, baseURL + path, headers: h, body: body ?? json.map { Data($0.utf8) })
    }

    /// One request to an absolute URL of this server, over the test's transport.
    func exchange(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders = [:], body: Data? = nil) async throws -> Reply {
        switch transport {
        case .http:
            let response = try await app.client.send(method, headers: headers, to: URI(string: url)) { req in
                if let body { req.body = ByteBuffer(data: body) }
            }
            return Reply(
                status: Int(response.status.code), headers: response.headers, body: response.body.map { Data(buffer: $0) } ?? Data())
        case .inProcess:
            let uri = URI(string: url)
            var headers = headers
            // What an HTTP client would send: the length of a body, unless it is sent chunked.
            if let body, !headers.contains(name: .transferEncoding) {
                headers.replaceOrAdd(name: .contentLength, value: String(body.count))
            }
            let target = Self.percentEncoded(uri.path) + (uri.query.map { "?" + Self.percentEncoded($0) } ?? "")
            let request = Request(
                application: app, method: method, url: URI(string: target),
                headers: headers, collectedBody: body.map { ByteBuffer(data: $0) },
                remoteAddress: try .init(ipAddress: "127.0.0.1", port: 40000),
                logger: app.logger, on: app.eventLoopGroup.next())
            let response = try await app.responder.respond(to: request).get()
            let collected = try await response.body.collect(on: request.eventLoop).get()
            return Reply(status: Int(response.status.code), headers: response.headers, body: collected.map { Data(buffer: $0) } ?? Data())
        }
    }

    var sql: any SQLDatabase { app.db.sql }

    /// What an HTTP client puts on the wire for a URL written with raw text: non-ASCII and
    /// spaces percent-encoded as UTF-8, everything else (already-encoded `%XX` too) as written.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII && scalar.value > 0x20 && scalar.value < 0x7F {
                out.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { out += String(format: "%%%02X", byte) }
            }
        }
        return out
    }

    static let postgresAdminURL = ProcessInfo.processInfo.environment["CHAINLEAD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    private static let bootstrapLogging: Void = {
        // bcrypt at its lowest cost: tests hash many passwords (read once, before the first hash).
        setenv("CHAINLEAD_BCRYPT_COST", "4", 1)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
    }()

    /// Runs `body` against a fresh app and database, then removes both.
    static func with(
        over transport: Transport = .inProcess, config adjust: (inout AppConfig) -> Void = { _ in },
        _ body: (TestServer) async throws -> Void
    ) async throws {
        _ = bootstrapLogging
        let scratch = try await ScratchDatabase.make()
        let app = try await Application.make(.testing)
        do {
            var config = AppConfig(database: scratch.location)
            config.apiRateLimit = 0  // tests send bursts with one token; `OperationsTests` sets a limit
            adjust(&config)
            try await configure(app, config)
            // Separate accounts per duty (三员分立): the system administrator and a city official.
            try await UserStore(db: app.db.sql).upsert(username: "admin", password: adminPassword, grants: [Grant(.admin, .city)])
            try await UserStore(db: app.db.sql).upsert(username: "official", password: adminPassword, grants: [Grant(.official, .city)])
            var base = "http://127.0.0.1/api/v1"
            if transport == .http {
                app.http.server.configuration.hostname = "127.0.0.1"
                app.http.server.configuration.port = 0
                app.http.client.configuration.redirectConfiguration = .disallow
                try await app.server.start()
                let port = try #require(app.http.server.shared.localAddress?.port)
                base = "http://127.0.0.1:\(port)/api/v1"
            }
            let anonymous = TestServer(app: app, baseURL: base, transport: transport, token: "")
            func login(_ name: String) async throws -> String {
                let reply = try await anonymous.send(
                    .POST, "/auth/token", json: #"{"username":"\#(name)","password":"\#(adminPassword)"}"#, token: .some(nil))
                return try #require(try reply.json()["token"] as? String)
            }
            try await body(
                TestServer(
                    app: app, baseURL: base, transport: transport, token: try await login("official"), adminToken: try await login("admin"))
            )
        } catch {
            if transport == .http { await app.server.shutdown() }
            try? await app.asyncShutdown()
            try? await scratch.drop()
            throw error
        }
        if transport == .http { await app.server.shutdown() }
        try await app.asyncShutdown()
        try await scratch.drop()
    }
}

/// A throw-away database for one test, already migrated: a copy of one migrated template per test
/// run (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL), so no test runs the
/// migrations itself.
struct ScratchDatabase {
    let location: DatabaseLocation
    let cleanup: @Sendable () async throws -> Void

    func drop() async throws { try await cleanup() }

    /// `migrated: false` gives an empty database (for tests of the migrations themselves).
    static func make(migrated: Bool = true) async throws -> ScratchDatabase {
        let name = "cl_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        if let admin = TestServer.postgresAdminURL {
            let template = migrated ? try await Templates.shared.postgres(admin) : nil
            // FILE_COPY: PostgreSQL 15's default (WAL_LOG) copies a template page by page through
            // the WAL, which made the whole PostgreSQL run twice as slow as migrating per test.
            try await adminExecute(admin, "CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0) STRATEGY FILE_COPY" } ?? ""))
            return ScratchDatabase(location: .postgres(url: try url(admin, database: name))) {
                try await adminExecute(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
        let path = try directory().appendingPathComponent("\(name).sqlite").path
        if migrated {
            let template = try await Templates.shared.sqlite()
            try #require(!FileManager.default.fileExists(atPath: template + "-wal"), "the template's WAL was not folded in")
            try FileManager.default.copyItem(atPath: template, toPath: path)
        }
        return ScratchDatabase(location: .sqlite(path: path)) {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chainlead-tests")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func url(_ admin: String, database: String) throws -> String {
        var comps = try #require(URLComponents(string: admin))
        comps.path = "/\(database)"
        return try #require(comps.string)
    }

    /// Migrates `location` with every migration, then lets go of it (a template must have no
    /// open connection when it is copied).
    static func migrate(_ location: DatabaseLocation) async throws {
        let app = try await Application.make(.testing)
        do {
            try app.useDatabase(location)
            app.migrations.add(AppMigrations.all)
            try await app.prepareSQLiteConnections()
            try await app.autoMigrate()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Removes the SQLite templates of earlier runs whose process has ended.
    static func removeStaleTemplates() {
        guard let dir = try? directory(), let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
        for name in names where name.hasPrefix("template-") {
            let pid = name.dropFirst("template-".count).prefix { $0.isNumber }
            // kill(pid, 0) fails with ESRCH once the process is gone.
            if let pid = Int32(pid), kill(pid, 0) != 0 { try? FileManager.default.removeItem(at: dir.appendingPathComponent(name)) }
        }
    }

    /// The migrated templates of this test run, each made once by whichever test asks first.
    actor Templates {
        static let shared = Templates()
        private var sqliteTemplate: Task<String, any Error>?
        private var postgresTemplate: Task<String, any Error>?

        func sqlite() async throws -> String {
            if let made = sqliteTemplate { return try await made.value }
            let making = Task {
                let path = try ScratchDatabase.directory().appendingPathComponent(
                    "template-\(ProcessInfo.processInfo.processIdentifier).sqlite"
                ).path
                ScratchDatabase.removeStaleTemplates()
                // Shutting the app down closes its last connection, which folds the WAL into the
                // file: a copy of the file alone is then the whole database.
                try await ScratchDatabase.migrate(.sqlite(path: path))
                return path
            }
            sqliteTemplate = making
            return try await making.value
        }

        func postgres(_ admin: String) async throws -> String {
            if let made = postgresTemplate { return try await made.value }
            let making = Task {
                let name = "cl_tmpl_\(ProcessInfo.processInfo.processIdentifier)"
                for stale in try await ScratchDatabase.adminNames(
                    admin, "SELECT datname AS name FROM pg_database WHERE datname LIKE 'cl_tmpl_%'")
                {
                    // The templates of runs whose process has ended (kill(pid, 0) fails), and this one's.
                    if let pid = Int32(stale.dropFirst("cl_tmpl_".count)),
                        pid == ProcessInfo.processInfo.processIdentifier || kill(pid, 0) != 0
                    {
                        try await ScratchDatabase.adminExecute(admin, "DROP DATABASE IF EXISTS \(stale) WITH (FORCE)")
                    }
                }
                try await ScratchDatabase.adminExecute(admin, "CREATE DATABASE \(name)")
                try await ScratchDatabase.migrate(.postgres(url: try ScratchDatabase.url(admin, database: name)))
                return name
            }
            postgresTemplate = making
            return try await making.value
        }
    }

    static func adminNames(_ url: String, _ query: String) async throws -> [String] {
        struct Row: Decodable { var name: String }
        let app = try await Application.make(.testing)
        do {
            try app.useDatabase(.postgres(url: url))
            let names = try await app.db.sql.raw(SQLQueryString(query)).all(decoding: Row.self).map(\.name)
            try await app.asyncShutdown()
            return names
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func adminExecute(_ url: String, _ statement: String) async throws {
        let app = try await Application.make(.testing)
        do {
            try app.useDatabase(.postgres(url: url))
            try await app.db.sql.raw(SQLQueryString(statement)).run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// A valid USCC for a division code, from a serial number (tests need many distinct ones).
func makeUSCC(division: String = "320214", serial: Int) -> String {
    let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    var n = serial
    var org: [Character] = []
    for _ in 0..<9 {
        org.append(alphabet[n % 31])
        n /= 31
    }
    let body = Array("91" + division) + org.reversed()
    return String(body) + String(ChainLeadCore.USCC.checkCharacter(for: body))
}
