import ChainLeadCore
import Foundation
import SQLKit

/// A firm's violation records (违法违规记录): open serious ones make it ineligible (Policy S2).
struct ViolationView: Sendable, Codable {
    var id: Int64
    var enterprise: String
    var kind: String
    var date: String
    var severity: String
    var status: String
    var source: String?
}

struct Violations {
    let db: any SQLDatabase
    let caller: Caller

    func resource(_ uscc: String) async throws -> SelectionResource {
        guard
            let district = try await db.raw("SELECT district_code FROM enterprises WHERE uscc = \(bind: uscc)")
                .first(decodingColumn: "district_code", as: String.self)
        else { throw DomainError.notFound("企业 \(uscc)", field: "uscc") }
        let chains = try await EnterpriseQueries(db: db).chains(of: [uscc])[uscc] ?? []
        return .violations(enterprise: uscc, district: district, chains: chains)
    }

    func list(_ uscc: String) async throws -> [ViolationView] {
        try await Access.require(.read, .selection(try await resource(uscc)), caller: caller, db: db)
        return try await db.raw(
            "SELECT id, enterprise_uscc AS enterprise, kind, date, severity, status, source FROM violations WHERE enterprise_uscc = \(bind: uscc) ORDER BY date DESC, id DESC"
        ).rows(ViolationView.self)
    }

    /// Closes, reopens or corrects one record: a conditional write on what was read (409 if it moved).
    func update(_ uscc: String, id: Int64, severity: String?, status: String?) async throws -> ViolationView {
        try await Access.require(.update, .selection(try await resource(uscc)), caller: caller, db: db)
        guard
            let old = try await db.raw(
                "SELECT id, enterprise_uscc AS enterprise, kind, date, severity, status, source FROM violations WHERE id = \(bind: id) AND enterprise_uscc = \(bind: uscc)"
            ).row(ViolationView.self)
        else { throw DomainError.notFound("违法违规记录 \(id)", field: "id") }
        var new = old
        if let severity { new.severity = severity }
        if let status { new.status = status }
        guard ["minor", "serious"].contains(new.severity) else { throw DomainError.invalid("severity", "严重程度应为 minor 或 serious") }
        guard ["open", "closed"].contains(new.status) else { throw DomainError.invalid("status", "状态应为 open 或 closed") }
        guard new.severity != old.severity || new.status != old.status else { return old }
        let caller = self.caller
        let final = new
        try await db.withTransaction { tx in
            let done = try await tx.raw(
                """
                UPDATE violations SET severity = \(bind: final.severity), status = \(bind: final.status)
                WHERE id = \(bind: id) AND severity = \(bind: old.severity) AND status = \(bind: old.status) RETURNING id
                """
            ).all()
            guard !done.isEmpty else { throw DomainError(.conflict, "changed_meanwhile", "该记录刚被他人更新，请刷新后重试", field: "status") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "violation", key: "\(id)", action: "update",
                changes: [
                    "severity": .init(from: old.severity, to: final.severity), "status": .init(from: old.status, to: final.status),
                ])
        }
        return final
    }

    func create(_ uscc: String, kind: String, date: SimpleDate, severity: String, status: String, source: String?) async throws
        -> ViolationView
    {
        try await Access.require(.update, .selection(try await resource(uscc)), caller: caller, db: db)
        let kind = kind.trimmingCharacters(in: .whitespacesAndNewlines)
        if kind.isEmpty || kind.count > 100 { throw DomainError.invalid("kind", "违法违规类型不能为空，且不超过100字") }
        guard ["minor", "serious"].contains(severity) else { throw DomainError.invalid("severity", "严重程度应为 minor 或 serious") }
        guard ["open", "closed"].contains(status) else { throw DomainError.invalid("status", "状态应为 open 或 closed") }
        let caller = self.caller
        let id = try await db.withTransaction { tx in
            let id = try await tx.insert(into: "violations")
                .columns("enterprise_uscc", "kind", "date", "severity", "status", "source", "created_by", "created_at")
                .values(
                    SQLBind(uscc), SQLBind(kind), SQLBind(date.description), SQLBind(severity), SQLBind(status), SQLBind(source),
                    SQLBind(caller.username), SQLBind(Date.nowSeconds())
                )
                .runReturningID()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "violation", key: "\(id)", action: "create",
                changes: [
                    "enterprise": .init(from: nil, to: uscc), "severity": .init(from: nil, to: severity),
                    "status": .init(from: nil, to: status),
                ])
            return id
        }
        return ViolationView(
            id: id, enterprise: uscc, kind: kind, date: date.description, severity: severity, status: status, source: source)
    }
}
