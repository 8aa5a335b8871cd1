import ChainLeadCore
import Foundation
import SQLKit

struct FindingView: Sendable, Codable {
    var id: Int64
    var inspection: Int64
    var title: String
    var severity: String
    var owner: String
    var deadline: String
    var status: String
    var rectifiedOn: String?
    var rectification: String?
    var retestResult: String?
    var retestedOn: String?
    /// Working days past the deadline on the calendar (0 when on time).
    var overdueWorkingDays: Int
}

struct InspectionView: Sendable, Codable {
    var id: Int64
    var enterprise: String
    var enterpriseName: String
    var kind: String
    var organisation: String
    var date: String
    var findings: [FindingView]
}

struct TrainingView: Sendable, Codable {
    var id: Int64
    var date: String
    var title: String
    var kind: String
    var attendees: [String]
}

/// Information-security inspections of chain leaders, their findings and trainings (Policy S6).
/// What a caller sees is `visible`: government every firm, a firm its own. Each move of a
/// finding is one conditional write on the status it moves from.
struct InfosecRecords {
    let db: any SQLDatabase
    let caller: Caller

    /// The one rule on `infosec_inspections i`; nil: nothing.
    static func visible(_ caller: Caller) -> SQLQueryString? { OwnFirmRule.visible(caller, column: "i.enterprise_uscc") }

    static func date(_ text: String, field: String) throws -> SimpleDate {
        guard let d = SimpleDate(iso: text), (2000...2100).contains(d.year) else {
            throw DomainError.invalid(field, "日期应写作 2026-12-31（2000至2100年）")
        }
        return d
    }

    static func text(_ value: String, field: String, limit: Int) throws -> String {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !v.isEmpty, v.unicodeScalars.count <= limit else { throw DomainError.invalid(field, "请填写（不超过\(limit)字）") }
        return v
    }

