import ChainLeadCore
import Fluent
import SQLKit

/// Projects (one entity with kinds: national S&T, major equipment, chain projects 强链补链延链,
/// landed investment, major projects) and standards (Policy L1, L4, S4, S5); honour kinds gain a
/// category so the `platforms` indicator counts innovation platforms apart from other honours.
struct M044_CreateProjectsAndStandards: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("honour_kinds").field("category", .string, .required, .sql(.default("honour"))).update()
        let platforms = HonourKind.defaults.filter(\.isPlatform).map(\.code)
        try await db.sql.update("honour_kinds").set("category", to: SQLBind("platform"))
            .where("code", .in, SQLBind.group(platforms)).run()
        try await db.schema("projects")
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("enterprise_uscc", .string, .references("enterprises", "uscc"))
            .field("investor", .string)
            .field("programme", .string)
            .field("year", .int, .required)
            .field("amount", .int64)  // yuan
            .field("chain_code", .string, .references("chains", "code"))
            .field("segment_code", .string, .references("segments", "code"))
            .field("action", .string)  // strengthen | fill | extend (chain projects)
            .field("stage", .string, .required)
            .field("case_by_case", .bool, .required)  // 一事一议
            .field("green_channel", .bool, .required)
            .field("lead_id", .int64)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_projects_chain_segment").on("projects").column("chain_code").column("segment_code").run()
        try await db.sql.create(index: "idx_projects_enterprise").on("projects").column("enterprise_uscc").run()
        try await db.sql.create(index: "idx_projects_kind_year").on("projects").column("kind").column("year").run()
        try await db.schema("standards")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("number", .string, .required)
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("role", .string, .required)
            .field("year", .int, .required)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "enterprise_uscc", "number")
            .create()
        try await db.sql.create(index: "idx_standards_year").on("standards").column("year").run()
        // Honour hints read one year's figures from a revenue upward, never the whole table.
        try await db.sql.create(index: "idx_figures_year_revenue").on("figures").column("year").column("revenue").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_figures_year_revenue").run()
        try await db.schema("standards").delete()
        try await db.schema("projects").delete()
        try await db.schema("honour_kinds").deleteField("category").update()
    }
}
