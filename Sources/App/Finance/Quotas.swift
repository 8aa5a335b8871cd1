import ChainLeadCore
import Foundation
import SQLKit

struct QuotaView: Sendable, Codable {
    var id: Int64
    var project: Int64
    var kind: String
    var unit: String
    var asked: Double
    var granted: Double?
    var department: String
    var status: String
    var note: String?
}

/// Land, energy-use and emission quotas asked for projects (要素保障, Policy S5), each decided by
/// its department: one conditional write on `submitted`, so a second decision gets 409.
struct Quotas {
    let db: any SQLDatabase
    let caller: Caller
    /// Land in mu, energy in tce, emissions in tonnes: no project asks more.
    static let maxAmount = 100_000_000.0

    func request(project id: Int64, kind: QuotaKind, asked: Double, department: String) async throws -> QuotaView {
        try await Access.require(.update, .finance(.greenChannel), caller: caller, db: db)
        guard asked.isFinite, asked > 0, asked <= Self.maxAmount else {
            throw DomainError.invalid("asked", "申请数量应大于0且不超过1亿（\(kind.unitZh)）")
        }
        let dept = department.trimmingCharacters(in: .whitespaces)
        guard try await ServiceSettings(db: db).knows(department: dept) else {
            throw DomainError.invalid("department", "部门“\(dept.prefix(30))”不在交办规则的部门名单中")
        }
        guard try await db.raw("SELECT id FROM projects WHERE id = \(bind: id)").first() != nil else {
            throw DomainError.notFound("项目 \(id)", field: "id")
        }
        let caller = self.caller
        let qid = try await db.withTransaction { tx -> Int64 in
            guard
                let q = try await tx.raw(
                    """
                    INSERT INTO quota_requests (project_id, kind, asked, department, status, created_by, created_at)
                    VALUES (\(bind: id), \(bind: kind.rawValue), \(bind: asked), \(bind: dept), 'submitted', \(bind: caller.username ?? "system"),
                      \(bind: Date.nowSeconds()))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "quota", key: String(q), action: "request_quota",
                extra: ["project": String(id), "kind": kind.rawValue, "asked": String(asked), "department": dept])
            return q
        }
        return try await find(qid)
    }

    /// The department's decision (or a city official's): granted in full, partly or declined.
    func decide(_ id: Int64, status: QuotaStatus, granted: Double?, note: String?) async throws -> QuotaView {
        let current = try await find(id)
        try await Access.require(.update, .finance(.departmentStep(department: current.department)), caller: caller, db: db)
        guard status != .submitted else { throw DomainError.invalid("status", "决定应为 granted、partly 或 declined") }
        var amount: Double?
        switch status {
        case .granted: amount = granted ?? current.asked
        case .partly:
            guard let g = granted, g.isFinite, g > 0, g < current.asked else {
                throw DomainError.invalid("granted", "部分保障时请填写小于申请数量的保障数量")
            }
            amount = g
        default: amount = 0
        }
        if let a = amount, !a.isFinite || a < 0 || a > Self.maxAmount { throw DomainError.invalid("granted", "保障数量超出范围") }
        if (note?.unicodeScalars.count ?? 0) > 500 { throw DomainError.invalid("note", "说明不超过500字") }
        let caller = self.caller
        let final = amount
        try await db.withTransaction { tx in
            let moved = try await tx.raw(
                """
                UPDATE quota_requests SET status = \(bind: status.rawValue), granted = \(bind: final), note = \(bind: note?.nilIfBlank),
                  decided_at = \(bind: Date.nowSeconds())
                WHERE id = \(bind: id) AND status = 'submitted' RETURNING id
                """
            ).all()
            guard !moved.isEmpty else { throw DomainError(.conflict, "decided", "该指标申请已有决定", field: "status") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "quota", key: String(id), action: "decide", changes: ["status": .init(from: "submitted", to: status.rawValue)],
                extra: ["granted": final.map { String($0) } ?? ""])
        }
        return try await find(id)
    }

    func find(_ id: Int64) async throws -> QuotaView {
        try await Access.require(.read, .finance(.greenChannel), caller: caller, db: db)
        guard let q = try await rows("q.id = \(bind: id)").first else { throw DomainError.notFound("指标申请 \(id)", field: "id") }
        return q
    }

    func list(projects: [Int64]) async throws -> [Int64: [QuotaView]] {
        guard !projects.isEmpty else { return [:] }
        return Dictionary(grouping: try await rows("q.project_id IN \(SQLBind.group(projects))"), by: \.project)
    }

    func list(status: QuotaStatus?, department: String?) async throws -> [QuotaView] {
        try await Access.require(.read, .finance(.greenChannel), caller: caller, db: db)
        var filter: SQLQueryString = "1 = 1"
        if let status { filter = filter + " AND q.status = \(bind: status.rawValue)" }
        if let department { filter = filter + " AND q.department = \(bind: department)" }
        return try await rows(filter)
    }

    private func rows(_ filter: SQLQueryString) async throws -> [QuotaView] {
        struct Row: Decodable {
            var id: Int64
            var projectId: Int64
            var kind: String
            var asked: Double
            var granted: Double?
            var department: String
            var status: String
            var note: String?
        }
        return try await db.raw(
            "SELECT q.id, q.project_id, q.kind, q.asked, q.granted, q.department, q.status, q.note FROM quota_requests q WHERE \(filter) ORDER BY q.id LIMIT 1000"
        ).rows(Row.self).map {
            QuotaView(
                id: $0.id, project: $0.projectId, kind: $0.kind, unit: QuotaKind(rawValue: $0.kind)?.unitZh ?? "", asked: $0.asked,
                granted: $0.granted, department: $0.department, status: $0.status, note: $0.note)
        }
    }
}