    func inspect(enterprise: String, kind: InspectionKind, organisation: String, date: String) async throws -> InspectionView {
        try await Access.require(.create, .infosec(.records), caller: caller, db: db)
        let org = try Self.text(organisation, field: "organisation", limit: 100)
        let day = try Self.date(date, field: "date")
        guard try await db.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: enterprise)").first() != nil else {
            throw DomainError.invalid("enterprise", "企业 \(enterprise) 不在企业库中")
        }
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            guard
                let id = try await tx.raw(
                    """
                    INSERT INTO infosec_inspections (enterprise_uscc, kind, organisation, date, created_by, created_at)
                    VALUES (\(bind: enterprise), \(bind: kind.rawValue), \(bind: org), \(bind: day.description), \(bind: caller.username ?? "system"),
                      \(bind: Date.nowSeconds()))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "infosec_inspection", key: String(id), action: "create", extra: ["enterprise": enterprise, "kind": kind.rawValue])
            return id
        }
        return try await find(id)
    }

    func addFinding(inspection id: Int64, title: String, severity: FindingSeverity, owner: String, deadline: String) async throws
        -> FindingView
    {
        try await Access.require(.update, .infosec(.records), caller: caller, db: db)
        let what = try Self.text(title, field: "title", limit: 200)
        let who = try Self.text(owner, field: "owner", limit: 50)
        let due = try Self.date(deadline, field: "deadline")
        _ = try await find(id)
        let caller = self.caller
        let fid = try await db.withTransaction { tx -> Int64 in
            guard
                let fid = try await tx.raw(
                    """
                    INSERT INTO infosec_findings (inspection_id, title, severity, owner, deadline, status)
                    VALUES (\(bind: id), \(bind: what), \(bind: severity.rawValue), \(bind: who), \(bind: due.description), 'open') RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "infosec_finding", key: String(fid), action: "create",
                extra: ["severity": severity.rawValue, "deadline": due.description])
            return fid
        }
        return try await finding(fid)
    }

    /// The firm (or an official) reports the finding rectified.
    func rectify(_ id: Int64, on date: String, note: String) async throws -> FindingView {
        let current = try await finding(id)
        let firm =
            try await db.raw(
                "SELECT i.enterprise_uscc AS u FROM infosec_findings f JOIN infosec_inspections i ON i.id = f.inspection_id WHERE f.id = \(bind: id)"
            ).first(decodingColumn: "u", as: String.self) ?? ""
        try await Access.require(.update, .infosec(.firm(enterprise: firm)), caller: caller, db: db)
        let day = try Self.date(date, field: "date")
        guard day <= SimpleDate.today() else { throw DomainError.invalid("date", "整改日期不能晚于今天") }
        let what = try Self.text(note, field: "rectification", limit: 1000)
        return try await move(
            id, from: .open, set: "status = 'rectified', rectified_on = \(bind: day.description), rectification = \(bind: what)",
            action: "rectify", current: current)
    }

    /// An official records the re-test: passed closes the finding, failed opens it again.
    func retest(_ id: Int64, passed: Bool, on date: String) async throws -> FindingView {
        try await Access.require(.update, .infosec(.records), caller: caller, db: db)
        let current = try await finding(id)
        let day = try Self.date(date, field: "date")
        let set: SQLQueryString =
            passed
            ? "status = 'closed', retest_result = 'pass', retested_on = \(bind: day.description)"
            : "status = 'open', retest_result = 'fail', retested_on = \(bind: day.description), rectified_on = NULL"
        return try await move(id, from: .rectified, set: set, action: passed ? "retest_pass" : "retest_fail", current: current)
    }

    private func move(_ id: Int64, from: FindingStatus, set: SQLQueryString, action: String, current: FindingView) async throws
        -> FindingView
    {
        guard current.status == from.rawValue else {
            throw DomainError(
                .conflict, "wrong_status", "该问题当前为“\(FindingStatus(rawValue: current.status)?.nameZh ?? current.status)”", field: "status")
        }
        let caller = self.caller
        try await db.withTransaction { tx in
            let moved = try await tx.raw(
                "UPDATE infosec_findings SET \(set) WHERE id = \(bind: id) AND status = \(bind: from.rawValue) RETURNING id"
            ).all()
            guard !moved.isEmpty else { throw DomainError(.conflict, "changed_meanwhile", "该问题刚被更新，请刷新后重试", field: "status") }
            try await AuditLog(db: tx, caller: caller).record(entity: "infosec_finding", key: String(id), action: action)
        }
        return try await finding(id)
    }

    func find(_ id: Int64) async throws -> InspectionView {
        guard let i = try await list(enterprise: nil, id: id).first else { throw DomainError.notFound("信息安全检查 \(id)", field: "id") }
        return i
    }

    func finding(_ id: Int64) async throws -> FindingView {
        guard
            let inspection = try await db.raw("SELECT inspection_id FROM infosec_findings WHERE id = \(bind: id)").first(
                decodingColumn: "inspection_id", as: Int64.self),
            let f = try await find(inspection).findings.first(where: { $0.id == id })
        else { throw DomainError.notFound("问题 \(id)", field: "id") }
        return f
    }

    /// Inspections the caller sees, newest first, with their findings and lateness.
    func list(enterprise: String?, id: Int64? = nil, overdueOnly: Bool = false, limit: Int = 500) async throws -> [InspectionView] {
        try await Access.require(.read, .infosec(.records), caller: caller, db: db)
        guard var filter = Self.visible(caller) else { return [] }
        if let enterprise { filter = filter + " AND i.enterprise_uscc = \(bind: enterprise)" }
        if let id { filter = filter + " AND i.id = \(bind: id)" }
        struct Row: Decodable {
            var id: Int64
            var enterpriseUscc: String
            var name: String
            var kind: String
            var organisation: String
            var date: String
        }
        let rows = try await db.raw(
            """
            SELECT i.id, i.enterprise_uscc, e.name, i.kind, i.organisation, i.date FROM infosec_inspections i
            JOIN enterprises e ON e.uscc = i.enterprise_uscc WHERE \(filter) ORDER BY i.date DESC, i.id DESC LIMIT \(bind: limit)
            """
        ).rows(Row.self)
        guard !rows.isEmpty else { return [] }
        struct F: Decodable {
            var id: Int64
            var inspectionId: Int64
            var title: String
            var severity: String
            var owner: String
            var deadline: String
            var status: String
            var rectifiedOn: String?
            var rectification: String?
            var retestResult: String?
            var retestedOn: String?
        }
        let calendar = try await ServiceSettings(db: db).calendar()
        let today = SimpleDate.today()
        var findings: [Int64: [FindingView]] = [:]
        for f in try await db.raw(
            """
            SELECT id, inspection_id, title, severity, owner, deadline, status, rectified_on, rectification, retest_result, retested_on
            FROM infosec_findings WHERE inspection_id IN \(SQLBind.group(rows.map(\.id))) ORDER BY deadline, id
            """
        ).rows(F.self) {
            let late =
                f.status == FindingStatus.closed.rawValue
                ? 0
                : SimpleDate(iso: f.deadline).map {
                    Infosec.overdue(deadline: $0, rectified: f.rectifiedOn.flatMap(SimpleDate.init(iso:)), today: today, calendar: calendar)
                } ?? 0
            findings[f.inspectionId, default: []].append(
                FindingView(
                    id: f.id, inspection: f.inspectionId, title: f.title, severity: f.severity, owner: f.owner, deadline: f.deadline,
                    status: f.status, rectifiedOn: f.rectifiedOn, rectification: f.rectification, retestResult: f.retestResult,
                    retestedOn: f.retestedOn, overdueWorkingDays: f.status == FindingStatus.open.rawValue ? late : 0))
        }
        let out = rows.map {
            InspectionView(
                id: $0.id, enterprise: $0.enterpriseUscc, enterpriseName: $0.name, kind: $0.kind, organisation: $0.organisation,
                date: $0.date,
                findings: findings[$0.id] ?? [])
        }
        return overdueOnly ? out.filter { $0.findings.contains { $0.overdueWorkingDays > 0 } } : out
    }
}
