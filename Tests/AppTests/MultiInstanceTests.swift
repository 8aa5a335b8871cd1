import ChainLeadCore
import Foundation
import Testing

@testable import App

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Two `chainlead serve` processes on one PostgreSQL database, as behind a load balancer: a token
/// from one works on the other, a web session survives switching instance, the login throttle
/// counts across both, and the escalation job runs in one instance only. Runs in the PostgreSQL
/// pass of the suite (`CHAINLEAD_TEST_POSTGRES_URL`); SQLite is one instance by design.
@Suite(.serialized) struct MultiInstanceTests {
    struct Instance {
        var process: Process
        var base: String
    }

    static func freePort() throws -> Int { try BenchServer.freePort() }

    static func start(_ database: String, password: String, environment extra: [String: String] = [:], log: URL? = nil) throws -> Instance {
        let port = try freePort()
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["serve", "--port", "\(port)", "--database", database]
        process.environment = ProcessInfo.processInfo.environment.merging(
            [
                "CHAINLEAD_ADMIN_PASSWORD": password, "CHAINLEAD_JOB_INTERVAL_SECONDS": "1", "CHAINLEAD_API_RATE_LIMIT": "0",
                "CHAINLEAD_BCRYPT_COST": "4", "LOG_LEVEL": "warning",
            ].merging(extra) { $1 }
        ) { $1 }
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return Instance(process: process, base: "http://127.0.0.1:\(port)")
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    /// One request, no redirects followed, cookies as given.
    static func call(_ method: String, _ url: String, body: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        // A loaded test machine (a build beside the suite) may take over a minute on a big import.
        request.timeoutInterval = 300
        request.httpShouldHandleCookies = false
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        final class NoRedirect: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
            func urlSession(
                _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
            ) { completionHandler(nil) }
        }
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirect(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        var out: [String: String] = [:]
        for (k, v) in http?.allHeaderFields ?? [:] { out[String(describing: k).lowercased()] = String(describing: v) }
        return Reply(status: http?.statusCode ?? 0, headers: out, body: String(decoding: data, as: UTF8.self))
    }

    /// A fresh temporary folder with a 60-firm demo city on SQLite in it; the caller removes `dir`.
    static func demoCity(_ label: String) async throws -> (dir: URL, path: String, db: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("city.sqlite").path
        let db = "sqlite://" + path
        let made = try await CLITests.run(["demo", "--database", db, "--enterprises", "60"])
        try #require(made.status == 0, "\(made.output.suffix(300))")
        return (dir, path, db)
    }

    /// A bearer token of `user` on a served instance.
    static func token(_ base: String, _ user: String, _ password: String) async throws -> String {
        let r = try await call(
            "POST", base + "/api/v1/auth/token", body: #"{"username":"\#(user)","password":"\#(password)"}"#,
            headers: ["Content-Type": "application/json"])
        return try #require((try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any])?["token"] as? String, "\(r.body)")
    }

    static func waitReady(_ i: Instance) async throws {
        for _ in 0..<300 {
            if let r = try? await call("GET", i.base + "/readyz"), r.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(i.base) did not get ready")
    }

    static func jobRuns(_ i: Instance) async throws -> Double {
        let text = try await call("GET", i.base + "/metrics").body
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("chainlead_job_runs_total") && $0.contains(#"result="ok""#) }
        return lines.compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
    }

    @Test func twoInstancesShareTokensSessionsTheThrottleAndOneJob() async throws {
        guard TestServer.postgresAdminURL != nil else { return }
        try CLITests.requireBinary()
        // setup: one database, two servers
        let scratch = try await ScratchDatabase.make()
        defer { Task { try? await scratch.drop() } }
        guard case .postgres(let url) = scratch.location else { return }
        let password = "Multi-Inst-Pass-1"
        let a = try Self.start(url, password: password)
        defer { a.process.terminate() }
        try await Self.waitReady(a)
        let b = try Self.start(url, password: password)
        defer { b.process.terminate() }
        try await Self.waitReady(b)

        // act + check: a token from A works on B
        let login = try await Self.call(
            "POST", a.base + "/api/v1/auth/token", body: #"{"username":"admin","password":"\#(password)"}"#,
            headers: ["Content-Type": "application/json"])
        #expect(login.status == 200, "\(login.body)")
        let token = try #require(
            (try JSONSerialization.jsonObject(with: Data(login.body.utf8)) as? [String: Any])?["token"] as? String)
        let onB = try await Self.call("GET", b.base + "/api/v1/users", headers: ["Authorization": "Bearer \(token)"])
        #expect(onB.status == 200, "\(onB.body.prefix(200))")

        // a web session made on A is known to B
        let form = try await Self.call("GET", a.base + "/login")
        let csrfCookie = try #require(form.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let csrf = String(csrfCookie.split(separator: "=", maxSplits: 1).last ?? "")
        let signed = try await Self.call(
            "POST", a.base + "/login", body: "username=admin&password=\(password)&next=%2Fworkbench&_login_csrf=\(csrf)",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": csrfCookie])
        #expect(signed.status == 303, "\(signed.status)")
        let session = try #require(
            signed.headers["set-cookie"]?.components(separatedBy: ", ").first { $0.hasPrefix(WebSessionStore.cookieName) }?
                .split(separator: ";").first.map(String.init))
        let page = try await Self.call("GET", b.base + "/workbench", headers: ["Cookie": session])
        #expect(page.status == 200 && page.body.contains("工作台"), "\(page.status)")

        // the login throttle counts failures on both: 5 on A and 5 on B, then the next is refused
        for i in 0..<10 {
            let target = i < 5 ? a : b
            let wrong = try await Self.call(
                "POST", target.base + "/api/v1/auth/token", body: #"{"username":"admin","password":"wrong-\#(i)"}"#,
                headers: ["Content-Type": "application/json"])
            #expect(wrong.status == 401)
        }
        let refused = try await Self.call(
            "POST", a.base + "/api/v1/auth/token", body: #"{"username":"admin","password":"\#(password)"}"#,
            headers: ["Content-Type": "application/json"])
        #expect(refused.status == 429, "\(refused.status) \(refused.body)")

        // the escalation job runs every second, in one instance only (the lease)
        try await Task.sleep(for: .seconds(4))
        let runsA = try await Self.jobRuns(a)
        let runsB = try await Self.jobRuns(b)
        #expect(runsA + runsB >= 2, "A \(runsA), B \(runsB)")
        #expect(min(runsA, runsB) == 0, "both instances ran the job: A \(runsA), B \(runsB)")
    }
}
