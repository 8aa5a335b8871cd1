import ChainLeadCore
import SQLKit
import Vapor

/// The application form (申报) with the figures it will use, read-only, and one application's
/// page: status, district review, eligibility and each indicator's points (Policy S2).
extension SelectionPages {
    struct FigureLine: Encodable, Sendable {
        var year: String
        var output: String
        var revenue: String
        var rd: String
        var tax: String
    }

    struct ApplyPage: Encodable, Sendable {
        var id: Int64
        var year: Int
        var enterprise: String
        var fixedEnterprise: Bool
        var chains: [Option]
        var figures: [FigureLine]
        var evidence: [Option]
        var error: String?
    }

    static let evidenceCodes: [IndicatorCode] = IndicatorCode.allCases.filter(\.isEvidence)

    /// The firm an enterprise user applies for; nil for officials (they nominate any firm).
    static func ownFirm(_ req: Request) -> String? {
        for g in req.caller.grants { if case .enterprise(let u) = g.scope { return u } }
        return nil
    }

    func renderApply(_ req: Request, _ id: Int64, enterprise: String?, error: DomainError? = nil, status: HTTPResponseStatus = .ok)
        async throws -> Response
    {
        try await req.require(.read, .selection(.campaigns))
        let c = try await Campaigns(db: req.sql, caller: req.caller).find(id)
        let own = Self.ownFirm(req)
        let firm = own ?? enterprise
        let names = try await Self.chainNames(req.sql, en: req.locale == .en).filter { c.chains.contains($0.code) }
        var figures: [FigureLine] = []
        if let firm {
            let scheme = try await SchemeStore(db: req.sql, caller: req.caller).find(c.schemeID).scheme
            let f = try await Applications(db: req.sql, caller: req.caller).figures(
                of: firm, year: c.year, years: scheme.eligibility.figureYears)
            func wan(_ v: Int64?) -> String { Display.wan(v) }
            figures = f.keys.sorted().map { y in
                let v = f[y] ?? YearFigures()
                return FigureLine(year: y, output: wan(v.outputValue), revenue: wan(v.revenue), rd: wan(v.rdExpense), tax: wan(v.taxPaid))
            }
        }
        let en = req.locale == .en
        let content = ApplyPage(
            id: id, year: c.year, enterprise: firm ?? "", fixedEnterprise: own != nil,
            chains: names.map { Option(value: $0.code, label: $0.name, selected: false) }, figures: figures,
            evidence: Self.evidenceCodes.map { Option(value: $0.rawValue, label: en ? $0.nameEn : $0.nameZh, selected: false) },
            error: error?.message)
        let response = try await req.render("selection/apply", title: req.texts["applyTitle"], nav: "selection", content)
        response.status = error?.status ?? status
        return response
    }

    func applyForm(req: Request) async throws -> Response {
        try await renderApply(req, try Self.id(req), enterprise: req.queryValue("enterprise")?.uppercased())
    }

    func apply(req: Request) async throws -> Response {
        let id = try Self.id(req)
        struct Form: Decodable {
            var enterprise: String?
            var chain: String?
            var note: String?
        }
        let form = try req.content.decode(Form.self)
        // An enterprise user's form names no firm: it applies for its own. A named firm is checked by the policy.
        let firm = form.enterprise?.trimmingCharacters(in: .whitespaces).uppercased().nilIfBlank ?? Self.ownFirm(req) ?? ""
        do {
            var evidence: [String: Double] = [:]
            for code in Self.evidenceCodes {
                guard let text: String = req.content[code.rawValue], !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                guard let v = Double(text.trimmingCharacters(in: .whitespaces)) else {
                    throw DomainError.invalid("evidence.\(code.rawValue)", "\(code.nameZh)应为数字")
                }
                evidence[code.rawValue] = v
            }
            if (form.note ?? "").count > 2000 { throw DomainError.invalid("note", "说明不超过2000字") }
            let app = try await Applications(db: req.sql, caller: req.caller).apply(
                campaign: id, enterprise: firm, chain: form.chain ?? "", evidence: evidence, note: form.note?.nilIfBlank, today: .today())
            return req.redirect(to: "/selection/applications/\(app.id)")
        } catch let e as DomainError {
            return try await renderApply(req, id, enterprise: firm.isEmpty ? nil : firm, error: e)
        }
    }

    struct PointsRow: Encodable, Sendable {
        var name: String
        var raw: String
        var normalised: String
        var weight: Int
        var points: String
    }

    struct ApplicationPage: Encodable, Sendable {
        var id: Int64
        var campaign: Int64
        var year: Int
        var enterprise: String
        var name: String
        var chain: String
        var statusLabel: String
        var nominated: Bool
        var districtRecommend: String?
        var districtReason: String?
        var eligible: String?
        var reasons: [String]
        var score: String?
        var rank: String?
        var points: [PointsRow]
        var figures: [FigureLine]
        var attachments: [AttachmentRow]
        var canAttach: Bool
        var message: String?
        var error: String?
        /// An expert who has not declared yet: who applied, nothing more.
        var hidden = false
        var expert = false
    }

