import ChainLeadCore
import OfficeFormats
import Vapor

/// The service express as pages (Policy S6): a firm files and follows its requests; a
/// department works its queue; the dispatcher reroutes and closes; everyone sees the deadlines.
struct RequestPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("requests", use: list)
        routes.get("requests", "new", use: newForm)
        routes.post("requests", use: file)
        routes.get("requests", ":id", use: show)
        routes.post("requests", ":id", "actions", use: act)
        routes.get("exports", "requests.xlsx", use: export)
        routes.get("departments", ":name", "report.docx", use: report)
        routes.on(.POST, "requests", ":id", "attachments", body: .stream, use: upload).readsItsOwnBody()
        routes.get("requests", ":id", "attachments", ":attachment", use: download)
        routes.get("liaison", use: liaison)
    }

    struct Row: Encodable, Sendable {
        var id: Int64
        var enterprise: String
        var category: String
        var title: String
        var status: String
        var statusLabel: String
        var lead: String
        var acceptBy: String
        var answerBy: String
        var overdue: Bool
        var escalation: String
    }

    struct ListPage: Encodable, Sendable {
        var rows: [Row]
        var total: Int
        var canFile: Bool
        var status: String
        var statuses: [EnterprisePages.Option]
        var departmentReport: String?
        var department: String?
    }

    static func row(_ r: RequestRecord, today: SimpleDate) -> Row {
        Row(
            id: r.id, enterprise: r.enterpriseName, category: r.category.nameZh, title: r.title, status: r.status.rawValue,
            statusLabel: r.status.nameZh, lead: r.leadDepartment, acceptBy: r.acceptBy.description, answerBy: r.answerBy.description,
            overdue: RequestClock.isOverdue(status: r.status, answerBy: r.answerBy, on: today),
            escalation: r.escalation == .none ? "" : r.escalation.nameZh)
    }

    func list(req: Request) async throws -> Response {
        try await req.require(.read, .serviceRequests)
        let grants = req.webUser?.grants ?? []
        let status = req.queryValue("status").flatMap(RequestStatus.init(rawValue:))
        var filter = RequestFilter(status: status)
        filter.queue = req.queryValue("queue").flatMap { ["accept", "answer", "overdue", "today", "open"].contains($0) ? $0 : nil }
        filter.chain = req.queryValue("chain").flatMap { $0.isEmpty || $0.count > 50 ? nil : $0 }
        filter.cluster = req.queryValue("cluster").flatMap { $0.isEmpty || $0.count > 50 ? nil : $0 }
        let (items, total) = try await RequestService(db: req.sql, caller: req.caller).list(
            filter, grants: grants, page: PageRequest(page: 1, per: 200))
        let today = SimpleDate.today()
        var department: String?
        for g in grants { if case .department(let d, _) = g.scope { department = d } }
        let content = ListPage(
            rows: items.map { Self.row($0, today: today) }, total: total,
            canFile: Policy.mayFileRequests(grants),
            status: status?.rawValue ?? "",
            statuses: RequestStatus.allCases.map { .init(value: $0.rawValue, label: $0.nameZh, selected: $0 == status) },
            departmentReport: department.map {
                "/departments/\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)/report.docx"
            },
            department: department)
        return try await req.render("service/requests", title: req.texts["requests"], nav: "requests", content)
    }

    struct NewForm: Encodable, Sendable {
        var categories: [EnterprisePages.Option]
        var firms: [EnterprisePages.Option]
        var ownFirm: String?
        var values: [String: String]
        var error: String?
        var errorField: String?
    }

    func renderForm(_ req: Request, values: [String: String] = [:], error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .serviceRequests)
        let grants = req.webUser?.grants ?? []
        var own: String?
        for g in grants { if case .enterprise(let u) = g.scope { own = u } }
        let content = NewForm(
            categories: RequestCategory.allCases.map {
                .init(value: $0.rawValue, label: $0.nameZh, selected: values["category"] == $0.rawValue)
            },
            firms: [], ownFirm: own, values: values, error: error?.message, errorField: error?.field)
        let response = try await req.render("service/request_new", title: req.texts["fileRequest"], nav: "requests", content)
        if let error { response.status = error.status }
        return response
    }

    func newForm(req: Request) async throws -> Response { try await renderForm(req) }

    struct FileForm: Decodable {
        var enterprise: String?
        var category: String?
        var title: String?
        var description: String?
        var urgency: String?
    }

    func file(req: Request) async throws -> Response {
        let form = try req.content.decode(FileForm.self)
        let grants = req.webUser?.grants ?? []
        var uscc = form.enterprise?.trimmingCharacters(in: .whitespaces).uppercased().nilIfBlank
        if uscc == nil { for g in grants { if case .enterprise(let u) = g.scope { uscc = u } } }
        let values = [
            "enterprise": uscc ?? "", "category": form.category ?? "", "title": form.title ?? "", "description": form.description ?? "",
            "urgency": form.urgency ?? "normal",
        ]
        do {
            guard let uscc, let firm = try await EnterpriseQueries(db: req.sql).detail(uscc) else {
                throw DomainError.invalid("enterprise", "请填写企业库中企业的统一社会信用代码")
            }
            try await req.require(.create, .newServiceRequest(enterprise: uscc, district: firm.record.draft.district))
            guard let category = form.category.flatMap(RequestCategory.init(rawValue:)) else {
                throw DomainError.invalid("category", "请选择诉求类别")
            }
            let own = grants.contains { $0.scope == .enterprise(uscc) }
            let id = try await RequestService(db: req.sql, caller: req.caller).file(
                RequestInput(
                    enterprise: uscc, category: category, title: form.title ?? "", description: form.description ?? "",
                    urgency: form.urgency == "urgent" ? .urgent : .normal, filedVia: own ? "enterprise" : "official"))
            return req.redirect(to: "/requests/\(id)?filed=1")
        } catch let e as DomainError where e.status != .forbidden {
            return try await renderForm(req, values: values, error: e)
        }
    }

    struct Event: Encodable, Sendable {
        var when: String
        var who: String
        var action: String
        var status: String
        var text: String
    }

    struct Detail: Encodable, Sendable {
        var id: Int64
        var title: String
        var description: String
        var enterprise: String
        var district: String
        /// The latest answer, shown above everything once given, with who answered and when.
        var answer: String?
        var answerMeta: String?
        var enterpriseLink: String
        var category: String
        var urgency: String
        var status: String
        var statusLabel: String
        var lead: String
        var co: String
        var filedOn: String
        var acceptBy: String
        var answerBy: String
        var escalation: String
        var overdue: Bool
        var history: [Event]
        var actions: [String]
        var departments: [EnterprisePages.Option]
        var message: String?
        var error: String?
        var liaison: String?
        var attachments: [AttachmentRow]
        var canAttach: Bool
        var decisions: [Decision]
    }

    struct AttachmentRow: Encodable, Sendable {
        var id: Int64
        var name: String
        var size: String
        var by: String
    }

    struct Decision: Encodable, Sendable {
        var meeting: String
        var text: String
    }

    func render(_ req: Request, id: Int64, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        let service = RequestService(db: req.sql, caller: req.caller)
        let r = try await service.find(id)
        try await req.require(.read, try await service.resource(r))
        let kinds = RequestService.actorKinds(req.webUser?.grants ?? [], r)
        // The actions this user may take now, found by asking the workflow.
        let probes: [(String, RequestAction)] = [
            ("accept", .accept), ("start", .start), ("answer", .answer(text: "x")), ("return", .return(reason: "x")),
            ("reroute", .reroute(department: "x", reason: "x")), ("confirm", .confirm(satisfied: true, reason: nil)),
            ("close", .close), ("contribute", .contribute(note: "x")),
        ]
        let actions = probes.filter { _, a in
            kinds.contains { if case .success = RequestWorkflow.apply(a, to: r.status, actor: $0) { true } else { false } }
        }.map(\.0)
        let events = try await service.history(id)
        let attachments = try await Attachments(db: req.sql, caller: req.caller).list(request: id)
        let people = try await PeopleNames.load(events.compactMap(\.actor) + attachments.compactMap(\.uploadedBy), db: req.sql)
        let history = events.map { e in
            Event(
                when: ImportPages.when(e.at), who: e.actor.map { people[$0] ?? $0 } ?? "系统",
                action: e.action == "confirm"
                    ? "评价：" + (e.statusTo == RequestStatus.reopened.rawValue ? "不满意" : "满意")
                    : Self.actionNames[e.action] ?? e.action,
                status: RequestStatus(rawValue: e.statusTo)?.nameZh ?? e.statusTo,
                text: [e.department, e.text].compactMap { $0 }.joined(separator: "："))
        }
        let answer = events.last { $0.action == "answer" }
        let content = Detail(
            id: r.id, title: r.title, description: r.description, enterprise: r.enterpriseName,
            district: District.named(code: r.district)?.name ?? r.district, answer: answer?.text,
            answerMeta: answer.map { a in
                [a.department ?? r.leadDepartment, a.actor.map { people[$0] ?? $0 }, ImportPages.when(a.at)].compactMap { $0 }
                    .joined(separator: " · ")
            },
            enterpriseLink: "/enterprises/\(r.enterprise)",
            category: r.category.nameZh, urgency: r.urgency.nameZh, status: r.status.rawValue, statusLabel: r.status.nameZh,
            lead: r.leadDepartment, co: r.coDepartments.joined(separator: "、"), filedOn: r.filedOn.description,
            acceptBy: r.acceptBy.description, answerBy: r.answerBy.description,
            escalation: r.escalation == .none ? "" : r.escalation.nameZh,
            overdue: RequestClock.isOverdue(status: r.status, answerBy: r.answerBy, on: .today()),
            history: history, actions: actions,
            departments: Department.all.map { .init(value: $0, label: $0, selected: false) },
            message: message ?? Self.done(req, status: r.status),
            error: error?.message, liaison: try await EnterpriseCare(db: req.sql, caller: req.caller).liaison(of: r.enterprise),
            attachments: attachments.map {
                AttachmentRow(
                    id: $0.id, name: $0.fileName, size: Display.grouped(Double($0.size) / 1024, decimals: 1) + " KB",
                    by: $0.uploadedBy.map { people[$0] ?? $0 } ?? "—")
            },
            canAttach: !kinds.isEmpty,
            decisions: try await EnterpriseCare(db: req.sql, caller: req.caller).decisions(for: id).map { d in
                Decision(
                    meeting: "\(d.heldOn) \(d.title)",
                    text: [d.decision, d.owner.map { "责任人：\($0)" }, d.newDeadline.map { "新时限：\($0)" }]
                        .compactMap { $0 }.joined(separator: "；"))
            })
        let response = try await req.render("service/request", title: "#\(r.id) \(r.title)", nav: "requests", content)
        if let error { response.status = error.status }
        return response
    }

    func show(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw DomainError.notFound("页面") }
        return try await render(req, id: id)
    }

    struct ActionForm: Decodable {
        var action: String?
        var text: String?
        var reason: String?
        var department: String?
        var satisfied: String?
    }

    func act(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw DomainError.notFound("页面") }
        let service = RequestService(db: req.sql, caller: req.caller)
        let r = try await service.find(id)
        try await req.require(.update, try await service.resource(r))
        let form = try req.content.decode(ActionForm.self)
        let action: RequestAction
        switch form.action ?? "" {
        case "accept": action = .accept
        case "start": action = .start
        case "answer": action = .answer(text: form.text ?? "")
        case "return": action = .return(reason: form.reason ?? "")
        case "reroute": action = .reroute(department: form.department ?? "", reason: form.reason ?? "")
        case "confirm": action = .confirm(satisfied: form.satisfied == "true", reason: form.reason?.nilIfBlank)
        case "close": action = .close
        case "contribute": action = .contribute(note: form.text ?? "")
        default: return try await render(req, id: id, error: .invalid("action", "未知的操作"))
        }
        do {
            try await service.act(r, action)
            // Post → redirect → get: a reload shows the request, never repeats the action.
            return req.redirect(to: "/requests/\(id)?done=\(form.action ?? "")")
        } catch let e as DomainError {
            return try await render(req, id: id, error: e)
        }
    }

    struct UploadForm: Decodable {
        var file: File?
    }

    func upload(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw DomainError.notFound("页面") }
        let service = RequestService(db: req.sql, caller: req.caller)
        let r = try await service.find(id)
        try await req.require(.update, try await service.resource(r))
        guard !RequestService.actorKinds(req.webUser?.grants ?? [], r).isEmpty else {
            throw DomainError(.forbidden, "forbidden", "只有提出诉求的企业、承办部门和调度人员可以上传附件")
        }
        let form: UploadForm
        do {
            form = try await Upload.form(UploadForm.self, from: req, limit: Attachments.maxBytes + (64 << 10))
        } catch let e as DomainError where e.status == .payloadTooLarge {
            throw Attachments.tooLarge
        }
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await render(req, id: id, error: .invalid("file", "请选择文件"))
        }
        do {
            _ = try await Attachments(db: req.sql, caller: req.caller).add(
                request: id, fileName: file.filename, data: Data(buffer: file.data))
            return req.redirect(to: "/requests/\(id)?done=attach#attachments")
        } catch let e as DomainError {
            return try await render(req, id: id, error: e)
        }
    }

    func download(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int64.self), let aid = req.parameters.get("attachment", as: Int64.self) else {
            throw DomainError.notFound("页面")
        }
        let service = RequestService(db: req.sql, caller: req.caller)
        let r = try await service.find(id)
        try await req.require(.read, try await service.resource(r))
        let (info, data) = try await Attachments(db: req.sql, caller: req.caller).file(request: id, attachment: aid)
        return Attachments.download(name: info.fileName, contentType: info.contentType, attachment: aid, data: data)
    }

    struct LiaisonFirm: Encodable, Sendable {
        var uscc: String
        var name: String
        var tier: String
        var open: [Row]
    }

    /// A liaison officer's firms and their open requests (挂钩联系, Policy S6).
    func liaison(req: Request) async throws -> Response {
        try await req.require(.read, .ownAccount)
        let today = SimpleDate.today()
        var firms: [LiaisonFirm] = []
        for f in try await EnterpriseCare(db: req.sql, caller: req.caller).firms(of: req.webUser?.username ?? "") {
            let (open, _) = try await RequestService(db: req.sql, caller: req.caller).list(
                RequestFilter(enterprise: f.uscc), grants: [Grant(.official, .city)],
                page: PageRequest(page: 1, per: 100))
            firms.append(
                LiaisonFirm(
                    uscc: f.uscc, name: f.name, tier: f.tier.nameZh,
                    open: open.filter { $0.status != .closed }.map { Self.row($0, today: today) }))
        }
        return try await req.render("service/liaison", title: req.texts["myLiaisonFirms"], nav: "requests", ["firms": firms])
    }

    func export(req: Request) async throws -> Response {
        try await req.require(.read, .serviceRequests)
        let data = try await RequestExport.export(db: req.sql, caller: req.caller)
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Content-Disposition": "attachment; filename=\"requests.xlsx\"",
            ], body: .init(data: data))
    }

    /// A department's monthly report as a Word document: its figures, its requests of the month.
    func report(req: Request) async throws -> Response {
        let name = req.parameters.get("name") ?? ""
        let department: String? = name == "city" ? nil : name
        try await req.require(.read, .serviceStats(department: department))
        if let department, !Department.all.contains(department) { throw DomainError.notFound("页面") }
        let month =
            req.queryValue("month").flatMap { m -> (Int, Int)? in
                let p = m.split(separator: "-").compactMap { Int($0) }
                return p.count == 2 && (1...12).contains(p[1]) ? (p[0], p[1]) : nil
            }
            ?? {
                let t = SimpleDate.today()
                return (t.year, t.month)
            }()
        let data = try await RequestReport.monthly(db: req.sql, caller: req.caller, department: department, year: month.0, month: month.1)
        try await AuditLog(db: req.sql, caller: req.caller).record(
            entity: "export", key: "report.docx", action: "export_report",
            extra: ["department": name, "month": String(format: "%04d-%02d", month.0, month.1)])
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "Content-Disposition": "attachment; filename=\"report-\(String(format: "%04d-%02d", month.0, month.1)).docx\"",
            ], body: .init(data: data))
    }
}
