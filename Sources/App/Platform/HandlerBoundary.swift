import ChainLeadCore
import Foundation
import SQLKit
import Vapor

/// The handler boundary: the one place the request's caller is read, for the API (from the
/// task-local the middlewares set) and for pages (from the session and the client address).
extension APIHandler {
    /// Read in the handler's own task; bind it to a `let` before handing it to a closure that may run
    /// in another (a transaction), where the task-local is not set.
    var caller: Caller { RequestContext.current.caller }
    /// The body's explicit JSON nulls (merge-patch: `null` clears, absent keeps).
    var nullKeys: Set<String> { RequestContext.current.nullKeys }

    /// Asks the policy for this caller (403 with the reason; denied writes audited).
    func require(_ action: Action, _ resource: Resource) async throws {
        try await Access.require(action, resource, caller: caller, db: sql)
    }
}

extension Request {
    private struct ClientIPKey: StorageKey { typealias Value = String }

    /// The client address, resolved once by `VaporErrorMiddleware` (trusted proxies considered).
    var clientIP: String? {
        get { storage[ClientIPKey.self] }
        set { storage[ClientIPKey.self] = newValue }
    }

    /// The page's caller: the session's user, from this client address.
    var caller: Caller {
        Caller(userID: webUser?.id, username: webUser?.username, grants: webUser?.grants ?? [], clientIP: clientIP)
    }

    /// Asks the policy for this page's caller (403 with the reason; denied writes audited).
    func require(_ action: Action, _ resource: Resource) async throws {
        try await Access.require(action, resource, caller: caller, db: sql)
    }
}
