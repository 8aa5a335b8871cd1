import ChainLeadCore
import Foundation
import SQLKit

/// Visits to firms (走访, Policy S1): each demand raised is filed as a request in the same transaction.
extension EnterpriseCare {
    struct VisitRecord: Sendable {
        var id: Int64
        var enterprise: String
        var visitedOn: String
        var visitors: String
        var notes: String
        var createdBy: String?
        var requests: [Int64]
        /// A planned visit (计划走访): the day it is planned for.
        var plannedOn: String? = nil
    }

    /// Records the visit and files each demand as a request (filed via "visit").
    func recordVisit(
        enterprise: String, visitedOn: SimpleDate, visitors: String, notes: String, demands: [RequestInput], plannedOn: SimpleDate? = nil
    ) async throws -> Int64 {
        let v = visitors.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !v.isEmpty else { throw DomainError.invalid("visitors", "请填写走访人员", code: "required") }
        for (i, d) in demands.enumerated() {
            do { try RequestService.validate(d) } catch let e as DomainError {
                throw DomainError.invalid("demands[\(i)].\(e.field ?? "title")", e.message, code: e.code)
            }
        }
        // Every demand is routed first; then the visit and its requests are one transaction.
        var filings: [RequestService.Filing] = []
        for var d in demands {
            d.filedVia = "visit"
            d.enterprise = enterprise
            filings.append(try await RequestService(db: db, caller: caller).prepare(d))
        }
        let now = Date.nowSeconds()
        let by = caller.username
        let prepared = filings
        return try await db.withTransaction { tx in
            let id = try await tx.insert(into: "visits").columns(
                "enterprise_uscc", "visited_on", "visitors", "notes", "created_by", "created_at", "planned_on"
            )
            .values(
                SQLBind(enterprise), SQLBind(visitedOn.description), SQLBind(v), SQLBind(notes), SQLBind(by), SQLBind(now),
                SQLBind(plannedOn?.description)
            )
            .runReturningID()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "visit", key: "\(id)", action: "create",
                changes: [
                    "enterprise": .init(from: nil, to: enterprise), "visitedOn": .init(from: nil, to: visitedOn.description),
                    "demands": .init(from: nil, to: "\(prepared.count)"),
                ])
            for var f in prepared {
                f.input.visitID = id
                _ = try await RequestService.write(f, tx)
            }
            return id
        }
    }

    func visits(of enterprise: String) async throws -> [VisitRecord] {
        struct Row: Decodable {
            var id: Int64
            var enterpriseUscc: String
            var visitedOn: String
            var visitors: String
            var notes: String
            var createdBy: String?
            var plannedOn: String?
        }
        let rows = try await sql.raw(
            """
            SELECT id, enterprise_uscc, visited_on, visitors, notes, created_by, planned_on FROM visits WHERE enterprise_uscc = \(bind: enterprise)
            ORDER BY visited_on DESC, id DESC
            """
        ).rows(Row.self)
        var out: [VisitRecord] = []
        for row in rows {
            let requests = try await sql.raw("SELECT id FROM requests WHERE visit_id = \(bind: row.id) ORDER BY id").all(
                decodingColumn: "id", as: Int64.self)
            out.append(
                VisitRecord(
                    id: row.id, enterprise: row.enterpriseUscc, visitedOn: row.visitedOn, visitors: row.visitors,
                    notes: row.notes, createdBy: row.createdBy, requests: requests, plannedOn: row.plannedOn))
        }
        return out
    }

    func visit(_ id: Int64) async throws -> VisitRecord {
        guard
            let enterprise = try await sql.raw("SELECT enterprise_uscc FROM visits WHERE id = \(bind: id)").first(
                decodingColumn: "enterprise_uscc", as: String.self),
            let visit = try await visits(of: enterprise).first(where: { $0.id == id })
        else { throw DomainError.notFound("走访记录 \(id)") }
        return visit
    }
}
