import Fluent

struct M001_CreateDistricts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("districts")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("county_level", .bool, .required)
            .field("sort_order", .int, .required)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("districts").delete() }
}
