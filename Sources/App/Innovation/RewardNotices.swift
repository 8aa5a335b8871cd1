import ChainLeadCore
import Foundation
import SQLKit

/// A public notice of rewards without application (免申即享公示, Policy S4), as anyone sees it:
/// the firms, what they are rewarded for and how much, and the working-day period.
struct RewardNoticeView: Codable, Sendable {
    struct Item: Codable, Sendable {
        var reward: Int64
        var enterprise: String
        var enterpriseName: String
        var kindName: String
        var year: Int
        var amount: Int64
        var status: String
    }

    var id: Int64
    var title: String
    var startsOn: String
    var noticeUntil: String
    var workingDays: Int
    var url: String
    var status: String
    var items: [Item]
    var total: Int64
}

/// Publishes confirmed rewards on the public-notice machinery of selection II (working calendar,
/// period, page, `.docx` and `.xlsx`): the rewards move confirmed → noticed in the same
/// transaction, each on the status it was read at, and are paid only once the period is over.
struct RewardNotices {
    let db: any SQLDatabase
    let caller: Caller

    func publish(rewards ids: [Int64]?, from: SimpleDate, workingDays: Int, title: String?) async throws -> RewardNoticeView {
        try await Access.require(.update, .rewards(enterprise: nil), caller: caller, db: db)
        guard (1...30).contains(workingDays) else { throw DomainError.invalid("workingDays", "公示期应为1到30个工作日") }
        if let ids, ids.count > 2000 { throw DomainError.invalid("rewards", "一次公示不超过2000项奖励") }
        let title = title?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        if let t = title, t.count > 200 { throw DomainError.invalid("title", "标题不超过200字") }
        var filter: SQLQueryString = "status = 'confirmed'"
        if let ids {
            guard !ids.isEmpty else { throw DomainError.invalid("rewards", "请选择要公示的奖励") }
            filter = filter + " AND id IN \(SQLBind.group(Array(Set(ids)).sorted()))"
        }
        let chosen = try await db.raw("SELECT id FROM rewards WHERE \(filter) ORDER BY id LIMIT 2001").all(
            decodingColumn: "id", as: Int64.self)
        if let ids, let missing = Set(ids).subtracting(chosen).sorted().first {
            throw DomainError(.conflict, "not_confirmed", "奖励 \(missing) 不是“已确认”状态，不能公示", field: "rewards")
        }
        guard !chosen.isEmpty else { throw DomainError(.conflict, "nothing_confirmed", "没有已确认待公示的奖励", field: "rewards") }
        guard chosen.count <= 2000 else { throw DomainError.invalid("rewards", "一次公示不超过2000项奖励，请分批选择") }
        let calendar = try await ServiceSettings(db: db).calendar()
        let period = NoticePeriod.compute(from: from, workingDays: workingDays, calendar: calendar)
        let heading = title ?? "关于\(period.startsOn.year)年免申即享企业奖励名单的公示"
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            let now = Date.nowSeconds()
            let id = try await tx.insert(into: "reward_notices")
                .columns("title", "from_date", "starts_on", "notice_until", "working_days", "published_by", "published_at")
                .values(
                    SQLBind(heading), SQLBind(from.description), SQLBind(period.startsOn.description), SQLBind(period.until.description),
                    SQLBind(workingDays), SQLBind(caller.username ?? "system"), SQLBind(now)
                )
                .runReturningID()
            let moved = try await tx.update("rewards").set("status", to: SQLBind(RewardStatus.noticed.rawValue))
                .set("notice_id", to: SQLBind(id)).set("updated_at", to: SQLBind(now)).set("version", to: SQLRaw("version + 1"))
                .where("id", .in, SQLBind.group(chosen)).where("status", .equal, SQLBind(RewardStatus.confirmed.rawValue))
                .returning("id").all()
            guard moved.count == chosen.count else {
                throw DomainError(.conflict, "changed_meanwhile", "有奖励刚被他人办理，请刷新后重试", field: "rewards")
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "reward_notice", key: "\(id)", action: "publish",
                extra: ["rewards": chosen.map(String.init).joined(separator: ","), "until": period.until.description])
            return id
        }
        return try await Self.find(id, db: db)
    }

    /// A notice as the public sees it: the rewards on it that are not withdrawn.
    static func find(_ id: Int64, db: any SQLDatabase, today: SimpleDate = .today()) async throws -> RewardNoticeView {
        struct Row: Decodable {
            var id: Int64
            var title, startsOn, noticeUntil: String
            var workingDays: Int
        }
        guard
            let n = try await db.raw("SELECT id, title, starts_on, notice_until, working_days FROM reward_notices WHERE id = \(bind: id)")
                .row(Row.self)
        else { throw DomainError.notFound("公示 \(id)", field: "id") }
        let items = try await db.raw(
            """
            SELECT r.id AS reward, r.enterprise_uscc AS enterprise, e.name AS enterprise_name, k.name AS kind_name, h.year, r.amount,
              r.status
            FROM rewards r JOIN enterprises e ON e.uscc = r.enterprise_uscc JOIN honour_kinds k ON k.code = r.kind
            JOIN honours h ON h.id = r.honour_id
            WHERE r.notice_id = \(bind: id) AND r.status <> 'withdrawn' ORDER BY k.name, e.name
            """
        ).rows(RewardNoticeView.Item.self)
        var total: Int64 = 0
        for i in items {
            let (sum, overflow) = total.addingReportingOverflow(i.amount)
            total = overflow ? .max : sum
        }
        return RewardNoticeView(
            id: n.id, title: n.title, startsOn: n.startsOn, noticeUntil: n.noticeUntil, workingDays: n.workingDays,
            url: "/reward-notices/\(n.id)", status: NoticeView.status(startsOn: n.startsOn, until: n.noticeUntil, today: today),
            items: items, total: total)
    }
}
