import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// The access table's chain-leader selection routes (Policy S2, G1, G2). The rows they name
/// (campaign 1 for ic-fab, application 1 of the firm, recognition 1, review 1) are made in setup.
extension AccessMatrixTests {
    static let application = Resource.selection(.application(enterprise: firm, district: "320281", chain: "ic-fab"))
    static let violations = Resource.selection(.violations(enterprise: firm, district: "320281", chains: ["ic-fab"]))
    static let icCampaign = Resource.selection(.campaign(chains: ["ic-fab"]))
    static let icChain = Resource.selection(.chain("ic-fab"))

    static let objections = Resource.selection(.objections(chains: ["ic-fab"]))
    static let noticeCSRF = String(repeating: "b", count: 64)

    /// Selection II (Policy S1, S2): experts, assignments, shortlists, notices, objections.
    static let expertRoutes: [Route] = [
        Route(method: .GET, pattern: "/api/v1/experts/:username", path: "/api/v1/experts/m_expert", need: .expertProfile(.read)),
        Route(
            method: .PUT, pattern: "/api/v1/experts/:username", path: "/api/v1/experts/m_expert", body: #"{"field":"集成电路","interests":[]}"#,
            need: .expertProfile(.update)),
        Route(
            method: .POST, pattern: "/api/v1/campaigns/:id/assignments", path: "/api/v1/campaigns/1/assignments",
            body: #"{"pairs":[{"application":1,"expert":"m_expert2"}]}"#, need: .policy(.update, icCampaign)),
        Route(
            method: .GET, pattern: "/api/v1/campaigns/:id/assignments", path: "/api/v1/campaigns/1/assignments",
            need: .policy(.read, icCampaign)),
        Route(
            method: .GET, pattern: "/api/v1/assignments", path: "/api/v1/assignments?mine=true",
            need: .policy(.read, .selection(.ownAssignment))),
        Route(
            method: .POST, pattern: "/api/v1/assignments/:id/declaration", path: "/api/v1/assignments/1/declaration",
            body: #"{"conflict":false}"#, need: .assignee),
        Route(
            method: .PUT, pattern: "/api/v1/assignments/:id/score", path: "/api/v1/assignments/1/score", body: #"{"score":66.5}"#,
            need: .assignee),
        Route(
            method: .POST, pattern: "/api/v1/assignments/:id/reopen", path: "/api/v1/assignments/1/reopen", body: #"{"reason":"矩阵"}"#,
            need: .policy(.update, icCampaign)),
        Route(
            method: .POST, pattern: "/api/v1/campaigns/:id/shortlists", path: "/api/v1/campaigns/1/shortlists",
            body: #"{"chain":"ic-fab","enterprises":["\#(firm)"]}"#, need: .policy(.update, icCampaign)),
        Route(
            method: .GET, pattern: "/api/v1/campaigns/:id/shortlists", path: "/api/v1/campaigns/1/shortlists",
            need: .policy(.read, icCampaign)),
        Route(
            method: .GET, pattern: "/api/v1/campaigns/:id/history", path: "/api/v1/campaigns/1/history", need: .policy(.read, icCampaign)),
        Route(method: .GET, pattern: "/api/v1/shortlists/:id", path: "/api/v1/shortlists/1", need: .policy(.read, icCampaign)),
        Route(
            method: .POST, pattern: "/api/v1/shortlists/:id/decision", path: "/api/v1/shortlists/1/decision",
            body: #"{"decision":"approve"}"#, need: .policy(.update, .selection(.shortlistDecision(chain: "ic-fab")))),
        Route(
            method: .POST, pattern: "/api/v1/shortlists/:id/notice", path: "/api/v1/shortlists/1/notice",
            body: #"{"from":"2026-12-01","workingDays":5}"#, need: .policy(.update, icCampaign)),
        Route(method: .GET, pattern: "/api/v1/notices/:id", path: "/api/v1/notices/1", need: .loggedIn),
        Route(
            method: .POST, pattern: "/api/v1/notices/:id/objections", path: "/api/v1/notices/1/objections",
            body: #"{"enterprise":"\#(firm)","reason":"矩阵异议"}"#, need: .policy(.create, objections)),
        Route(
            method: .GET, pattern: "/api/v1/notices/:id/objections", path: "/api/v1/notices/1/objections", need: .policy(.read, objections)),
        Route(
            method: .POST, pattern: "/api/v1/objections/:id/decision", path: "/api/v1/objections/1/decision",
            body: #"{"outcome":"dismissed","reason":"矩阵"}"#, need: .policy(.update, objections)),
        Route(
            method: .POST, pattern: "/api/v1/objections/:id/attachments", path: "/api/v1/objections/1/attachments?file_name=e.pdf",
            body: "%PDF-1.4 matrix", contentType: "application/octet-stream", need: .policy(.update, objections)),
        Route(
            method: .GET, pattern: "/api/v1/objections/:id/attachments/:attachmentId", path: "/api/v1/objections/1/attachments/1",
            need: .policy(.read, objections)),
        Route(
            method: .GET, pattern: "/selection/assignments", path: "/selection/assignments",
            need: .policy(.read, .selection(.ownAssignment))),
        Route(
            method: .POST, pattern: "/selection/assignments/:id/declaration", path: "/selection/assignments/1/declaration",
            body: "conflict=no", contentType: "application/x-www-form-urlencoded", need: .assignee),
        Route(
            method: .POST, pattern: "/selection/assignments/:id/score", path: "/selection/assignments/1/score", body: "score=70&submit=no",
            contentType: "application/x-www-form-urlencoded", need: .assignee),
        Route(
            method: .POST, pattern: "/selection/campaigns/:id/assignments", path: "/selection/campaigns/1/assignments",
            body: "chain=ic-fab&experts=m_expert&perApplication=1", contentType: "application/x-www-form-urlencoded",
            need: .policy(.update, icCampaign)),
        Route(
            method: .POST, pattern: "/selection/campaigns/:id/shortlists", path: "/selection/campaigns/1/shortlists",
            body: "chain=ic-fab&enterprises%5B%5D=\(firm)", contentType: "application/x-www-form-urlencoded",
            need: .policy(.update, icCampaign)),
        Route(method: .GET, pattern: "/selection/shortlists/:id", path: "/selection/shortlists/1", need: .policy(.read, icCampaign)),
        Route(
            method: .POST, pattern: "/selection/shortlists/:id/decision", path: "/selection/shortlists/1/decision",
            body: "decision=approve",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .selection(.shortlistDecision(chain: "ic-fab")))),
        Route(
            method: .POST, pattern: "/selection/shortlists/:id/notice", path: "/selection/shortlists/1/notice",
            body: "from=2026-12-01&workingDays=5", contentType: "application/x-www-form-urlencoded", need: .policy(.update, icCampaign)),
        Route(
            method: .POST, pattern: "/selection/objections/:id/decision", path: "/selection/objections/1/decision",
            body: "outcome=dismissed&reason=x", contentType: "application/x-www-form-urlencoded", need: .policy(.update, objections)),
        Route(method: .GET, pattern: "/notices/:notice", path: "/notices/1", need: .open),
        Route(
            method: .POST, pattern: "/notices/:notice/objections", path: "/notices/1/objections",
            body: "_notice_csrf=\(noticeCSRF)&enterprise=\(firm)&name=x&phone=13800000000&reason=x",
            contentType: "application/x-www-form-urlencoded", cookie: "\(NoticePages.csrfCookie)=\(noticeCSRF)", need: .open),
    ]

    static let selectionRoutes: [Route] =
        expertRoutes + [
            Route(
                method: .GET, pattern: "/api/v1/selection/schemes", path: "/api/v1/selection/schemes",
                need: .policy(.read, .selection(.schemes))),
            Route(
                method: .POST, pattern: "/api/v1/selection/schemes", path: "/api/v1/selection/schemes",
                body: #"{"name":"矩阵方案","indicators":[{"code":"outputValue","weight":100,"normalisation":"minmax"}]}"#,
                need: .policy(.update, .selection(.schemes))),
            Route(
                method: .GET, pattern: "/api/v1/selection/schemes/:id", path: "/api/v1/selection/schemes/1",
                need: .policy(.read, .selection(.schemes))),
            Route(
                method: .PUT, pattern: "/api/v1/selection/schemes/:id", path: "/api/v1/selection/schemes/1",
                body: #"{"name":"矩阵方案","indicators":[{"code":"outputValue","weight":100,"normalisation":"minmax"}]}"#,
                need: .policy(.update, .selection(.schemes))),
            Route(method: .GET, pattern: "/api/v1/campaigns", path: "/api/v1/campaigns", need: .policy(.read, .selection(.campaigns))),
            Route(
                method: .POST, pattern: "/api/v1/campaigns", path: "/api/v1/campaigns",
                body: #"{"year":2027,"chains":["ic-fab"],"applyUntil":"2027-06-30"}"#, need: .policy(.create, .selection(.campaigns))),
            Route(
                method: .GET, pattern: "/api/v1/campaigns/:id", path: "/api/v1/campaigns/1", need: .policy(.read, .selection(.campaigns))),
            Route(
                method: .PATCH, pattern: "/api/v1/campaigns/:id", path: "/api/v1/campaigns/1", body: #"{"applyUntil":"2099-12-30"}"#,
                need: .policy(.update, .selection(.campaigns))),
            Route(
                method: .GET, pattern: "/api/v1/campaigns/:id/applications", path: "/api/v1/campaigns/1/applications",
                need: .policy(.read, .selection(.campaigns))),
            Route(
                method: .POST, pattern: "/api/v1/campaigns/:id/applications", path: "/api/v1/campaigns/1/applications",
                body: #"{"enterprise":"\#(firm)","chain":"ic-fab"}"#, need: .policy(.create, application)),
            Route(method: .GET, pattern: "/api/v1/applications/:id", path: "/api/v1/applications/1", need: .assignedRead(application)),
            Route(
                method: .POST, pattern: "/api/v1/applications/:id/district-review", path: "/api/v1/applications/1/district-review",
                body: #"{"recommend":true}"#, need: .policy(.update, .selection(.districtReview(district: "320281")))),
            Route(
                method: .POST, pattern: "/api/v1/applications/:id/attachments",
                path: "/api/v1/applications/1/attachments?file_name=pledge.pdf&kind=pledge", body: "%PDF-1.4 matrix",
                contentType: "application/octet-stream", need: .policy(.create, application)),
            Route(
                method: .GET, pattern: "/api/v1/applications/:id/attachments/:attachmentId", path: "/api/v1/applications/1/attachments/1",
                need: .assignedRead(application)),
            Route(
                method: .POST, pattern: "/api/v1/campaigns/:id/score", path: "/api/v1/campaigns/1/score", need: .policy(.update, icCampaign)
            ),
            Route(
                method: .GET, pattern: "/api/v1/campaigns/:id/ranking", path: "/api/v1/campaigns/1/ranking?chain=ic-fab",
                need: .policy(.read, icCampaign)),
            Route(
                method: .GET, pattern: "/api/v1/campaigns/:id/ranking.xlsx", path: "/api/v1/campaigns/1/ranking.xlsx?chain=ic-fab",
                need: .policy(.read, icCampaign)),
            Route(
                method: .POST, pattern: "/api/v1/campaigns/:id/recognitions", path: "/api/v1/campaigns/1/recognitions",
                body: #"{"chain":"ic-fab","enterprises":["\#(firm)"]}"#, need: .policy(.update, icCampaign)),
            Route(
                method: .POST, pattern: "/api/v1/campaigns/:id/pool-proposals", path: "/api/v1/campaigns/1/pool-proposals",
                body: #"{"chain":"ic-fab"}"#, need: .policy(.update, icChain)),
            Route(
                method: .GET, pattern: "/api/v1/recognitions", path: "/api/v1/recognitions", need: .policy(.read, .selection(.chain(nil)))),
            Route(method: .GET, pattern: "/api/v1/pools", path: "/api/v1/pools?chain=ic-fab", need: .policy(.read, icChain)),
            Route(
                method: .POST, pattern: "/api/v1/pools/moves", path: "/api/v1/pools/moves",
                body: #"{"enterprise":"\#(firm)","chain":"ic-fab","tier":"emerging","reason":"矩阵"}"#, need: .policy(.update, icChain)),
            Route(method: .GET, pattern: "/api/v1/reviews", path: "/api/v1/reviews", need: .policy(.read, .selection(.chain(nil)))),
            Route(
                method: .POST, pattern: "/api/v1/reviews", path: "/api/v1/reviews", body: #"{"recognition":1}"#,
                need: .policy(.update, icChain)
            ),
            Route(method: .GET, pattern: "/api/v1/reviews/:id", path: "/api/v1/reviews/1", need: .policy(.read, icChain)),
            Route(
                method: .POST, pattern: "/api/v1/reviews/:id/decision", path: "/api/v1/reviews/1/decision",
                body: #"{"outcome":"retained","reason":"矩阵"}"#, need: .policy(.update, icChain)),
            Route(method: .GET, pattern: "/api/v1/warnings", path: "/api/v1/warnings", need: .policy(.read, .selection(.chain(nil)))),
            Route(method: .GET, pattern: "/api/v1/targets", path: "/api/v1/targets", need: .policy(.read, .selection(.targets))),
            Route(
                method: .GET, pattern: "/api/v1/enterprises/:uscc/violations", path: "/api/v1/enterprises/\(firm)/violations",
                need: .policy(.read, violations)),
            Route(
                method: .POST, pattern: "/api/v1/enterprises/:uscc/violations", path: "/api/v1/enterprises/\(firm)/violations",
                body: #"{"kind":"环保","date":"2026-01-05","severity":"minor","status":"closed"}"#, need: .policy(.update, violations)),
            Route(
                method: .PATCH, pattern: "/api/v1/enterprises/:uscc/violations/:id", path: "/api/v1/enterprises/\(firm)/violations/1",
                body: #"{"status":"closed"}"#, need: .policy(.update, violations)),
            Route(method: .GET, pattern: "/selection", path: "/selection", need: .policy(.read, .selection(.campaigns))),
            Route(
                method: .POST, pattern: "/selection/campaigns", path: "/selection/campaigns",
                body: "year=2028&applyUntil=2028-06-30&chains%5B%5D=ic-fab", contentType: "application/x-www-form-urlencoded",
                need: .policy(.create, .selection(.campaigns))),
            Route(
                method: .GET, pattern: "/selection/campaigns/:id", path: "/selection/campaigns/1",
                need: .policy(.read, .selection(.campaigns))),
            Route(
                method: .POST, pattern: "/selection/campaigns/:id/score", path: "/selection/campaigns/1/score",
                contentType: "application/x-www-form-urlencoded", need: .policy(.update, icCampaign)),
            Route(
                method: .POST, pattern: "/selection/campaigns/:id/status", path: "/selection/campaigns/1/status", body: "status=open",
                contentType: "application/x-www-form-urlencoded",
                need: .policy(.update, .selection(.campaigns))),
            Route(
                method: .GET, pattern: "/selection/campaigns/:id/apply", path: "/selection/campaigns/1/apply",
                need: .policy(.read, .selection(.campaigns))),
            Route(
                method: .POST, pattern: "/selection/campaigns/:id/apply", path: "/selection/campaigns/1/apply",
                body: "enterprise=\(firm)&chain=ic-fab", contentType: "application/x-www-form-urlencoded",
                need: .policy(.create, application)),
            Route(
                method: .GET, pattern: "/selection/campaigns/:id/ranking", path: "/selection/campaigns/1/ranking?chain=ic-fab",
                need: .policy(.read, icCampaign)),
            Route(
                method: .GET, pattern: "/selection/campaigns/:id/ranking.xlsx", path: "/selection/campaigns/1/ranking.xlsx?chain=ic-fab",
                need: .policy(.read, icCampaign)),
            Route(
                method: .POST, pattern: "/selection/campaigns/:id/recognitions", path: "/selection/campaigns/1/recognitions",
                body: "chain=ic-fab&enterprises%5B%5D=\(firm)", contentType: "application/x-www-form-urlencoded",
                need: .policy(.update, icCampaign)),
            Route(
                method: .POST, pattern: "/selection/campaigns/:id/pool-proposals", path: "/selection/campaigns/1/pool-proposals",
                body: "chain=ic-fab", contentType: "application/x-www-form-urlencoded",
                need: .policy(.update, icChain)),
            Route(
                method: .GET, pattern: "/selection/applications/:id", path: "/selection/applications/1", need: .assignedRead(application)),
            Route(
                method: .POST, pattern: "/selection/applications/:id/district-review", path: "/selection/applications/1/district-review",
                body: "recommend=yes", contentType: "application/x-www-form-urlencoded",
                need: .policy(.update, .selection(.districtReview(district: "320281")))),
            Route(
                method: .POST, pattern: "/selection/applications/:id/attachments", path: "/selection/applications/1/attachments",
                body: "kind=evidence", contentType: "application/x-www-form-urlencoded", need: .policy(.create, application)),
            Route(
                method: .GET, pattern: "/selection/applications/:id/attachments/:attachment",
                path: "/selection/applications/1/attachments/1",
                need: .assignedRead(application)),
            Route(method: .GET, pattern: "/selection/pools", path: "/selection/pools?chain=ic-fab", need: .policy(.read, icChain)),
            Route(
                method: .POST, pattern: "/selection/pools/moves", path: "/selection/pools/moves",
                body: "enterprise=\(firm)&chain=ic-fab&tier=emerging&reason=x", contentType: "application/x-www-form-urlencoded",
                need: .policy(.update, icChain)),
            Route(method: .GET, pattern: "/selection/reviews", path: "/selection/reviews", need: .policy(.read, .selection(.chain(nil)))),
            Route(
                method: .POST, pattern: "/selection/reviews", path: "/selection/reviews", body: "recognition=1",
                contentType: "application/x-www-form-urlencoded", need: .policy(.update, icChain)),
            Route(
                method: .POST, pattern: "/selection/reviews/:id/decision", path: "/selection/reviews/1/decision",
                body: "outcome=retained&reason=x", contentType: "application/x-www-form-urlencoded",
                need: .policy(.update, icChain)),
            Route(method: .GET, pattern: "/selection/targets", path: "/selection/targets", need: .policy(.read, .selection(.targets))),
            Route(method: .GET, pattern: "/dashboard", path: "/dashboard", need: .policy(.read, .selection(.targets))),
            Route(method: .GET, pattern: "/api/v1/tasks", path: "/api/v1/tasks", need: .policy(.read, .tasks(.matrix))),
            Route(
                method: .POST, pattern: "/api/v1/tasks/:clause/reports", path: "/api/v1/tasks/S1/reports",
                body: #"{"department":"市发展改革委","quarter":"2026Q5","status":"done","progress":"x"}"#,
                need: .policy(.create, .tasks(.report(department: "市发展改革委")))),
            Route(method: .GET, pattern: "/tasks", path: "/tasks", need: .policy(.read, .tasks(.matrix))),
            Route(method: .GET, pattern: "/tasks.xlsx", path: "/tasks.xlsx", need: .policy(.read, .tasks(.matrix))),
            Route(
                method: .POST, pattern: "/tasks/reports", path: "/tasks/reports", body: "clause=S9&department=市发展改革委",
                contentType: "application/x-www-form-urlencoded", need: .policy(.create, .tasks(.report(department: "市发展改革委")))),
            Route(method: .GET, pattern: "/dashboard.xlsx", path: "/dashboard.xlsx", need: .policy(.read, .selection(.targets))),
            Route(method: .GET, pattern: "/dashboard.docx", path: "/dashboard.docx", need: .policy(.read, .selection(.targets))),
        ]

    /// Campaign 1 (ic-fab, 2026), the firm's application 1 with attachment 1, violation 1, recognition 1 and review 1;
    /// assignment 1 of application 1 to m_expert (declared), shortlist 1 with notice 1, objection 1 with attachment 1.
    static func selectionFixtures(_ server: TestServer) async throws {
        try await selectionFixturesI(server)
        let now = Date()
        for statement: SQLQueryString in [
            """
            INSERT INTO assignments (campaign_id, chain_code, application_id, expert, mode, status, created_at)
            VALUES (1, 'ic-fab', 1, 'm_expert', 'pair', 'declared', \(bind: now))
            """,
            """
            INSERT INTO shortlists (campaign_id, chain_code, status, proposed_by, proposed_at) VALUES (1, 'ic-fab', 'proposed', 'm', \(bind: now))
            """,
            "INSERT INTO shortlist_entries (shortlist_id, enterprise_uscc, application_id) VALUES (1, \(bind: firm), 1)",
            """
            INSERT INTO notices (shortlist_id, from_date, starts_on, notice_until, working_days, published_by, published_at)
            VALUES (1, '2026-12-01', '2026-12-01', '2026-12-07', 5, 'm', \(bind: now))
            """,
            """
            INSERT INTO objections (notice_id, enterprise_uscc, reason, objector, contact, status, created_at)
            VALUES (1, \(bind: firm), '矩阵', '某人', '13800000000', 'open', \(bind: now))
            """,
            """
            INSERT INTO objection_attachments (objection_id, file_name, content_type, size, sha256, data, uploaded_at)
            VALUES (1, 'e.txt', 'text/plain', 1, 'x', \(bind: Data("x".utf8)), \(bind: now))
            """,
        ] {
            try await server.sql.raw(statement).run()
        }
    }

    static func selectionFixturesI(_ server: TestServer) async throws {
        let campaign = try await server.send(.POST, "/campaigns", json: #"{"year":2026,"chains":["ic-fab"],"applyUntil":"2099-12-31"}"#)
        #expect(campaign.status == 201, "\(campaign.text)")
        let applied = try await server.send(.POST, "/campaigns/1/applications", json: #"{"enterprise":"\#(firm)","chain":"ic-fab"}"#)
        #expect(applied.status == 201, "\(applied.text)")
        try await server.sql.raw(
            """
            INSERT INTO recognitions (enterprise_uscc, chain_code, recognised_on, review_due, status, source, created_at)
            VALUES (\(bind: firm), 'ic-fab', '2024-12-01', '2026-12-01', 'active', 'registry', \(bind: Date()))
            """
        ).run()
        let attached = try await server.send(
            .POST, "/applications/1/attachments?file_name=pledge.pdf&kind=pledge", body: Data("%PDF-1.4 matrix".utf8),
            headers: [("Content-Type", "application/octet-stream")])
        #expect(attached.status == 201, "\(attached.text)")
        let violation = try await server.send(
            .POST, "/enterprises/\(firm)/violations", json: #"{"kind":"环保","date":"2026-01-05","severity":"serious","status":"open"}"#)
        #expect(violation.status == 201, "\(violation.text)")
        let review = try await server.send(.POST, "/reviews", json: #"{"recognition":1}"#)
        #expect(review.status == 201, "\(review.text)")
    }
}
