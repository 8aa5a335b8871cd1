import ChainLeadCore
import Foundation
import SQLKit

struct InfosecClusterFigures: Sendable, Codable {
    var cluster: String
    var name: String
    var inspections: Int
    var findings: Int
    var critical: Int
    var high: Int
    var open: Int
    var overdue: Int
}

/// Trainings and drills with the firms that attended, and the figures per cluster (Policy S6).
struct InfosecTrainings {
    let db: any SQLDatabase
    let caller: Caller

    func record(date: String, title: String, kind: String, attendees: [String]) async throws -> TrainingView {
        try await Access.require(.create, .infosec(.records), caller: caller, db: db)
        let day = try InfosecRecords.date(date, field: "date")
        let what = try InfosecRecords.text(title, field: "title", limit: 100)
        guard ["training", "drill"].contains(kind) else { throw DomainError.invalid("kind", "类型应为 training（培训）或 drill（演练）") }
        let firms = try await FinanceRounds.registered(attendees, field: "attendees", db: db)
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            guard
                let id = try await tx.raw(
                    """
                    INSERT INTO infosec_trainings (date, title, kind, attendees, created_by, created_at)
                    VALUES (\(bind: day.description), \(bind: what), \(bind: kind), \(bind: firms.joined(separator: "\n")),
                      \(bind: caller.username ?? "system"), \(bind: Date.nowSeconds()))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "infosec_training", key: String(id), action: "create", extra: ["attendees": String(firms.count)])
            return id
        }
        guard let made = try await list().first(where: { $0.id == id }) else { throw DomainError.internal }
        return made
    }

    /// Government sees every training; a firm those it attended.
    func list() async throws -> [TrainingView] {
        try await Access.require(.read, .infosec(.records), caller: caller, db: db)
        let all = caller.isSystem || caller.grants.contains { [.official, .chief, .district, .department].contains($0.role) }
        let own = Set(caller.grants.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } })
        struct Row: Decodable {
            var id: Int64
            var date: String
            var title: String
            var kind: String
            var attendees: String
        }
        return try await db.raw("SELECT id, date, title, kind, attendees FROM infosec_trainings ORDER BY date DESC, id DESC LIMIT 500")
            .rows(Row.self).compactMap { r in
                let firms = r.attendees.split(separator: "\n").map(String.init)
                guard all || !own.isDisjoint(with: firms) else { return nil }
                return TrainingView(
                    id: r.id, date: r.date, title: r.title, kind: r.kind, attendees: all ? firms : firms.filter(own.contains))
            }
    }

    /// Per cluster (by each firm's primary segment): inspections, findings, critical and high
    /// ones, open and overdue — over the inspections the caller sees.
    func figures() async throws -> [InfosecClusterFigures] {
        let inspections = try await InfosecRecords(db: db, caller: caller).list(enterprise: nil, limit: 5000)
        var cluster: [String: (String, String)] = [:]
        let firms = Array(Set(inspections.map(\.enterprise)))
        for chunk in firms.chunked(500) where !chunk.isEmpty {
            for r in try await db.raw(
                """
                SELECT m.enterprise_uscc AS u, c.code, c.name FROM memberships m JOIN segments s ON s.code = m.segment_code
                JOIN chains ch ON ch.code = s.chain_code JOIN clusters c ON c.code = ch.cluster_code
                WHERE m.is_primary = \(bind: true) AND m.enterprise_uscc IN \(SQLBind.group(Array(chunk)))
                """
            ).all() {
                cluster[try r.decode(column: "u", as: String.self)] = (
                    try r.decode(column: "code", as: String.self), try r.decode(column: "name", as: String.self)
                )
            }
        }
        var out: [String: InfosecClusterFigures] = [:]
        for i in inspections {
            let (code, name) = cluster[i.enterprise] ?? ("-", "未归类")
            var f =
                out[code]
                ?? InfosecClusterFigures(cluster: code, name: name, inspections: 0, findings: 0, critical: 0, high: 0, open: 0, overdue: 0)
            f.inspections += 1
            f.findings += i.findings.count
            f.critical += i.findings.filter { $0.severity == "critical" }.count
            f.high += i.findings.filter { $0.severity == "high" }.count
            f.open += i.findings.filter { $0.status != FindingStatus.closed.rawValue }.count
            f.overdue += i.findings.filter { $0.overdueWorkingDays > 0 }.count
            out[code] = f
        }
        return out.values.sorted { $0.cluster < $1.cluster }
    }
}
