import ChainLeadAPI
import ChainLeadCore
import Foundation
import OfficeFormats
import OpenAPIRuntime
import SQLKit

extension APIHandler {
    var requests: RequestService { RequestService(db: app.db.sql, caller: caller) }

    func createRequest(_ input: Operations.CreateRequest.Input) async throws -> Operations.CreateRequest.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let grants = caller.grants
        var enterprise = body.enterprise
        if enterprise == nil {
            for g in grants {
                if case .enterprise(let u) = g.scope {
                    enterprise = u
                    break
                }
            }
        }
        guard let uscc = enterprise else { throw DomainError.invalid("enterprise", "请指定提出诉求的企业（统一社会信用代码）", code: "required") }
        _ = try Self.pathUSCC(uscc, field: "enterprise")
        // One row: the firm's district decides who may file for it (not its whole record).
        guard let firm = try await EnterpriseQueries(db: sql).record(uscc) else {
            throw DomainError.invalid("enterprise", "企业 \(uscc) 不在企业库中")
        }
        try await require(.create, .newServiceRequest(enterprise: uscc, district: firm.draft.district))
        try Self.checkLengths([("title", body.title, 100), ("description", body.description, 4000)])
        let own = grants.contains { $0.scope == .enterprise(uscc) }
        let id = try await requests.file(
            RequestInput(
                enterprise: uscc, category: RequestCategory(rawValue: body.category.rawValue) ?? .other, title: body.title,
                description: body.description, urgency: body.urgency.flatMap { Urgency(rawValue: $0.rawValue) } ?? .normal,
                filedVia: own ? "enterprise" : "official"),
            district: firm.draft.district)
        return .created(.init(body: .json(try await requestDTO(id, history: true, new: true))))
    }

    func listRequests(_ input: Operations.ListRequests.Input) async throws -> Operations.ListRequests.Output {
        try await require(.read, .serviceRequests)
        let q = input.query
        let page = try PageRequest.make(page: q.page.map(Int.init), per: q.per.map(Int.init))
        try Self.checkLengths([("department", q.department, 50)])
        if let e = q.enterprise { _ = try Self.pathUSCC(e, field: "enterprise") }
        let filter = RequestFilter(
            status: q.status.flatMap { RequestStatus(rawValue: $0.rawValue) }, department: q.department,
            category: q.category.flatMap { RequestCategory(rawValue: $0.rawValue) }, enterprise: q.enterprise,
            overdueOn: q.overdue == true ? .today() : nil)
        let (items, total) = try await requests.list(filter, grants: caller.grants, page: page)
        return .ok(
            .init(body: .json(.init(items: try items.map { try Self.request($0, history: nil) }, metadata: page.metadata(total: total)))))
    }

    func getRequest(_ input: Operations.GetRequest.Input) async throws -> Operations.GetRequest.Output {
        let r = try await requests.find(input.path.id)
        try await require(.read, try await requests.resource(r))
        return .ok(.init(body: .json(try await requestDTO(r.id, history: true))))
    }

    func actOnRequest(_ input: Operations.ActOnRequest.Input) async throws -> Operations.ActOnRequest.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.checkLengths([("text", body.text, 4000), ("reason", body.reason, 1000), ("department", body.department, 50)])
        let r = try await requests.find(input.path.id)
        try await require(.update, try await requests.resource(r))
        let action: RequestAction
        switch body.action {
        case .accept: action = .accept
        case .start: action = .start
        case .answer: action = .answer(text: body.text ?? "")
        case ._return: action = .return(reason: body.reason ?? "")
        case .reroute: action = .reroute(department: body.department ?? "", reason: body.reason ?? "")
        case .confirm:
            guard let satisfied = body.satisfied else { throw DomainError.invalid("satisfied", "请评价是否满意（satisfied）", code: "required") }
            action = .confirm(satisfied: satisfied, reason: body.reason)
        case .close: action = .close
        case .contribute: action = .contribute(note: body.text ?? "")
        }
        try await requests.act(r, action)
        return .ok(.init(body: .json(try await requestDTO(r.id, history: true))))
    }

    /// The request as stored; a `new` one (just filed) has no attachments or meeting decisions yet,
    /// so they are not looked up.
    func requestDTO(_ id: Int64, history: Bool, new: Bool = false) async throws -> Components.Schemas.ServiceRequest {
        let r = try await requests.find(id)
        var dto = try Self.request(r, history: history ? try await requests.history(id) : nil)
        dto.liaison = try await care.liaison(of: r.enterprise)
        dto.visitId = r.visitID
        guard !new else {
            dto.attachments = []
            dto.decisions = []
            return dto
        }
        dto.attachments = try await Attachments(db: sql, caller: caller).list(request: id).map(Self.attachment)
        dto.decisions = try await care.decisions(for: id).map {
            .init(
                meetingId: $0.meetingID, meetingTitle: $0.title, heldOn: $0.heldOn, decision: $0.decision, owner: $0.owner,
                newDeadline: $0.newDeadline)
        }
        return dto
    }

    static func request(_ r: RequestRecord, history: [RequestEvent]?) throws -> Components.Schemas.ServiceRequest {
        .init(
            id: r.id, enterprise: r.enterprise, enterpriseName: r.enterpriseName, district: r.district,
            category: try mirrored(r.category), categoryName: r.category.nameZh, title: r.title, description: r.description,
            urgency: try mirrored(r.urgency), status: try mirrored(r.status), statusName: r.status.nameZh,
            leadDepartment: r.leadDepartment, coDepartments: r.coDepartments, filedOn: r.filedOn.description,
            acceptBy: r.acceptBy.description, answerBy: r.answerBy.description, acceptedOn: r.acceptedOn?.description,
            answeredOn: r.answeredOn?.description, satisfied: r.satisfied, reopenCount: Int32(clamping: r.reopenCount),
            escalation: Int32(clamping: r.escalation.rawValue),
            history: history?.map { e in
                .init(
                    at: e.at, actor: e.actor, actorKind: e.actorKind, action: e.action, statusFrom: e.statusFrom, statusTo: e.statusTo,
                    department: e.department, text: e.text)
            })
    }

    // MARK: calendar, routing

    func addWorkingDays(_ input: Operations.AddWorkingDays.Input) async throws -> Operations.AddWorkingDays.Output {
        try await require(.read, .serviceSettings)
        guard let from = SimpleDate(iso: input.query.from) else { throw DomainError.invalid("from", "日期格式应为 YYYY-MM-DD") }
        guard (1949...2100).contains(from.year) else { throw DomainError.invalid("from", "日期应在1949至2100年之间", code: "out_of_range") }
        guard (0...1000).contains(input.query.days) else { throw DomainError.invalid("days", "工作日数应在0至1000之间") }
        let calendar = try await ServiceSettings(db: sql).calendar()
        return .ok(.init(body: .json(.init(date: calendar.addWorkingDays(from: from, days: Int(input.query.days)).description))))
    }

    func setCalendarDay(_ input: Operations.SetCalendarDay.Input) async throws -> Operations.SetCalendarDay.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .serviceSettings)
        try rejectNulls(except: [])
        guard let day = SimpleDate(iso: input.path.day) else { throw DomainError.invalid("day", "日期格式应为 YYYY-MM-DD") }
        try await ServiceSettings(db: sql).setDay(day, kind: body.kind.rawValue, caller: caller)
        return .noContent(.init())
    }

    func listRouting(_ input: Operations.ListRouting.Input) async throws -> Operations.ListRouting.Output {
        try await require(.read, .serviceSettings)
        let settings = ServiceSettings(db: sql)
        let table = try await settings.routing()
        let versions = try await settings.routingVersions()
        return .ok(
            .init(body: .json(try RequestCategory.allCases.map { try Self.rule($0, table.route($0), version: versions[$0.rawValue]) })))
    }

    func setRouting(_ input: Operations.SetRouting.Input) async throws -> Operations.SetRouting.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .serviceSettings)
        try rejectNulls(except: [])
        guard let category = RequestCategory(rawValue: input.path.category.rawValue) else { throw DomainError.malformed() }
        let settings = ServiceSettings(db: sql)
        let routing = try await settings.setRouting(
            category, lead: body.leadDepartment, co: body.coDepartments ?? [], caller: caller,
            expected: try EditVersion.expected(ifMatch: input.headers.ifMatch, field: body.version))
        let version = try await settings.routingVersions()[category.rawValue]
        return .ok(
            .init(headers: .init(eTag: version.map(EditVersion.etag)), body: .json(try Self.rule(category, routing, version: version))))
    }

    static func rule(_ c: RequestCategory, _ r: Routing, version: Int64? = nil) throws -> Components.Schemas.RoutingRule {
        .init(version: version, category: try mirrored(c), categoryName: c.nameZh, leadDepartment: r.lead, coDepartments: r.co)
    }

    // MARK: figures, notifications, export

    func getDepartmentStats(_ input: Operations.GetDepartmentStats.Input) async throws -> Operations.GetDepartmentStats.Output {
        let name = input.path.name
        let department: String? = name == "city" ? nil : name
        try await require(.read, .serviceStats(department: department))
        if let department, !Department.all.contains(department) {
            throw DomainError.notFound("部门“\(department.prefix(30))”", field: "name")
        }
        let from = try input.query.from.map { try Self.isoDay($0, field: "from") }
        let to = try input.query.to.map { try Self.isoDay($0, field: "to") }
        let today = SimpleDate.today()
        let (stats, months) = try await requests.stats(department: department, from: from, to: to, today: today)
        return .ok(
            .init(
                body: .json(
                    .init(
                        department: name, asOf: today.description, figures: Self.figures(stats),
                        months: months.map { .init(month: $0.month.description, figures: Self.figures($0.stats)) }))))
    }

    static func isoDay(_ text: String, field: String) throws -> SimpleDate {
        guard let d = SimpleDate(iso: text) else { throw DomainError.invalid(field, "日期格式应为 YYYY-MM-DD") }
        return d
    }

    static func figures(_ s: ServiceStats) -> Components.Schemas.StatsFigures {
        .init(
            volume: Int32(clamping: s.volume), openNow: Int32(clamping: s.openNow), medianDaysToAccept: s.medianDaysToAccept,
            medianDaysToAnswer: s.medianDaysToAnswer,
            answered: Int32(clamping: s.answered), answeredOnTime: Int32(clamping: s.answeredOnTime),
            openOverdue: Int32(clamping: s.openOverdue), onTimeRate: s.onTimeRate,
            reopened: Int32(clamping: s.reopened), reopenRate: s.reopenRate, confirmed: Int32(clamping: s.confirmed),
            satisfied: Int32(clamping: s.satisfied),
            satisfaction: s.satisfaction)
    }

    func markNotificationsRead(_ input: Operations.MarkNotificationsRead.Input) async throws -> Operations.MarkNotificationsRead.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .ownAccount)
        try rejectNulls(except: [])
        let me = caller.username ?? ""
        var marked = 0
        if let ids = body.ids, !ids.isEmpty {
            if ids.count > 500 { throw DomainError.invalid("ids", "一次最多500条") }
            if ids.contains(where: { $0 < 1 }) { throw DomainError.invalid("ids", "消息编号应为正整数") }
            for id in Set(ids) { marked += try await Notifications.markRead(username: me, id: id, db: sql) }
        } else {
            marked = try await Notifications.markRead(username: me, id: nil, db: sql)
        }
        let unread =
            try await sql.raw("SELECT COUNT(*) AS n FROM notifications WHERE username = \(bind: me) AND read_at IS NULL")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        return .ok(.init(body: .json(.init(marked: Int32(clamping: marked), unread: Int32(clamping: unread)))))
    }

    func listNotifications(_ input: Operations.ListNotifications.Input) async throws -> Operations.ListNotifications.Output {
        try await require(.read, .ownAccount)
        struct Row: Decodable {
            var id: Int64
            var requestId: Int64?
            var kind: String
            var text: String
            var createdAt: Date
            var readAt: Date?
        }
        let unread: SQLQueryString = input.query.unread == true ? " AND read_at IS NULL" : ""
        let rows = try await sql.raw(
            """
            SELECT id, request_id, kind, text, created_at, read_at FROM notifications
            WHERE username = \(bind: caller.username ?? "")\(unread) ORDER BY id DESC LIMIT 200
            """
        ).rows(Row.self)
        return .ok(
            .init(
                body: .json(
                    rows.map { row in
                        .init(
                            id: row.id, requestId: row.requestId, kind: row.kind, text: row.text, createdAt: row.createdAt,
                            read: row.readAt != nil)
                    })))
    }

    func exportRequests(_ input: Operations.ExportRequests.Input) async throws -> Operations.ExportRequests.Output {
        try await require(.read, .serviceRequests)
        let data = try await RequestExport.export(db: sql, caller: caller)
        return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
    }
}

