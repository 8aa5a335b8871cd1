import ChainLeadCore
import Vapor

/// Projects, standards and consortia as pages (Policy L1, L4, S4, S5, G4): each a list with
/// filters and, for city officials, a recording form; writes go through the stores, which check
/// the policy, then redirect back (post → redirect → get).
struct InnovationRecordPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("projects", use: projects)
        routes.post("projects", use: recordProject)
        routes.get("standards", use: standards)
        routes.post("standards", use: recordStandard)
        routes.get("consortia", use: consortia)
        routes.get("honour-hints", use: hints)
        routes.get("honour-kinds", use: kinds)
        routes.post("honour-kinds", use: putKind)
        routes.get("exports", "innovation.xlsx", use: export)
        routes.on(.POST, "innovation-imports", body: .stream, use: importRecords).readsItsOwnBody()
        routes.post("consortia", use: recordConsortium)
    }

    struct ListPage: Encodable, Sendable {
        var rows: [[Cell]]
        var kinds: [EnterprisePages.Option]
        var levels: [EnterprisePages.Option]
        var roles: [EnterprisePages.Option]
        var actions: [EnterprisePages.Option]
        var stages: [EnterprisePages.Option]
        var types: [EnterprisePages.Option]
        var chains: [EnterprisePages.Option]
        var canRecord: Bool
        var message: String?
        var error: String?
        var errorField: String?
    }

    /// A table cell, a link where the caller may open the firm.
    struct Cell: Encodable, Sendable {
        var text: String
        var link: String?
    }

    static func options(_ values: [(String, String)], selected: String? = nil) -> [EnterprisePages.Option] {
        values.map { .init(value: $0.0, label: $0.1, selected: $0.0 == selected) }
    }

    /// The firm's name, linked to its profile only where the caller may open it.
    static func firmCell(_ openable: Set<String>, _ uscc: String?, _ name: String?) -> Cell {
        guard let uscc else { return Cell(text: name ?? "—") }
        return Cell(text: name ?? uscc, link: openable.contains(uscc) ? "/enterprises/\(uscc)" : nil)
    }

    func page(_ req: Request, rows: [[Cell]], kind: String? = nil, error: DomainError?, message: String?) async throws -> ListPage {
        let en = req.locale == .en
        let t = req.texts
        let chains = try await TaxonomyQueries(db: req.sql).chains()
        return ListPage(
            rows: rows,
            kinds: Self.options(ProjectKind.allCases.map { ($0.rawValue, en ? $0.nameEn : $0.nameZh) }, selected: kind),
            levels: Self.options(StandardLevel.allCases.map { ($0.rawValue, en ? $0.rawValue : $0.nameZh) }),
            roles: Self.options(StandardRole.allCases.map { ($0.rawValue, en ? $0.rawValue : $0.nameZh) }),
            actions: Self.options(ChainAction.allCases.map { ($0.rawValue, en ? $0.rawValue : $0.nameZh) }),
            stages: Self.options(ProjectStage.allCases.map { ($0.rawValue, en ? $0.rawValue : $0.nameZh) }),
            types: Self.options(Consortia.types.map { ($0, t["consortiumType_" + $0]) }),
            chains: Self.options(chains.map { ($0.code, en ? $0.nameEn : $0.name) }),
            canRecord: Policy.decide(req.caller.grants, .create, .honours).allowed, message: message, error: error?.message,
            errorField: error?.field)
    }

    func render(_ req: Request, _ template: String, title: String, _ content: ListPage, error: DomainError?) async throws -> Response {
        let response = try await req.render("innovation/" + template, title: title, nav: "honours", content)
        if let error { response.status = error.status }
        return response
    }

    // MARK: projects

    func projects(req: Request) async throws -> Response { try await renderProjects(req) }

    func renderProjects(_ req: Request, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .honours)
        let t = req.texts
        let en = req.locale == .en
        let kind = req.queryValue("kind").flatMap(ProjectKind.init(rawValue:))
        let list = try await Projects(db: req.sql, caller: req.caller).list(ProjectFilter(kind: kind), limit: 500)
        let openable = try await Access.openable(list.compactMap(\.enterprise), caller: req.caller, db: req.sql)
        let rows = list.map { p -> [Cell] in
            let k = ProjectKind(rawValue: p.kind)
            return [
                Cell(text: String(p.year)), Cell(text: p.name), Cell(text: k.map { en ? $0.nameEn : $0.nameZh } ?? p.kind),
                Self.firmCell(openable, p.enterprise, p.enterpriseName ?? p.investor),
                Cell(
                    text: [p.segmentName, p.action.flatMap(ChainAction.init(rawValue:)).map { en ? $0.rawValue : $0.nameZh }].compactMap {
                        $0
                    }
                    .joined(separator: " · "),
                    link: p.chain.map { c in "/chains/\(c)" + (p.segment.map { "?segment=\($0)#segment" } ?? "") }),
                Cell(text: p.amount.map { Display.wan(Double($0)) } ?? "—"),
                Cell(text: ProjectStage(rawValue: p.stage).map { en ? $0.rawValue : $0.nameZh } ?? p.stage),
                Cell(
                    text: [p.caseByCase ? t["caseByCase"] : nil, p.greenChannel ? t["greenChannel"] : nil].compactMap { $0 }.joined(
                        separator: " · ")),
            ]
        }
        let content = try await page(
            req, rows: rows, kind: kind?.rawValue, error: error, message: Self.message(req))
        return try await render(req, "projects", title: t["projectsTitle"], content, error: error)
    }

    struct ProjectForm: Decodable {
        var kind: String?
        var name: String?
        var enterprise: String?
        var investor: String?
        var programme: String?
        var year: String?
        var amountWan: String?
        var chain: String?
        var segment: String?
        var action: String?
        var stage: String?
        var caseByCase: String?
        var greenChannel: String?
    }

    func recordProject(req: Request) async throws -> Response {
        try await req.require(.create, .honours)
        let form = try req.content.decode(ProjectForm.self)
        do {
            guard let kind = form.kind.flatMap(ProjectKind.init(rawValue:)) else { throw DomainError.invalid("kind", "请选择项目类型") }
            let year = try Self.year(form.year)
            let amount = try form.amountWan?.nilIfBlank.map { try Projects.yuan(wan: $0, field: "amount") }
            _ = try await Projects(db: req.sql, caller: req.caller).create(
                ProjectInput(
                    kind: kind, name: form.name ?? "", enterprise: try Self.uscc(form.enterprise), investor: form.investor?.nilIfBlank,
                    programme: form.programme?.nilIfBlank, year: year, amount: amount, chain: form.chain?.nilIfBlank,
                    segment: form.segment?.nilIfBlank.map { $0.trimmingCharacters(in: .whitespaces) },
                    action: form.action.flatMap(ChainAction.init(rawValue:)),
                    stage: form.stage.flatMap(ProjectStage.init(rawValue:)) ?? .planned,
                    caseByCase: form.caseByCase != nil, greenChannel: form.greenChannel != nil))
            return req.redirect(to: "/projects?recorded=1")
        } catch let e as DomainError {
            return try await renderProjects(req, error: e)
        }
    }

    /// After a redirect: "recorded" or "imported=N".
    static func message(_ req: Request) -> String? {
        if req.queryValue("recorded") != nil { return req.texts["recordSaved"] }
        if let n = req.queryValue("imported", as: Int.self) {
            return req.texts["importedRows"].replacingOccurrences(of: "%d", with: String(n))
        }
        return nil
    }

    static func year(_ raw: String?) throws -> Int {
        guard let y = raw.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw DomainError.invalid("year", "请填写年度（四位数字）")
        }
        return y
    }

    static func uscc(_ raw: String?, field: String = "enterprise") throws -> String? {
        guard let text = raw?.trimmingCharacters(in: .whitespaces).uppercased().nilIfBlank else { return nil }
        guard (try? USCC.checkFormat(text).get()) != nil else { throw DomainError.invalid(field, "请填写18位统一社会信用代码") }
        return text
    }

    // MARK: standards

    func standards(req: Request) async throws -> Response { try await renderStandards(req) }

    func renderStandards(_ req: Request, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .honours)
        let t = req.texts
        let en = req.locale == .en
        let list = try await Standards(db: req.sql, caller: req.caller).list()
        let openable = try await Access.openable(list.map(\.enterprise), caller: req.caller, db: req.sql)
        let rows = list.map { s -> [Cell] in
            [
                Cell(text: String(s.year)), Cell(text: s.number), Cell(text: s.name),
                Cell(text: StandardLevel(rawValue: s.level).map { en ? $0.rawValue : $0.nameZh } ?? s.level),
                Cell(text: StandardRole(rawValue: s.role).map { en ? $0.rawValue : $0.nameZh } ?? s.role),
                Self.firmCell(openable, s.enterprise, s.enterpriseName),
            ]
        }
        let content = try await page(req, rows: rows, error: error, message: Self.message(req))
        return try await render(req, "standards", title: t["standardsTitle"], content, error: error)
    }

    struct StandardForm: Decodable {
        var enterprise: String?
        var number: String?
        var name: String?
        var level: String?
        var role: String?
        var year: String?
    }

    func recordStandard(req: Request) async throws -> Response {
        try await req.require(.create, .honours)
        let form = try req.content.decode(StandardForm.self)
        do {
            guard let uscc = try Self.uscc(form.enterprise) else { throw DomainError.invalid("enterprise", "请填写18位统一社会信用代码") }
            guard let level = form.level.flatMap(StandardLevel.init(rawValue:)) else { throw DomainError.invalid("level", "请选择标准级别") }
            guard let role = form.role.flatMap(StandardRole.init(rawValue:)) else { throw DomainError.invalid("role", "请选择主导或参与") }
            _ = try await Standards(db: req.sql, caller: req.caller).create(
                StandardInput(
                    enterprise: uscc, number: form.number ?? "", name: form.name ?? "", level: level, role: role,
                    year: try Self.year(form.year)))
            return req.redirect(to: "/standards?recorded=1")
        } catch let e as DomainError {
            return try await renderStandards(req, error: e)
        }
    }

    // MARK: consortia

    func consortia(req: Request) async throws -> Response { try await renderConsortia(req) }

    func renderConsortia(_ req: Request, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .honours)
        let t = req.texts
        let list = try await Consortia(db: req.sql, caller: req.caller).list()
        let openable = try await Access.openable(list.map(\.lead), caller: req.caller, db: req.sql)
        let rows = list.map { c -> [Cell] in
            [
                Cell(text: c.approvedOn), Cell(text: c.name), Self.firmCell(openable, c.lead, c.leadName),
                Cell(text: t["level_" + c.level]),
                Cell(text: t["consortiumType_" + c.type]),
                Cell(
                    text: c.members.map { m in (m.enterpriseName ?? m.institution ?? "—") + "（\(m.role)）" }.joined(separator: "、")),
            ]
        }
        let content = try await page(req, rows: rows, error: error, message: Self.message(req))
        return try await render(req, "consortia", title: t["consortia"], content, error: error)
    }

    struct ConsortiumForm: Decodable {
        var name: String?
        var lead: String?
        var type: String?
        var level: String?
        var approvedOn: String?
        var chain: String?
        var members: String?
        var projects: String?
        var outcomes: String?
    }

    /// Members one per line: a USCC or an institution's name, then the role after a comma.
    static func members(_ text: String?) throws -> [ConsortiumInput.Member] {
        let lines = (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return try lines.enumerated().map { i, line in
            let parts = line.split(maxSplits: 1, whereSeparator: { $0 == "," || $0 == "，" }).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw DomainError.invalid("members", "成员第\(i + 1)行应为“统一社会信用代码或机构名称，角色”")
            }
            let who = parts[0].uppercased()
            if (try? USCC.checkFormat(who).get()) != nil { return .init(enterprise: who, institution: nil, role: parts[1]) }
            return .init(enterprise: nil, institution: parts[0], role: parts[1])
        }
    }

    func recordConsortium(req: Request) async throws -> Response {
        try await req.require(.create, .honours)
        let form = try req.content.decode(ConsortiumForm.self)
        do {
            guard let lead = try Self.uscc(form.lead, field: "lead") else { throw DomainError.invalid("lead", "请填写牵头企业的统一社会信用代码") }
            guard let on = form.approvedOn.flatMap(SimpleDate.init(iso:)) else {
                throw DomainError.invalid("approvedOn", "批准日期格式应为 YYYY-MM-DD")
            }
            _ = try await Consortia(db: req.sql, caller: req.caller).create(
                ConsortiumInput(
                    name: form.name ?? "", lead: lead, members: try Self.members(form.members), type: form.type ?? "",
                    chains: form.chain?.nilIfBlank.map { [$0] } ?? [], level: form.level ?? "", approvedOn: on,
                    projects: form.projects?.nilIfBlank, outcomes: form.outcomes?.nilIfBlank))
            return req.redirect(to: "/consortia?recorded=1")
        } catch let e as DomainError {
            return try await renderConsortia(req, error: e)
        }
    }
}
