import ChainLeadCore
import Foundation
import SQLKit

/// The public notice (公示, Policy S2) of an approved shortlist: `workingDays` working days from
/// `from` on the working calendar; anyone may read it and object until the firm is recognised.
struct NoticeView: Codable, Sendable {
    struct Firm: Codable, Sendable {
        var enterprise: String
        var name: String
        var chain: String
        var chainName: String
    }

    var id: Int64
    var shortlist: Int64
    var campaign: Int64
    var year: Int
    var chain: String
    var chainName: String
    var from: String
    var startsOn: String
    var noticeUntil: String
    var workingDays: Int
    var url: String
    var status: String
    var enterprises: [Firm]
    var publishedAt: Date

    /// upcoming, running, ended (after `noticeUntil`).
    static func status(startsOn: String, until: String, today: SimpleDate) -> String {
        let t = today.description
        return t < startsOn ? "upcoming" : (t <= until ? "running" : "ended")
    }
}

struct Notices {
    let db: any SQLDatabase
    let caller: Caller

    struct Row: Decodable {
        var id: Int64
        var shortlistId: Int64
        var campaignId: Int64
        var year: Int
        var chainCode: String
        var chainName: String
        var fromDate: String
        var startsOn: String
        var noticeUntil: String
        var workingDays: Int
        var publishedAt: Date
    }

    static let select: SQLQueryString = """
        SELECT n.id, n.shortlist_id, s.campaign_id, c.year, s.chain_code, ch.name AS chain_name, n.from_date, n.starts_on, n.notice_until,
          n.working_days, n.published_at
        FROM notices n JOIN shortlists s ON s.id = n.shortlist_id JOIN campaigns c ON c.id = s.campaign_id
        JOIN chains ch ON ch.code = s.chain_code
        """

    /// A notice as the public sees it: no login needed, the firms still on it.
    static func find(_ id: Int64, db: any SQLDatabase, today: SimpleDate = .today()) async throws -> NoticeView {
        guard let r = try await db.raw(Self.select + " WHERE n.id = \(bind: id)").row(Row.self) else {
            throw DomainError.notFound("公示 \(id)", field: "notice")
        }
        struct F: Decodable {
            var enterpriseUscc: String
            var name: String
        }
        let firms = try await db.raw(
            """
            SELECT x.enterprise_uscc, e.name FROM shortlist_entries x JOIN enterprises e ON e.uscc = x.enterprise_uscc
            JOIN applications a ON a.id = x.application_id
            WHERE x.shortlist_id = \(bind: r.shortlistId) AND x.removed_reason IS NULL ORDER BY a.rank, e.name
            """
        ).rows(F.self)
        return NoticeView(
            id: r.id, shortlist: r.shortlistId, campaign: r.campaignId, year: r.year, chain: r.chainCode, chainName: r.chainName,
            from: r.fromDate, startsOn: r.startsOn, noticeUntil: r.noticeUntil, workingDays: r.workingDays, url: "/notices/\(r.id)",
            status: NoticeView.status(startsOn: r.startsOn, until: r.noticeUntil, today: today),
            enterprises: firms.map { .init(enterprise: $0.enterpriseUscc, name: $0.name, chain: r.chainCode, chainName: r.chainName) },
            publishedAt: r.publishedAt)
    }

    /// Publishes an approved shortlist. `from` may lie in the past (a notice already run on paper).
    func publish(shortlist id: Int64, from: SimpleDate, workingDays: Int) async throws -> NoticeView {
        let list = try await Shortlists(db: db, caller: caller).find(id)
        try await Access.require(.update, .selection(.campaign(chains: [list.chain])), caller: caller, db: db)
        guard (1...30).contains(workingDays) else { throw DomainError.invalid("workingDays", "公示期应为1到30个工作日") }
        guard list.status == "approved" else {
            throw DomainError(.conflict, "not_approved", "只有经链长审定通过的名单可以公示", field: "shortlist")
        }
        let campaign = try await Campaigns(db: db, caller: caller).find(list.campaign)
        guard campaign.stages.notice else { throw DomainError(.conflict, "no_notice_stage", "该批次的遴选方案不含公示环节", field: "shortlist") }
        let calendar = try await ServiceSettings(db: db).calendar()
        let period = NoticePeriod.compute(from: from, workingDays: workingDays, calendar: calendar)
        let caller = self.caller
        let newID = try await db.withTransaction { tx -> Int64 in
            let rows = try await tx.insert(into: "notices")
                .columns("shortlist_id", "from_date", "starts_on", "notice_until", "working_days", "published_by", "published_at")
                .values(
                    SQLBind(id), SQLBind(from.description), SQLBind(period.startsOn.description), SQLBind(period.until.description),
                    SQLBind(workingDays), SQLBind(caller.username ?? "system"), SQLBind(Date.nowSeconds())
                ).ignoringConflicts().returning("id").all()
            guard let row = rows.first else { throw DomainError(.conflict, "already_noticed", "该名单已经公示", field: "shortlist") }
            let newID = try row.decode(column: "id", as: Int64.self)
            try await CampaignEvents.record(
                list.campaign, chain: list.chain, kind: "noticed",
                detail: "名单 \(id) 公示：\(period.startsOn) 至 \(period.until)（\(workingDays)个工作日）", by: caller, on: tx)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "notice", key: "\(newID)", action: "publish",
                extra: ["shortlist": "\(id)", "from": from.description, "until": period.until.description])
            return newID
        }
        return try await Self.find(newID, db: db)
    }
}
