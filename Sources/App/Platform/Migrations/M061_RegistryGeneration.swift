import Fluent
import SQLKit

/// The registry's generation (issue 21): the enterprise list's totals are kept in `figure_cache`
/// and every write to firms, their segments or their chain tiers moves it on.
struct M061_RegistryGeneration: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.insert(into: "cache_generations").columns("name", "value").values(SQLBind(FigureCache.registry), SQLBind(1)).run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.delete(from: "cache_generations").where("name", .equal, SQLBind(FigureCache.registry)).run()
    }
}
