import Fluent
import SQLKit

/// Supply–demand matchmaking (供需对接, Policy L1, L3): demands of buyers, offers of suppliers,
/// the matches between them, and a deal's own supply link. `supply_links.source` keeps a deal's
/// purchase (`deal`) apart from the reported one (`reported`) of the same buyer, supplier,
/// segment, year and category, so the unique key gains the column.
struct M046_CreateMatchmaking: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("enterprises").field("main_products", .string).update()
        try await db.schema("demands")
            .field("id", .int64, .identifier(auto: true))
            .field("buyer_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("segment", .string, .required, .references("segments", "code"))
            .field("chain", .string, .required)
            .field("quantity", .string)
            .field("budget_band", .string)
            .field("need_by", .string)
            .field("delivery_place", .string)
            .field("certifications", .string, .required)
            .field("prefer_local", .bool, .required)
            .field("visibility", .string, .required)
            .field("status", .string, .required)
            .field("outside_amount", .int64)
            .field("year", .int)
            .field("event_id", .int64)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("offers")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("certifications", .string, .required)
            .field("capacity", .string)
            .field("reference_customers", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("offer_segments")
            .field("offer_id", .int64, .required, .references("offers", "id"))
            .field("segment", .string, .required, .references("segments", "code"))
            .unique(on: "offer_id", "segment")
            .create()
        try await db.schema("matches")
            .field("id", .int64, .identifier(auto: true))
            .field("demand_id", .int64, .required, .references("demands", "id"))
            .field("buyer_uscc", .string, .required)
            .field("supplier_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("status", .string, .required)
            .field("score", .double, .required)
            .field("amount", .int64)
            .field("year", .int)
            .field("category", .string)
            .field("reason", .string)
            .field("link_id", .int64)
            .field("buyer_rating", .int)
            .field("supplier_rating", .int)
            .field("event_id", .int64)
            .field("contacted_at", .datetime)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "demand_id", "supplier_uscc")
            .create()
        let sql = db.sql
        try await sql.create(index: "idx_demands_buyer").on("demands").column("buyer_uscc").run()
        try await sql.create(index: "idx_demands_segment").on("demands").column("segment").column("status").run()
        try await sql.create(index: "idx_offers_enterprise").on("offers").column("enterprise_uscc").run()
        try await sql.create(index: "idx_offer_segments_segment").on("offer_segments").column("segment").run()
        try await sql.create(index: "idx_matches_supplier").on("matches").column("supplier_uscc").run()
        try await sql.create(index: "idx_matches_buyer").on("matches").column("buyer_uscc").run()
        try await Self.addLinkSource(sql)
    }

    /// SQLite cannot change a table's unique constraint: the table is rebuilt, rows and indexes kept.
    static func addLinkSource(_ sql: any SQLDatabase) async throws {
        let columns = """
            "id", "buyer_uscc", "supplier_uscc", "supplier_name", "supplier_city", "supplier_key", "supplier_district", "segment",
            "chain", "year", "amount", "category", "resolution", "created_at"
            """
        if sql.dialect.name == "sqlite" {
            try await sql.withTransaction { tx in
                try await tx.raw(
                    """
                    CREATE TABLE "supply_links_new" ("id" INTEGER PRIMARY KEY,
                      "buyer_uscc" TEXT NOT NULL REFERENCES "enterprises" ("uscc") ON DELETE NO ACTION ON UPDATE NO ACTION,
                      "supplier_uscc" TEXT REFERENCES "enterprises" ("uscc") ON DELETE NO ACTION ON UPDATE NO ACTION,
                      "supplier_name" TEXT NOT NULL, "supplier_city" TEXT, "supplier_key" TEXT NOT NULL, "supplier_district" TEXT,
                      "segment" TEXT NOT NULL REFERENCES "segments" ("code") ON DELETE NO ACTION ON UPDATE NO ACTION,
                      "chain" TEXT NOT NULL, "year" INTEGER NOT NULL, "amount" INTEGER NOT NULL, "category" TEXT NOT NULL,
                      "resolution" TEXT NOT NULL, "created_at" REAL NOT NULL, "source" TEXT NOT NULL DEFAULT 'reported',
                      CONSTRAINT "uq_supply_links_key" UNIQUE ("supplier_key", "buyer_uscc", "segment", "year", "category", "source"))
                    """
                ).run()
                try await tx.raw(
                    "INSERT INTO \"supply_links_new\" (\(unsafeRaw: columns)) SELECT \(unsafeRaw: columns) FROM \"supply_links\""
                ).run()
                try await tx.raw("DROP TABLE \"supply_links\"").run()
                try await tx.raw("ALTER TABLE \"supply_links_new\" RENAME TO \"supply_links\"").run()
                try await tx.create(index: "idx_supply_links_year").on("supply_links").column("year").run()
                try await tx.create(index: "idx_supply_links_supplier_uscc").on("supply_links").column("supplier_uscc").run()
            }
        } else {
            try await sql.withTransaction { tx in
                try await tx.raw("ALTER TABLE supply_links ADD COLUMN source TEXT NOT NULL DEFAULT 'reported'").run()
                let names = try await tx.raw(
                    "SELECT conname FROM pg_constraint WHERE conrelid = 'supply_links'::regclass AND contype = 'u'"
                ).all(decodingColumn: "conname", as: String.self)
                for name in names {
                    try await tx.raw("ALTER TABLE supply_links DROP CONSTRAINT \(ident: name)").run()
                }
                try await tx.raw(
                    """
                    ALTER TABLE supply_links ADD CONSTRAINT uq_supply_links_key
                      UNIQUE (supplier_key, buyer_uscc, segment, year, category, source)
                    """
                ).run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema("matches").delete()
        try await db.schema("offer_segments").delete()
        try await db.schema("offers").delete()
        try await db.schema("demands").delete()
        try await db.schema("enterprises").deleteField("main_products").update()
    }
}
