import ChainLeadCore
import Foundation

/// Who is calling: the user, their roles with scopes, and where from. Services take one as a
/// parameter; it is made once per request at the handler boundary (`HandlerBoundary.swift`).
public struct Caller: Sendable {
    public var userID: Int64?
    public var username: String?
    public var grants: [Grant]
    public var clientIP: String?
    /// The server itself (its command line, jobs, the demo loader): trusted, audited by name.
    public private(set) var isSystem = false

    public init(userID: Int64? = nil, username: String? = nil, grants: [Grant] = [], clientIP: String? = nil) {
        self.userID = userID
        self.username = username
        self.grants = grants
        self.clientIP = clientIP
    }

    /// Work done by the system itself or from the server's command line (audited under `name`).
    public static func system(_ name: String) -> Caller {
        var caller = Caller(username: name)
        caller.isSystem = true
        return caller
    }

    /// The command line's caller: "cli:" and the operating-system user.
    public static var commandLine: Caller { .system("cli:\(ProcessInfo.processInfo.environment["USER"] ?? "root")") }
}

/// How the middlewares hand the request's caller and explicit JSON nulls to the generated API's
/// handlers, whose methods take only their typed input. Written by the middlewares, read only in
/// `HandlerBoundary.swift`.
struct RequestContext: Sendable {
    var caller = Caller()
    /// Paths of explicit JSON nulls in the body: `key` or `parent.key`.
    var nullKeys: Set<String> = []
    /// Shared with the request log (`RequestLogMiddleware`): who the request turned out to be.
    var note = RequestNote()

    @TaskLocal static var current = RequestContext()
}
