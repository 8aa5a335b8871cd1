import Foundation
import SQLKit

/// Figures that are costly to compute and read on every page load (the city's supporting rate,
/// the years with supply links), kept in the database so every app instance shares them. A
/// figure is reused while the data's generation is the one it was computed from and it is younger
/// than `maxAge`; writers move the generation on in their own transaction (`bump`), so a reader
/// never keeps a figure older than the last committed write.
enum FigureCache {
    /// Supply links and the chain-leader set (who counts as a buyer).
    static let supply = "supply"
    /// Firms, their segments and their chain tiers: what the enterprise list filters on.
    static let registry = "registry"
    /// A backstop: a figure is recomputed at least this often whatever the generation says.
    static let maxAge: TimeInterval = 600

    /// Marks every figure of `name` stale. Call inside the writing transaction.
    static func bump(_ db: any SQLDatabase, _ name: String = supply) async throws {
        try await db.raw("UPDATE cache_generations SET value = value + 1 WHERE name = \(bind: name)").run()
    }

    static func generation(_ db: any SQLDatabase, _ name: String) async throws -> Int64 {
        try await db.raw("SELECT value FROM cache_generations WHERE name = \(bind: name)").first(decodingColumn: "value", as: Int64.self)
            ?? 0
    }

    struct Current: Decodable {
        var current: Int64
        var generation: Int64?
        var payload: String?
        var computedAt: Date?
    }

    /// The stored figure for `key` when still current, else `compute()`'s, stored for the next reader.
    static func value<T: Codable & Sendable>(
        _ db: any SQLDatabase, key: String, of name: String = supply, maxAge: TimeInterval = FigureCache.maxAge,
        compute: () async throws -> T
    ) async throws -> T {
        // The generation and the stored figure in one round trip (a page asks for several figures).
        let current = try await db.raw(
            """
            SELECT g.value AS current, f.generation, f.payload, f.computed_at FROM cache_generations g
            LEFT JOIN figure_cache f ON f.key = \(bind: key) WHERE g.name = \(bind: name)
            """
        ).row(Current.self)
        let generation = current?.current ?? 0
        if let current, let stored = current.generation, stored == generation, let payload = current.payload,
            let computedAt = current.computedAt, abs(Date().timeIntervalSince(computedAt)) < maxAge,
            let value = try? JSONDecoder().decode(T.self, from: Data(payload.utf8))
        {
            return value
        }
        let value = try await compute()
        let payload = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        // A reader never waits on a writer to keep a figure: on SQLite a long import holds the
        // write lock, so the store is tried on one connection with no lock wait, and a store that
        // cannot be made now is made by a later reader.
        let computedAt = Date.nowSeconds()
        try? await db.withSession { session in
            let sqlite = session.dialect.name == "sqlite"
            let wait = sqlite ? try await session.raw("PRAGMA busy_timeout").first(decodingColumn: "timeout", as: Int.self) : nil
            if sqlite { try await session.raw("PRAGMA busy_timeout=0").run() }
            var failure: (any Error)?
            do {
                try await session.raw(
                    """
                    INSERT INTO figure_cache (key, generation, payload, computed_at)
                    VALUES (\(bind: key), \(bind: generation), \(bind: payload), \(bind: computedAt))
                    ON CONFLICT (key) DO UPDATE SET generation = excluded.generation, payload = excluded.payload, computed_at = excluded.computed_at
                    """
                ).run()
            } catch {
                failure = error
            }
            if let wait { try await session.raw("PRAGMA busy_timeout=\(unsafeRaw: String(wait))").run() }
            if let failure { throw failure }
        }
        return value
    }
}
