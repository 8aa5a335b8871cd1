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

    static let selectionRoutes: [Route] = [
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
        Route(method: .GET, pattern: "/api/v1/campaigns/:id", path: "/api/v1/campaigns/1", need: .policy(.read, .selection(.campaigns))),
        Route(
            method: .PATCH, pattern: "/api/v1/campaigns/:id", path: "/api/v1/campaigns/1", body: #"{"applyUntil":"2099-12-30"}"#,
            need: .policy(.update, .selection(.campaigns))),
        Route(
            method: .GET, pattern: "/api/v1/campaigns/:id/applications", path: "/api/v1/campaigns/1/applications",
            need: .policy(.read, .selection(.campaigns))),
        Route(
            method: .POST, pattern: "/api/v1/campaigns/:id/applications", path: "/api/v1/campaigns/1/applications",
            body: #"{"enterprise":"\#(firm)","chain":"ic-fab"}"#, need: .policy(.create, application)),
        Route(method: .GET, pattern: "/api/v1/applications/:id", path: "/api/v1/applications/1", need: .policy(.read, application)),
        Route(
            method: .POST, pattern: "/api/v1/applications/:id/district-review", path: "/api/v1/applications/1/district-review",
            body: #"{"recommend":true}"#, need: .policy(.update, .selection(.districtReview(district: "320281")))),
        Route(
            method: .POST, pattern: "/api/v1/applications/:id/attachments",
            path: "/api/v1/applications/1/attachments?file_name=pledge.pdf&kind=pledge", body: "%PDF-1.4 matrix",
            contentType: "application/octet-stream", need: .policy(.create, application)),
        Route(
            method: .GET, pattern: "/api/v1/applications/:id/attachments/:attachmentId", path: "/api/v1/applications/1/attachments/1",
            need: .policy(.read, application)),
        Route(method: .POST, pattern: "/api/v1/campaigns/:id/score", path: "/api/v1/campaigns/1/score", need: .policy(.update, icCampaign)),
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
        Route(method: .GET, pattern: "/api/v1/recognitions", path: "/api/v1/recognitions", need: .policy(.read, .selection(.chain(nil)))),
        Route(method: .GET, pattern: "/api/v1/pools", path: "/api/v1/pools?chain=ic-fab", need: .policy(.read, icChain)),
        Route(
            method: .POST, pattern: "/api/v1/pools/moves", path: "/api/v1/pools/moves",
            body: #"{"enterprise":"\#(firm)","chain":"ic-fab","tier":"emerging","reason":"矩阵"}"#, need: .policy(.update, icChain)),
        Route(method: .GET, pattern: "/api/v1/reviews", path: "/api/v1/reviews", need: .policy(.read, .selection(.chain(nil)))),
        Route(
            method: .POST, pattern: "/api/v1/reviews", path: "/api/v1/reviews", body: #"{"recognition":1}"#, need: .policy(.update, icChain)
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
            method: .GET, pattern: "/selection/campaigns/:id", path: "/selection/campaigns/1", need: .policy(.read, .selection(.campaigns))),
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
        Route(method: .GET, pattern: "/selection/applications/:id", path: "/selection/applications/1", need: .policy(.read, application)),
        Route(
            method: .POST, pattern: "/selection/applications/:id/district-review", path: "/selection/applications/1/district-review",
            body: "recommend=yes", contentType: "application/x-www-form-urlencoded",
            need: .policy(.update, .selection(.districtReview(district: "320281")))),
        Route(
            method: .POST, pattern: "/selection/applications/:id/attachments", path: "/selection/applications/1/attachments",
            body: "kind=evidence", contentType: "application/x-www-form-urlencoded", need: .policy(.create, application)),
        Route(
            method: .GET, pattern: "/selection/applications/:id/attachments/:attachment", path: "/selection/applications/1/attachments/1",
            need: .policy(.read, application)),
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
    ]

    /// Campaign 1 (ic-fab, 2026), the firm's application 1 with attachment 1, violation 1, recognition 1 and review 1.
    static func selectionFixtures(_ server: TestServer) async throws {
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
