import ChainLeadCore
import Vapor

/// Honour hints, honour kinds and the sheets in and out (Policy S3, L1, L4, S4, S5): the pages of
/// `InnovationRecordPages` beyond the record lists.
extension InnovationRecordPages {
    // MARK: hints (S3)

    struct HintsPage: Encodable, Sendable {
        var kinds: [EnterprisePages.Option]
        var year: Int
        var rows: [[Cell]]
        var rules: String
    }

    func hints(req: Request) async throws -> Response {
        try await req.require(.update, .honours)
        let t = req.texts
        let kind = req.queryValue("kind").flatMap { HonourHintsQuery.kinds.contains($0) ? $0 : nil } ?? "little-giant"
        let year =
            req.queryValue("year", as: Int.self).flatMap { AnnualFigures.validYears.contains($0) ? $0 : nil } ?? SimpleDate.today().year
        let rules = req.application.chainLead.honourHints
        let list = try await HonourHintsQuery(db: req.sql, caller: req.caller, rules: rules).list(kind: kind, year: year)
        let openable = try await Access.openable(list.map(\.enterprise), caller: req.caller, db: req.sql)
        let rows = list.map { h -> [Cell] in
            [
                Self.firmCell(openable, h.enterprise, h.enterpriseName), Cell(text: t["hint_" + h.status]),
                Cell(text: Display.wan(h.revenue)),
                Cell(text: h.criteria.map { Self.criterion($0, t) }.joined(separator: "；")),
            ]
        }
        let content = HintsPage(
            kinds: Self.options(HonourHintsQuery.kinds.map { ($0, t["hintKind_" + $0]) }, selected: kind), year: year, rows: rows,
            rules: t["hintRules"])
        return try await req.render("innovation/hints", title: t["hintsTitle"], nav: "honours", content)
    }

    /// One criterion in words: "研发强度 2.8%（门槛 3.0%）✗".
    static func criterion(_ c: HintCriterion, _ t: Texts) -> String {
        func show(_ v: Double?) -> String {
            guard let v else { return t["hintNoFigure"] }
            switch c.code {
            case "growth", "rdIntensity": return Display.pct(v)
            case "sme", "revenue": return Display.wan(v) + t["unitWanShort"]
            case "littleGiant": return v >= 1 ? t["hintYes"] : t["hintNo"]
            default: return Display.grouped(v, decimals: 0)
            }
        }
        let mark = c.met ? "✓" : "✗"
        if c.code == "littleGiant" { return "\(t["hintCrit_littleGiant"]) \(show(c.value)) \(mark)" }
        return "\(t["hintCrit_" + c.code]) \(show(c.value))（\(t["hintThreshold"]) \(show(c.threshold))）\(mark)"
    }

    // MARK: sheets

    func export(req: Request) async throws -> Response {
        try await req.require(.export, .honours)
        guard let records = req.queryValue("records").flatMap(InnovationExport.Records.init(rawValue:)) else {
            throw DomainError.invalid("records", "请选择导出荣誉、项目、标准或创新联合体")
        }
        let data = try await InnovationExport.export(records, db: req.sql, caller: req.caller)
        return try NoticePages().download(
            data, name: "\(records.rawValue).xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    struct ImportForm: Decodable {
        var records: String?
        var file: File?
    }

    /// A sheet from the list page; back to the list with the count, or the list with every row error.
    func importRecords(req: Request) async throws -> Response {
        try await req.require(.importData, .honours)
        let slot = try req.application.importSlots.acquire()
        defer { slot.release() }
        let form = try await Upload.form(ImportForm.self, from: req, limit: req.application.chainLead.maxImportBytes + (64 << 10))
        let records = form.records.flatMap(InnovationImport.Records.init(rawValue:)) ?? .projects
        do {
            guard let file = form.file, file.data.readableBytes > 0 else { throw DomainError.invalid("file", "请选择要导入的文件") }
            let report = try await InnovationImport(db: req.sql, caller: req.caller).run(Data(buffer: file.data), records: records)
            return req.redirect(to: "/\(records.rawValue)?imported=\(report.recorded)")
        } catch var e as DomainError {
            if let rows = e.rows, !rows.isEmpty {
                e.message += "：" + rows.prefix(20).map { "第\($0.row)行\($0.column)列，\($0.reason)" }.joined(separator: "；")
            }
            switch records {
            case .projects: return try await renderProjects(req, error: e)
            case .standards: return try await renderStandards(req, error: e)
            case .consortia: return try await renderConsortia(req, error: e)
            }
        }
    }

    // MARK: honour kinds (reference data)

    struct KindsPage: Encodable, Sendable {
        var kinds: [Honours.KindView]
        var levels: [EnterprisePages.Option]
        var canEdit: Bool
        var message: String?
        var error: String?
    }

    func kinds(req: Request) async throws -> Response { try await renderKinds(req) }

    func renderKinds(_ req: Request, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .honours)
        let t = req.texts
        let content = KindsPage(
            kinds: try await Honours.kindViews(req.sql),
            levels: HonourLevel.allCases.map { .init(value: $0.rawValue, label: t["level_" + $0.rawValue], selected: false) },
            canEdit: Policy.decide(req.caller.grants, .update, .honours).allowed, message: Self.message(req), error: error?.message)
        let response = try await req.render("innovation/kinds", title: t["honourKinds"], nav: "honours", content)
        if let error { response.status = error.status }
        return response
    }

    struct KindForm: Decodable {
        var code: String?
        var name: String?
        var nameEn: String?
        var level: String?
        var validityYears: String?
        var perProduct: String?
        var firstAfterLapse: String?
        var platform: String?
    }

    func putKind(req: Request) async throws -> Response {
        try await req.require(.update, .honours)
        let form = try req.content.decode(KindForm.self)
        do {
            var years: Int?
            if let raw = form.validityYears?.nilIfBlank {
                guard let y = Int(raw.trimmingCharacters(in: .whitespaces)) else {
                    throw DomainError.invalid("validityYears", "有效期应为1到100年")
                }
                years = y
            }
            _ = try await Honours(db: req.sql, caller: req.caller).putKind(
                .init(
                    code: (form.code ?? "").trimmingCharacters(in: .whitespaces), name: form.name ?? "", nameEn: form.nameEn ?? "",
                    level: form.level ?? "", validityYears: years, perProduct: form.perProduct != nil,
                    firstAfterLapse: form.firstAfterLapse != nil, platform: form.platform != nil))
            return req.redirect(to: "/honour-kinds?recorded=1")
        } catch let e as DomainError {
            return try await renderKinds(req, error: e)
        }
    }
}
