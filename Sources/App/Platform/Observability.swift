import ChainLeadCore
import Foundation
import Metrics
import Prometheus
import SQLKit
import Synchronization
import Vapor

/// Metrics for Prometheus (`GET /metrics`): Vapor's own request count and latency by route
/// template and status (`http_requests_total`, `http_request_duration_seconds`), and ChainLead's
/// login failures, throttled requests, job runs and imports. One registry per process.
enum Observability {
    static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
    }()

    static func bootstrap() { _ = bootstrapped }

    static let loginFailures = Counter(label: "chainlead_login_failures_total")
    /// Requests being answered now; beyond the pool's busy connections they wait for one.
    static let inFlight = Gauge(label: "chainlead_http_requests_in_flight")
    private static let inFlightCount = Atomic<Int>(0)

    static func requestStarted() { inFlight.record(inFlightCount.add(1, ordering: .relaxed).newValue) }
    static func requestEnded() { inFlight.record(inFlightCount.subtract(1, ordering: .relaxed).newValue) }

    /// The database pool, read when `/metrics` is scraped: its size, its connections by state
    /// (PostgreSQL's own `pg_stat_activity` for this process's `application_name`; the pool's
    /// counters are private to AsyncKit), and how long a fresh query waited for a connection.
    static func sampleDatabase(_ app: Application, db: any SQLDatabase) async {
        let isPostgres = app.databases.configuration(for: .psql) != nil
        let loops = app.eventLoopGroup.makeIterator().reduce(0) { n, _ in n + 1 }
        Gauge(label: "chainlead_db_pool_max").record(isPostgres ? loops * DatabaseLocation.postgresPerEventLoop : loops)
        let started = DispatchTime.now().uptimeNanoseconds
        _ = try? await db.raw("SELECT 1 AS x").first()
        Gauge(label: "chainlead_db_acquire_seconds").record(Double(DispatchTime.now().uptimeNanoseconds &- started) / 1e9)
        guard isPostgres else { return }
        struct Row: Decodable {
            var state: String
            var n: Int
        }
        let rows =
            (try? await db.raw(
                """
                SELECT COALESCE(state, 'unknown') AS state, COUNT(*)::int AS n FROM pg_stat_activity
                WHERE application_name = \(bind: DatabaseLocation.applicationName) GROUP BY state
                """
            ).all(decoding: Row.self)) ?? []
        let byState = Dictionary(rows.map { ($0.state, $0.n) }, uniquingKeysWith: +)
        // The scrape's own query is one of the active connections: not counted.
        Gauge(label: "chainlead_db_connections", dimensions: [("state", "active")]).record(max(0, (byState["active"] ?? 0) - 1))
        Gauge(label: "chainlead_db_connections", dimensions: [("state", "idle")]).record(
            byState.filter { $0.key != "active" }.values.reduce(0, +))
    }
    static let throttled = Counter(label: "chainlead_throttled_total")

    static func jobRun(_ job: String, ok: Bool, seconds: Double) {
        Counter(label: "chainlead_job_runs_total", dimensions: [("job", job), ("result", ok ? "ok" : "error")]).increment()
        Timer(label: "chainlead_job_duration_seconds", dimensions: [("job", job)]).recordNanoseconds(Int64(seconds * 1e9))
    }

    static func importFinished(kind: String, rows: Int, failed: Bool) {
        Counter(label: "chainlead_import_rows_total", dimensions: [("kind", kind)]).increment(by: max(0, rows))
        if failed { Counter(label: "chainlead_import_failures_total", dimensions: [("kind", kind)]).increment() }
    }
}

/// `/healthz` (liveness: the process answers, no database), `/readyz` (the database answers and
/// every migration is applied; 503 otherwise) and `/metrics` (from `CHAINLEAD_METRICS_ALLOW`
/// only, judged on the resolved client address) at the root, for load balancers and Prometheus.
struct OperationsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("readyz", use: ready)
        routes.get("metrics", use: metrics)
    }

    func health(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: #"{"status":"ok"}"#))
    }

    func ready(req: Request) async throws -> Response {
        struct Ready: Content {
            var status: String
            var database: String
            var migrations: Int
            var pending: Int
        }
        let expected = AppMigrations.all.count
        var applied = 0
        var reachable = true
        do {
            applied = try await req.sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first(decodingColumn: "n", as: Int.self) ?? 0
        } catch {
            reachable = false
        }
        let ok = reachable && applied >= expected
        let body = Ready(
            status: ok ? "ok" : "unavailable", database: reachable ? "ok" : "unreachable", migrations: applied,
            pending: max(0, expected - applied))
        let response = Response(status: ok ? .ok : .serviceUnavailable)
        try response.content.encode(body, as: .json)
        return response
    }

    func metrics(req: Request) async throws -> Response {
        let allow = ClientAddress(trustedProxies: req.application.chainLead.metricsAllow)
        guard let client = req.clientIP, allow.isTrusted(client) else {
            throw DomainError(.notFound, "not_found", "页面不存在")
        }
        await Observability.sampleDatabase(req.application, db: req.sql)
        return Response(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(data: Data(Observability.registry.emitToBuffer())))
    }
}

/// One log line per request (request id, user, route template, status, duration — never bodies,
/// query strings, passwords, tokens or contacts) and the `X-Request-Id` header. Outermost, so it
/// sees the status the error middleware gave.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        var context = RequestContext.current
        let note = RequestNote()
        context.note = note
        Observability.requestStarted()
        defer { Observability.requestEnded() }
        let response = try await RequestContext.$current.withValue(context) { try await next.respond(to: request) }
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        let route = request.route.map { r in "\(r.method.rawValue) /" + r.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let status = Int(response.status.code)
        if status == 429 { Observability.throttled.increment() }
        if status == 401, route == "POST /login" || route == "POST /api/v1/auth/token" { Observability.loginFailures.increment() }
        let ms = Double(DispatchTime.now().uptimeNanoseconds &- started) / 1_000_000
        request.logger.info(
            "request",
            metadata: [
                "route": .string(route), "status": .stringConvertible(status), "duration_ms": .string(String(format: "%.1f", ms)),
                "user": .string(note.user ?? request.webUser?.username ?? "-"),
            ])
        return response
    }
}

/// Who the request turned out to be, set by the authentication deep inside and read by the
/// request log outside (a task-local value cannot travel outwards).
final class RequestNote: @unchecked Sendable {
    private let lock = NSLock()
    private var _user: String?

    var user: String? {
        get { lock.withLock { _user } }
        set { lock.withLock { _user = newValue } }
    }
}
