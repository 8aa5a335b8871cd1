import Fluent
import Foundation
import SQLKit

/// Banks (reference data; a bank user's scope names one), quarterly collection rounds with the
/// firms invited beyond the whitelist, financing needs and their recommendations to banks with
/// each bank's answer (Policy S5). A whitelist keeps the rules it was derived with.
struct M050_CreateFinancing: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("banks")
            .field("name", .string, .identifier(auto: false))
            .field("branch", .string)
            .field("contact_person", .string)
            .field("contact_phone", .string)
            .field("created_at", .datetime, .required)
            .create()
        // Bank users created before the directory keep a valid scope.
        let named = try await db.sql.raw("SELECT DISTINCT scope FROM user_grants WHERE role = 'bank'").all(
            decodingColumn: "scope", as: String.self)
        for scope in named where scope.hasPrefix("bank:") && scope.count > 5 {
            try await db.sql.insert(into: "banks").columns("name", "created_at")
                .values(SQLBind(String(scope.dropFirst(5))), SQLBind(Date.nowSeconds())).run()
        }
        try await db.schema("finance_rounds")
            .field("id", .int64, .identifier(auto: true))
            .field("quarter", .string, .required)
            .field("open_until", .string, .required)  // YYYY-MM-DD, inclusive
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "quarter")
            .create()
        try await db.schema("finance_round_invites")
            .field("round_id", .int64, .required, .references("finance_rounds", "id"))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .unique(on: "round_id", "enterprise_uscc")
            .create()
        try await db.schema("finance_needs")
            .field("id", .int64, .identifier(auto: true))
            .field("round_id", .int64, .required, .references("finance_rounds", "id"))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("amount", .int64, .required)  // yuan
            .field("purpose", .string, .required)
            .field("term_months", .int, .required)
            .field("collateral", .string)
            .field("products", .string)
            .field("urgency", .string, .required)
            .field("contact_person", .string)
            .field("contact_phone", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "idx_finance_needs_round").on("finance_needs").column("round_id").run()
        try await db.sql.create(index: "idx_finance_needs_enterprise").on("finance_needs").column("enterprise_uscc").run()
        try await db.schema("finance_recommendations")
            .field("id", .int64, .identifier(auto: true))
            .field("need_id", .int64, .required, .references("finance_needs", "id"))
            .field("bank_name", .string, .required, .references("banks", "name"))
            .field("status", .string, .required)
            .field("amount", .int64)  // approved, yuan
            .field("rate_band", .string)
            .field("term_months", .int)
            .field("reason", .string)
            .field("recommended_by", .string, .required)
            .field("recommended_at", .datetime, .required)
            .field("first_answered_at", .datetime)
            .field("answered_by", .string)
            .field("answered_at", .datetime)
            .unique(on: "need_id", "bank_name")
            .create()
        try await db.sql.create(index: "idx_finance_recommendations_bank").on("finance_recommendations").column("bank_name")
            .column("status").run()
        try await db.schema("whitelists").field("rules", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("whitelists").deleteField("rules").update()
        for t in ["finance_recommendations", "finance_needs", "finance_round_invites", "finance_rounds", "banks"] {
            try await db.schema(t).delete()
        }
    }
}
