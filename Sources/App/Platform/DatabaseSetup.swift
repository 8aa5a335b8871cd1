import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Where the data live: an embedded SQLite file (the default) or a PostgreSQL server.
public enum DatabaseLocation: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLitePath = "chainlead.sqlite"

    /// `sqlite:///abs/path.db`, `sqlite://relative.db`, a bare file path, or `postgres://…`.
    public init(_ raw: String) throws {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("postgres://") || s.hasPrefix("postgresql://") {
            self = .postgres(url: s)
        } else if s.hasPrefix("sqlite://") {
            let path = String(s.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseLocationError.invalid(raw) }
            self = .sqlite(path: path)
        } else if s.contains("://") || s.isEmpty {
            throw DatabaseLocationError.invalid(raw)
        } else {
            self = .sqlite(path: s)
        }
    }

    /// `--database`, else `DATABASE_URL`, else `chainlead.sqlite` in the working directory.
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> DatabaseLocation
    {
        if let option { return try DatabaseLocation(option) }
        if let env = environment["DATABASE_URL"], !env.isEmpty { return try DatabaseLocation(env) }
        return .sqlite(path: defaultSQLitePath)
    }

    public var kind: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// For logs and banners: never the password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let url):
            guard var comps = URLComponents(string: url) else { return "postgres://…" }
            if comps.password != nil { comps.password = "***" }
            return comps.string ?? "postgres://…"
        }
    }
}

public enum DatabaseLocationError: Error, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self {
        case .invalid(let s): "Unsupported database URL '\(s)': use sqlite:///path.db or postgres://user@host:port/db"
        }
    }
}

extension DatabaseLocation {
    static let postgresPerEventLoop = 4
    /// Names this process's connections in `pg_stat_activity`, so `/metrics` counts its own.
    static let applicationName = "chainlead-\(ProcessInfo.processInfo.processIdentifier)"
}

extension Application {
    func useDatabase(_ location: DatabaseLocation) throws {
        switch location {
        case .sqlite(let path):
            // Statements are logged at debug; their bound values never (see RedactingLogHandler).
            databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
        case .postgres(let url):
            var config = try SQLPostgresConfiguration(url: url)
            config.searchPath = nil
            config.coreConfiguration.options.additionalStartupParameters.append(("application_name", DatabaseLocation.applicationName))
            databases.use(
                .postgres(configuration: config, maxConnectionsPerEventLoop: DatabaseLocation.postgresPerEventLoop, sqlLogLevel: .debug),
                as: .psql)
        }
    }

    /// One handle per event loop: on SQLite each is a connection of its own, so queries given
    /// to different handles run side by side; on PostgreSQL they share the pool.
    func sqlDatabasesPerEventLoop() -> [any SQLDatabase] {
        eventLoopGroup.makeIterator().compactMap { databases.database(logger: logger, on: $0) as? any SQLDatabase }
    }

    /// WAL and a busy timeout on every SQLite connection (one per event loop): readers then
    /// never block the writer. The driver has no per-connection hook, so run them at start.
    func prepareSQLiteConnections() async throws {
        guard databases.configuration(for: .sqlite) != nil else { return }
        for eventLoop in eventLoopGroup.makeIterator() {
            // Configured just above (guard), so the database is there; `.sql` checks it is SQL.
            guard let db = databases.database(.sqlite, logger: logger, on: eventLoop)?.sql else { continue }
            try await db.raw("PRAGMA journal_mode=WAL").run()
            try await db.raw("PRAGMA busy_timeout=10000").run()
            // FULL: a commit is on disk when it returns, so a power cut loses nothing answered as
            // saved (NORMAL could lose the last commits); imports commit rarely, so it costs little.
            try await db.raw("PRAGMA synchronous=FULL").run()
            try await db.raw("PRAGMA foreign_keys=ON").run()
            // No larger page cache or in-memory temp store here: imports set those on their own
            // connection (WriteSession), and the analytics' grouping ran faster with SQLite's
            // defaults (`bench supporting-rate`: 0.6 s against 1.0 s per query on 1M links).
        }
    }
}
