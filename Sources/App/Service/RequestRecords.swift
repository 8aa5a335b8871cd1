import ChainLeadCore
import Foundation
import SQLKit

struct RequestRecord: Sendable {
    var id: Int64
    var enterprise: String
    var enterpriseName: String
    var district: String
    var category: RequestCategory
    var title: String
    var description: String
    var urgency: Urgency
    var status: RequestStatus
    var leadDepartment: String
    var coDepartments: [String]
    var filedOn: SimpleDate
    var acceptBy: SimpleDate
    var answerBy: SimpleDate
    var acceptedOn: SimpleDate?
    var answeredOn: SimpleDate?
    var satisfied: Bool?
    var reopenCount: Int
    var escalation: EscalationLevel
    var filedBy: String?
    var filedVia: String
    var updatedAt: Date

    var facts: RequestFacts {
        RequestFacts(filedOn: filedOn, acceptBy: acceptBy, answerBy: answerBy, acceptedOn: acceptedOn, answeredOn: answeredOn,
                     reopenCount: reopenCount, satisfied: satisfied, status: status)
    }

    static let columns: SQLQueryString = """
        r.id, r.enterprise_uscc, e.name AS enterprise_name, r.district_code, r.category, r.title, r.description, r.urgency,
        r.status, r.lead_department, r.co_departments, r.filed_on, r.accept_by, r.answer_by, r.accepted_on, r.answered_on,
        r.satisfied, r.reopen_count, r.escalation, r.filed_by, r.filed_via, r.updated_at
        """

    init(row: any SQLRow) throws {
        func date(_ c: String) throws -> SimpleDate? { try row.decode(column: c, as: String?.self).flatMap(SimpleDate.init(iso:)) }
        id = try row.decode(column: "id", as: Int64.self)
        enterprise = try row.decode(column: "enterprise_uscc", as: String.self)
        enterpriseName = try row.decode(column: "enterprise_name", as: String.self)
        district = try row.decode(column: "district_code", as: String.self)
        category = RequestCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .other
        title = try row.decode(column: "title", as: String.self)
        description = try row.decode(column: "description", as: String.self)
        urgency = Urgency(rawValue: try row.decode(column: "urgency", as: String.self)) ?? .normal
        status = RequestStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .submitted
        leadDepartment = try row.decode(column: "lead_department", as: String.self)
        coDepartments = try row.decode(column: "co_departments", as: String.self).split(separator: "\n").map(String.init)
        filedOn = try date("filed_on")!
        acceptBy = try date("accept_by")!
        answerBy = try date("answer_by")!
        acceptedOn = try date("accepted_on")
        answeredOn = try date("answered_on")
        satisfied = try row.decode(column: "satisfied", as: Bool?.self)
        reopenCount = try row.decode(column: "reopen_count", as: Int.self)
        escalation = EscalationLevel(rawValue: try row.decode(column: "escalation", as: Int.self)) ?? .none
        filedBy = try row.decode(column: "filed_by", as: String?.self)
        filedVia = try row.decode(column: "filed_via", as: String.self)
        updatedAt = try row.decode(column: "updated_at", as: Date.self)
    }
}

struct RequestEvent: Sendable {
    var at: Date
    var actor: String?
    var actorKind: String
    var action: String
    var statusFrom: String?
    var statusTo: String
    var department: String?
    var text: String?
}

struct RequestFilter: Sendable {
    var status: RequestStatus?
    var department: String?
    var category: RequestCategory?
    var enterprise: String?
    var overdueOn: SimpleDate?
}
