import ChainLeadCore
import SQLKit
import Vapor

/// The campaign page's selection II part (Policy S1, S2): assigning a chain's expert panel,
/// applications short of experts, shortlists with their notices, and the campaign's history.
extension SelectionPages {
    struct ShortRow: Encodable, Sendable {
        var application: Int64
        var name: String
        var chain: String
        var have: Int
        var want: Int
    }

    struct ShortlistRow: Encodable, Sendable {
        var id: Int64
        var chain: String
        var statusLabel: String
        var firms: Int
        var notice: Int64?
    }

    struct HistoryRow: Encodable, Sendable {
        var at: String
        var actor: String
        var detail: String
    }

    struct ReviewSection: Encodable, Sendable {
        var experts: Bool
        var canAssign: Bool
        var chains: [Option]
        var short: [ShortRow]
        var shortlists: [ShortlistRow]
        var history: [HistoryRow]
    }

    /// Eligible applications with fewer unblocked experts than their chain's panel asks (one when
    /// no panel was set), read in one query.
    static func shortOfExperts(campaign id: Int64, caller: Caller, db: any SQLDatabase) async throws -> [ShortRow] {
        struct Row: Decodable {
            var id: Int64
            var name: String
            var chainCode: String
            var have: Int
            var want: Int?
        }
        let rows = try await db.raw(
            """
            SELECT a.id, e.name, a.chain_code,
              (SELECT COUNT(*) FROM assignments s WHERE s.application_id = a.id AND s.status <> 'blocked') AS have,
              (SELECT MAX(p.per_application) FROM expert_panels p WHERE p.campaign_id = a.campaign_id AND p.chain_code = a.chain_code) AS want
            FROM applications a JOIN enterprises e ON e.uscc = a.enterprise_uscc
            WHERE a.campaign_id = \(bind: id) AND a.eligible = \(bind: true) AND \(Applications.rowScope(caller.grants))
            ORDER BY a.chain_code, a.id LIMIT 1000
            """
        ).rows(Row.self)
        return rows.filter { $0.have < ($0.want ?? 1) }.map {
            ShortRow(application: $0.id, name: $0.name, chain: $0.chainCode, have: $0.have, want: $0.want ?? 1)
        }
    }

    func reviewSection(_ req: Request, _ c: CampaignView, names: [String: String]) async throws -> ReviewSection? {
        guard c.stages.experts || c.stages.chiefApproval || c.stages.notice else { return nil }
        let t = req.texts
        let short = c.stages.experts ? try await Self.shortOfExperts(campaign: c.id, caller: req.caller, db: req.sql) : []
        let lists = try await Shortlists(db: req.sql, caller: req.caller).list(campaign: c.id, chain: nil)
        let history = try await CampaignEvents.list(c.id, caller: req.caller, db: req.sql, limit: 50)
        let people = try await PeopleNames.load(history.map(\.actor), db: req.sql)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return ReviewSection(
            experts: c.stages.experts,
            canAssign: c.stages.experts && Policy.decide(req.caller.grants, .update, .selection(.campaigns)).allowed,
            chains: c.chains.map { Option(value: $0, label: names[$0] ?? $0, selected: false) },
            short: short.map {
                var r = $0
                r.chain = names[r.chain] ?? r.chain
                return r
            },
            shortlists: lists.reversed().map {
                ShortlistRow(
                    id: $0.id, chain: names[$0.chain] ?? $0.chain, statusLabel: t["shortlist_" + $0.status],
                    firms: $0.enterprises.filter { !$0.removed }.count, notice: $0.notice)
            },
            history: history.reversed().map {
                HistoryRow(at: formatter.string(from: $0.at), actor: people[$0.actor] ?? $0.actor, detail: $0.detail)
            })
    }
}
