import Fluent
import SQLKit

/// Figures kept ahead for hot pages (issue 21): the city's supporting rate and the years with
/// supply links, stored with the generation of the data they were computed from. Every write to
/// supply links or chain leaders moves the generation on (`FigureCache.bump`).
struct M060_CreateFigureCache: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("figure_cache")
            .field("key", .string, .identifier(auto: false))
            .field("generation", .int64, .required)
            .field("payload", .string, .required)
            .field("computed_at", .datetime, .required)
            .create()
        try await db.schema("cache_generations")
            .field("name", .string, .identifier(auto: false))
            .field("value", .int64, .required)
            .create()
        try await db.sql.insert(into: "cache_generations").columns("name", "value").values(SQLBind(FigureCache.supply), SQLBind(1)).run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("cache_generations").delete()
        try await db.schema("figure_cache").delete()
    }
}
