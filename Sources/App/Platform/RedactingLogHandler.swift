import Foundation
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

    public func log(event: LogEvent) {
        var event = event
        event.metadata = event.metadata?.filter { !Self.droppedKeys.contains($0.key) }
        inner.log(event: event)
    }
}

/// The process's logging: standard error, at `LOG_LEVEL` (default info), query binds dropped;
/// text lines, or JSON lines with `CHAINLEAD_LOG_FORMAT=json` (`serve --log-format json`).
public func bootstrapChainLeadLogging(environment: [String: String]) {
    let level = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
    let json = environment["CHAINLEAD_LOG_FORMAT"]?.lowercased() == "json"
    LoggingSystem.bootstrap { label in
        let inner: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
        var handler = RedactingLogHandler(wrapping: inner)
        handler.logLevel = level
        return handler
    }
}

/// One JSON object per line on standard error: `time`, `level`, `label`, `message`, and the
/// metadata (`request-id` as `request_id`, `route`, `status`, `duration_ms`, `user`, …).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    /// Where lines go (standard error; a test's buffer).
    let write: @Sendable (Data) -> Void

    public init(label: String, write: @escaping @Sendable (Data) -> Void = { FileHandle.standardError.write($0) }) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let a): a.map(plain)
        case .dictionary(let d): d.mapValues(plain)
        }
    }

    public func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        var object: [String: Any] = [:]
        for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            object[k.replacingOccurrences(of: "-", with: "_")] = Self.plain(v)
        }
        object["time"] = ISO8601DateFormatter().string(from: Date())
        object["level"] = level.rawValue
        object["label"] = label
        object["message"] = message.description
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return
        }
        data.append(0x0A)
        write(data)
    }
}
