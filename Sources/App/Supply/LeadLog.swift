import ChainLeadCore
import Foundation
import SQLKit

/// One entry of a lead's follow-up log.
struct LeadEvent: Sendable, Decodable {
    var id: Int64
    var leadId: Int64
    var happenedOn: String
    var what: String
    var nextStep: String?
    var createdBy: String
    var createdAt: Date
}

/// A lead's follow-up log (补链招商, Policy L2): what happened on each contact and the next step.
/// Entries are only added, never edited: the log is the record of who did what.
extension LeadService {
    func events(_ id: Int64) async throws -> [LeadEvent] {
        _ = try await find(id)
        return try await sql.raw(
            "SELECT * FROM lead_events WHERE lead_id = \(bind: id) ORDER BY happened_on DESC, id DESC LIMIT 500"
        ).rows(LeadEvent.self)
    }

    /// `happenedOn` yyyy-MM-dd, not in the future; `what` 1…2000 characters; `nextStep` up to 500.
    func log(_ id: Int64, happenedOn: String, what: String, nextStep: String?) async throws -> LeadEvent {
        let lead = try await find(id)
        let today = SimpleDate.today()
        guard let day = SimpleDate(iso: happenedOn.trimmingCharacters(in: .whitespaces)), day.year >= 2000 else {
            throw DomainError.invalid("happenedOn", "跟进日期格式应为 YYYY-MM-DD")
        }
        guard day <= today else { throw DomainError.invalid("happenedOn", "跟进日期不能晚于今天（\(today)）") }
        let text = what.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw DomainError.invalid("what", "请填写跟进情况", code: "required") }
        guard text.unicodeScalars.count <= 2000 else { throw DomainError.invalid("what", "跟进情况不超过2000字") }
        let next = nextStep?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        if let next, next.unicodeScalars.count > 500 { throw DomainError.invalid("nextStep", "下一步不超过500字") }
        let now = Date.nowSeconds()
        let by = caller.username ?? "system"
        let eventID = try await db.withTransaction { tx in
            let eventID = try await tx.insert(into: "lead_events")
                .columns("lead_id", "happened_on", "what", "next_step", "created_by", "created_at")
                .values(SQLBind(id), SQLBind(day.description), SQLBind(text), SQLBind(next), SQLBind(by), SQLBind(now))
                .runReturningID()
            try await tx.update("leads").set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "lead", key: "\(id)", action: "log",
                changes: [
                    "supplier": .init(from: nil, to: lead.supplierName), "happenedOn": .init(from: nil, to: day.description),
                    "what": .init(from: nil, to: text), "nextStep": .init(from: nil, to: next),
                ])
            return eventID
        }
        guard let event = try await sql.raw("SELECT * FROM lead_events WHERE id = \(bind: eventID)").row(LeadEvent.self) else {
            throw DomainError.notFound("跟进记录", field: "id")
        }
        return event
    }
}
