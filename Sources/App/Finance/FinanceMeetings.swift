import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

struct MeetingNeedView: Sendable, Codable {
    var need: Int64
    var enterpriseName: String
    var amount: Int64
    var outcome: String
}

struct FinanceMeetingView: Sendable, Codable {
    var id: Int64
    var date: String
    var title: String
    var place: String?
    var banks: [String]
    var enterprises: [String]
    var needs: [MeetingNeedView]
    var notes: String?
}

struct MeetingInput: Sendable {
    var date: String
    var title: String
    var place: String?
    var banks: [String]
    var enterprises: [String]
    var needs: [(need: Int64, outcome: String)]
    var notes: String?
}

/// Government–bank–enterprise meetings (政银企对接会, Policy S5): who came, the needs discussed
/// and what became of each; a one-page .docx summary per meeting. Kept by city officials.
struct FinanceMeetings {
    let db: any SQLDatabase
    let caller: Caller

    func create(_ input: MeetingInput) async throws -> FinanceMeetingView {
        try await Access.require(.create, .finance(.meetings), caller: caller, db: db)
        guard let date = SimpleDate(iso: input.date), (2000...2100).contains(date.year) else {
            throw DomainError.invalid("date", "日期应写作 2026-12-31（2000至2100年）")
        }
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.unicodeScalars.count <= 100 else { throw DomainError.invalid("title", "请填写会议名称（不超过100字）") }
        if (input.place?.unicodeScalars.count ?? 0) > 100 { throw DomainError.invalid("place", "地点不超过100字") }
        guard input.banks.count <= 50 else { throw DomainError.invalid("banks", "最多50家银行") }
        if let unknown = try await Banks.unknown(input.banks, db: db).first {
            throw DomainError.invalid("banks", "银行“\(unknown.prefix(50))”未登记", code: "unknown_bank")
        }
        let firms = try await FinanceRounds.registered(input.enterprises, field: "enterprises", db: db)
        guard input.needs.count <= 200 else { throw DomainError.invalid("needs", "最多200项需求") }
        for (i, n) in input.needs.enumerated() {
            guard !n.outcome.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, n.outcome.unicodeScalars.count <= 500 else {
                throw DomainError.invalid("needs[\(i)].outcome", "请写明对接结果（不超过500字）")
            }
        }
        let needIDs = Array(Set(input.needs.map(\.need)))
        if !needIDs.isEmpty {
            let found = Set(
                try await db.raw("SELECT id FROM finance_needs WHERE id IN \(SQLBind.group(needIDs))").all(
                    decodingColumn: "id", as: Int64.self))
            if let (i, _) = input.needs.enumerated().first(where: { !found.contains($0.element.need) }) {
                throw DomainError.invalid("needs[\(i)].need", "融资需求 \(input.needs[i].need) 不存在")
            }
        }
        guard needIDs.count == input.needs.count else { throw DomainError.invalid("needs", "同一需求只写一次") }
        if (input.notes?.unicodeScalars.count ?? 0) > 2000 { throw DomainError.invalid("notes", "纪要不超过2000字") }
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            guard
                let id = try await tx.raw(
                    """
                    INSERT INTO finance_meetings (date, title, place, banks, enterprises, notes, created_by, created_at)
                    VALUES (\(bind: date.description), \(bind: title), \(bind: input.place?.nilIfBlank), \(bind: input.banks.joined(separator: "\n")),
                      \(bind: firms.joined(separator: "\n")), \(bind: input.notes?.nilIfBlank), \(bind: caller.username ?? "system"),
                      \(bind: Date.nowSeconds()))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            for n in input.needs {
                try await tx.insert(into: "finance_meeting_needs").columns("meeting_id", "need_id", "outcome")
                    .values(SQLBind(id), SQLBind(n.need), SQLBind(n.outcome.trimmingCharacters(in: .whitespacesAndNewlines))).run()
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "finance_meeting", key: String(id), action: "create", extra: ["title": title, "on": date.description])
            return id
        }
        return try await find(id)
    }

    func find(_ id: Int64) async throws -> FinanceMeetingView {
        guard let m = try await list(id: id).first else { throw DomainError.notFound("政银企对接会 \(id)", field: "id") }
        return m
    }

    func list(id: Int64? = nil) async throws -> [FinanceMeetingView] {
        try await Access.require(.read, .finance(.meetings), caller: caller, db: db)
        let only: SQLQueryString = id.map { "WHERE id = \(bind: $0)" } ?? ""
        struct Row: Decodable {
            var id: Int64
            var date: String
            var title: String
            var place: String?
            var banks: String
            var enterprises: String
            var notes: String?
        }
        let rows = try await db.raw(
            "SELECT id, date, title, place, banks, enterprises, notes FROM finance_meetings \(only) ORDER BY date DESC, id DESC LIMIT 200"
        ).rows(Row.self)
        guard !rows.isEmpty else { return [] }
        var needs: [Int64: [MeetingNeedView]] = [:]
        for r in try await db.raw(
            """
            SELECT mn.meeting_id, mn.need_id, mn.outcome, n.amount, e.name FROM finance_meeting_needs mn
            JOIN finance_needs n ON n.id = mn.need_id JOIN enterprises e ON e.uscc = n.enterprise_uscc
            WHERE mn.meeting_id IN \(SQLBind.group(rows.map(\.id))) ORDER BY mn.need_id
            """
        ).all() {
            needs[try r.decode(column: "meeting_id", as: Int64.self), default: []].append(
                MeetingNeedView(
                    need: try r.decode(column: "need_id", as: Int64.self), enterpriseName: try r.decode(column: "name", as: String.self),
                    amount: try r.decode(column: "amount", as: Int64.self), outcome: try r.decode(column: "outcome", as: String.self)))
        }
        func lines(_ s: String) -> [String] { s.split(separator: "\n").map(String.init) }
        return rows.map {
            FinanceMeetingView(
                id: $0.id, date: $0.date, title: $0.title, place: $0.place, banks: lines($0.banks), enterprises: lines($0.enterprises),
                needs: needs[$0.id] ?? [], notes: $0.notes)
        }
    }

    /// The meeting's summary as a 公文-style .docx: who came, each need discussed with its outcome.
    func summary(_ id: Int64) async throws -> (name: String, data: Data) {
        let m = try await find(id)
        var names: [String: String] = [:]
        if !m.enterprises.isEmpty {
            for r in try await db.raw("SELECT uscc, name FROM enterprises WHERE uscc IN \(SQLBind.group(m.enterprises))").all() {
                names[try r.decode(column: "uscc", as: String.self)] = try r.decode(column: "name", as: String.self)
            }
        }
        let firms = m.enterprises.map { names[$0] ?? $0 }
        var paragraphs = [
            "\(NoticePages.chineseDate(m.date))，\(m.place.map { "在\($0)" } ?? "")召开\(m.title)。",
            "参会金融机构：\(m.banks.isEmpty ? "无" : m.banks.joined(separator: "、"))。",
            "参会企业：\(firms.isEmpty ? "无" : firms.joined(separator: "、"))。",
        ]
        if let notes = m.notes { paragraphs.append(notes) }
        let doc = OfficialDocument(
            title: "\(m.title)会议纪要", paragraphs: paragraphs,
            table: m.needs.isEmpty
                ? nil
                : (
                    ["序号", "企业名称", "融资需求（万元）", "对接结果"],
                    m.needs.enumerated().map {
                        [String($0.offset + 1), $0.element.enterpriseName, Display.wan($0.element.amount), $0.element.outcome]
                    }
                ),
            closing: ["共对接融资需求\(m.needs.count)项。"], issuer: "链主企业培育工作专班", date: NoticePages.chineseDate(m.date))
        return ("政银企对接会纪要-\(m.date).docx", try OfficialDocumentWriter.write(doc, stamp: ExportStamp(caller)))
    }
}
