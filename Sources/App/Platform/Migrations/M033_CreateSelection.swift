import Fluent
import SQLKit

/// Chain-leader selection (Policy S2, G1, G2): versioned schemes, campaigns (one per chain per
/// year, held by `campaign_chains`' unique key), applications with their snapshot and scores,
/// recognitions per chain, each firm's tier per chain, violations and reviews.
struct M033_CreateSelection: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("selection_schemes")
            .field("id", .int64, .identifier(auto: true))
            .field("name", .string, .required)
            .field("body", .string, .required)  // SelectionScheme as JSON
            .field("is_default", .bool, .required)
            .field("frozen", .bool, .required)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await db.schema("campaigns")
            .field("id", .int64, .identifier(auto: true))
            .field("year", .int, .required)
            .field("scheme_id", .int64, .required, .references("selection_schemes", "id"))
            .field("status", .string, .required)  // draft | open | closed
            .field("apply_until", .string, .required)  // YYYY-MM-DD
            .field("scored_at", .datetime)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await db.schema("campaign_chains")
            .field("campaign_id", .int64, .required, .references("campaigns", "id", onDelete: .cascade))
            .field("chain_code", .string, .required, .references("chains", "code"))
            .field("year", .int, .required)
            .unique(on: "year", "chain_code")
            .create()
        try await db.schema("applications")
            .field("id", .int64, .identifier(auto: true))
            .field("campaign_id", .int64, .required, .references("campaigns", "id", onDelete: .cascade))
            .field("chain_code", .string, .required, .references("chains", "code"))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc"))
            .field("status", .string, .required)  // submitted | recommended | notRecommended | scored | recognised
            .field("nominated", .bool, .required)  // by a city official: no district review
            .field("evidence", .string, .required)  // JSON object code → number
            .field("note", .string)
            .field("figures", .string, .required)  // JSON snapshot of the figures used
            .field("figures_at", .datetime, .required)
            .field("district_recommend", .bool)
            .field("district_reason", .string)
            .field("district_by", .string)
            .field("district_at", .datetime)
            .field("eligible", .bool)
            .field("reasons", .string)  // JSON [{rule, message}]
            .field("indicator_score", .double)
            .field("final_score", .double)
            .field("rank", .int)
            .field("indicators", .string)  // JSON [IndicatorPoints]
            .field("proposed_tier", .string)
            .field("scored_at", .datetime)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "campaign_id", "chain_code", "enterprise_uscc")
            .create()
        try await db.schema("recognitions")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc", onDelete: .cascade))
            .field("chain_code", .string, .required, .references("chains", "code"))
            .field("recognised_on", .string, .required)
            .field("review_due", .string, .required)
            .field("campaign_id", .int64, .references("campaigns", "id"))
            .field("status", .string, .required)  // active | revoked
            .field("source", .string, .required)  // campaign | registry
            .field("ended_on", .string)
            .field("ended_reason", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("chain_tiers")
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc", onDelete: .cascade))
            .field("chain_code", .string, .required, .references("chains", "code"))
            .field("tier", .string, .required)
            .field("since", .string, .required)
            .field("last_score", .double)
            .field("last_campaign_id", .int64)
            .unique(on: "enterprise_uscc", "chain_code")
            .create()
        try await db.schema("violations")
            .field("id", .int64, .identifier(auto: true))
            .field("enterprise_uscc", .string, .required, .references("enterprises", "uscc", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("date", .string, .required)
            .field("severity", .string, .required)  // minor | serious
            .field("status", .string, .required)  // open | closed
            .field("source", .string)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("reviews")
            .field("id", .int64, .identifier(auto: true))
            .field("recognition_id", .int64, .required, .references("recognitions", "id", onDelete: .cascade))
            .field("scheme_id", .int64, .required, .references("selection_schemes", "id"))
            .field("score", .double)
            .field("indicators", .string, .required)
            .field("figures", .string, .required)
            .field("outcome", .string)  // retained | warned | revoked, nil until decided
            .field("items", .string)  // JSON [String]
            .field("deadline", .string)
            .field("to_tier", .string)
            .field("reason", .string)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("created_by", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("enterprises").field("above_scale_year", .int).update()
        try await db.schema("tier_changes").field("chain_code", .string).update()
        try await db.schema("tier_changes").field("campaign_id", .int64).update()

        let sql = db.sql
        for (name, table, columns) in [
            ("idx_applications_enterprise", "applications", ["enterprise_uscc"]),
            ("idx_recognitions_chain", "recognitions", ["chain_code", "status"]),
            ("idx_recognitions_enterprise", "recognitions", ["enterprise_uscc"]),
            ("idx_recognitions_due", "recognitions", ["status", "review_due"]),
            ("idx_chain_tiers_chain", "chain_tiers", ["chain_code", "tier"]),
            ("idx_violations_enterprise", "violations", ["enterprise_uscc"]),
            ("idx_reviews_recognition", "reviews", ["recognition_id"]),
            ("idx_campaign_chains_campaign", "campaign_chains", ["campaign_id"]),
        ] {
            var index = sql.create(index: name).on(table)
            for c in columns { index = index.column(c) }
            try await index.run()
        }
        // At most one active recognition of a firm for a chain: two racing recognitions, one wins.
        try await sql.raw(
            "CREATE UNIQUE INDEX idx_recognitions_active ON recognitions (enterprise_uscc, chain_code) WHERE status = 'active'"
        ).run()
    }

    func revert(on db: any Database) async throws {
        for t in [
            "reviews", "violations", "chain_tiers", "recognitions", "applications", "campaign_chains", "campaigns", "selection_schemes",
        ] {
            try await db.schema(t).delete()
        }
    }
}
