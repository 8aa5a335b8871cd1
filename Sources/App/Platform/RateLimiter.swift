import ChainLeadCore
import Foundation
import NIOConcurrencyHelpers

/// The API's per-token rate limit: at most `perMinute` requests a token makes in a calendar
/// minute, then 429 with `Retry-After` until the next one. Kept in this instance's memory (no
/// database round trip per request): N instances behind a load balancer allow up to N× the limit.
/// The login throttle, which must count across instances, stays in the database.
final class RateLimiter: Sendable {
    let perMinute: Int
    private let state = NIOLockedValueBox<(minute: Int64, counts: [String: Int])>((0, [:]))

    init(perMinute: Int) { self.perMinute = perMinute }

    /// Counts one request of `key`; the seconds to wait when it is over the limit, else nil.
    func admit(_ key: String, now: Date = Date()) -> Int? {
        guard perMinute > 0 else { return nil }
        let seconds = Int64(now.timeIntervalSince1970)
        let minute = seconds / 60
        let count = state.withLockedValue { s -> Int in
            if s.minute != minute { s = (minute, [:]) }  // a new minute: the old counts go, memory stays bounded
            let n = (s.counts[key] ?? 0) + 1
            s.counts[key] = n
            return n
        }
        return count > perMinute ? Int(60 - seconds % 60) : nil
    }

    static func refused(_ seconds: Int) -> DomainError {
        DomainError(.tooMany, "rate_limited", "请求过于频繁：每个令牌每分钟最多请求的次数已用完，请\(seconds)秒后再试", retryAfter: seconds)
    }
}