extension APIHandler {
    func addRequestAttachment(_ input: Operations.AddRequestAttachment.Input) async throws -> Operations.AddRequestAttachment.Output {
        guard case .binary(let body) = input.body else { throw DomainError.malformed() }
        let r = try await requests.find(input.path.id)
        try await require(.update, try await requests.resource(r))
        guard RequestService.actorKinds(caller.grants, r).isEmpty == false else {
            throw DomainError(.forbidden, "forbidden", "只有提出诉求的企业、承办部门和调度人员可以上传附件")
        }
        let data: Data
        do {
            data = try await Upload.collect(body, limit: Attachments.maxBytes)
        } catch let e as DomainError where e.status == .payloadTooLarge {
            throw Attachments.tooLarge
        }
        let info = try await Attachments(db: sql, caller: caller).add(request: r.id, fileName: input.query.fileName, data: data)
        return .created(.init(body: .json(Self.attachment(info))))
    }

    func getRequestAttachment(_ input: Operations.GetRequestAttachment.Input) async throws -> Operations.GetRequestAttachment.Output {
        let r = try await requests.find(input.path.id)
        try await require(.read, try await requests.resource(r))
        let (_, data) = try await Attachments(db: sql, caller: caller).file(request: r.id, attachment: input.path.attachmentId)
        return .ok(.init(body: .binary(HTTPBody(data))))
    }

    static func attachment(_ a: Attachments.Info) -> Components.Schemas.Attachment {
        .init(id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, uploadedBy: a.uploadedBy, uploadedAt: a.uploadedAt)
    }
}
