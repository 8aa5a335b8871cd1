import ChainLeadAPI
import ChainLeadCore
import Fluent
import Foundation
import Leaf
import LeafKit
import NIOPosix
import OpenAPIRuntime
import OpenAPIVapor
import SQLKit
import Vapor

/// Everything the app needs to start, set by the CLI or by tests.
public struct AppConfig: Sendable {
    public var database: DatabaseLocation
    public var tokenLifetime: TimeInterval = 12 * 3600
    /// Largest JSON body the API reads (413 beyond).
    public var maxBodyBytes: Int = 1 << 20
    public var autoMigrate: Bool = true
    /// 三员分立: no account holds admin and security together; auditors hold nothing else.
    public var separationOfDuties: Bool = true
    /// Socket peers whose `X-Forwarded-For` is believed (addresses or IPv4 CIDR blocks).
    public var trustedProxies: [String] = []
    /// API requests a token may make in a minute (429 beyond; 0: no limit).
    public var apiRateLimit = 600
    /// Client addresses (or IPv4 CIDR blocks) that may read `/metrics`.
    public var metricsAllow: [String] = ["127.0.0.1", "::1"]
    /// At SIGTERM: how long in-flight requests and the running job batch may take to finish
    /// (`CHAINLEAD_SHUTDOWN_TIMEOUT_SECONDS`).
    public var shutdownTimeout: TimeInterval = 30
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// A web session ends this long after login however active it is (`CHAINLEAD_SESSION_MAX_HOURS`).
    public var sessionMaxLifetime: TimeInterval = 12 * 3600
    /// Imports running at once in this instance (429 beyond).
    public var maxConcurrentImports = 2
    /// Largest import file (413 beyond).
    public var maxImportBytes = ImportFile.maxBytes
    /// What counts as local and which purchase categories the supporting rate leaves out.
    public var supplyScope = SupportingRateScope()
    /// When a chain map calls a segment weak or concentrated.
    public var segmentRule = SegmentStatusRule()
    /// Thresholds of the honour hints (`CHAINLEAD_HONOUR_HINTS`, a JSON file; docs/HONOUR-HINTS.md).
    public var honourHints = HonourHintRules()

