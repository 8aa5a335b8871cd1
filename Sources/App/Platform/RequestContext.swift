import ChainLeadCore
import Foundation

/// What a handler knows of the request beyond its typed input: who is calling, from where,
/// and which JSON keys were sent as explicit `null` (merge-patch semantics need that).
public struct RequestContext: Sendable {
    public var userID: Int64?
    public var username: String?
    public var grants: [Grant] = []
    public var clientIP: String?
    /// Paths of explicit JSON nulls in the body: `key` or `parent.key`.
    public var nullKeys: Set<String> = []

    @TaskLocal public static var current = RequestContext()
}
