import Fluent

struct M003_CreateChains: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("chains")
            .field("code", .string, .identifier(auto: false))
            .field("cluster_code", .string, .required, .references("clusters", "code"))
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("chief_name", .string)
            .field("chief_title", .string)
            .field("sort_order", .int, .required)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("chains").delete() }
}
