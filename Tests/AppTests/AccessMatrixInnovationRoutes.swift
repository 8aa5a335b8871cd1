import ChainLeadCore
import Foundation
import Vapor

@testable import App

/// The access table's honours and rewards routes (Policy L4, S3, S4, G3). Honour 1 and its reward
/// are the matrix firm's, made in setup; each caller's writes hit rows that do not exist (404
/// when allowed) or fail validation (422), never another caller's.
extension AccessMatrixTests {
    static let innovationRoutes: [Route] = [
        Route(method: .GET, pattern: "/api/v1/honour-kinds", path: "/api/v1/honour-kinds", need: .policy(.read, .honours)),
        Route(method: .GET, pattern: "/api/v1/honours", path: "/api/v1/honours?kind=single-champion", need: .policy(.read, .honours)),
        Route(
            method: .POST, pattern: "/api/v1/honours", path: "/api/v1/honours",
            body: #"{"enterprise":"\#(firm)","kind":"no-such-kind","year":2025}"#, need: .policy(.create, .honours)),
        Route(
            method: .POST, pattern: "/api/v1/honour-imports", path: "/api/v1/honour-imports", body: "企业名称,荣誉类型,年度\n",
            contentType: "text/csv", need: .policy(.importData, .honours)),
        Route(method: .DELETE, pattern: "/api/v1/honours/:id", path: "/api/v1/honours/999?reason=x", need: .policy(.update, .honours)),
        Route(
            method: .GET, pattern: "/api/v1/rewards/rules", path: "/api/v1/rewards/rules", need: .policy(.read, .rewards(enterprise: nil))),
        Route(
            method: .PUT, pattern: "/api/v1/rewards/rules/:kind", path: "/api/v1/rewards/rules/no-such-kind", body: #"{"amount":1}"#,
            need: .policy(.update, .rewards(enterprise: nil))),
        Route(
            method: .GET, pattern: "/api/v1/rewards", path: "/api/v1/rewards",
            need: .ownFirmOr(.read, .rewards(enterprise: nil))),
        Route(
            method: .POST, pattern: "/api/v1/rewards/:id/moves", path: "/api/v1/rewards/999/moves", body: #"{"to":"confirmed"}"#,
            need: .policy(.update, .rewards(enterprise: nil))),
        Route(
            method: .POST, pattern: "/api/v1/reward-notices", path: "/api/v1/reward-notices",
            body: #"{"from":"2026-12-07","workingDays":0}"#,
            need: .policy(.update, .rewards(enterprise: nil))),
        Route(method: .GET, pattern: "/api/v1/reward-notices/:id", path: "/api/v1/reward-notices/999", need: .loggedIn),
        Route(method: .GET, pattern: "/reward-notices/:notice", path: "/reward-notices/999", need: .open),
        Route(
            method: .POST, pattern: "/rewards/notices", path: "/rewards/notices", body: "from=&workingDays=5",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .rewards(enterprise: nil))),
        Route(method: .GET, pattern: "/api/v1/consortia", path: "/api/v1/consortia?level=city", need: .policy(.read, .honours)),
        Route(
            method: .POST, pattern: "/api/v1/consortia", path: "/api/v1/consortia",
            body: #"{"name":"矩阵联合体","lead":"\#(firm)","type":"task","level":"city","approvedOn":"2026-05-01","chains":["no-such"]}"#,
            need: .policy(.create, .honours)),
        Route(method: .GET, pattern: "/api/v1/projects", path: "/api/v1/projects?kind=chain", need: .policy(.read, .honours)),
        Route(
            method: .POST, pattern: "/api/v1/projects", path: "/api/v1/projects",
            body: #"{"kind":"chain","name":"矩阵项目","year":2026,"chain":"no-such","segment":"no-such","action":"fill"}"#,
            need: .policy(.create, .honours)),
        Route(method: .GET, pattern: "/api/v1/standards", path: "/api/v1/standards?level=national", need: .policy(.read, .honours)),
        Route(
            method: .POST, pattern: "/api/v1/standards", path: "/api/v1/standards",
            body: #"{"enterprise":"\#(firm)","number":" ","name":"矩阵标准","level":"group","role":"lead","year":2026}"#,
            need: .policy(.create, .honours)),
        Route(
            method: .GET, pattern: "/api/v1/honour-hints", path: "/api/v1/honour-hints?kind=single-champion",
            need: .policy(.update, .honours)),
        Route(method: .GET, pattern: "/honour-hints", path: "/honour-hints", need: .policy(.update, .honours)),
        Route(
            method: .POST, pattern: "/api/v1/innovation-imports", path: "/api/v1/innovation-imports?records=standards",
            body: "标准号,标准名称,年度\n", contentType: "text/csv", need: .policy(.importData, .honours)),
        Route(
            method: .GET, pattern: "/api/v1/exports/innovation.xlsx", path: "/api/v1/exports/innovation.xlsx?records=standards",
            need: .policy(.export, .honours)),
        Route(
            method: .GET, pattern: "/exports/innovation.xlsx", path: "/exports/innovation.xlsx?records=projects",
            need: .policy(.export, .honours)),
        Route(
            method: .POST, pattern: "/innovation-imports", path: "/innovation-imports", body: "records=projects",
            contentType: "application/x-www-form-urlencoded", need: .policy(.importData, .honours)),
        Route(
            method: .PUT, pattern: "/api/v1/honour-kinds/:code", path: "/api/v1/honour-kinds/matrix-kind",
            body: #"{"name":" ","level":"city"}"#,
            need: .policy(.update, .honours)),
        Route(method: .GET, pattern: "/honour-kinds", path: "/honour-kinds", need: .policy(.read, .honours)),
        Route(
            method: .POST, pattern: "/honour-kinds", path: "/honour-kinds", body: "code=matrix-kind&name=&level=city",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .honours)),
        Route(method: .GET, pattern: "/projects", path: "/projects", need: .policy(.read, .honours)),
        Route(
            method: .POST, pattern: "/projects", path: "/projects", body: "kind=chain&name=x&year=2025&chain=no-such",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .honours)),
        Route(method: .GET, pattern: "/standards", path: "/standards", need: .policy(.read, .honours)),
        Route(
            method: .POST, pattern: "/standards", path: "/standards", body: "enterprise=\(firm)&number=&name=x&year=2025",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .honours)),
        Route(method: .GET, pattern: "/consortia", path: "/consortia", need: .policy(.read, .honours)),
        Route(
            method: .POST, pattern: "/consortia", path: "/consortia",
            body: "name=x&lead=\(firm)&type=task&level=city&approvedOn=2026-05-01&chain=no-such",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .honours)),
        Route(method: .GET, pattern: "/honours", path: "/honours", need: .policy(.read, .honours)),
        Route(
            method: .POST, pattern: "/honours", path: "/honours", body: "enterprise=\(firm)&kind=no-such-kind&year=2025",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .honours)),
        Route(method: .GET, pattern: "/rewards", path: "/rewards", need: .ownFirmOr(.read, .rewards(enterprise: nil))),
        Route(
            method: .POST, pattern: "/rewards/:id/moves", path: "/rewards/999/moves", body: "to=confirmed",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .rewards(enterprise: nil))),
    ]
}
