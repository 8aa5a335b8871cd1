import Fluent

struct M002_CreateClusters: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("clusters")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("kind", .string, .required)
            .field("sort_order", .int, .required)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("clusters").delete() }
}