    struct AttachmentRow: Encodable, Sendable {
        var id: Int64
        var name: String
        var kind: String
        var by: String
    }

    func applicationPage(req: Request) async throws -> Response { try await renderApplication(req, try Self.id(req)) }

    func renderApplication(_ req: Request, _ id: Int64, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        let (a, sight) = try await Applications(db: req.sql, caller: req.caller).read(id)
        let t = req.texts
        let en = req.locale == .en
        func wan(_ v: Int64?) -> String { Display.wan(v) }
        let chainName = try await Self.chainNames(req.sql, en: en).first { $0.code == a.chain }?.name ?? a.chain
        let attachments = sight == .full ? try await ApplicationAttachments(db: req.sql, caller: req.caller).list(application: a.id) : []
        let people = try await PeopleNames.load(attachments.compactMap(\.uploadedBy), db: req.sql)
        let content = ApplicationPage(
            id: a.id, campaign: a.campaign, year: a.year, enterprise: a.enterprise, name: a.enterpriseName, chain: chainName,
            statusLabel: t["app_" + a.status], nominated: a.nominated,
            districtRecommend: a.districtRecommend.map { $0 ? t["recommended"] : t["notRecommended"] }, districtReason: a.districtReason,
            eligible: a.eligible.map { $0 ? t["yes"] : t["no"] }, reasons: a.reasons.map(\.message),
            score: a.finalScore.map { Display.grouped($0, decimals: 2) }, rank: a.rank.map(String.init),
            points: a.indicators.map { p in
                PointsRow(
                    name: en ? p.code.nameEn : p.code.nameZh, raw: p.raw.map { Self.raw($0, p.code) } ?? t["missing"],
                    normalised: p.normalised.map { Display.grouped($0, decimals: 3) } ?? "—", weight: p.weight,
                    points: Display.grouped(p.points, decimals: 2))
            },
            figures: a.figures.keys.sorted().map { y in
                let v = a.figures[y] ?? YearFigures()
                return FigureLine(year: y, output: wan(v.outputValue), revenue: wan(v.revenue), rd: wan(v.rdExpense), tax: wan(v.taxPaid))
            },
            attachments: attachments.map {
                AttachmentRow(
                    id: $0.id, name: $0.fileName, kind: t["attach_" + $0.kind], by: $0.uploadedBy.map { people[$0] ?? $0 } ?? "—")
            },
            canAttach: Policy.decide(req.caller.grants, .create, ApplicationAttachments.resource(a)).allowed, message: message,
            error: error?.message, hidden: sight == .identity, expert: req.caller.grants.contains { $0.role == .expert })
        let response = try await req.render("selection/application", title: a.enterpriseName, nav: "selection", content)
        if let error { response.status = error.status }
        return response
    }

    /// A raw indicator value as officials read it: amounts in 万元, ratios in per cent.
    static func raw(_ v: Double, _ code: IndicatorCode) -> String {
        switch code {
        case .outputValue, .revenue, .taxPaid, .exports: Display.wan(v)
        case .outputGrowth, .rdIntensity, .supportingRate, .marketShare: Display.grouped(v * 100, decimals: 2) + "%"
        default: Display.grouped(v, decimals: 0)
        }
    }
}

/// Attachments on the application page: authorised first, then the form is read within its limit.
extension SelectionPages {
    struct UploadForm: Decodable {
        var file: File?
        var kind: String?
    }

    func uploadAttachment(req: Request) async throws -> Response {
        let id = try Self.id(req)
        let a = try await Applications(db: req.sql, caller: req.caller).find(id)
        let files = ApplicationAttachments(db: req.sql, caller: req.caller)
        try await files.authorise(a)
        let form: UploadForm
        do {
            form = try await Upload.form(UploadForm.self, from: req, limit: Attachments.maxBytes + (64 << 10))
        } catch let e as DomainError where e.status == .payloadTooLarge {
            throw Attachments.tooLarge
        }
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await renderApplication(req, id, error: .invalid("file", "请选择文件"))
        }
        do {
            _ = try await files.add(a, kind: form.kind ?? "evidence", fileName: file.filename, data: Data(buffer: file.data))
            return try await renderApplication(req, id, message: req.texts["attached"])
        } catch let e as DomainError {
            return try await renderApplication(req, id, error: e)
        }
    }

    func downloadAttachment(req: Request) async throws -> Response {
        let id = try Self.id(req)
        guard let attachment = req.parameters.get("attachment", as: Int64.self) else { throw DomainError.notFound("页面") }
        let read = try await Applications(db: req.sql, caller: req.caller).read(id)
        let (info, data) = try await ApplicationAttachments(db: req.sql, caller: req.caller).file(read, attachment: attachment)
        return Attachments.download(name: info.fileName, contentType: info.contentType, attachment: attachment, data: data)
    }
}
