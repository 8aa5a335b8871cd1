import ChainLeadCore
import Foundation
import SQLKit

struct PublicityView: Sendable, Codable {
    struct Firm: Sendable, Codable {
        var uscc: String
        var name: String
    }

    var id: Int64
    var kind: String
    var date: String
    var title: String
    var link: String?
    var note: String?
    var firms: [Firm]
}

/// The "hundred chain leaders" (百名链主) events and media coverage (Policy S7): date, title, the
/// firms featured and a link. City officials log them; government roles read the log.
struct PublicityLog {
    let db: any SQLDatabase
    let caller: Caller

    func record(kind: PublicityKind, date: String, title: String, firms: [String], link: String?, note: String?) async throws
        -> PublicityView
    {
        try await Access.require(.update, .cases(.review), caller: caller, db: db)
        let day = try InfosecRecords.date(date, field: "date")
        let title = try CaseRecords.text(title, field: "title", limit: 200)
        let link = link?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let link {
            guard link.unicodeScalars.count <= 500, let url = URL(string: link), ["http", "https"].contains(url.scheme?.lowercased() ?? "")
            else {
                throw DomainError.invalid("link", "链接应为 http:// 或 https:// 开头的网址（不超过500个字符）")
            }
        }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let note, note.unicodeScalars.count > 1000 { throw DomainError.invalid("note", "备注不超过1000字") }
        guard firms.count <= 200 else { throw DomainError.invalid("firms", "一次最多200家企业") }
        var unique: [String] = []
        for (i, f) in firms.enumerated() {
            let u = try APIHandler.pathUSCC(f.trimmingCharacters(in: .whitespaces), field: "firms[\(i)]")
            if !unique.contains(u) { unique.append(u) }
        }
        if !unique.isEmpty {
            let known = Set(
                try await db.raw("SELECT uscc FROM enterprises WHERE uscc IN \(SQLBind.group(unique))").all(
                    decodingColumn: "uscc", as: String.self))
            if let (i, missing) = unique.enumerated().first(where: { !known.contains($0.element) }) {
                throw DomainError.invalid("firms[\(i)]", "企业 \(missing) 不在企业库中")
            }
        }
        let caller = self.caller
        let featured = unique
        let id = try await db.withTransaction { tx -> Int64 in
            guard
                let id = try await tx.raw(
                    """
                    INSERT INTO publicity (kind, date, title, link, note, created_by, created_at)
                    VALUES (\(bind: kind.rawValue), \(bind: day.description), \(bind: title), \(bind: link), \(bind: note),
                      \(bind: caller.username ?? "system"), \(bind: Date.nowSeconds()))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            for u in featured {
                try await tx.raw("INSERT INTO publicity_firms (publicity_id, enterprise_uscc) VALUES (\(bind: id), \(bind: u))").run()
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "publicity", key: String(id), action: "create", extra: ["kind": kind.rawValue, "title": title])
            return id
        }
        guard let made = try await list(id: id).first else { throw DomainError.internal }
        return made
    }

    /// The log, newest first; for one year or one firm when given.
    func list(year: Int? = nil, enterprise: String? = nil, id: Int64? = nil, limit: Int = 500) async throws -> [PublicityView] {
        try await Access.require(.read, .cases(.review), caller: caller, db: db)
        var filter: SQLQueryString = "1 = 1"
        if let year { filter = filter + " AND p.date >= \(bind: "\(year)-01-01") AND p.date <= \(bind: "\(year)-12-31")" }
        if let enterprise {
            filter = filter + " AND p.id IN (SELECT publicity_id FROM publicity_firms WHERE enterprise_uscc = \(bind: enterprise))"
        }
        if let id { filter = filter + " AND p.id = \(bind: id)" }
        struct Row: Decodable {
            var id: Int64
            var kind: String
            var date: String
            var title: String
            var link: String?
            var note: String?
        }
        let rows = try await db.raw(
            "SELECT p.id, p.kind, p.date, p.title, p.link, p.note FROM publicity p WHERE \(filter) ORDER BY p.date DESC, p.id DESC LIMIT \(bind: limit)"
        ).rows(Row.self)
        guard !rows.isEmpty else { return [] }
        struct F: Decodable {
            var publicityId: Int64
            var enterpriseUscc: String
            var name: String
        }
        var firms: [Int64: [PublicityView.Firm]] = [:]
        for f in try await db.raw(
            """
            SELECT f.publicity_id, f.enterprise_uscc, e.name FROM publicity_firms f JOIN enterprises e ON e.uscc = f.enterprise_uscc
            WHERE f.publicity_id IN \(SQLBind.group(rows.map(\.id))) ORDER BY e.name
            """
        ).rows(F.self) { firms[f.publicityId, default: []].append(.init(uscc: f.enterpriseUscc, name: f.name)) }
        return rows.map {
            PublicityView(id: $0.id, kind: $0.kind, date: $0.date, title: $0.title, link: $0.link, note: $0.note, firms: firms[$0.id] ?? [])
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
