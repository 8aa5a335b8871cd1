import Logging

/// Wraps a log handler and drops the bound values SQLKit and PostgresNIO attach to query logs
/// (password hashes, contacts, tokens): statements may be logged, their binds never, at any level.
public struct RedactingLogHandler: LogHandler {
    static let droppedKeys: Set<String> = ["binds", "psql_binds"]

    private var inner: any LogHandler

    public init(wrapping inner: any LogHandler) { self.inner = inner }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue.filter { !Self.droppedKeys.contains($0.key) } }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { if !Self.droppedKeys.contains(key) { inner[metadataKey: key] = newValue } }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        inner.log(
            level: level, message: message, metadata: metadata?.filter { !Self.droppedKeys.contains($0.key) },
            source: source, file: file, function: function, line: line)
    }
}

/// The process's logging: standard error, at `LOG_LEVEL` (default info), query binds dropped.
public func bootstrapChainLeadLogging(environment: [String: String]) {
    let level = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
    LoggingSystem.bootstrap { label in
        var handler = RedactingLogHandler(wrapping: StreamLogHandler.standardError(label: label))
        handler.logLevel = level
        return handler
    }
}
