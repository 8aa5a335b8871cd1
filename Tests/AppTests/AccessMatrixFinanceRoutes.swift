import ChainLeadCore
import Foundation
import Vapor

@testable import App

/// The access table's financing routes (Policy S5). Writes name rows that do not exist (404 when
/// allowed) or values that do not read (422 when allowed).
extension AccessMatrixTests {
    static let financeLists = Resource.finance(.lists)
    static let rounds = Resource.finance(.rounds)
    static let greenChannel = Resource.finance(.greenChannel)
    static let infosec = Resource.infosec(.records)

    static let financeRoutes: [Route] = [
        Route(method: .GET, pattern: "/api/v1/banks", path: "/api/v1/banks", need: .policy(.read, .finance(.banks))),
        Route(
            method: .GET, pattern: "/api/v1/enterprises/:uscc/dishonesty-flags", path: "/api/v1/enterprises/\(firm)/dishonesty-flags",
            need: .policy(.read, violations)),
        Route(
            method: .POST, pattern: "/api/v1/banks", path: "/api/v1/banks", body: #"{"name":"x:y"}"#,
            need: .policy(.create, .finance(.banks))),
        Route(method: .GET, pattern: "/api/v1/finance/rounds", path: "/api/v1/finance/rounds", need: .policy(.read, rounds)),
        Route(
            method: .POST, pattern: "/api/v1/finance/rounds", path: "/api/v1/finance/rounds",
            body: #"{"quarter":"2099Q4","openUntil":"2000-01-01"}"#, need: .policy(.create, rounds)),
        Route(method: .GET, pattern: "/api/v1/finance/rounds/:id", path: "/api/v1/finance/rounds/999", need: .policy(.read, rounds)),
        Route(
            method: .POST, pattern: "/api/v1/finance/rounds/:id/invitations", path: "/api/v1/finance/rounds/999/invitations",
            body: #"{"enterprises":["\#(firm)"]}"#, need: .policy(.update, rounds)),
        Route(
            method: .GET, pattern: "/api/v1/finance/rounds/:id/figures", path: "/api/v1/finance/rounds/999/figures",
            need: .policy(.read, rounds)),
        Route(
            method: .GET, pattern: "/api/v1/finance/rounds/:id/recommendations.xlsx",
            path: "/api/v1/finance/rounds/999/recommendations.xlsx", need: .policy(.export, financeLists)),
        Route(method: .GET, pattern: "/api/v1/finance/needs", path: "/api/v1/finance/needs", need: .policy(.read, financeLists)),
        Route(
            method: .POST, pattern: "/api/v1/finance/needs", path: "/api/v1/finance/needs",
            body: #"{"round":999,"enterprise":"\#(firm)","amount":1,"purpose":"x","termMonths":1}"#,
            need: .policy(.create, .finance(.need(enterprise: firm)))),
        Route(method: .GET, pattern: "/api/v1/finance/needs/:id", path: "/api/v1/finance/needs/999", need: .policy(.read, financeLists)),
        Route(
            method: .POST, pattern: "/api/v1/finance/needs/:id/recommendations", path: "/api/v1/finance/needs/999/recommendations",
            body: #"{"banks":["示例银行"]}"#, need: .policy(.create, .finance(.recommend))),
        Route(
            method: .GET, pattern: "/api/v1/finance/recommendations", path: "/api/v1/finance/recommendations",
            need: .policy(.read, financeLists)),
        Route(
            method: .POST, pattern: "/api/v1/finance/recommendations/:id/answer", path: "/api/v1/finance/recommendations/999/answer",
            body: #"{"status":"contacted"}"#, need: .policy(.read, financeLists)),
        Route(method: .GET, pattern: "/finance", path: "/finance", need: .policy(.read, rounds)),
        Route(
            method: .POST, pattern: "/finance/rounds", path: "/finance/rounds", body: "quarter=2099Q5",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, rounds)),
        Route(
            method: .POST, pattern: "/finance/needs", path: "/finance/needs", body: "round=999&enterprise=\(firm)",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .finance(.need(enterprise: firm)))),
        Route(
            method: .POST, pattern: "/finance/needs/:id/recommendations", path: "/finance/needs/999/recommendations", body: "round=1",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .finance(.recommend))),
        Route(
            method: .POST, pattern: "/finance/recommendations/:id/answer", path: "/finance/recommendations/999/answer",
            body: "status=contacted", contentType: "application/x-www-form-urlencoded", need: .policy(.read, financeLists)),
        Route(
            method: .POST, pattern: "/banks", path: "/banks", body: "name=x:y", contentType: "application/x-www-form-urlencoded",
            need: .policy(.create, .finance(.banks))),
        Route(method: .GET, pattern: "/api/v1/green-channel", path: "/api/v1/green-channel", need: .policy(.read, greenChannel)),
        Route(
            method: .PUT, pattern: "/api/v1/projects/:id/green-channel", path: "/api/v1/projects/999/green-channel",
            body: #"{"fastTrack":true}"#, need: .policy(.update, greenChannel)),
        Route(
            method: .POST, pattern: "/api/v1/projects/:id/steps", path: "/api/v1/projects/999/steps",
            body: #"{"phase":"planning","name":"x","targetDate":"2026-01-01"}"#, need: .policy(.update, greenChannel)),
        Route(
            method: .POST, pattern: "/api/v1/project-steps/:id/done", path: "/api/v1/project-steps/999/done", body: "{}",
            need: .policy(.read, greenChannel)),
        Route(
            method: .POST, pattern: "/api/v1/projects/:id/quotas", path: "/api/v1/projects/999/quotas",
            body: #"{"kind":"land","asked":1,"department":"市发展改革委"}"#, need: .policy(.update, greenChannel)),
        Route(method: .GET, pattern: "/api/v1/quotas", path: "/api/v1/quotas", need: .policy(.read, greenChannel)),
        Route(
            method: .POST, pattern: "/api/v1/quotas/:id/decision", path: "/api/v1/quotas/999/decision", body: #"{"status":"granted"}"#,
            need: .policy(.read, greenChannel)),
        Route(
            method: .GET, pattern: "/api/v1/talent/nominations", path: "/api/v1/talent/nominations",
            need: .ownFirmOr(.read, .finance(.talent(enterprise: "")))),
        Route(
            method: .POST, pattern: "/api/v1/talent/nominations", path: "/api/v1/talent/nominations",
            body: #"{"enterprise":"\#(firm)","programme":"x","person":"x","field":"x","level":"city","year":1999}"#,
            need: .policy(.create, .finance(.talent(enterprise: firm)))),
        Route(
            method: .POST, pattern: "/api/v1/talent/nominations/:id/moves", path: "/api/v1/talent/nominations/999/moves",
            body: #"{"to":"recommended"}"#, need: .policy(.update, .finance(.talentOutcome))),
        Route(
            method: .GET, pattern: "/api/v1/finance/meetings", path: "/api/v1/finance/meetings", need: .policy(.read, .finance(.meetings))),
        Route(
            method: .POST, pattern: "/api/v1/finance/meetings", path: "/api/v1/finance/meetings", body: #"{"date":"x","title":"x"}"#,
            need: .policy(.create, .finance(.meetings))),
        Route(
            method: .GET, pattern: "/api/v1/finance/meetings/:id/summary.docx", path: "/api/v1/finance/meetings/999/summary.docx",
            need: .policy(.read, .finance(.meetings))),
        Route(method: .GET, pattern: "/green-channel", path: "/green-channel", need: .policy(.read, greenChannel)),
        Route(method: .GET, pattern: "/api/v1/infosec/inspections", path: "/api/v1/infosec/inspections", need: .policy(.read, infosec)),
        Route(
            method: .POST, pattern: "/api/v1/infosec/inspections", path: "/api/v1/infosec/inspections",
            body: #"{"enterprise":"\#(firm)","kind":"onsite","organisation":"x","date":"1999-01-01"}"#, need: .policy(.create, infosec)),
        Route(
            method: .POST, pattern: "/api/v1/infosec/inspections/:id/findings", path: "/api/v1/infosec/inspections/999/findings",
            body: #"{"title":"x","severity":"low","owner":"x","deadline":"2026-01-01"}"#, need: .policy(.update, infosec)),
        Route(
            method: .POST, pattern: "/api/v1/infosec/findings/:id/rectification", path: "/api/v1/infosec/findings/999/rectification",
            body: #"{"date":"2026-01-01","rectification":"x"}"#, need: .policy(.read, infosec)),
        Route(
            method: .POST, pattern: "/api/v1/infosec/findings/:id/retest", path: "/api/v1/infosec/findings/999/retest",
            body: #"{"passed":true,"date":"2026-01-01"}"#, need: .policy(.update, infosec)),
        Route(method: .GET, pattern: "/api/v1/infosec/trainings", path: "/api/v1/infosec/trainings", need: .policy(.read, infosec)),
        Route(
            method: .POST, pattern: "/api/v1/infosec/trainings", path: "/api/v1/infosec/trainings",
            body: #"{"date":"1999-01-01","title":"x","kind":"drill"}"#, need: .policy(.create, infosec)),
        Route(method: .GET, pattern: "/api/v1/infosec/figures", path: "/api/v1/infosec/figures", need: .policy(.read, infosec)),
        Route(method: .GET, pattern: "/infosec", path: "/infosec", need: .policy(.read, infosec)),
        Route(
            method: .POST, pattern: "/infosec/inspections", path: "/infosec/inspections", body: "kind=x",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, infosec)),
        Route(
            method: .POST, pattern: "/infosec/inspections/:id/findings", path: "/infosec/inspections/999/findings", body: "severity=x",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, infosec)),
        Route(
            method: .POST, pattern: "/infosec/findings/:id/rectification", path: "/infosec/findings/999/rectification", body: "date=x",
            contentType: "application/x-www-form-urlencoded", need: .policy(.read, infosec)),
        Route(
            method: .POST, pattern: "/infosec/findings/:id/retest", path: "/infosec/findings/999/retest", body: "passed=true",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, infosec)),
        Route(
            method: .POST, pattern: "/green-channel/projects/:id/quotas", path: "/green-channel/projects/999/quotas", body: "kind=land",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, greenChannel)),
        Route(
            method: .POST, pattern: "/green-channel/quotas/:id/decision", path: "/green-channel/quotas/999/decision",
            body: "status=granted",
            contentType: "application/x-www-form-urlencoded", need: .policy(.read, greenChannel)),
        Route(
            method: .GET, pattern: "/finance/rounds/:id/recommendations.xlsx", path: "/finance/rounds/999/recommendations.xlsx",
            need: .policy(.export, financeLists)),
        Route(
            method: .GET, pattern: "/finance/meetings/:id/summary.docx", path: "/finance/meetings/999/summary.docx",
            need: .policy(.read, .finance(.meetings))),
        Route(
            method: .POST, pattern: "/finance/meetings", path: "/finance/meetings", body: "date=x",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .finance(.meetings))),
        Route(
            method: .POST, pattern: "/finance/talent", path: "/finance/talent", body: "enterprise=\(firm)&year=x",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .finance(.talent(enterprise: firm)))),
        Route(
            method: .POST, pattern: "/finance/talent/:id/moves", path: "/finance/talent/999/moves", body: "to=recommended",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, .finance(.talentOutcome))),
        Route(
            method: .POST, pattern: "/green-channel/projects/:id/steps", path: "/green-channel/projects/999/steps", body: "phase=planning",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, greenChannel)),
        Route(
            method: .POST, pattern: "/green-channel/steps/:id/done", path: "/green-channel/steps/999/done", body: "",
            contentType: "application/x-www-form-urlencoded", need: .policy(.read, greenChannel)),
    ]
}
