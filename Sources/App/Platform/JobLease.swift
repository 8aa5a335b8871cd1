import Foundation
import SQLKit

/// A job that runs on one instance at a time: whoever holds the lease row runs it; the lease
/// expires if its holder dies, and another instance takes over.
struct JobLease {
    let db: any SQLDatabase

    func acquire(_ name: String, holder: String, ttl: TimeInterval, now: Date = Date.nowSeconds()) async throws -> Bool {
        let expires = now.addingTimeInterval(ttl)
        // Take an expired lease or renew our own; else insert the first one.
        try await db.raw(
            """
            UPDATE job_leases SET holder = \(bind: holder), expires_at = \(bind: expires)
            WHERE name = \(bind: name) AND (expires_at < \(bind: now) OR holder = \(bind: holder))
            """
        ).run()
        if try await db.raw("SELECT name FROM job_leases WHERE name = \(bind: name)").first() == nil {
            do {
                try await db.insert(into: "job_leases").columns("name", "holder", "expires_at")
                    .values(SQLBind(name), SQLBind(holder), SQLBind(expires)).run()
            } catch {
                // Another instance inserted it first.
            }
        }
        let current = try await db.raw("SELECT holder FROM job_leases WHERE name = \(bind: name)")
            .first(decodingColumn: "holder", as: String.self)
        return current == holder
    }
}
