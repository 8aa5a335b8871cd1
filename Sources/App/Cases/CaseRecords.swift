import ChainLeadCore
import Foundation
import SQLKit

struct CasePictureView: Sendable, Codable {
    var id: Int64
    var caption: String
    var contentType: String
    var width: Int
    var height: Int
    var size: Int64
}

struct CaseView: Sendable, Codable {
    var id: Int64
    var year: Int
    var title: String
    var enterprise: String
    var enterpriseName: String
    var chain: String
    var chainName: String
    var cluster: String
    var clusterName: String
    var category: String
    var body: String
    var keyFigures: [KeyFigure]
    var status: String
    var version: Int64
    var reviewNote: String?
    var submittedBy: String
    var pictures: [CasePictureView]
}

/// What a case is made of when submitted or edited (nil: unchanged on an edit).
struct CaseDraft: Sendable {
    var year: Int?
    var title: String?
    var enterprise: String?
    var chain: String?
    var category: CaseCategory?
    var body: String?
    var keyFigures: [KeyFigure]?
}

/// Achievements and cases for the yearly case book (Policy S7). What a caller sees is `visible`
/// (government every case, a firm its own); a firm or a chief edits a case only while it waits for
/// review, a city official at any time; every change is one conditional write on the version or
/// the status it was read at.
struct CaseRecords {
    let db: any SQLDatabase
    let caller: Caller

    /// The one rule on `cases c`; nil: nothing.
    static func visible(_ caller: Caller) -> SQLQueryString? { OwnFirmRule.visible(caller, column: "c.enterprise_uscc") }

    static func text(_ value: String?, field: String, limit: Int) throws -> String {
        let v = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !v.isEmpty, v.unicodeScalars.count <= limit else { throw DomainError.invalid(field, "请填写（不超过\(limit)字）") }
        return v
    }

    static func year(_ y: Int?) throws -> Int {
        guard let y, (2000...2100).contains(y) else { throw DomainError.invalid("year", "年度应在2000至2100之间", code: "out_of_range") }
        return y
    }

    static func figures(_ list: [KeyFigure]) throws -> String {
        switch CaseRules.keyFigures(list) {
        case .failure(let e): throw DomainError.invalid(e.field, e.message)
        case .success(let clean):
            return String(decoding: try JSONEncoder().encode(clean), as: UTF8.self)
        }
    }

