import ChainLeadCore
import Vapor

/// One lead (Policy L2): what is known of it, moving it along the pipeline, and its follow-up log.
/// Every action returns to `/leads/{id}` (post → redirect → get).
extension SupplyPages {
    struct Field: Encodable, Sendable {
        var label: String
        var value: String
        var link: String?
    }

    struct LogRow: Encodable, Sendable {
        var date: String
        var by: String
        var what: String
        var nextStep: String
    }

    struct LeadPage: Encodable, Sendable {
        var id: Int64
        var name: String
        var supplierLink: String
        var stageLabel: String
        var fields: [Field]
        var log: [LogRow]
        var canEdit: Bool
        var next: [EnterprisePages.Option]
        var owner: String
        var hostPark: String
        var oneMatter: Bool
        var version: Int64
        var today: String
        var message: String?
        var error: String?
        var field: String?
        /// The log form, with what the user typed kept when it was refused.
        var logDate: String
        var logWhat: String
        var logNext: String
    }

    struct LogForm: Codable, Sendable {
        var happenedOn: String?
        var what: String?
        var nextStep: String?
    }

    static let leadDone = ["started": "leadStarted", "saved": "saved", "logged": "ldLogged"]

    func lead(req: Request) async throws -> Response {
        try await req.require(.read, .leads)
        return try await renderLead(req, id: try Self.leadID(req))
    }

    static func leadID(_ req: Request) throws -> Int64 {
        guard let id = req.parameters.get("id", as: Int64.self), id > 0 else { throw DomainError.notFound("招商线索", field: "id") }
        return id
    }

    func service(_ req: Request) -> LeadService {
        let config = req.application.chainLead
        return LeadService(db: req.sql, caller: req.caller, scope: config.supplyScope, rule: config.segmentRule, rows: req.supplyRows)
    }

    func renderLead(_ req: Request, id: Int64, error: DomainError? = nil, draft: LogForm? = nil) async throws -> Response {
        let service = self.service(req)
        let v = try await service.find(id)
        let events = try await service.events(id)
        let people = try await PeopleNames.load(events.map(\.createdBy), db: req.sql)
        let t = req.texts
        let en = req.locale == .en
        var fields = [
            Field(
                label: t["supplier"], value: v.supplierName,
                link: Policy.decide(req.caller.grants, .read, .supplyPurchases).allowed ? Self.supplierLink(v.supplierKey) : nil),
            Field(label: t["supplierCity"], value: v.supplierCity ?? "—"),
            Field(label: t["evidence"], value: v.evidence.isEmpty ? "—" : v.evidence),
            Field(label: t["stage"], value: Self.stageLabel(v.stage, req)),
            Field(label: t["owner"], value: v.owner ?? "—"),
            Field(label: t["hostPark"], value: v.hostPark ?? "—"),
            Field(label: t["ldOneMatter"], value: v.oneMatter ? t["yes"] : t["no"]),
        ]
        if let co = v.coSponsorUscc {
            let name = try await req.sql.raw("SELECT name FROM enterprises WHERE uscc = \(bind: co)").first(
                decodingColumn: "name", as: String.self)
            fields.append(Field(label: t["ldCoSponsor"], value: name ?? co, link: "/enterprises/\(co)"))
        }
        if let notes = v.notes { fields.append(Field(label: t["ldNotes"], value: notes)) }
        if let reason = v.droppedReason { fields.append(Field(label: t["droppedReason"], value: reason)) }
        if let landed = v.landedUscc {
            let name = try await req.sql.raw("SELECT name FROM enterprises WHERE uscc = \(bind: landed)").first(
                decodingColumn: "name", as: String.self)
            fields.append(
                Field(
                    label: t["landedUscc"], value: (name ?? landed) + (v.landedYear.map { "（\($0)）" } ?? ""), link: "/enterprises/\(landed)"
                ))
        }
        let content = LeadPage(
            id: id, name: v.supplierName, supplierLink: Self.supplierLink(v.supplierKey), stageLabel: Self.stageLabel(v.stage, req),
            fields: fields,
            log: events.map {
                LogRow(date: $0.happenedOn, by: people[$0.createdBy] ?? $0.createdBy, what: $0.what, nextStep: $0.nextStep ?? "—")
            },
            canEdit: Policy.decide(req.webUser?.grants ?? [], .update, .leads).allowed,
            next: LeadStage.allCases.filter { (v.stage ?? .new).canMove(to: $0) && $0 != v.stage }.map {
                .init(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: false)
            }, owner: v.owner ?? "", hostPark: v.hostPark ?? "", oneMatter: v.oneMatter, version: v.version ?? 1,
            today: SimpleDate.today().description,
            message: req.queryValue("done").flatMap { Self.leadDone[$0] }.map { t[$0] }, error: error?.message, field: error?.field,
            logDate: draft?.happenedOn?.nilIfBlank ?? SimpleDate.today().description, logWhat: draft?.what ?? "",
            logNext: draft?.nextStep ?? "")
        let response = try await req.render("supply/lead", title: v.supplierName, nav: "leads", content)
        if let error { response.status = error.status }
        return response
    }

    struct UpdateForm: Decodable {
        var stage: String?
        var owner: String?
        var hostPark: String?
        var droppedReason: String?
        var landedUscc: String?
        var oneMatter: String?
        var version: String?
    }

    func updateLead(req: Request) async throws -> Response {
        try await req.require(.update, .leads)
        let id = try Self.leadID(req)
        let form = try req.content.decode(UpdateForm.self)
        let patch = LeadPatchInput(
            stage: form.stage.flatMap { $0.isEmpty ? nil : LeadStage(rawValue: $0) },
            owner: form.owner.map { .some($0) }, hostPark: form.hostPark.map { .some($0) },
            coSponsorUscc: nil, notes: nil, oneMatter: form.version == nil ? nil : form.oneMatter == "on" || form.oneMatter == "true",
            droppedReason: form.droppedReason, landedUscc: form.landedUscc?.nilIfBlank, expected: form.version.flatMap { Int64($0) })
        let service = self.service(req)
        do {
            try APIHandler.checkLengths([
                ("owner", form.owner, 50), ("hostPark", form.hostPark, 100), ("droppedReason", form.droppedReason, 500),
            ])
            _ = try await service.update(id, patch)
            return req.redirect(to: "/leads/\(id)?done=saved")
        } catch var e as DomainError where e.kind == .stale {
            // Both sides in words: what is stored now, and what was sent.
            let now = try await service.find(id)
            func words(_ stage: LeadStage?, _ owner: String?) -> String {
                [stage.map(\.nameZh), owner?.nilIfBlank.map { "跟进人 \($0)" }].compactMap { $0 }.joined(separator: "，")
            }
            e.message += "现存：\(words(now.stage ?? .new, now.owner))；您提交：\(words(patch.stage ?? now.stage, form.owner ?? now.owner))。"
            return try await renderLead(req, id: id, error: e)
        } catch let e as DomainError where e.status != .forbidden && e.status != .notFound {
            return try await renderLead(req, id: id, error: e)
        }
    }

    func logLead(req: Request) async throws -> Response {
        try await req.require(.update, .leads)
        let id = try Self.leadID(req)
        let form = try req.content.decode(LogForm.self)
        do {
            _ = try await service(req).log(id, happenedOn: form.happenedOn ?? "", what: form.what ?? "", nextStep: form.nextStep)
            return req.redirect(to: "/leads/\(id)?done=logged#log")
        } catch let e as DomainError where e.status != .forbidden && e.status != .notFound {
            return try await renderLead(req, id: id, error: e, draft: form)
        }
    }
}
