import ChainLeadCore
import Foundation
import Vapor

@testable import App

/// The access table's case and publicity routes (Policy S7). Writes name rows that do not exist
/// (404 when allowed) or values that do not read (422 when allowed).
extension AccessMatrixTests {
    static let caseList = Resource.cases(.list)
    static let caseReview = Resource.cases(.review)
    static let firmCase = Resource.cases(.firm(enterprise: firm, chains: ["ic-fab"]))
    /// Case 999 does not exist: whoever may edit some case learns that (404), others are refused.
    static let anyCase = Resource.cases(.firm(enterprise: firm, chains: ["ic-fab", "auto-nev"]))
    static let form = "application/x-www-form-urlencoded"

    static let caseRoutes: [Route] = [
        Route(method: .GET, pattern: "/api/v1/cases", path: "/api/v1/cases", need: .policy(.read, caseList)),
        Route(
            method: .POST, pattern: "/api/v1/cases", path: "/api/v1/cases",
            body: #"{"year":1999,"title":"x","enterprise":"\#(firm)","chain":"ic-fab","category":"green","body":"x"}"#,
            need: .policy(.create, firmCase)),
        Route(method: .GET, pattern: "/api/v1/cases/:id", path: "/api/v1/cases/999", need: .policy(.read, caseList)),
        Route(
            method: .PATCH, pattern: "/api/v1/cases/:id", path: "/api/v1/cases/999", body: #"{"title":"x"}"#,
            need: .ownFirmOr(.update, anyCase)),
        Route(
            method: .POST, pattern: "/api/v1/cases/:id/review", path: "/api/v1/cases/999/review", body: #"{"decision":"select"}"#,
            need: .policy(.update, caseReview)),
        Route(
            method: .POST, pattern: "/api/v1/cases/:id/pictures", path: "/api/v1/cases/999/pictures?caption=x", body: "x",
            contentType: "application/octet-stream", need: .ownFirmOr(.update, anyCase)),
        Route(
            method: .GET, pattern: "/api/v1/cases/:id/pictures/:pictureId", path: "/api/v1/cases/999/pictures/1",
            need: .policy(.read, caseList)),
        Route(method: .GET, pattern: "/api/v1/casebook/:year", path: "/api/v1/casebook/2001", need: .policy(.export, caseReview)),
        Route(method: .GET, pattern: "/api/v1/publicity", path: "/api/v1/publicity", need: .policy(.read, caseReview)),
        Route(
            method: .POST, pattern: "/api/v1/publicity", path: "/api/v1/publicity",
            body: #"{"kind":"event","date":"1999-01-01","title":"x"}"#,
            need: .policy(.update, caseReview)),
        Route(method: .GET, pattern: "/cases", path: "/cases", need: .policy(.read, caseList)),
        Route(
            method: .POST, pattern: "/cases", path: "/cases", body: "year=1999&enterprise=\(firm)&chain=ic-fab", contentType: form,
            need: .policy(.create, firmCase)),
        Route(method: .GET, pattern: "/cases/casebook.docx", path: "/cases/casebook.docx?year=2001", need: .policy(.export, caseReview)),
        Route(method: .GET, pattern: "/cases/:id", path: "/cases/999", need: .policy(.read, caseList)),
        Route(
            method: .POST, pattern: "/cases/:id", path: "/cases/999", body: "title=x", contentType: form, need: .ownFirmOr(.update, anyCase)
        ),
        Route(
            method: .POST, pattern: "/cases/:id/review", path: "/cases/999/review", body: "decision=select", contentType: form,
            need: .policy(.update, caseReview)),
        Route(
            method: .POST, pattern: "/cases/:id/pictures", path: "/cases/999/pictures", body: "caption=x", contentType: form,
            need: .ownFirmOr(.update, anyCase)),
        Route(method: .GET, pattern: "/cases/:id/pictures/:picture", path: "/cases/999/pictures/1", need: .policy(.read, caseList)),
        Route(
            method: .POST, pattern: "/publicity", path: "/publicity", body: "kind=x", contentType: form, need: .policy(.update, caseReview)),
        // The working calendar from a file (the system administrator).
        Route(
            method: .POST, pattern: "/service-settings/calendar/preview", path: "/service-settings/calendar/preview", body: "x",
            contentType: form, need: .policy(.update, .serviceSettings)),
        Route(
            method: .POST, pattern: "/service-settings/calendar/import", path: "/service-settings/calendar/import", body: "lines=x",
            contentType: form, need: .policy(.update, .serviceSettings)),
        // Chain and cluster dashboards: a cluster needs every chain of it (ic = ic-fab + ic-packaging).
        Route(
            method: .GET, pattern: "/api/v1/chains/:code/dashboard", path: "/api/v1/chains/ic-fab/dashboard",
            need: .policy(.read, .supplyAnalysis(chain: "ic-fab"))),
        Route(
            method: .GET, pattern: "/api/v1/clusters/:code/dashboard", path: "/api/v1/clusters/ic/dashboard",
            need: .policy(.read, .supplyAnalysis(chain: "ic-packaging"))),
        Route(
            method: .GET, pattern: "/dashboard/chains/:code", path: "/dashboard/chains/ic-fab",
            need: .policy(.read, .supplyAnalysis(chain: "ic-fab"))),
        Route(
            method: .GET, pattern: "/dashboard/clusters/:code", path: "/dashboard/clusters/ic",
            need: .policy(.read, .supplyAnalysis(chain: "ic-packaging"))),
    ]
}
