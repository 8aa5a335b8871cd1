import ChainLeadCore
import Vapor

/// Self-service for an enterprise user (the identity issue, part 8): its own contact data
/// and yearly figures, stored as self-reported and shown as such.
struct SelfServicePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("my", use: show)
        routes.post("my", "contact", use: saveContact)
        routes.post("my", "figures", use: saveFigures)
    }

    static let figureFields = [
        "outputValue", "revenue", "mainBusinessRevenue", "rdExpense", "taxPaid", "exports",
        "totalAssets", "totalLiabilities",
    ]

    struct Content: Encodable, Sendable {
        var uscc: String
        var name: String
        var contact: [String: String]
        var figureFields: [EnterprisePages.Option]
        var figures: [EnterprisePages.FigureRow]
        var figureHeaders: [String]
        var values: [String: String]
        var message: String?
        var error: String?
        var errorField: String?
        var years: [Int]
        /// The last complete year (or the one just submitted): the year figures are reported for.
        var defaultYear: Int
        var liaison: String?
        var services: [ServiceRow]
        /// Policy S4: the firm's rewards without application and where each stands.
        var rewards: [[String]] = []
    }

    struct ServiceRow: Encodable, Sendable {
        var title: String
        var department: String
        var howToAsk: String
    }

    /// The firm this user speaks for: its enterprise grant.
    static func firm(_ req: Request) throws -> String {
        for g in req.webUser?.grants ?? [] { if case .enterprise(let uscc) = g.scope { return uscc } }
        throw DomainError(.forbidden, "forbidden", "只有企业用户才能使用“我的企业”")
    }

    func render(_ req: Request, values: [String: String] = [:], message: String? = nil, error: DomainError? = nil) async throws -> Response
    {
        let uscc = try Self.firm(req)
        let detail = try await RegistryService(db: req.sql, caller: req.caller).current(uscc)
        try await req.require(.update, Access.resource(detail))
        let d = detail.record.draft
        let t = req.texts
        let en = req.locale == .en
        let figures = detail.figures.map { f in
            EnterprisePages.FigureRow(
                year: f.year,
                cells: [
                    Display.wan(f.outputValue), Display.wan(f.revenue), Display.wan(f.mainBusinessRevenue),
                    Display.wan(f.rdExpense), Display.wan(f.taxPaid), Display.wan(f.exports),
                    Display.wan(f.totalAssets), Display.wan(f.totalLiabilities), Display.int(f.employees),
                ],
                source: en ? f.source.rawValue : f.source.nameZh)
        }
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        // Policy S6: the firm sees its liaison officer and the service lists of its clusters.
        let care = EnterpriseCare(db: req.sql, caller: req.caller)
        let clusters = Set(
            try await TaxonomyQueries(db: req.sql).chains().filter { c in detail.memberships.contains { $0.chain == c.code } }.map(
                \.cluster))
        let services = try await care.offers(cluster: nil).filter { clusters.contains($0.cluster) }
            .map { ServiceRow(title: $0.title, department: $0.department, howToAsk: $0.howToAsk) }
        var liaison = try await care.liaison(of: uscc)
        // A liaison whose account is gone shows by login name: the page still helps.
        if let name = liaison, let account = try? await AccountService(db: req.sql, caller: req.caller).find(name),
            let display = account.displayName
        {
            liaison = "\(display)（\(name)）"
        }
        let content = Content(
            uscc: uscc, name: d.name,
            contact: [
                "address": d.address ?? "", "mainProducts": d.mainProducts ?? "", "contactPerson": d.contactPerson ?? "",
                "contactPhone": d.contactPhone ?? "", "contactEmail": d.contactEmail ?? "",
            ].merging(values) { _, new in new },
            figureFields: Self.figureFields.map { .init(value: $0, label: t[$0], selected: false) },
            figures: figures, figureHeaders: (Self.figureFields + ["employees"]).map { t[$0] },
            values: values, message: message, error: error?.message,
            errorField: error.map { EnterprisePages.formFieldNames([$0.field ?? "": ""]).keys.first ?? "" },
            years: Array((thisYear - 5)...thisYear).reversed(), defaultYear: values["year"].flatMap { Int($0) } ?? thisYear - 1,
            liaison: liaison, services: services)
        var page = content
        page.rewards = try await Rewards(db: req.sql, caller: req.caller).list(year: nil, status: nil, enterprise: uscc).map {
            [String($0.year), $0.kindName, Display.grouped(Double($0.amount), decimals: 0), t["reward_" + $0.status]]
        }
        let response = try await req.render("registry/my", title: t["myFirm"], nav: "my", page)
        if let error { response.status = error.status }
        return response
    }

    func show(req: Request) async throws -> Response { try await render(req) }

    struct ContactForm: Decodable {
        var address: String?
        var mainProducts: String?
        var contactPerson: String?
        var contactPhone: String?
        var contactEmail: String?
    }

    func saveContact(req: Request) async throws -> Response {
        let uscc = try Self.firm(req)
        let registry = RegistryService(db: req.sql, caller: req.caller)
        let detail = try await registry.current(uscc)
        try await req.require(.update, Access.resource(detail))
        let form = try req.content.decode(ContactForm.self)
        var d = detail.record.draft
        d.address = form.address
        d.mainProducts = form.mainProducts
        d.contactPerson = form.contactPerson
        d.contactPhone = form.contactPhone
        d.contactEmail = form.contactEmail
        d.normalise()
        let values = [
            "address": form.address ?? "", "mainProducts": form.mainProducts ?? "", "contactPerson": form.contactPerson ?? "",
            "contactPhone": form.contactPhone ?? "", "contactEmail": form.contactEmail ?? "",
        ]
        if let e = d.validate().first {
            return try await render(req, values: values, error: .invalid(e.field, e.message))
        }
        do {
            try await registry.update(
                from: detail.record.draft, to: d, tierReason: "", segmentsChanged: false, resource: Access.resource(detail))
        } catch let e as DomainError {
            return try await render(req, values: values, error: e)
        }
        return try await render(req, message: req.texts["saved"])
    }

    func saveFigures(req: Request) async throws -> Response {
        let uscc = try Self.firm(req)
        let registry = RegistryService(db: req.sql, caller: req.caller)
        let detail = try await registry.current(uscc)
        try await req.require(.update, Access.resource(detail))
        // A form that cannot be read is an empty one: each missing field is then reported.
        let raw = (try? req.content.decode([String: String].self)) ?? [:]
        var values = raw
        values["_csrf"] = nil
        guard let year = raw["year"].flatMap({ Int($0) }), AnnualFigures.validYears.contains(year) else {
            return try await render(req, values: values, error: .invalid("year", "请选择年度"))
        }
        var figures = AnnualFigures(year: year, source: .selfReported)
        // Entered in 万元 (as the page says), stored in yuan.
        for field in Self.figureFields {
            let text = (raw[field] ?? "").replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            guard let wan = Double(text), wan.isFinite, abs(wan) < 1e11 else {
                return try await render(req, values: values, error: .invalid(field, "\(req.texts[field])应为数字（万元）"))
            }
            let yuan = Int64((wan * 10_000).rounded())
            switch field {
            case "outputValue": figures.outputValue = yuan
            case "revenue": figures.revenue = yuan
            case "mainBusinessRevenue": figures.mainBusinessRevenue = yuan
            case "rdExpense": figures.rdExpense = yuan
            case "taxPaid": figures.taxPaid = yuan
            case "exports": figures.exports = yuan
            case "totalAssets": figures.totalAssets = yuan
            default: figures.totalLiabilities = yuan
            }
        }
        if let text = raw["employees"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let n = Int64(text) else { return try await render(req, values: values, error: .invalid("employees", "从业人数应为整数")) }
            figures.employees = n
        }
        do {
            try await registry.putFigures(uscc, figures, resource: Access.resource(detail))
        } catch let e as DomainError {
            return try await render(req, values: values, error: e)
        }
        return try await render(req, message: req.texts["figuresSubmitted"])
    }
}