    func submit(_ d: CaseDraft) async throws -> CaseView {
        let uscc = try APIHandler.pathUSCC(d.enterprise ?? "", field: "enterprise")
        let chain = (d.chain ?? "").trimmingCharacters(in: .whitespaces)
        try await Access.require(.create, .cases(.firm(enterprise: uscc, chains: [chain])), caller: caller, db: db)
        let year = try Self.year(d.year)
        let title = try Self.text(d.title, field: "title", limit: 100)
        let body = try Self.text(d.body, field: "body", limit: 10_000)
        guard let category = d.category else { throw DomainError.invalid("category", "请选择案例类别") }
        let figures = try Self.figures(d.keyFigures ?? [])
        try await checkFirmAndChain(uscc, chain)
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            let now = Date.nowSeconds()
            guard
                let id = try await tx.raw(
                    """
                    INSERT INTO cases (year, title, enterprise_uscc, chain_code, category, body, key_figures, status, version,
                      submitted_by, submitted_at, updated_at)
                    VALUES (\(bind: year), \(bind: title), \(bind: uscc), \(bind: chain), \(bind: category.rawValue), \(bind: body),
                      \(bind: figures), 'submitted', 1, \(bind: caller.username ?? "system"), \(bind: now), \(bind: now))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "case", key: String(id), action: "create", extra: ["enterprise": uscc, "year": String(year), "title": title])
            return id
        }
        return try await find(id)
    }

    func checkFirmAndChain(_ uscc: String, _ chain: String) async throws {
        guard try await db.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: uscc)").first() != nil else {
            throw DomainError.invalid("enterprise", "企业 \(uscc) 不在企业库中")
        }
        guard try await db.raw("SELECT code FROM chains WHERE code = \(bind: chain)").first() != nil else {
            throw DomainError.invalid("chain", "产业链代码“\(chain.prefix(30))”不存在")
        }
    }

    /// Edits the fields given; `version` (when given) must still be the stored one.
    func edit(_ id: Int64, _ d: CaseDraft, version: Int64?) async throws -> CaseView {
        let current = try await find(id)
        try await Access.require(.update, .cases(.firm(enterprise: current.enterprise, chains: [current.chain])), caller: caller, db: db)
        let reviewer = Policy.decide(caller.grants, .update, .cases(.review)).allowed || caller.isSystem
        guard reviewer || current.status == CaseStatus.submitted.rawValue else {
            throw DomainError(
                .conflict, "wrong_status", "案例已审核（\(CaseStatus(rawValue: current.status)?.nameZh ?? current.status)），只有市级工作人员可以修改")
        }
        let year = try d.year.map { try Self.year($0) } ?? current.year
        let title = try d.title.map { try Self.text($0, field: "title", limit: 100) } ?? current.title
        let body = try d.body.map { try Self.text($0, field: "body", limit: 10_000) } ?? current.body
        let category = d.category?.rawValue ?? current.category
        let figures = try Self.figures(d.keyFigures ?? current.keyFigures)
        let chain = d.chain.map { $0.trimmingCharacters(in: .whitespaces) } ?? current.chain
        if chain != current.chain { try await checkFirmAndChain(current.enterprise, chain) }
        // Checked after the fields: a bad value is 422 whichever version it was based on.
        if let v = version, v != current.version { throw EditVersion.stale("案例“\(current.title)”", stored: current.version) }
        var changes: [String: AuditLog.Change] = [:]
        for (k, old, new) in [
            ("year", String(current.year), String(year)), ("title", current.title, title), ("chain", current.chain, chain),
            ("category", current.category, category), ("body", current.body, body),
        ] where old != new { changes[k] = AuditLog.Change(from: old, to: new) }
        if d.keyFigures != nil, d.keyFigures != current.keyFigures { changes["keyFigures"] = AuditLog.Change(from: nil, to: figures) }
        guard !changes.isEmpty else { return current }
        let caller = self.caller
        let audited = changes
        try await db.withTransaction { tx in
            let moved = try await tx.raw(
                """
                UPDATE cases SET year = \(bind: year), title = \(bind: title), chain_code = \(bind: chain), category = \(bind: category),
                  body = \(bind: body), key_figures = \(bind: figures), version = version + 1, updated_at = \(bind: Date.nowSeconds())
                WHERE id = \(bind: id) AND version = \(bind: current.version) RETURNING id
                """
            ).all()
            guard !moved.isEmpty else { throw EditVersion.stale("案例“\(current.title)”", stored: nil) }
            try await AuditLog(db: tx, caller: caller).record(entity: "case", key: String(id), action: "update", changes: audited)
        }
        return try await find(id)
    }

    /// Selects, rejects or reopens: one conditional write on the statuses the decision starts from.
    func review(_ id: Int64, decision: CaseDecision, note: String?) async throws -> CaseView {
        try await Access.require(.update, .cases(.review), caller: caller, db: db)
        let current = try await find(id)
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.unicodeScalars.count > 500 { throw DomainError.invalid("note", "审核意见不超过500字") }
        let (from, to) = decision.move
        guard let status = CaseStatus(rawValue: current.status), from.contains(status) else {
            throw DomainError(
                .conflict, "wrong_status", "案例当前为“\(CaseStatus(rawValue: current.status)?.nameZh ?? current.status)”，不能\(decision.nameZh)",
                field: "decision")
        }
        let caller = self.caller
        try await db.withTransaction { tx in
            let moved = try await tx.raw(
                """
                UPDATE cases SET status = \(bind: to.rawValue), review_note = \(bind: note?.isEmpty == false ? note : nil),
                  version = version + 1, updated_at = \(bind: Date.nowSeconds())
                WHERE id = \(bind: id) AND status = \(bind: status.rawValue) RETURNING id
                """
            ).all()
            guard !moved.isEmpty else { throw DomainError(.conflict, "changed_meanwhile", "该案例刚被他人审核，请刷新后重试", field: "decision") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "case", key: String(id), action: decision.rawValue,
                changes: ["status": AuditLog.Change(from: status.rawValue, to: to.rawValue)])
        }
        return try await find(id)
    }

    func find(_ id: Int64) async throws -> CaseView {
        guard let c = try await list(CaseFilter(id: id)).first else { throw DomainError.notFound("案例 \(id)", field: "id") }
        return c
    }
}

extension CaseDecision {
    var nameZh: String {
        switch self {
        case .select: "入选"
        case .reject: "不予入选"
        case .reopen: "重新审核"
        }
    }
}
