import ChainLeadCore
import Vapor

@testable import App

/// The access table: every route with the request that exercises it and what the policy needs.
extension AccessMatrixTests {
    static let loginCSRF = String(repeating: "ab", count: 32)

    static let firmResource = Resource.enterprise(uscc: firm, district: "320281", chains: ["ic-fab"])
    static let visitResource = Resource.visit(enterprise: firm, district: "320281", chains: ["ic-fab"])
    static let requestResource = Resource.serviceRequest(
        enterprise: firm, district: "320281", chains: ["ic-fab"], departments: ["国网无锡供电公司"])

    // The selection routes run first: the core table ends with the routes that end sessions.
    static var routes: [Route] { selectionRoutes + innovationRoutes + matchmakingRoutes + financeRoutes + caseRoutes + coreRoutes }

    static let coreRoutes: [Route] = [
        Route(method: .GET, pattern: "/api/v1/healthz", path: "/api/v1/healthz", need: .open),
        Route(
            method: .POST, pattern: "/api/v1/auth/token", path: "/api/v1/auth/token", body: #"{"username":"x","password":"y"}"#, need: .open
        ),
        Route(method: .GET, pattern: "/api/v1/openapi.yaml", path: "/api/v1/openapi.yaml", need: .open),
        Route(method: .GET, pattern: "/api/v1/districts", path: "/api/v1/districts", need: .policy(.read, .taxonomy)),
        Route(method: .GET, pattern: "/api/v1/clusters", path: "/api/v1/clusters", need: .policy(.read, .taxonomy)),
        Route(method: .GET, pattern: "/api/v1/clusters/:code", path: "/api/v1/clusters/ic", need: .policy(.read, .taxonomy)),
        Route(method: .GET, pattern: "/api/v1/chains", path: "/api/v1/chains", need: .policy(.read, .taxonomy)),
        Route(method: .GET, pattern: "/api/v1/chains/:code", path: "/api/v1/chains/ic-fab", need: .policy(.read, .taxonomy)),
        Route(
            method: .PATCH, pattern: "/api/v1/chains/:code", path: "/api/v1/chains/ic-fab", body: #"{"chiefTitle":"副市长"}"#,
            need: .policy(.editTaxonomy, .taxonomy)),
        Route(method: .GET, pattern: "/api/v1/uscc/:uscc", path: "/api/v1/uscc/\(firm)", need: .policy(.read, .enterpriseList)),
        Route(method: .GET, pattern: "/api/v1/enterprises", path: "/api/v1/enterprises", need: .policy(.read, .enterpriseList)),
        Route(
            method: .POST, pattern: "/api/v1/enterprises", path: "/api/v1/enterprises",
            body: #"{"uscc":"\#(makeUSCC(division: "320281", serial: 502))","name":"矩阵测试","district":"320281"}"#,
            need: .policy(.create, .newEnterprise(district: "320281"))),
        Route(method: .GET, pattern: "/api/v1/enterprises/:uscc", path: "/api/v1/enterprises/\(firm)", need: .firmRead),
        Route(
            method: .PATCH, pattern: "/api/v1/enterprises/:uscc", path: "/api/v1/enterprises/\(firm)", body: #"{"address":"矩阵路1号"}"#,
            need: .policy(.update, firmResource)),
        Route(
            method: .PUT, pattern: "/api/v1/enterprises/:uscc/figures/:year", path: "/api/v1/enterprises/\(firm)/figures/2025",
            body: #"{"outputValue":1}"#, need: .policy(.update, firmResource)),
        Route(
            method: .POST, pattern: "/api/v1/imports/enterprises", path: "/api/v1/imports/enterprises", body: "x\n",
            contentType: "text/csv", need: .policy(.importData, .imports)),
        Route(
            method: .POST, pattern: "/api/v1/imports/figures", path: "/api/v1/imports/figures", body: "x\n", contentType: "text/csv",
            need: .policy(.importData, .imports)),
        Route(
            method: .POST, pattern: "/api/v1/imports/supply-links", path: "/api/v1/imports/supply-links", body: "x\n",
            contentType: "text/csv", need: .policy(.importData, .imports)),
        Route(method: .GET, pattern: "/api/v1/imports/:id", path: "/api/v1/imports/1", need: .policy(.importData, .imports)),
        Route(
            method: .GET, pattern: "/api/v1/exports/enterprises.xlsx", path: "/api/v1/exports/enterprises.xlsx",
            need: .policy(.export, .enterpriseList)),
        Route(method: .GET, pattern: "/api/v1/audit", path: "/api/v1/audit", need: .policy(.readAudit, .audit)),
        Route(
            method: .POST, pattern: "/api/v1/supply-links", path: "/api/v1/supply-links",
            body:
                #"{"buyer":"\#(firm)","supplierName":"矩阵供应商有限公司","supplierCity":"上海","segment":"ic-fab-u2","year":2025,"amount":100,"category":"material"}"#,
            need: .policy(.update, firmResource)),
        Route(method: .GET, pattern: "/api/v1/supply-links", path: "/api/v1/supply-links", need: .policy(.read, .supplyPurchases)),
        Route(
            method: .GET, pattern: "/api/v1/supporting-rates", path: "/api/v1/supporting-rates?year=2025",
            need: .policy(.read, .supplyAnalysis(chain: nil))),
        Route(
            method: .GET, pattern: "/api/v1/chains/:code/map", path: "/api/v1/chains/ic-fab/map",
            need: .policy(.read, .supplyAnalysis(chain: "ic-fab"))),
        Route(
            method: .GET, pattern: "/api/v1/chains/:code/map.svg", path: "/api/v1/chains/ic-fab/map.svg",
            need: .policy(.read, .supplyAnalysis(chain: "ic-fab"))),
        Route(
            method: .GET, pattern: "/api/v1/risks/single-source", path: "/api/v1/risks/single-source?year=2025",
            need: .policy(.read, .supplyPurchases)),
        Route(method: .GET, pattern: "/api/v1/leads", path: "/api/v1/leads", need: .policy(.read, .leads)),
        Route(
            method: .POST, pattern: "/api/v1/leads", path: "/api/v1/leads", body: #"{"supplierKey":"name:无此供应商|"}"#,
            need: .policy(.update, .leads)),
        Route(
            method: .PATCH, pattern: "/api/v1/leads/:id", path: "/api/v1/leads/999999", body: #"{"notes":"矩阵"}"#,
            need: .policy(.update, .leads)),
        Route(method: .GET, pattern: "/api/v1/leads/:id", path: "/api/v1/leads/999999", need: .policy(.read, .leads)),
        Route(method: .GET, pattern: "/api/v1/leads/:id/events", path: "/api/v1/leads/999999/events", need: .policy(.read, .leads)),
        Route(
            method: .POST, pattern: "/api/v1/leads/:id/events", path: "/api/v1/leads/999999/events",
            body: #"{"happenedOn":"2025-01-02","what":"矩阵"}"#, need: .policy(.update, .leads)),
        Route(method: .GET, pattern: "/api/v1/exports/leads.xlsx", path: "/api/v1/exports/leads.xlsx", need: .policy(.export, .leads)),
        Route(method: .GET, pattern: "/api/v1/supplier-matches", path: "/api/v1/supplier-matches", need: .policy(.read, .supplierMatches)),
        Route(
            method: .POST, pattern: "/api/v1/supplier-matches/:id/decision", path: "/api/v1/supplier-matches/999999/decision",
            body: #"{"confirm":true}"#, need: .policy(.update, .supplierMatches)),
        Route(
            method: .POST, pattern: "/api/v1/requests", path: "/api/v1/requests",
            body: #"{"enterprise":"\#(firm)","category":"power","title":"矩阵诉求","description":"矩阵测试"}"#,
            need: .policy(.create, .newServiceRequest(enterprise: firm, district: "320281"))),
        Route(method: .GET, pattern: "/api/v1/requests", path: "/api/v1/requests", need: .policy(.read, .serviceRequests)),
        Route(method: .GET, pattern: "/api/v1/requests/:id", path: "/api/v1/requests/1", need: .policy(.read, requestResource)),
        Route(
            method: .POST, pattern: "/api/v1/requests/:id/actions", path: "/api/v1/requests/1/actions", body: #"{"action":"close"}"#,
            need: .workflow(.update, requestResource)),
        Route(
            method: .POST, pattern: "/api/v1/requests/:id/attachments", path: "/api/v1/requests/1/attachments?file_name=matrix.txt",
            body: "matrix",
            contentType: "application/octet-stream", need: .workflow(.update, requestResource)),
        Route(
            method: .GET, pattern: "/api/v1/requests/:id/attachments/:attachmentId", path: "/api/v1/requests/1/attachments/1",
            need: .policy(.read, requestResource)),
        Route(
            method: .GET, pattern: "/api/v1/calendar/add-working-days", path: "/api/v1/calendar/add-working-days?from=2026-09-29&days=5",
            need: .policy(.read, .serviceSettings)),
        Route(
            method: .PUT, pattern: "/api/v1/calendar/days/:day", path: "/api/v1/calendar/days/2027-01-01", body: #"{"kind":"holiday"}"#,
            need: .policy(.update, .serviceSettings)),
        Route(method: .GET, pattern: "/api/v1/routing", path: "/api/v1/routing", need: .policy(.read, .serviceSettings)),
        Route(
            method: .PUT, pattern: "/api/v1/routing/:category", path: "/api/v1/routing/power", body: #"{"leadDepartment":"国网无锡供电公司"}"#,
            need: .policy(.update, .serviceSettings)),
        Route(
            method: .GET, pattern: "/api/v1/departments/:name/stats", path: "/api/v1/departments/city/stats",
            need: .policy(.read, .serviceStats(department: nil))),
        Route(method: .GET, pattern: "/api/v1/notifications", path: "/api/v1/notifications", need: .policy(.read, .ownAccount)),
        Route(
            method: .GET, pattern: "/api/v1/exports/requests.xlsx", path: "/api/v1/exports/requests.xlsx",
            need: .policy(.read, .serviceRequests)),
        Route(
            method: .PUT, pattern: "/api/v1/enterprises/:uscc/liaison", path: "/api/v1/enterprises/\(firm)/liaison",
            body: #"{"username":"m_official"}"#,
            need: .policy(.update, .liaison)),
        Route(method: .GET, pattern: "/api/v1/liaison/firms", path: "/api/v1/liaison/firms", need: .policy(.read, .ownAccount)),
        Route(
            method: .POST, pattern: "/api/v1/visits", path: "/api/v1/visits",
            body: #"{"enterprise":"\#(firm)","visitedOn":"2026-11-20","visitors":"矩阵"}"#, need: .policy(.create, visitResource)),
        Route(method: .GET, pattern: "/api/v1/visits", path: "/api/v1/visits?enterprise=\(firm)", need: .policy(.read, visitResource)),
        Route(
            method: .POST, pattern: "/api/v1/meetings", path: "/api/v1/meetings",
            body: #"{"title":"矩阵会商","heldOn":"2026-11-25","requests":[1]}"#,
            need: .policy(.update, .meetings)),
        Route(method: .GET, pattern: "/api/v1/meetings/:id", path: "/api/v1/meetings/1", need: .policy(.read, .meetings)),
        Route(
            method: .PUT, pattern: "/api/v1/meetings/:id/items/:requestId", path: "/api/v1/meetings/1/items/1", body: #"{"decision":"矩阵"}"#,
            need: .policy(.update, .meetings)),
        Route(
            method: .GET, pattern: "/api/v1/clusters/:code/services", path: "/api/v1/clusters/ic/services",
            need: .policy(.read, .serviceOffers)),
        Route(
            method: .POST, pattern: "/api/v1/clusters/:code/services", path: "/api/v1/clusters/ic/services",
            body: #"{"title":"矩阵服务","department":"市工业和信息化局","howToAsk":"矩阵"}"#, need: .policy(.update, .serviceOffers)),
        Route(
            method: .POST, pattern: "/api/v1/auth/password", path: "/api/v1/auth/password",
            body: #"{"username":"x","currentPassword":"y","newPassword":"Zz-1234567890"}"#, need: .open),
        Route(method: .GET, pattern: "/api/v1/auth/tokens", path: "/api/v1/auth/tokens", need: .policy(.read, .ownAccount)),
        Route(
            method: .POST, pattern: "/api/v1/auth/tokens", path: "/api/v1/auth/tokens", body: #"{"name":"matrix"}"#,
            need: .policy(.update, .ownAccount)),
        Route(method: .DELETE, pattern: "/api/v1/auth/tokens/:id", path: "/api/v1/auth/tokens/999999", need: .policy(.update, .ownAccount)),
        Route(method: .GET, pattern: "/api/v1/users", path: "/api/v1/users", need: .policy(.read, .users)),
        Route(
            method: .POST, pattern: "/api/v1/users", path: "/api/v1/users", body: #"{"username":"m_new"}"#,
            need: .policy(.manageUsers, .users)),
        Route(method: .GET, pattern: "/api/v1/users/:username", path: "/api/v1/users/m_target", need: .policy(.read, .users)),
        Route(
            method: .PATCH, pattern: "/api/v1/users/:username", path: "/api/v1/users/m_target", body: #"{"displayName":"矩阵"}"#,
            need: .policy(.manageUsers, .users)),
        Route(
            method: .POST, pattern: "/api/v1/users/:username/password-reset", path: "/api/v1/users/m_target/password-reset",
            need: .policy(.manageUsers, .users)),
        Route(
            method: .PUT, pattern: "/api/v1/users/:username/grants", path: "/api/v1/users/m_target/grants",
            body: #"{"grants":[{"role":"official","scope":"city"}]}"#, need: .policy(.assignRoles, .users)),
        // pages
        Route(method: .GET, pattern: "/login", path: "/login", need: .open),
        Route(
            method: .POST, pattern: "/login", path: "/login", body: "username=x&password=y&_login_csrf=\(loginCSRF)",
            contentType: "application/x-www-form-urlencoded", cookie: "\(LoginController.csrfCookie)=\(loginCSRF)", need: .open),
        Route(method: .GET, pattern: "/", path: "/", need: .home),
        Route(method: .GET, pattern: "/workbench", path: "/workbench", need: .loggedIn),
        Route(method: .GET, pattern: "/healthz", path: "/healthz", need: .open),
        Route(method: .GET, pattern: "/readyz", path: "/readyz", need: .open),
        // Allowed addresses only (none in process): 404 to everyone here, never 403.
        Route(method: .GET, pattern: "/metrics", path: "/metrics", need: .open),
        Route(
            method: .POST, pattern: "/api/v1/notifications/read", path: "/api/v1/notifications/read", body: "{}",
            need: .policy(.update, .ownAccount)),
        Route(method: .GET, pattern: "/notifications", path: "/notifications", need: .loggedIn),
        Route(
            method: .POST, pattern: "/notifications/read", path: "/notifications/read", body: "",
            contentType: "application/x-www-form-urlencoded", need: .loggedIn),
        Route(method: .GET, pattern: "/clusters", path: "/clusters", need: .policy(.read, .taxonomy)),
        Route(method: .GET, pattern: "/chains/:code", path: "/chains/ic-fab", need: .policy(.read, .taxonomy)),
        Route(method: .GET, pattern: "/enterprises", path: "/enterprises", need: .policy(.read, .enterpriseList)),
        Route(method: .GET, pattern: "/enterprises/:uscc", path: "/enterprises/\(firm)", need: .firmRead),
        Route(method: .GET, pattern: "/enterprises/:uscc/edit", path: "/enterprises/\(firm)/edit", need: .policy(.update, firmResource)),
        Route(
            method: .POST, pattern: "/enterprises/:uscc/edit", path: "/enterprises/\(firm)/edit",
            body: "name=%E7%9F%A9%E9%98%B5&district=320281&status=active&tier=none&primarySegment=ic-fab-u1",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, firmResource)),
        Route(method: .GET, pattern: "/imports", path: "/imports", need: .policy(.importData, .imports)),
        Route(
            method: .POST, pattern: "/imports", path: "/imports", body: "kind=enterprises",
            contentType: "application/x-www-form-urlencoded", need: .policy(.importData, .imports)),
        Route(method: .GET, pattern: "/imports/:id", path: "/imports/999", need: .policy(.importData, .imports)),
        Route(method: .GET, pattern: "/imports/:id/status", path: "/imports/999/status", need: .policy(.importData, .imports)),
        Route(
            method: .GET, pattern: "/exports/enterprises.xlsx", path: "/exports/enterprises.xlsx", need: .policy(.export, .enterpriseList)),
        Route(method: .GET, pattern: "/templates/:file", path: "/templates/enterprises.xlsx", need: .policy(.importData, .imports)),
        Route(method: .GET, pattern: "/audit", path: "/audit", need: .policy(.readAudit, .audit)),
        Route(method: .GET, pattern: "/account", path: "/account", need: .policy(.read, .ownAccount)),
        Route(
            method: .POST, pattern: "/account/password", path: "/account/password",
            body: "currentPassword=x&newPassword=y&confirmPassword=y",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .ownAccount)),
        Route(
            method: .POST, pattern: "/account/tokens", path: "/account/tokens", body: "name=matrix&days=30",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .ownAccount)),
        Route(
            method: .POST, pattern: "/account/tokens/:id/revoke", path: "/account/tokens/999999/revoke", body: "",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .ownAccount)),
        Route(method: .GET, pattern: "/users", path: "/users", need: .policy(.read, .users)),
        Route(
            method: .POST, pattern: "/users", path: "/users", body: "username=m_page", contentType: "application/x-www-form-urlencoded",
            need: .policy(.manageUsers, .users)),
        Route(method: .GET, pattern: "/users/:username", path: "/users/m_target", need: .policy(.read, .users)),
        Route(
            method: .POST, pattern: "/users/:username/disable", path: "/users/m_target/disable", body: "",
            contentType: "application/x-www-form-urlencoded", need: .policy(.manageUsers, .users)),
        Route(
            method: .POST, pattern: "/users/:username/enable", path: "/users/m_target/enable", body: "",
            contentType: "application/x-www-form-urlencoded", need: .policy(.manageUsers, .users)),
        Route(
            method: .POST, pattern: "/users/:username/reset", path: "/users/m_target/reset", body: "",
            contentType: "application/x-www-form-urlencoded", need: .policy(.manageUsers, .users)),
        Route(
            method: .POST, pattern: "/users/:username/grants/add", path: "/users/m_target/grants/add",
            body: "role=district&scope=district:320214",
            contentType: "application/x-www-form-urlencoded", need: .policy(.assignRoles, .users)),
        Route(
            method: .POST, pattern: "/users/:username/grants/remove", path: "/users/m_target/grants/remove",
            body: "role=district&scope=district:320214",
            contentType: "application/x-www-form-urlencoded", need: .policy(.assignRoles, .users)),
        Route(method: .GET, pattern: "/supply", path: "/supply", need: .policy(.read, .supplyAnalysis(chain: nil))),
        Route(
            method: .GET, pattern: "/chains/:code/map.svg", path: "/chains/ic-fab/map.svg",
            need: .policy(.read, .supplyAnalysis(chain: "ic-fab"))),
        Route(method: .GET, pattern: "/leads", path: "/leads", need: .policy(.read, .leads)),
        Route(
            method: .POST, pattern: "/leads", path: "/leads", body: "supplierKey=name%3Ax%7C",
            contentType: "application/x-www-form-urlencoded",
            need: .policy(.update, .leads)),
        Route(
            method: .POST, pattern: "/leads/:id", path: "/leads/999999", body: "stage=contacted",
            contentType: "application/x-www-form-urlencoded",
            need: .policy(.update, .leads)),
        Route(method: .GET, pattern: "/leads/new", path: "/leads/new?supplierKey=name%3Ax%7C", need: .policy(.update, .leads)),
        Route(method: .GET, pattern: "/leads/:id", path: "/leads/999999", need: .policy(.read, .leads)),
        Route(
            method: .POST, pattern: "/leads/:id/log", path: "/leads/999999/log", body: "happenedOn=2025-01-02&what=x",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .leads)),
        Route(method: .GET, pattern: "/suppliers", path: "/suppliers?key=name%3Ax%7C", need: .policy(.read, .supplyPurchases)),
        Route(method: .GET, pattern: "/exports/leads.xlsx", path: "/exports/leads.xlsx", need: .policy(.export, .leads)),
        Route(method: .GET, pattern: "/supplier-matches", path: "/supplier-matches", need: .policy(.read, .supplierMatches)),
        Route(
            method: .POST, pattern: "/supplier-matches/:id/decision", path: "/supplier-matches/999999/decision", body: "confirm=true",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .supplierMatches)),
        Route(method: .GET, pattern: "/requests", path: "/requests", need: .policy(.read, .serviceRequests)),
        Route(method: .GET, pattern: "/requests/new", path: "/requests/new", need: .policy(.read, .serviceRequests)),
        Route(
            method: .POST, pattern: "/requests", path: "/requests", body: "enterprise=\(firm)&category=power&title=x&description=y",
            contentType: "application/x-www-form-urlencoded",
            need: .policy(.create, .newServiceRequest(enterprise: firm, district: "320281"))),
        Route(method: .GET, pattern: "/requests/:id", path: "/requests/1", need: .policy(.read, requestResource)),
        Route(
            method: .POST, pattern: "/requests/:id/actions", path: "/requests/1/actions", body: "action=close",
            contentType: "application/x-www-form-urlencoded", need: .workflow(.update, requestResource)),
        Route(
            method: .POST, pattern: "/requests/:id/attachments", path: "/requests/1/attachments", body: "x=1",
            contentType: "application/x-www-form-urlencoded", need: .workflow(.update, requestResource)),
        Route(
            method: .GET, pattern: "/requests/:id/attachments/:attachment", path: "/requests/1/attachments/1",
            need: .policy(.read, requestResource)),
        Route(method: .GET, pattern: "/liaison", path: "/liaison", need: .policy(.read, .ownAccount)),
        Route(method: .GET, pattern: "/service-settings", path: "/service-settings", need: .policy(.read, .serviceSettings)),
        Route(method: .GET, pattern: "/visits/new", path: "/visits/new?enterprise=\(firm)", need: .policy(.read, visitResource)),
        Route(
            method: .POST, pattern: "/visits", path: "/visits", body: "enterprise=\(firm)&visitedOn=2026-11-20&visitors=x",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, visitResource)),
        Route(
            method: .POST, pattern: "/service-settings/routing/:category", path: "/service-settings/routing/power",
            body: "lead=%E5%9B%BD%E7%BD%91%E6%97%A0%E9%94%A1%E4%BE%9B%E7%94%B5%E5%85%AC%E5%8F%B8",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .serviceSettings)),
        Route(
            method: .POST, pattern: "/service-settings/calendar", path: "/service-settings/calendar", body: "day=2027-01-01&kind=holiday",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .serviceSettings)),
        Route(method: .GET, pattern: "/exports/requests.xlsx", path: "/exports/requests.xlsx", need: .policy(.read, .serviceRequests)),
        Route(
            method: .GET, pattern: "/departments/:name/report.docx", path: "/departments/city/report.docx",
            need: .policy(.read, .serviceStats(department: nil))),
        Route(method: .GET, pattern: "/my", path: "/my", need: .enterpriseUser),
        Route(
            method: .POST, pattern: "/my/contact", path: "/my/contact", body: "contactPerson=%E7%8E%8B",
            contentType: "application/x-www-form-urlencoded", need: .enterpriseUser),
        Route(
            method: .POST, pattern: "/my/figures", path: "/my/figures", body: "year=2025&outputValue=12.5",
            contentType: "application/x-www-form-urlencoded", need: .enterpriseUser),
        // last: it ends the sessions the rows above use
        Route(
            method: .POST, pattern: "/logout", path: "/logout", body: "", contentType: "application/x-www-form-urlencoded", need: .anyUser),
    ]
}
