import ChainLeadCore
import Foundation
import Vapor

/// Cases and publicity as pages (Policy S7): `/cases` lists the year's cases with the submit form,
/// the case-book download and the publicity log; `/cases/{id}` shows one case with its review,
/// edit and picture forms.
struct CasePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cases", use: list)
        routes.post("cases", use: submit)
        routes.get("cases", "casebook.docx", use: casebook)
        routes.get("cases", ":id", use: show)
        routes.post("cases", ":id", use: edit)
        routes.post("cases", ":id", "review", use: review)
        routes.on(.POST, "cases", ":id", "pictures", body: .stream, use: upload).readsItsOwnBody()
        routes.get("cases", ":id", "pictures", ":picture", use: picture)
        routes.post("publicity", use: logPublicity)
    }

    struct Row: Encodable, Sendable {
        var id: Int64
        var title: String
        var cells: [String]
        var status: String
    }

    struct Option: Encodable, Sendable {
        var value: String
        var label: String
        var on: Bool
    }

    struct ListContent: Encodable, Sendable {
        var year: Int
        var years: [Option]
        var statuses: [Option]
        var rows: [Row]
        var selected: Int
        var canSubmit: Bool
        var canReview: Bool
        var mayReadLog: Bool
        var ownFirm: String
        var chains: [Option]
        var categories: [Option]
        var publicity: [[String]]
        var publicityLinks: [String]
        var today: String
        var error: String?
    }

    @Sendable func list(req: Request) async throws -> Response {
        try await renderList(req, year: try? req.query.get(Int.self, at: "year"), status: try? req.query.get(String.self, at: "status"))
    }

    func renderList(_ req: Request, year: Int?, status: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .cases(.list))
        let grants = req.caller.grants
        let thisYear = SimpleDate.today().year
        let year = (year.flatMap { (2000...2100).contains($0) ? $0 : nil }) ?? thisYear
        let status = status.flatMap(CaseStatus.init(rawValue:))
        let cases = try await CaseRecords(db: req.sql, caller: req.caller).list(CaseFilter(year: year, status: status))
        let canReview = Policy.decide(grants, .update, .cases(.review)).allowed
        let mayReadLog = Policy.decide(grants, .read, .cases(.review)).allowed
        let log = mayReadLog ? try await PublicityLog(db: req.sql, caller: req.caller).list(year: year) : []
        let own = grants.lazy.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } }.first ?? ""
        let content = ListContent(
            year: year,
            years: (max(2020, thisYear - 5)...(thisYear + 1)).reversed().map { Option(value: "\($0)", label: "\($0)", on: $0 == year) },
            statuses: CaseStatus.allCases.map { Option(value: $0.rawValue, label: $0.nameZh, on: $0 == status) },
            rows: cases.map { c in
                Row(
                    id: c.id, title: c.title,
                    cells: [
                        c.enterpriseName, c.clusterName + " · " + c.chainName, CaseCategory(rawValue: c.category)?.nameZh ?? c.category,
                        "\(c.pictures.count)",
                    ], status: CaseStatus(rawValue: c.status)?.nameZh ?? c.status)
            },
            selected: cases.filter { $0.status == CaseStatus.selected.rawValue }.count,
            canSubmit: Policy.maySubmitCases(grants), canReview: canReview, mayReadLog: mayReadLog, ownFirm: own,
            chains: try await Self.chainOptions(req, selected: nil),
            categories: CaseCategory.allCases.map { Option(value: $0.rawValue, label: $0.nameZh, on: false) },
            publicity: log.map { p in
                [p.date, PublicityKind(rawValue: p.kind)?.nameZh ?? p.kind, p.title, p.firms.map(\.name).joined(separator: "、")]
            },
            publicityLinks: log.map { $0.link ?? "" }, today: SimpleDate.today().description, error: error?.message)
        let response = try await req.render("cases/cases", title: req.texts["casesTitle"], nav: "cases", content)
        if let error { response.status = error.status }
        return response
    }

    /// Every chain in taxonomy order, for the case forms' select.
    static func chainOptions(_ req: Request, selected: String?) async throws -> [Option] {
        struct Chain: Decodable {
            var code: String
            var name: String
        }
        return try await req.sql.raw("SELECT code, name FROM chains ORDER BY sort_order").rows(Chain.self).map {
            Option(value: $0.code, label: $0.name, on: $0.code == selected)
        }
    }

    struct SubmitForm: Decodable {
        var year: Int?
        var title: String?
        var enterprise: String?
        var chain: String?
        var category: String?
        var body: String?
        var figures: String?
        var version: Int64?
    }

    /// "研发投入占比：8.2%" lines → key figures; a line without a colon is refused with its number.
    static func figures(_ text: String?) throws -> [KeyFigure] {
        var out: [KeyFigure] = []
        for (i, line) in (text ?? "").split(whereSeparator: \.isNewline).enumerated() {
            let l = line.trimmingCharacters(in: .whitespaces)
            if l.isEmpty { continue }
            guard let sep = l.firstIndex(where: { $0 == "：" || $0 == ":" }) else {
                throw DomainError.invalid("figures", "关键数据第\(i + 1)行应写作“名称：数值”")
            }
            out.append(KeyFigure(label: String(l[..<sep]), value: String(l[l.index(after: sep)...])))
        }
        return out
    }

    func submit(req: Request) async throws -> Response {
        try APIHandler.mustSubmitCases(req.caller)
        let f = try req.content.decode(SubmitForm.self)
        do {
            let made = try await CaseRecords(db: req.sql, caller: req.caller).submit(
                CaseDraft(
                    year: f.year, title: f.title, enterprise: (f.enterprise ?? "").trimmingCharacters(in: .whitespaces), chain: f.chain,
                    category: f.category.flatMap(CaseCategory.init(rawValue:)), body: f.body, keyFigures: try Self.figures(f.figures)))
            return req.redirect(to: "/cases/\(made.id)")
        } catch let e as DomainError where e.status != .forbidden {
            return try await renderList(req, year: f.year, error: e)
        }
    }

    func casebook(req: Request) async throws -> Response {
        try await req.require(.export, .cases(.review))
        let year = (try? req.query.get(Int.self, at: "year")) ?? SimpleDate.today().year
        do {
            let data = try await CaseBookExport(db: req.sql, caller: req.caller).docx(year: year)
            return try NoticePages().download(
                data, name: "casebook-\(year).docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        } catch let e as DomainError where e.status != .forbidden {
            return try await renderList(req, year: year, error: e)
        }
    }

    func logPublicity(req: Request) async throws -> Response {
        try await req.require(.update, .cases(.review))
        struct Form: Decodable {
            var kind: String?
            var date: String?
            var title: String?
            var firms: String?
            var link: String?
            var note: String?
        }
        let f = try req.content.decode(Form.self)
        do {
            guard let kind = PublicityKind(rawValue: f.kind ?? "") else { throw DomainError.invalid("kind", "请选择类型") }
            let made = try await PublicityLog(db: req.sql, caller: req.caller).record(
                kind: kind, date: f.date ?? "", title: f.title ?? "",
                firms: (f.firms ?? "").split(whereSeparator: { $0.isNewline || $0 == "," || $0 == "，" }).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty }, link: f.link, note: f.note)
            return req.redirect(to: "/cases?year=\(made.date.prefix(4))#publicity")
        } catch let e as DomainError where e.status != .forbidden {
            return try await renderList(req, year: nil, error: e)
        }
    }
}
