import ChainLeadCore
import Foundation
import SQLKit

/// A campaign's history (Policy S2): each step of selection II — assignments, declarations,
/// scores, shortlists and the chief's decisions, notices, objections, recognitions — with who and when.
struct CampaignEvent: Codable, Sendable {
    var id: Int64
    var chain: String?
    var kind: String
    var detail: String
    var actor: String
    var at: Date
}

enum CampaignEvents {
    static func record(
        _ campaign: Int64, chain: String?, kind: String, detail: String, by caller: Caller, on db: any SQLDatabase
    ) async throws {
        try await db.insert(into: "campaign_events").columns("campaign_id", "chain_code", "kind", "detail", "actor", "at")
            .values(
                SQLBind(campaign), SQLBind(chain), SQLBind(kind), SQLBind(String(detail.prefix(2000))),
                SQLBind(caller.username ?? "system"), SQLBind(Date.nowSeconds())
            ).run()
    }

    /// The newest `limit` events of a campaign, oldest first (chains outside a chief's are left out).
    static func list(_ campaign: Int64, caller: Caller, db: any SQLDatabase, limit: Int = 500) async throws -> [CampaignEvent] {
        let scope = Recognitions.chainScope(caller.grants, column: "chain_code")
        let rows = try await db.raw(
            """
            SELECT id, chain_code AS chain, kind, detail, actor, at FROM campaign_events
            WHERE campaign_id = \(bind: campaign) AND (chain_code IS NULL OR \(scope) OR \(bind: caller.isSystem))
            ORDER BY id DESC LIMIT \(bind: limit)
            """
        ).rows(CampaignEvent.self)
        return rows.reversed()
    }
}
