import ChainLeadCore
import Foundation
import SQLKit

/// The figures an application used, by year (a snapshot: later edits do not change a scored
/// campaign silently).
struct YearFigures: Codable, Sendable, Equatable {
    var outputValue: Int64?
    var revenue: Int64?
    var rdExpense: Int64?
    var taxPaid: Int64?
    var exports: Int64?
}

/// One application (申报) or nomination (推荐) of a firm for a chain in a campaign (Policy S2).
struct ApplicationView: Sendable {
    var id: Int64
    var campaign: Int64
    var year: Int
    var chain: String
    var enterprise: String
    var enterpriseName: String
    var district: String
    var status: String
    var nominated: Bool
    var evidence: [String: Double]
    var note: String?
    var figures: [String: YearFigures]
    var districtRecommend: Bool?
    var districtReason: String?
    var eligible: Bool?
    var reasons: [EligibilityReason]
    var indicatorScore: Double?
    var finalScore: Double?
    var rank: Int?
    var indicators: [IndicatorPoints]
    var proposedTier: String?
    var scoredAt: Date?
    var createdAt: Date
    var expertScore: Double? = nil
    var expertsComplete: Bool? = nil
}

struct Applications {
    let db: any SQLDatabase
    let caller: Caller

    struct Row: Decodable {
        var id: Int64
        var campaignId: Int64
        var year: Int
        var chainCode: String
        var enterpriseUscc: String
        var name: String
        var districtCode: String
        var status: String
        var nominated: Bool
        var evidence: String
        var note: String?
        var figures: String
        var districtRecommend: Bool?
        var districtReason: String?
        var eligible: Bool?
        var reasons: String?
        var indicatorScore: Double?
        var finalScore: Double?
        var rank: Int?
        var indicators: String?
        var proposedTier: String?
        var scoredAt: Date?
        var createdAt: Date
        var expertScore: Double?
        var expertsComplete: Bool?
    }

    static let select: SQLQueryString = """
        SELECT a.id, a.campaign_id, c.year, a.chain_code, a.enterprise_uscc, e.name, e.district_code, a.status, a.nominated, a.evidence,
          a.note, a.figures, a.district_recommend, a.district_reason, a.eligible, a.reasons, a.indicator_score, a.final_score, a.rank,
          a.indicators, a.proposed_tier, a.scored_at, a.created_at, a.expert_score, a.experts_complete
        FROM applications a JOIN campaigns c ON c.id = a.campaign_id JOIN enterprises e ON e.uscc = a.enterprise_uscc
        """

    static func json<T: Decodable>(_ text: String?, _ type: T.Type, column: String) throws -> T? {
        guard let text else { return nil }
        guard let value = try? JSONDecoder().decode(T.self, from: Data(text.utf8)) else { throw DomainError.storedValue(column) }
        return value
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func view(_ r: Row) throws -> ApplicationView {
        ApplicationView(
            id: r.id, campaign: r.campaignId, year: r.year, chain: r.chainCode, enterprise: r.enterpriseUscc, enterpriseName: r.name,
            district: r.districtCode, status: r.status, nominated: r.nominated,
            evidence: try json(r.evidence, [String: Double].self, column: "applications.evidence") ?? [:], note: r.note,
            figures: try json(r.figures, [String: YearFigures].self, column: "applications.figures") ?? [:],
            districtRecommend: r.districtRecommend, districtReason: r.districtReason, eligible: r.eligible,
            reasons: try json(r.reasons, [EligibilityReason].self, column: "applications.reasons") ?? [],
            indicatorScore: r.indicatorScore, finalScore: r.finalScore, rank: r.rank,
            indicators: try json(r.indicators, [IndicatorPoints].self, column: "applications.indicators") ?? [],
            proposedTier: r.proposedTier, scoredAt: r.scoredAt, createdAt: r.createdAt, expertScore: r.expertScore,
            expertsComplete: r.expertsComplete)
    }

    func find(_ id: Int64) async throws -> ApplicationView {
        guard let row = try await db.raw(Self.select + " WHERE a.id = \(bind: id)").row(Row.self) else {
            throw DomainError.notFound("申报 \(id)", field: "application")
        }
        return try Self.view(row)
    }

    /// A campaign's applications the caller may read: an enterprise its own, a district its firms',
    /// a chief their chains' (rows scoped in the query).
    func list(campaign: Int64, chain: String?, status: String?, limit: Int? = nil) async throws -> [ApplicationView] {
        var filter: SQLQueryString = " WHERE a.campaign_id = \(bind: campaign)"
        if let chain { filter = filter + " AND a.chain_code = \(bind: chain)" }
        if let status { filter = filter + " AND a.status = \(bind: status)" }
        filter = filter + " AND " + Self.rowScope(caller.grants)
        let cap: SQLQueryString = limit.map { " LIMIT \(bind: $0)" } ?? ""
        return try await db.raw(Self.select + filter + " ORDER BY a.chain_code, a.rank, a.id" + cap).rows(Row.self).map(Self.view)
    }

    /// Per chain: the applications the caller may read, and how many are recognised.
    func counts(campaign: Int64) async throws -> [String: (applications: Int, recognised: Int)] {
        struct Row: Decodable {
            var chainCode: String
            var n: Int
            var recognised: Int
        }
        let rows = try await db.raw(
            """
            SELECT a.chain_code, COUNT(*) AS n, SUM(CASE WHEN a.status = 'recognised' THEN 1 ELSE 0 END) AS recognised
            FROM applications a JOIN enterprises e ON e.uscc = a.enterprise_uscc
            WHERE a.campaign_id = \(bind: campaign) AND \(Self.rowScope(caller.grants)) GROUP BY a.chain_code
            """
        ).rows(Row.self)
        return Dictionary(rows.map { ($0.chainCode, ($0.n, $0.recognised)) }, uniquingKeysWith: { a, _ in a })
    }

    /// Which applications a caller's grants let them read, as SQL over `a` and `e`.
    static func rowScope(_ grants: [Grant]) -> SQLQueryString {
        var parts: [SQLQueryString] = []
        for g in grants {
            switch (g.role, g.scope) {
            case (.official, _): return "1 = 1"
            case (.chief, .chains(let mine)):
                parts.append("a.chain_code IN \(SQLGroupExpression(SQLList(mine.sorted().map { SQLBind($0) })))")
            case (.district, .district(let d)): parts.append("e.district_code = \(bind: d)")
            case (.enterprise, .enterprise(let u)): parts.append("a.enterprise_uscc = \(bind: u)")
            default: continue
            }
        }
        guard var out = parts.first else { return "1 = 0" }
        for p in parts.dropFirst() { out = out + " OR " + p }
        return "(" + out + ")"
    }

    /// The yearly figures the scheme reads: the `years` years before the campaign year.
    func figures(of uscc: String, year: Int, years: Int) async throws -> [String: YearFigures] {
        try await ScoringFacts.figures(db: db, of: "(\(bind: uscc))", year: year, years: years)[uscc] ?? [:]
    }
}
