import ChainLeadCore
import Fluent
import Foundation
import SQLKit

/// Seeds the default selection scheme and turns hand-set tiers into decisions in each firm's
/// primary chain (Policy S2, G1): leaders into recognitions (`source = registry`, recognised on
/// the date of their last change to that tier, review due two years later), the other tiers into
/// pool entries. A firm in no chain keeps its tier on the enterprise row only.
struct M034_TiersIntoDecisions: AsyncMigration {
    struct Row: Decodable {
        var uscc: String
        var tier: String
        var chainCode: String?
        var changedOn: String?
    }

    func prepare(on db: any Database) async throws {
        let sql = db.sql
        let now = Date()
        let body = String(decoding: try JSONEncoder().encode(SelectionScheme.standard), as: UTF8.self)
        try await sql.insert(into: "selection_schemes")
            .columns("name", "body", "is_default", "frozen", "created_by", "created_at", "updated_at")
            .values(
                SQLBind(SelectionScheme.standard.name), SQLBind(body), SQLBind(true), SQLBind(false), SQLBind("system"), SQLBind(now),
                SQLBind(now)
            )
            .run()
        let rows = try await sql.raw(
            """
            SELECT e.uscc, e.tier,
              (SELECT s.chain_code FROM memberships m JOIN segments s ON s.code = m.segment_code
                WHERE m.enterprise_uscc = e.uscc ORDER BY m.is_primary DESC, m.segment_code LIMIT 1) AS chain_code,
              (SELECT MAX(t.changed_on) FROM tier_changes t WHERE t.enterprise_uscc = e.uscc AND t.tier = e.tier) AS changed_on
            FROM enterprises e WHERE e.tier <> 'none'
            """
        ).rows(Row.self)
        let today = SimpleDate.today()
        for chunk in rows.filter({ $0.chainCode != nil }).chunked(300) {
            var tiers = sql.insert(into: "chain_tiers").columns("enterprise_uscc", "chain_code", "tier", "since")
            var leaders: [(Row, SimpleDate)] = []
            for r in chunk {
                let since = r.changedOn.flatMap(SimpleDate.init(iso:)) ?? today
                tiers = tiers.values(SQLBind(r.uscc), SQLBind(r.chainCode), SQLBind(r.tier), SQLBind(since.description))
                if r.tier == Tier.leader.rawValue { leaders.append((r, since)) }
            }
            try await tiers.run()
            guard !leaders.isEmpty else { continue }
            var insert = sql.insert(into: "recognitions")
                .columns("enterprise_uscc", "chain_code", "recognised_on", "review_due", "status", "source", "created_at")
            for (r, on) in leaders {
                insert = insert.values(
                    SQLBind(r.uscc), SQLBind(r.chainCode), SQLBind(on.description), SQLBind(ReviewRules.reviewDue(after: on).description),
                    SQLBind("active"), SQLBind("registry"), SQLBind(now))
            }
            try await insert.run()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("DELETE FROM recognitions").run()
        try await sql.raw("DELETE FROM chain_tiers").run()
        try await sql.raw("DELETE FROM selection_schemes").run()
    }
}
