import ChainLeadCore
import Fluent
import Foundation
import SQLKit

/// Honours and rewards without application (Policy L4, S3, S4, G3): the kinds (seeded, editable),
/// each firm's grants (first-time flag stored; deleted ones kept with their reason), the reward
/// rules and the rewards themselves — a first-time reward at most once per firm, kind and product, ever.
struct M042_CreateHonours: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("honour_kinds")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("level", .string, .required)
            .field("validity_years", .int)
            .field("per_product", .bool, .required)
            .field("first_after_lapse", .bool, .required)
            .field("sort_order", .int, .required)
            .create()
        try await db.schema("honours")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("kind", .string, .required, .references("honour_kinds", "code"))
            .field("year", .int, .required)
            .field("granted_on", .string)
            .field("valid_until", .string)
            .field("product", .string)
            .field("product_key", .string, .required)
            .field("evidence", .string)
            .field("first_time", .bool, .required)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .field("deleted_at", .datetime)
            .field("deleted_by", .string)
            .field("deleted_reason", .string)
            .create()
        // The same firm, kind, product and year once (deleted grants aside): a second answers 409.
        try await db.sql.raw(
            "CREATE UNIQUE INDEX uq_honours_live ON honours (enterprise_uscc, kind, product_key, year) WHERE deleted_at IS NULL"
        ).run()
        try await db.sql.create(index: "idx_honours_kind_year").on("honours").column("kind").column("year").run()
        try await db.sql.create(index: "idx_honours_enterprise").on("honours").column("enterprise_uscc").run()
        try await db.schema("reward_rules")
            .field("kind", .string, .identifier(auto: false))
            .field("first_time_only", .bool, .required)
            .field("amount", .int64, .required)
            .field("from_year", .int, .required)
            .field("set_by", .string)
            .field("set_at", .datetime, .required)
            .field("version", .int64, .required, .sql(.default(1)))
            .create()
        try await db.schema("rewards")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("kind", .string, .required)
            .field("product_key", .string, .required)
            // 0 for a first-time reward (once ever); the honour's year for a rule that pays every grant.
            .field("grant_year", .int, .required)
            .field("honour_id", .int64, .required, .references("honours", "id"))
            .field("amount", .int64, .required)
            .field("status", .string, .required)
            .field("reason", .string)
            .field("paid_on", .string)
            .field("voucher", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("version", .int64, .required, .sql(.default(1)))
            .unique(on: "enterprise_uscc", "kind", "product_key", "grant_year")
            .create()
        try await db.sql.create(index: "idx_rewards_status").on("rewards").column("status").run()
        for (i, k) in HonourKind.defaults.enumerated() {
            try await db.sql.insert(into: "honour_kinds")
                .columns("code", "name", "name_en", "level", "validity_years", "per_product", "first_after_lapse", "sort_order")
                .values(
                    SQLBind(k.code), SQLBind(k.name), SQLBind(k.nameEn), SQLBind(k.level.rawValue), SQLBind(k.validityYears),
                    SQLBind(k.perProduct), SQLBind(k.firstAfterLapse), SQLBind(i)
                )
                .run()
        }
    }

    func revert(on db: any Database) async throws {
        for table in ["rewards", "reward_rules", "honours", "honour_kinds"] { try await db.schema(table).delete() }
    }
}
