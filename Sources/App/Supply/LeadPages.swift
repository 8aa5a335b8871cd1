import ChainLeadCore
import OfficeFormats
import Vapor

/// Investment-attraction leads: the list, starting one, moving it along, the export (Policy L2).
extension SupplyPages {

    struct LeadRow: Encodable, Sendable {
        var id: Int64?
        var key: String
        var rank: Int
        var name: String
        var city: String
        var amount: String
        var buyers: Int
        var segments: String
        var evidence: String
        var stage: String?
        var stageLabel: String
        var owner: String
        var hostPark: String
        var oneMatter: Bool
        var next: [EnterprisePages.Option]
        var version: Int64?
    }

    struct LeadsPage: Encodable, Sendable {
        var year: Int
        var years: [Int]
        var rows: [LeadRow]
        var canEdit: Bool
        var message: String?
        var error: String?
    }

    func renderLeads(_ req: Request, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .leads)
        let config = req.application.chainLead
        let service = LeadService(
            db: req.sql, caller: req.caller, scope: config.supplyScope, rule: config.segmentRule, rows: req.supplyRows)
        let years = try await SupplyQueries(db: req.sql).years()
        let year = Self.year(req, years: years)
        let en = req.locale == .en
        let segmentNames = try await TaxonomyQueries.segmentNames(req.sql)
        let rows = try await service.ranked(year: year).prefix(200).map { v in
            LeadRow(
                id: v.id, key: v.supplierKey, rank: v.rank, name: v.supplierName, city: v.supplierCity ?? "—",
                amount: Display.wan(v.amount),
                buyers: v.buyers, segments: v.segments.map { segmentNames[$0] ?? $0 }.joined(separator: "、"), evidence: v.evidence,
                stage: v.stage?.rawValue,
                stageLabel: v.stage.map { en ? $0.rawValue : $0.nameZh } ?? req.texts["notFollowed"],
                owner: v.owner ?? "", hostPark: v.hostPark ?? "", oneMatter: v.oneMatter,
                next: LeadStage.allCases.filter { (v.stage ?? .new).canMove(to: $0) && $0 != v.stage }.map {
                    .init(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: false)
                }, version: v.version)
        }
        let content = LeadsPage(
            year: year, years: years, rows: Array(rows),
            canEdit: Policy.decide(req.webUser?.grants ?? [], .update, .leads).allowed,
            message: message, error: error?.message)
        let response = try await req.render("supply/leads", title: req.texts["leads"], nav: "leads", content)
        if let error { response.status = error.status }
        return response
    }

    func leads(req: Request) async throws -> Response { try await renderLeads(req) }

    struct StartForm: Decodable {
        var supplierKey: String?
        var owner: String?
        var hostPark: String?
    }

    func startLead(req: Request) async throws -> Response {
        try await req.require(.update, .leads)
        let form = try req.content.decode(StartForm.self)
        let config = req.application.chainLead
        do {
            _ = try await LeadService(
                db: req.sql, caller: req.caller, scope: config.supplyScope, rule: config.segmentRule, rows: req.supplyRows
            )
            .create(
                supplierKey: form.supplierKey ?? "", owner: form.owner, hostPark: form.hostPark, coSponsor: nil, notes: nil,
                oneMatter: false)
            return try await renderLeads(req, message: req.texts["leadStarted"])
        } catch let e as DomainError {
            return try await renderLeads(req, error: e)
        }
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
        guard let id = req.parameters.get("id", as: Int64.self) else { throw DomainError.notFound("页面") }
        let form = try req.content.decode(UpdateForm.self)
        let config = req.application.chainLead
        let patch = LeadPatchInput(
            stage: form.stage.flatMap { $0.isEmpty ? nil : LeadStage(rawValue: $0) },
            owner: form.owner.map { .some($0) }, hostPark: form.hostPark.map { .some($0) },
            coSponsorUscc: nil, notes: nil, oneMatter: form.oneMatter.map { $0 == "on" || $0 == "true" },
            droppedReason: form.droppedReason, landedUscc: form.landedUscc?.nilIfBlank, expected: form.version.flatMap { Int64($0) })
        let service = LeadService(
            db: req.sql, caller: req.caller, scope: config.supplyScope, rule: config.segmentRule, rows: req.supplyRows)
        do {
            _ = try await service.update(id, patch)
            return try await renderLeads(req, message: req.texts["saved"])
        } catch var e as DomainError where e.kind == .stale {
            // Both sides in words: what is stored now, and what was sent.
            let now = try await service.find(id)
            func words(_ stage: LeadStage?, _ owner: String?) -> String {
                [stage.map(\.nameZh), owner?.nilIfBlank.map { "跟进人 \($0)" }].compactMap { $0 }.joined(separator: "，")
            }
            e.message += "现存：\(words(now.stage ?? .new, now.owner))；您提交：\(words(patch.stage ?? now.stage, form.owner ?? now.owner))。"
            return try await renderLeads(req, error: e)
        } catch let e as DomainError {
            return try await renderLeads(req, error: e)
        }
    }

    func exportLeads(req: Request) async throws -> Response {
        try await req.require(.export, .leads)
        let config = req.application.chainLead
        let service = LeadService(
            db: req.sql, caller: req.caller, scope: config.supplyScope, rule: config.segmentRule, rows: req.supplyRows)
        let year = Self.year(req, years: try await SupplyQueries(db: req.sql).years())
        let data = try await LeadExport.export(service, year: year)
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Content-Disposition":
                    "attachment; filename=\"leads-\(year).xlsx\"; filename*=UTF-8''%E8%A1%A5%E9%93%BE%E6%8B%9B%E5%95%86%E7%BA%BF%E7%B4%A2-\(year).xlsx",
            ], body: .init(data: data))
    }
}
