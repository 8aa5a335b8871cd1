import Fluent

/// One row per enterprise and year; amounts in whole yuan (bigint); NULL = unknown.
struct M008_CreateFigures: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("figures")
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc", onDelete: .cascade))
            .field("year", .int, .required)
            .field("output_value", .int64)
            .field("revenue", .int64)
            .field("rd_expense", .int64)
            .field("employees", .int64)
            .field("tax_paid", .int64)
            .field("exports", .int64)
            .field("total_assets", .int64)
            .field("total_liabilities", .int64)
            .field("main_business_revenue", .int64)
            .field("source", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "enterprise_uscc", "year")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("figures").delete() }
}