    /// `CHAINLEAD_SEPARATION_OF_DUTIES=off`, `CHAINLEAD_TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1`,
    /// `CHAINLEAD_SESSION_IDLE_MINUTES=30`.
    public mutating func apply(environment env: [String: String]) {
        if let v = env["CHAINLEAD_SEPARATION_OF_DUTIES"]?.lowercased() { separationOfDuties = !["off", "false", "0", "no"].contains(v) }
        if let v = env["CHAINLEAD_TRUSTED_PROXIES"] { trustedProxies = v.split(separator: ",").map(String.init) }
        if let v = env["CHAINLEAD_METRICS_ALLOW"] { metricsAllow = v.split(separator: ",").map(String.init) }
        if let v = env["CHAINLEAD_API_RATE_LIMIT"].flatMap(Int.init), v >= 0 { apiRateLimit = v }
        if let v = env["CHAINLEAD_SHUTDOWN_TIMEOUT_SECONDS"].flatMap(Double.init), v > 0, v.isFinite { shutdownTimeout = min(v, 3600) }
        if let v = env["CHAINLEAD_SESSION_IDLE_MINUTES"].flatMap(Double.init), v > 0 { sessionIdleTimeout = v * 60 }
        if let v = env["CHAINLEAD_SESSION_MAX_HOURS"].flatMap(Double.init), v > 0 { sessionMaxLifetime = v * 3600 }
        if let v = env["CHAINLEAD_MAX_CONCURRENT_IMPORTS"].flatMap(Int.init), v > 0 { maxConcurrentImports = v }
        if let v = env["CHAINLEAD_LOCAL_DISTRICTS"] {
            supplyScope.localDistricts = Set(
                v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { District.named(code: $0) != nil })
        }
        if let v = env["CHAINLEAD_EXCLUDED_CATEGORIES"] {
            supplyScope.excludedCategories = Set(
                v.split(separator: ",").compactMap { SupplyCategory(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
        }
        if let v = env["CHAINLEAD_WEAK_LOCAL_SHARE"].flatMap(Double.init), (0...1).contains(v) { segmentRule.weakLocalShare = v }
        if let v = env["CHAINLEAD_CONCENTRATED_HHI"].flatMap(Double.init), (0...10_000).contains(v) { segmentRule.concentratedHHI = v }
        if let path = env["CHAINLEAD_HONOUR_HINTS"], let rules = try? HonourHintRules.load(path), rules.problems.isEmpty {
            honourHints = rules
        }
    }

    public init(database: DatabaseLocation) {
        self.database = database
    }
}

extension Application {
    struct ConfigKey: StorageKey { typealias Value = AppConfig }
    struct InstanceKey: StorageKey { typealias Value = String }

    /// This process among the instances sharing a database: host, process id and a random part.
    var instanceID: String {
        if let id = storage[InstanceKey.self] { return id }
        let id = "\(ProcessInfo.processInfo.hostName)#\(ProcessInfo.processInfo.processIdentifier)#\(UUID().uuidString.prefix(8))"
        storage[InstanceKey.self] = id
        return id
    }

    public var chainLead: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig(database: .sqlite(path: DatabaseLocation.defaultSQLitePath)) }
        set { storage[ConfigKey.self] = newValue }
    }
}

/// Configures databases, migrations, middleware and routes.
public func configure(_ app: Application, _ config: AppConfig) async throws {
    app.chainLead = config
    app.storage[Application.ImportSlotsKey.self] = ImportSlots(limit: config.maxConcurrentImports)
    app.storage[Application.BackgroundWorkKey.self] = BackgroundWork()
    app.lifecycle.use(BackgroundWork.Shutdown())
    if config.database.kind == "sqlite" {
        // SQLite runs each statement on a blocking thread, and a writer waiting for the lock sleeps
        // on one: give this app its own threads, more than its connections (one per event loop plus
        // an import's), so a waiting writer never takes the thread the lock holder needs.
        app.threadPool = NIOThreadPool(numberOfThreads: max(8, System.coreCount * 4))
    }
    try app.useDatabase(config.database)
    app.migrations.add(AppMigrations.all)
    try await app.prepareSQLiteConnections()
    if config.autoMigrate {
        try await app.autoMigrate()
        // An SQLite file has one process: any unfinished import in it belongs to a process that is gone.
        try await ImportJobs(db: app.db.sql)
            .failAbandoned(except: app.instanceID, olderThan: config.database.kind == "sqlite" ? nil : ImportJobs.heartbeatTTL)
    }

    // Our error middleware replaces Vapor's, which would log request headers (bearer tokens).
    app.middleware = Middlewares()
    Observability.bootstrap()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(VaporErrorMiddleware())
    app.routes.defaultMaxBodySize = "1mb"

    try configureViews(app)
    try routes(app)
    try webRoutes(app)
}

/// Leaf views and static files from the bundle, so `serve` works from any directory.
/// Leaf's default file limits refuse paths with a dot-folder (the bundle sits in `.build`).
func configureViews(_ app: Application) throws {
    guard let views = Bundle.module.url(forResource: "Views", withExtension: nil),
        let publicDir = Bundle.module.url(forResource: "Public", withExtension: nil)
    else {
        throw DomainError(.internal, "bundle", "views or static files missing from the bundle")
    }
    let viewsPath = views.path + "/"
    app.views.use(.leaf)
    app.leaf.sources = .singleSource(
        NIOLeafFiles(
            fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
            sandboxDirectory: viewsPath, viewDirectory: viewsPath))
    app.middleware.use(FileMiddleware(publicDirectory: publicDir.path + "/"))
}

func webRoutes(_ app: Application) throws {
    try app.register(collection: OperationsRoutes())
    try app.register(collection: LoginController())
    try app.register(collection: NoticePages())
    try app.register(collection: RewardNoticePages())
    let pages = app.grouped(WebAuthMiddleware(), CSRFMiddleware())
    try pages.register(collection: RegistryPages())
    try pages.register(collection: EnterprisePages())
    try pages.register(collection: ImportPages())
    try pages.register(collection: AuditPages())
    try pages.register(collection: AccountPages())
    try pages.register(collection: UserPages())
    try pages.register(collection: SelfServicePages())
    try pages.register(collection: SupplyPages())
    try pages.register(collection: RequestPages())
    try pages.register(collection: ServiceSettingsPages())
    try pages.register(collection: VisitPages())
    try pages.register(collection: SelectionPages())
    try pages.register(collection: WorkbenchPages())
    try pages.register(collection: InnovationPages())
    try pages.register(collection: InnovationRecordPages())
    try pages.register(collection: MatchmakingPages())
    try pages.register(collection: LabPages())
    try pages.register(collection: EventPages())
    try pages.register(collection: WhitelistPages())
    try pages.register(collection: FinancePages())
    try pages.register(collection: FinanceSidePages())
    try pages.register(collection: GreenChannelPages())
    try pages.register(collection: DashboardPages())
    try pages.register(collection: DashboardExports())
    try pages.register(collection: InfosecPages())
    try pages.register(collection: CasePages())
    try pages.register(collection: ScopeDashboardPages())
    try pages.register(collection: CalendarImportPages())
    try pages.register(collection: TaskPages())
}

func routes(_ app: Application) throws {
    let transport = VaporTransport(routesBuilder: app)
    let handler = APIHandler(app: app)
    try handler.registerHandlers(
        on: transport,
        serverURL: Servers.Server1.url(),
        middlewares: [
            APIErrorMiddleware(logger: app.logger),
            BearerAuthMiddleware(
                tokens: TokenStore(db: app.db.sql, lifetime: app.chainLead.tokenLifetime),
                limiter: RateLimiter(perMinute: app.chainLead.apiRateLimit)),
            BodyLimitMiddleware(limit: app.chainLead.maxBodyBytes),
            ETagMiddleware(),
        ])
    app.get("api", "v1", "openapi.yaml") { _ async throws -> Response in
        // A missing bundle resource answers 404 below.
        guard let url = ChainLeadAPIResources.specURL, let data = try? Data(contentsOf: url) else {
            throw DomainError.notFound("接口说明")
        }
        return Response(status: .ok, headers: ["Content-Type": "application/yaml; charset=utf-8"], body: .init(data: data))
    }
}
