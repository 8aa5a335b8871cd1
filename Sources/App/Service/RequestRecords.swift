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
    /// The enterprise visit the request was raised at, if any.
    var visitID: Int64?

    var facts: RequestFacts {
        RequestFacts(
            filedOn: filedOn, acceptBy: acceptBy, answerBy: answerBy, acceptedOn: acceptedOn, answeredOn: answeredOn,
            reopenCount: reopenCount, satisfied: satisfied, status: status)
    }

    /// The columns `Row` reads (requests `r` joined with enterprises `e`); co-departments come from
    /// `request_co_departments` (`RequestService.coDepartmentsColumn`, decoded by `RequestService.record`).
    static let columns: SQLQueryString = """
        r.id, r.enterprise_uscc, e.name AS enterprise_name, r.district_code, r.category, r.title, r.description, r.urgency,
        r.status, r.lead_department, r.filed_on, r.accept_by, r.answer_by, r.accepted_on, r.answered_on,
        r.satisfied, r.reopen_count, r.escalation, r.filed_by, r.filed_via, r.updated_at, r.visit_id
        """

    /// One row as stored.
    struct Row: Decodable {
        var id: Int64
        var enterpriseUscc: String
        var enterpriseName: String
        var districtCode: String
        var category: String
        var title: String
        var description: String
        var urgency: String
        var status: String
        var leadDepartment: String
        var filedOn: String
        var acceptBy: String
        var answerBy: String
        var acceptedOn: String?
        var answeredOn: String?
        var satisfied: Bool?
        var reopenCount: Int
        var escalation: Int
        var filedBy: String?
        var filedVia: String
        var updatedAt: Date
        var visitId: Int64?
    }

    init(row: any SQLRow) throws {
        try self.init(try row.typed(Row.self))
    }

    /// A stored row; a date no rule would have written is a `StoredValueError`, never a crash.
    init(_ r: Row) throws {
        func date(_ text: String, _ column: String) throws -> SimpleDate {
            guard let d = SimpleDate(iso: text) else { throw StoredValueError(column: column) }
            return d
        }
        id = r.id
        enterprise = r.enterpriseUscc
        enterpriseName = r.enterpriseName
        district = r.districtCode
        category = RequestCategory(rawValue: r.category) ?? .other
        title = r.title
        description = r.description
        urgency = Urgency(rawValue: r.urgency) ?? .normal
        status = RequestStatus(rawValue: r.status) ?? .submitted
        leadDepartment = r.leadDepartment
        coDepartments = []
        filedOn = try date(r.filedOn, "filed_on")
        acceptBy = try date(r.acceptBy, "accept_by")
        answerBy = try date(r.answerBy, "answer_by")
        acceptedOn = try r.acceptedOn.map { try date($0, "accepted_on") }
        answeredOn = try r.answeredOn.map { try date($0, "answered_on") }
        satisfied = r.satisfied
        reopenCount = r.reopenCount
        escalation = EscalationLevel(rawValue: r.escalation) ?? .none
        filedBy = r.filedBy
        filedVia = r.filedVia
        updatedAt = r.updatedAt
        visitID = r.visitId
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
    /// A workbench queue: accept, answer, overdue, today, open (`WorkbenchQueries.queue`).
    var queue: String? = nil
    /// Requests of one chain's (or one cluster's) firms, as a chain or cluster dashboard counts them.
    var chain: String? = nil
    var cluster: String? = nil
}
