import ChainLeadCore
import Foundation
import SQLKit

/// A firm's tier per chain (Policy S2: recognition is per chain, pools are per chain). The
/// enterprise's own `tier` is the highest it holds in any chain, kept in step by every decision,
/// and each change is in the tier history with its chain, reason and campaign.
enum ChainTiers {
    struct Change: Sendable {
        var enterprise: String
        var chain: String
        var tier: Tier
        var reason: String
        var campaign: Int64?
        var score: Double?
    }

    /// Applies one change inside the caller's transaction; answers the previous tier in the chain.
    @discardableResult
    static func apply(_ c: Change, by caller: Caller, today: SimpleDate, on tx: any SQLDatabase) async throws -> Tier {
        let previous =
            try await tx.raw(
                "SELECT tier FROM chain_tiers WHERE enterprise_uscc = \(bind: c.enterprise) AND chain_code = \(bind: c.chain)"
            ).first(decodingColumn: "tier", as: String.self).flatMap(Tier.init(rawValue:)) ?? .none
        guard previous != c.tier else {
            if let score = c.score {
                try await tx.raw(
                    "UPDATE chain_tiers SET last_score = \(bind: score), last_campaign_id = \(bind: c.campaign) WHERE enterprise_uscc = \(bind: c.enterprise) AND chain_code = \(bind: c.chain)"
                ).run()
            }
            return previous
        }
        try await tx.raw("DELETE FROM chain_tiers WHERE enterprise_uscc = \(bind: c.enterprise) AND chain_code = \(bind: c.chain)").run()
        if c.tier != .none {
            try await tx.insert(into: "chain_tiers").columns(
                "enterprise_uscc", "chain_code", "tier", "since", "last_score", "last_campaign_id"
            )
            .values(
                SQLBind(c.enterprise), SQLBind(c.chain), SQLBind(c.tier.rawValue), SQLBind(today.description), SQLBind(c.score),
                SQLBind(c.campaign)
            )
            .run()
        }
        let held = try await tx.raw("SELECT tier FROM chain_tiers WHERE enterprise_uscc = \(bind: c.enterprise)")
            .all(decodingColumn: "tier", as: String.self).compactMap(Tier.init(rawValue:))
        let highest = held.max() ?? .none
        let now = Date.nowSeconds()
        try await FigureCache.bump(tx, FigureCache.registry)  // registry before supply, the order every writer keeps
        try await FigureCache.bump(tx)  // who is a chain leader decides which purchases count
        try await tx.raw(
            "UPDATE enterprises SET tier = \(bind: highest.rawValue), updated_at = \(bind: now), version = version + 1 WHERE uscc = \(bind: c.enterprise)"
        ).run()
        try await tx.insert(into: "tier_changes")
            .columns(
                "enterprise_uscc", "tier", "previous_tier", "changed_on", "reason", "changed_by", "created_at", "chain_code", "campaign_id"
            )
            .values(
                SQLBind(c.enterprise), SQLBind(c.tier.rawValue), SQLBind(previous.rawValue), SQLBind(today.description), SQLBind(c.reason),
                SQLBind(caller.username), SQLBind(now), SQLBind(c.chain), SQLBind(c.campaign)
            )
            .run()
        try await AuditLog(db: tx, caller: caller).record(
            entity: "enterprise", key: c.enterprise, action: "tier",
            changes: ["tier@\(c.chain)": .init(from: previous.rawValue, to: c.tier.rawValue), "reason": .init(from: nil, to: c.reason)])
        return previous
    }
}
