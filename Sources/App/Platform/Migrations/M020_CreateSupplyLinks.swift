import Fluent
import SQLKit

/// Buyers' yearly purchases by supplier and segment (Policy G5, L3). A registered supplier is
/// keyed by its USCC, an outside one by its normalised name and city; `supplier_district` is
/// the registered supplier's district, kept here so the supporting rate needs no join.
struct M020_CreateSupplyLinks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("supply_links")
            .field("id", .int64, .identifier(auto: true))
            .field("buyer_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("supplier_uscc", .string, .references("enterprises", "uscc"))
            .field("supplier_name", .string, .required)
            .field("supplier_city", .string)
            .field("supplier_key", .string, .required)
            .field("supplier_district", .string)
            .field("segment", .string, .required, .references("segments", "code"))
            .field("chain", .string, .required)
            .field("year", .int, .required)
            .field("amount", .int64, .required)
            .field("category", .string, .required)
            .field("resolution", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "supplier_key", "buyer_uscc", "segment", "year", "category")
            .create()
        let sql = db.sql
        // The analytics read one year's links in storage order through (year). No index leads with
        // chain or buyer: SQLite would walk it to skip a sort and fetch rows at random, which on
        // millions of links costs far more than the sort (measured by `bench supporting-rate`).
        // Lookups by supplier use the unique key, which starts with it.
        try await sql.create(index: "idx_supply_links_year").on("supply_links").column("year").run()
        try await sql.create(index: "idx_supply_links_supplier_uscc").on("supply_links").column("supplier_uscc").run()
    }
    func revert(on db: any Database) async throws { try await db.schema("supply_links").delete() }
}
