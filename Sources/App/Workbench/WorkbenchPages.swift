import ChainLeadCore
import SQLKit
import Vapor

/// Each role's first page, the workbench (工作台): what waits for it, with counts, each item one
/// click from where it is handled; officials also see the 2027 targets (G1, G2, G5). And the
/// notifications behind the header's bell.
struct WorkbenchPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("workbench", use: workbench)
        routes.get("notifications", use: notifications)
        routes.post("notifications", "read", use: markRead)
    }

    struct TargetCard: Encodable, Sendable {
        var code: String
        var label: String
        var value: String
        var target: String
        var href: String
    }

    struct WorkbenchPage: Encodable, Sendable {
        var sections: [WorkSection]
        var targets: [TargetCard]
        var audit: [String]
    }

    func workbench(req: Request) async throws -> Response {
        guard let user = req.webUser else { throw DomainError(.unauthenticated, "unauthenticated", "请先登录") }
        let t = req.texts
        let queries = WorkbenchQueries(db: req.sql, caller: req.caller, texts: t)
        let sections = try await queries.sections()
        var targets: [TargetCard] = []
        if Policy.decide(user.grants, .read, .selection(.targets)).allowed && user.grants.contains(where: { $0.role == .official }) {
            let today = SimpleDate.today()
            for f in try await Targets(db: req.sql, caller: req.caller, scope: req.application.chainLead.supplyScope).figures(
                year: today.year, today: today)
            {
                let isRate = f.code == "G5"
                targets.append(
                    TargetCard(
                        code: f.code, label: t["target_" + f.code],
                        value: isRate ? Display.grouped(f.value * 100, decimals: 1) + "%" : Display.grouped(f.value, decimals: 0),
                        target: isRate ? Display.grouped(f.target * 100, decimals: 0) + "%" : Display.grouped(f.target, decimals: 0),
                        href: isRate ? "/supply" : "/selection/targets"))
            }
        }
        var audit: [String] = []
        if Policy.decide(user.grants, .readAudit, .audit).allowed {
            struct Line: Decodable {
                var at: Date
                var username: String?
                var entity: String
                var action: String
            }
            let formatter = DateFormatter()
            formatter.dateFormat = "MM-dd HH:mm"
            formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
            audit = try await req.sql.raw("SELECT at, username, entity, action FROM audit_entries ORDER BY id DESC LIMIT 10").rows(
                Line.self
            )
            .map {
                "\(formatter.string(from: $0.at)) \($0.username ?? "—") \(AuditWords.action($0.action))（\(AuditWords.entity($0.entity))）"
            }
        }
        return try await req.render(
            "workbench/workbench", title: t["workbench"], nav: "workbench",
            WorkbenchPage(sections: sections, targets: targets, audit: audit))
    }

    struct NotificationRow: Encodable, Sendable {
        var id: Int64
        var text: String
        var at: String
        var unread: Bool
        var href: String?
    }

    struct NotificationsPage: Encodable, Sendable {
        var rows: [NotificationRow]
        var message: String?
    }

    func renderNotifications(_ req: Request, message: String? = nil) async throws -> Response {
        guard let user = req.webUser else { throw DomainError(.unauthenticated, "unauthenticated", "请先登录") }
        struct Row: Decodable {
            var id: Int64
            var requestId: Int64?
            var text: String
            var createdAt: Date
            var readAt: Date?
        }
        let rows = try await req.sql.raw(
            """
            SELECT id, request_id, text, created_at, read_at FROM notifications WHERE username = \(bind: user.username)
            ORDER BY id DESC LIMIT 200
            """
        ).rows(Row.self)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        let content = NotificationsPage(
            rows: rows.map {
                NotificationRow(
                    id: $0.id, text: $0.text, at: formatter.string(from: $0.createdAt), unread: $0.readAt == nil,
                    href: $0.requestId.map { "/requests/\($0)" })
            }, message: message)
        return try await req.render("workbench/notifications", title: req.texts["notifications"], nav: "notifications", content)
    }

    func notifications(req: Request) async throws -> Response { try await renderNotifications(req) }

    struct ReadForm: Decodable {
        var id: Int64?
    }

    /// Marks one notification (or, without `id`, all of them) read: the user's own only.
    func markRead(req: Request) async throws -> Response {
        guard let user = req.webUser else { throw DomainError(.unauthenticated, "unauthenticated", "请先登录") }
        let form = try req.content.decode(ReadForm.self)
        let n = try await Notifications.markRead(username: user.username, id: form.id, db: req.sql)
        return try await renderNotifications(req, message: String(format: req.texts["markedRead"], n))
    }
}

enum Notifications {
    /// Sets `read_at` on the user's unread notifications (one, or all); answers how many.
    static func markRead(username: String, id: Int64?, db: any SQLDatabase) async throws -> Int {
        var filter: SQLQueryString = "username = \(bind: username) AND read_at IS NULL"
        if let id { filter = filter + " AND id = \(bind: id)" }
        return try await db.raw("UPDATE notifications SET read_at = \(bind: Date.nowSeconds()) WHERE " + filter + " RETURNING id").all()
            .count
    }
}
