import ChainLeadCore
import Foundation
import SQLKit

/// Acting on a request (Policy S6): every action goes through `RequestWorkflow`, enters the
/// history, notifies those involved and is audited, in one conditional write.
extension RequestService {
    /// The kinds of actor these grants make the user on this request.
    static func actorKinds(_ grants: [Grant], _ r: RequestRecord) -> [ActorKind] {
        RequestWorkflow.actorKinds(grants, enterprise: r.enterprise, lead: r.leadDepartment, co: r.coDepartments)
    }

    /// Applies an action for the current user to the request as just read (`find`); a request
    /// changed since then answers 409.
    func act(_ r: RequestRecord, _ action: RequestAction, today: SimpleDate = .today()) async throws {
        let id = r.id
        let kinds = Self.actorKinds(caller.grants, r)
        var failure: WorkflowError = .notPermitted("当前用户不是该诉求的企业、牵头部门、协办部门或调度人员")
        var outcome: (ActorKind, RequestStatus)?
        for kind in kinds {
            switch RequestWorkflow.apply(action, to: r.status, actor: kind) {
            case .success(let next): outcome = (kind, next)
            case .failure(let e): if case .notPermitted = failure { failure = e }
            }
            if outcome != nil { break }
        }
        guard let (kind, next) = outcome else {
            switch failure {
            case .notPermitted(let m): throw DomainError(.forbidden, "forbidden", m, field: "action")
            case .notNow(let m): throw DomainError(.conflict, "wrong_status", m, field: "action")
            case .missingInput(let m): throw DomainError.invalid(Self.inputField(action), m, code: "required")
            }
        }
        if case .reroute(let department, _) = action, !Department.all.contains(department) {
            throw DomainError.invalid("department", "部门“\(department.prefix(30))”不在部门名单中")
        }
        let now = Date.nowSeconds()
        let by = caller.username
        // Everything read before the transaction: it then holds only writes.
        var sets: [(String, any SQLExpression)] = [("status", SQLBind(next.rawValue)), ("updated_at", SQLBind(now))]
        var department: String?
        var text: String?
        var audiences: [Notifier.Audience] = [.enterprise(r.enterprise)]
        switch action {
        case .accept:
            sets.append(("accepted_on", SQLBind(today.description)))
        case .answer(let t):
            text = t
            if r.answeredOn == nil { sets.append(("answered_on", SQLBind(today.description))) }
            sets.append(("escalation", SQLBind(0)))
        case .return(let reason):
            text = reason
            audiences = [.dispatchers]
        case .reroute(let d, let reason):
            department = d
            text = reason
            sets += [("lead_department", SQLBind(d)), ("escalation", SQLBind(0))]
            audiences = [.department(d), .enterprise(r.enterprise)]
        case .confirm(let satisfied, let reason):
            text = reason
            sets.append(("satisfied", SQLBind(satisfied)))
            if !satisfied {
                // Back to the same department for a new answer, with a new answer clock.
                let calendar = try await ServiceSettings(db: sql).calendar()
                let answerDays = deadlines.limits(category: r.category, urgency: r.urgency).answerDays
                sets += [
                    ("reopen_count", SQLRaw("reopen_count + 1")),
                    ("answer_by", SQLBind(calendar.addWorkingDays(from: today, days: answerDays).description)),
                    ("escalation", SQLBind(0)),
                ]
            }
            audiences = [.department(r.leadDepartment)]
        case .contribute(let note):
            text = note
            audiences = [.department(r.leadDepartment)]
        case .assign(let d):
            department = d
            sets.append(("lead_department", SQLBind(d)))
        case .start, .close: break
        }
        let recipients = try await Notifier(db: sql).recipients(audiences)
        let notice = "诉求 #\(id)「\(r.title)」\(action.nameZh)：\(next.nameZh)" + (text.map { "。\($0.prefix(80))" } ?? "")
        let changes = ["status": AuditLog.Change(from: r.status.rawValue, to: next.rawValue)]
        let (assignments, eventText, eventDepartment) = (sets, text, department)
        try await db.withTransaction { tx in
            var update = tx.update("requests")
            for (column, value) in assignments { update = update.set(SQLIdentifier(column), to: value) }
            // One conditional write: of two racing actions on the same status, one wins; the other
            // changes nothing and answers 409.
            let changed = try await update.where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(r.status.rawValue))
                .returning("id").all()
            guard !changed.isEmpty else { throw Self.changedMeanwhile }
            try await Self.event(
                tx, id, actor: by, kind: kind, action: Self.code(action), from: r.status, to: next,
                department: eventDepartment, text: eventText, now: now)
            try await Notifier(db: tx).send(to: recipients, request: id, kind: Self.code(action), text: notice, now: now)
            try await AuditLog(db: tx, caller: caller).record(
                entity: "request", key: "\(id)", action: Self.code(action), changes: changes)
        }
    }

    static let changedMeanwhile = DomainError(.conflict, "changed_meanwhile", "该诉求刚被他人处理，状态已变化，请刷新后重试", field: "action")

    static func code(_ action: RequestAction) -> String {
        switch action {
        case .assign: "assign"
        case .accept: "accept"
        case .start: "start"
        case .answer: "answer"
        case .return: "return"
        case .reroute: "reroute"
        case .confirm: "confirm"
        case .close: "close"
        case .contribute: "contribute"
        }
    }

    static func inputField(_ action: RequestAction) -> String {
        switch action {
        case .answer, .contribute: "text"
        case .return, .confirm: "reason"
        case .reroute(let d, _): d.isEmpty ? "department" : "reason"
        case .assign: "department"
        default: "action"
        }
    }
}
