// Rules about accounts themselves: separation of duties (三员分立), what an enterprise
// user may change by self-service, and which client address to believe.

public enum SeparationOfDuties {
    /// The roles that run the system, not the programme: none of them is held with a business role.
    public static let systemRoles: Set<Role> = [.admin, .security, .auditor]

    /// Why these grants may not be held together, or nil when they may (三员分立). With the rule on:
    /// no account holds `admin` and `security` together; neither holds a business role (official,
    /// department, district, chief, enterprise, bank, expert); an `auditor` holds nothing else.
    public static func violation(_ grants: [Grant]) -> String? {
        let roles = Set(grants.map(\.role))
        let business = roles.subtracting(systemRoles)
        if roles.contains(.auditor) && roles.count > 1 {
            return "三员分立：审计员不能兼任其他角色"
        }
        if roles.contains(.admin) && roles.contains(.security) {
            return "三员分立：系统管理员与安全管理员不能由同一账号兼任"
        }
        if roles.contains(.security) && !business.isEmpty {
            return "三员分立：安全管理员不能兼任业务角色（\(business.map(\.nameZh).sorted().joined(separator: "、"))）"
        }
        if roles.contains(.admin) && !business.isEmpty {
            return "三员分立：系统管理员不能兼任业务角色（\(business.map(\.nameZh).sorted().joined(separator: "、"))）"
        }
        return nil
    }
}

extension Policy {
    /// The fields an enterprise user may change on its own profile (self-service): the
    /// contact data and its main products. Identity, tier, segments and status stay with officials.
    public static let selfServiceFields: Set<String> = ["address", "mainProducts", "contact.person", "contact.phone", "contact.email"]

    /// Which fields of this enterprise the grants may update: nil = any field the route
    /// accepts, else only these. Only a self-service grant (enterprise user) is limited.
    public static func updatableFields(_ grants: [Grant], _ resource: Resource) -> Set<String>? {
        var limited = false
        for g in grants {
            guard let d = decide(g, .update, resource), d.allowed else { continue }
            if g.role == .enterprise { limited = true } else { return nil }
        }
        return limited ? selfServiceFields : []
    }

    /// Whether yearly figures written by these grants are the firm's own report.
    public static func writesSelfReported(_ grants: [Grant], _ resource: Resource) -> Bool {
        updatableFields(grants, resource) == selfServiceFields
    }
}

/// The client's address for throttling and the audit trail. `X-Forwarded-For` is believed
/// only when the socket peer is a configured trusted proxy; then the rightmost address
/// not itself a trusted proxy is the client (anything left of it could be forged).
public struct ClientAddress: Sendable {
    public var trustedProxies: [String]

    public init(trustedProxies: [String]) {
        self.trustedProxies = trustedProxies.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    public func resolve(peer: String?, forwardedFor: String?) -> String? {
        guard let peer, isTrusted(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !isTrusted(hop) {
            return hop.count <= 64 ? hop : peer
        }
        return hops.first ?? peer
    }

    public func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { Self.matches(address, $0) }
    }

    /// An exact address, or an IPv4 CIDR block such as `10.0.0.0/8`.
    static func matches(_ address: String, _ rule: String) -> Bool {
        guard let slash = rule.firstIndex(of: "/") else { return address == rule }
        guard let bits = Int(rule[rule.index(after: slash)...]), (0...32).contains(bits),
            let net = ipv4(String(rule[..<slash])), let ip = ipv4(address)
        else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        return ip & mask == net & mask
    }

    static func ipv4(_ s: String) -> UInt32? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for p in parts {
            guard let octet = UInt8(p) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }
}

/// Where a login may send the browser back to (`next=`): only a path of this site.
public enum SafeRedirect {
    /// `raw` when it is a same-site path — one leading `/`, no `//` or `\` anywhere (browsers read
    /// `/\` and `/\t/` as another host), no control characters, no scheme — else `/`.
    public static func path(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), raw.count <= 2000 else { return "/" }
        if raw.contains("//") || raw.contains("\\") { return "/" }
        if raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) { return "/" }
        // Percent-encoded slashes, backslashes or controls decode to the same tricks.
        let lowered = raw.lowercased()
        for encoded in ["%2f", "%5c", "%09", "%0a", "%0d", "%00"] where lowered.contains(encoded) { return "/" }
        let beforeQuery = raw.split(separator: "?", maxSplits: 1).first.map(String.init) ?? raw
        if beforeQuery.contains(":") && beforeQuery.split(separator: "/").first?.contains(":") == true { return "/" }
        return raw
    }
}
