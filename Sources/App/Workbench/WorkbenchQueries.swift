import ChainLeadCore
import Foundation
import SQLKit

/// One thing waiting for the user: how many, and the page where it is handled.
struct WorkItem: Encodable, Sendable {
    var id: String
    var label: String
    var count: Int?
    var href: String
    var urgent = false
    var note: String? = nil
}

/// The items of one of the caller's roles.
struct WorkSection: Encodable, Sendable {
    var id: String
    var title: String
    var items: [WorkItem]
}

/// What waits for each role (the workbench, 工作台): counts read with indexed queries, each item
/// one click from where it is handled. Requests are counted in the caller's own scope
/// (`RequestService.scope`), so the figure is the length of the list it opens.
struct WorkbenchQueries {
    let db: any SQLDatabase
    let caller: Caller
    let texts: Texts
    var today = SimpleDate.today()

    func count(_ sql: SQLQueryString) async throws -> Int {
        try await db.raw(sql).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Requests in the caller's scope meeting `condition`.
    func requests(_ condition: SQLQueryString) async throws -> Int {
        try await count("SELECT COUNT(*) AS n FROM requests r WHERE " + RequestService.scope(caller.grants) + " AND " + condition)
    }

    static func queue(_ name: String, today: SimpleDate) -> SQLQueryString {
        switch name {
        case "accept": "r.status IN ('submitted', 'assigned')"
        case "answer": "r.status IN ('accepted', 'inProgress', 'reopened')"
        case "overdue": RequestService.overdueSQL(on: today)
        case "today":
            RequestService.openSQL
                + " AND (r.answer_by = \(bind: today.description) OR (r.status IN ('submitted', 'assigned') AND r.accept_by = \(bind: today.description)))"
        default: RequestService.openSQL
        }
    }

    func item(_ id: String, _ label: String, queue: String, urgent: Bool = false) async throws -> WorkItem {
        let n = try await requests(Self.queue(queue, today: today))
        return WorkItem(id: id, label: texts[label], count: n, href: "/requests?queue=\(queue)", urgent: urgent && n > 0)
    }

    func sections() async throws -> [WorkSection] {
        var out: [WorkSection] = []
        var seen = Set<Role>()
        for g in caller.grants where !seen.contains(g.role) {
            seen.insert(g.role)
            let items = try await items(for: g)
            out.append(WorkSection(id: "work-\(g.role.rawValue)", title: g.role.nameZh, items: items))
        }
        return out
    }

    func items(for g: Grant) async throws -> [WorkItem] {
        switch g.role {
        case .department: return try await department()
        case .official: return try await official()
        case .chief: return try await chief(g)
        case .district: return try await district(g)
        case .enterprise: return try await enterprise(g)
        case .admin: return try await admin()
        case .security: return try await security()
        case .auditor: return try await auditor()
        case .expert: return try await expert()
        case .bank: return try await bank(g)
        }
    }

    func department() async throws -> [WorkItem] {
        [
            try await item("wb-overdue", "wbOverdue", queue: "overdue", urgent: true),
            try await item("wb-accept", "wbToAccept", queue: "accept"),
            try await item("wb-answer", "wbToAnswer", queue: "answer"),
            WorkItem(
                id: "wb-reopened", label: texts["wbReopened"], count: try await requests("r.status = 'reopened'"),
                href: "/requests?status=reopened"),
            try await item("wb-today", "wbDueToday", queue: "today", urgent: true),
        ]
    }

    func official() async throws -> [WorkItem] {
        let reviews = try await Reviews(db: db, caller: caller).due(withinDays: 90, today: today).count
        let warnings = try await Warnings(db: db, caller: caller).list(today: today).count
        let since = Date().addingTimeInterval(-30 * 86_400)
        let returned = try await requests("r.status = 'returned'")
        return [
            WorkItem(
                id: "wb-returned", label: texts["wbReturned"], count: returned, href: "/requests?status=returned", urgent: returned > 0),
            try await item("wb-overdue", "wbOverdue", queue: "overdue", urgent: true),
            WorkItem(
                id: "wb-matches", label: texts["wbMatches"],
                count: try await count("SELECT COUNT(*) AS n FROM supplier_matches WHERE status = 'pending'"), href: "/supplier-matches"),
            WorkItem(
                id: "wb-leads", label: texts["wbLeads"],
                count: try await count("SELECT COUNT(*) AS n FROM leads WHERE stage NOT IN ('signed', 'landed', 'dropped')"), href: "/leads"
            ),
            WorkItem(id: "wb-reviews", label: texts["wbReviewsDue"], count: reviews, href: "/selection/reviews"),
            WorkItem(id: "wb-warnings", label: texts["wbWarnings"], count: warnings, href: "/selection/reviews", urgent: warnings > 0),
            WorkItem(
                id: "wb-objections", label: texts["wbObjections"],
                count: try await count("SELECT COUNT(*) AS n FROM objections WHERE status = 'open'"), href: "/selection"),
            WorkItem(
                id: "wb-imports", label: texts["wbFailedImports"],
                count: try await count("SELECT COUNT(*) AS n FROM import_jobs WHERE status = 'failed' AND created_at > \(bind: since)"),
                href: "/imports"),
            try await { () async throws -> WorkItem in
                let late = try await lateFindings()
                return WorkItem(
                    id: "wb-infosec", label: texts["wbInfosecLate"], count: late, href: "/infosec?overdue=true", urgent: late > 0)
            }(),
        ]
    }

    func chief(_ g: Grant) async throws -> [WorkItem] {
        guard case .chains(let mine) = g.scope else { return [] }
        let chains = SQLBind.group(mine.sorted())
        struct Pending: Decodable {
            var id: Int64
        }
        let pending = try await db.raw(
            "SELECT id FROM shortlists WHERE status = 'proposed' AND chain_code IN \(chains) ORDER BY id"
        ).rows(Pending.self)
        struct Chain: Decodable {
            var code: String
            var name: String
        }
        let names = try await db.raw("SELECT code, name FROM chains WHERE code IN \(chains) ORDER BY code").rows(Chain.self)
        var items = [
            WorkItem(
                id: "wb-shortlists", label: texts["wbShortlists"], count: pending.count,
                href: pending.count == 1 ? "/selection/shortlists/\(pending[0].id)" : "/selection", urgent: !pending.isEmpty),
            try await item("wb-overdue", "wbOverdueOfMyFirms", queue: "overdue", urgent: true),
            WorkItem(
                id: "wb-leads", label: texts["wbLeads"],
                count: try await count("SELECT COUNT(*) AS n FROM leads WHERE stage NOT IN ('signed', 'landed', 'dropped')"), href: "/leads"
            ),
        ]
        for c in names {
            items.append(WorkItem(id: "wb-gaps-\(c.code)", label: c.name + texts["wbGaps"], count: nil, href: "/chains/\(c.code)"))
            items.append(
                WorkItem(id: "wb-board-\(c.code)", label: c.name + texts["sdOpenBoard"], count: nil, href: "/dashboard/chains/\(c.code)"))
        }
        return items
    }

    func district(_ g: Grant) async throws -> [WorkItem] {
        guard case .district(let code) = g.scope else { return [] }
        return [
            try await item("wb-overdue", "wbOverdue", queue: "overdue", urgent: true),
            try await item("wb-open", "wbOpenRequests", queue: "open"),
            WorkItem(
                id: "wb-district-review", label: texts["wbDistrictReview"],
                count: try await count(
                    """
                    SELECT COUNT(*) AS n FROM applications a JOIN enterprises e ON e.uscc = a.enterprise_uscc
                    WHERE a.status = 'submitted' AND e.district_code = \(bind: code)
                    """), href: "/selection"),
            WorkItem(
                id: "wb-visits", label: texts["wbVisitsPlanned"],
                count: try await count(
                    """
                    SELECT COUNT(*) AS n FROM visits v JOIN enterprises e ON e.uscc = v.enterprise_uscc
                    WHERE v.planned_on >= \(bind: today.description) AND e.district_code = \(bind: code)
                    """), href: "/enterprises?district=\(code)"),
        ]
    }

    /// Open information-security findings past their deadline on the working calendar (Policy
    /// S6): the open ones before today by the (status, deadline) index, then the calendar.
    func lateFindings(of enterprise: String? = nil) async throws -> Int {
        let firm: SQLQueryString =
            enterprise.map {
                " AND f.inspection_id IN (SELECT id FROM infosec_inspections WHERE enterprise_uscc = \(bind: $0))"
            } ?? ""
        let deadlines = try await db.raw(
            "SELECT f.deadline FROM infosec_findings f WHERE f.status = 'open' AND f.deadline < \(bind: today.description)\(firm) LIMIT 10000"
        ).all(decodingColumn: "deadline", as: String.self)
        guard !deadlines.isEmpty else { return 0 }
        let calendar = try await ServiceSettings(db: db).calendar()
        return deadlines.compactMap(SimpleDate.init(iso:)).filter {
            Infosec.overdue(deadline: $0, rectified: nil, today: today, calendar: calendar) > 0
        }.count
    }

    /// What waits for a bank (Policy S5): needs recommended to it without a final answer.
    func bank(_ g: Grant) async throws -> [WorkItem] {
        guard case .bank(let name) = g.scope else { return [] }
        let waiting = try await count(
            "SELECT COUNT(*) AS n FROM finance_recommendations WHERE bank_name = \(bind: name) AND status IN ('recommended', 'contacted')")
        let published = try await count("SELECT COUNT(*) AS n FROM whitelists WHERE status = 'published'")
        return [
            WorkItem(id: "wb-bank", label: texts["wbBankNote"], count: waiting, href: "/finance#addressed", urgent: waiting > 0),
            WorkItem(id: "wb-bank-whitelists", label: texts["wbBankWhitelists"], count: published, href: "/whitelists"),
        ]
    }

    func enterprise(_ g: Grant) async throws -> [WorkItem] {
        guard case .enterprise(let uscc) = g.scope else { return [] }
        let reported = try await count(
            "SELECT COUNT(*) AS n FROM figures WHERE enterprise_uscc = \(bind: uscc) AND year = \(bind: today.year - 1)")
        struct Officer: Decodable {
            var username: String
            var displayName: String?
            var unit: String?
        }
        let officer = try await db.raw(
            """
            SELECT l.username, u.display_name, u.unit FROM liaisons l LEFT JOIN users u ON u.username = l.username
            WHERE l.enterprise_uscc = \(bind: uscc)
            """
        ).row(Officer.self)
        let campaigns = try await count(
            "SELECT COUNT(*) AS n FROM campaigns WHERE status = 'open' AND apply_until >= \(bind: today.description)")
        let toRate = try await requests("r.status = 'answered'")
        return [
            WorkItem(id: "wb-rate", label: texts["wbToRate"], count: toRate, href: "/requests?status=answered", urgent: toRate > 0),
            try await item("wb-open", "wbMyOpenRequests", queue: "open"),
            WorkItem(
                id: "wb-figures", label: String(format: texts["wbFigures"], today.year - 1), count: nil, href: "/my", urgent: reported == 0,
                note: reported == 0 ? texts["wbNotReported"] : texts["wbReported"]),
            WorkItem(id: "wb-campaigns", label: texts["wbCampaigns"], count: campaigns, href: "/selection"),
            WorkItem(
                id: "wb-infosec", label: texts["wbInfosecFirm"],
                count: try await count(
                    """
                    SELECT COUNT(*) AS n FROM infosec_findings f JOIN infosec_inspections i ON i.id = f.inspection_id
                    WHERE i.enterprise_uscc = \(bind: uscc) AND f.status = 'open'
                    """), href: "/infosec", urgent: try await lateFindings(of: uscc) > 0),
            WorkItem(
                id: "wb-finance", label: texts["wbFinanceAnswers"],
                count: try await count(
                    """
                    SELECT COUNT(*) AS n FROM finance_recommendations r JOIN finance_needs n ON n.id = r.need_id
                    WHERE n.enterprise_uscc = \(bind: uscc) AND r.status <> 'recommended'
                    """), href: "/finance"),
            WorkItem(
                id: "wb-liaison", label: texts["wbLiaison"], count: nil, href: "/my",
                note: officer.map { [$0.unit, $0.displayName ?? $0.username].compactMap { $0 }.joined(separator: " ") }
                    ?? texts["wbNoLiaison"]),
        ]
    }

    func admin() async throws -> [WorkItem] {
        let since = Date().addingTimeInterval(-15 * 60)
        let locked = try await count(
            """
            SELECT COUNT(*) AS n FROM users u WHERE u.disabled = \(bind: true)
              OR (SELECT COUNT(*) FROM login_failures f WHERE f.username = u.username AND f.at > \(bind: since)) >= 10
            """)
        let firstLogin = try await count(
            "SELECT COUNT(*) AS n FROM users WHERE must_change_password = \(bind: true) AND disabled = \(bind: false)")
        let last = try await db.raw("SELECT MAX(day) AS d FROM calendar_days").first(decodingColumn: "d", as: String?.self) ?? nil
        let lastYear = last.flatMap { SimpleDate(iso: $0)?.year } ?? today.year
        let end = SimpleDate(year: lastYear, month: 12, day: 31) ?? today
        let daysLeft = end.daysSince1970 - today.daysSince1970
        return [
            WorkItem(id: "wb-locked", label: texts["wbLocked"], count: locked, href: "/users", urgent: locked > 0),
            WorkItem(id: "wb-first-login", label: texts["wbFirstLogin"], count: firstLogin, href: "/users"),
            WorkItem(
                id: "wb-calendar", label: String(format: texts["wbCalendar"], lastYear), count: nil, href: "/service-settings",
                urgent: daysLeft <= 60, note: daysLeft <= 60 ? texts["wbCalendarRunsOut"] : texts["wbCalendarOK"]),
        ]
    }

    func security() async throws -> [WorkItem] {
        let since = Date().addingTimeInterval(-30 * 86_400)
        let changed = try await count(
            "SELECT COUNT(*) AS n FROM audit_entries WHERE at > \(bind: since) AND action = 'set_grants'")
        let unusual = try await count(
            """
            SELECT COUNT(*) AS n FROM users u WHERE u.disabled = \(bind: false) AND (
              (SELECT COUNT(*) FROM user_grants g WHERE g.user_id = u.id) > 1
              OR EXISTS (SELECT 1 FROM user_grants g WHERE g.user_id = u.id AND g.scope = 'city' AND g.role = 'official'))
            """)
        return [
            WorkItem(id: "wb-grants", label: texts["wbGrantsChanged"], count: changed, href: "/users"),
            WorkItem(id: "wb-unusual", label: texts["wbUnusual"], count: unusual, href: "/users", urgent: false),
        ]
    }

    func auditor() async throws -> [WorkItem] {
        let since = Date().addingTimeInterval(-7 * 86_400)
        let denied = try await count(
            "SELECT COUNT(*) AS n FROM audit_entries WHERE at > \(bind: since) AND action LIKE 'denied\\_%' ESCAPE '\\'")
        return [
            WorkItem(id: "wb-denied", label: texts["wbDenied"], count: denied, href: "/audit?entity=access", urgent: denied > 0),
            WorkItem(id: "wb-audit", label: texts["wbLatestAudit"], count: nil, href: "/audit"),
        ]
    }

    func expert() async throws -> [WorkItem] {
        let me = caller.username ?? ""
        return [
            WorkItem(
                id: "wb-declare", label: texts["wbToDeclare"],
                count: try await count("SELECT COUNT(*) AS n FROM assignments WHERE expert = \(bind: me) AND status = 'pending'"),
                href: "/selection/assignments", urgent: true),
            WorkItem(
                id: "wb-score", label: texts["wbToScore"],
                count: try await count("SELECT COUNT(*) AS n FROM assignments WHERE expert = \(bind: me) AND status = 'declared'"),
                href: "/selection/assignments"),
        ]
    }
}
