import Fluent

/// Segments are retired (`retired_on`), never deleted, so history keeps its meaning.
struct M004_CreateSegments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("segments")
            .field("code", .string, .identifier(auto: false))
            .field("chain_code", .string, .required, .references("chains", "code"))
            .field("position", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("sort_order", .int, .required)
            .field("retired_on", .string)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("segments").delete() }
}
