import ChainLeadAPI
import ChainLeadCore
import Foundation
import OfficeFormats
import OpenAPIRuntime
import SQLKit

extension APIHandler {
    var leads: LeadService {
        LeadService(
            db: app.db.sql, caller: caller, scope: app.chainLead.supplyScope, rule: app.chainLead.segmentRule,
            rows: Policy.supplyRows(caller.grants))
    }

    func listLeads(_ input: Operations.ListLeads.Input) async throws -> Operations.ListLeads.Output {
        try await require(.read, .leads)
        let q = input.query
        try Self.checkYear(q.year)
        let page = try PageRequest.make(page: q.page.map(Int.init), per: q.per.map(Int.init))
        let year: Int
        if let y = q.year { year = Int(y) } else { year = try await leads.defaultYear() }
        try Self.checkLengths([("chain", q.chain, 64), ("cluster", q.cluster, 64), ("owner", q.owner, 50)])
        let filter = LeadFilter(
            chain: q.chain?.nilIfBlank, cluster: q.cluster?.nilIfBlank, stage: q.stage?.rawValue, owner: q.owner?.nilIfBlank)
        let all = try await leads.list(year: year, filter: filter)
        let items = try all.dropFirst(page.offset).prefix(page.per).map(Self.lead)
        return .ok(.init(body: .json(.init(year: Int32(clamping: year), items: Array(items), metadata: page.metadata(total: all.count)))))
    }

    func createLead(_ input: Operations.CreateLead.Input) async throws -> Operations.CreateLead.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .leads)
        try rejectNulls(except: [])
        try Self.checkLengths([
            ("supplierKey", body.supplierKey, 300), ("owner", body.owner, 50), ("hostPark", body.hostPark, 100),
            ("notes", body.notes, 2000),
        ])
        if let co = body.coSponsorUscc { _ = try Self.pathUSCC(co, field: "coSponsorUscc") }
        let view = try await leads.create(
            supplierKey: body.supplierKey, owner: body.owner, hostPark: body.hostPark,
            coSponsor: body.coSponsorUscc, notes: body.notes, oneMatter: body.oneMatter ?? false)
        return .created(.init(body: .json(try Self.lead(view))))
    }

    func getLead(_ input: Operations.GetLead.Input) async throws -> Operations.GetLead.Output {
        try await require(.read, .leads)
        let lead = try Self.lead(try await leads.find(input.path.id))
        return .ok(.init(headers: .init(eTag: lead.version.map(EditVersion.etag)), body: .json(lead)))
    }

    func listLeadEvents(_ input: Operations.ListLeadEvents.Input) async throws -> Operations.ListLeadEvents.Output {
        try await require(.read, .leads)
        return .ok(.init(body: .json(try await leads.events(input.path.id).map(Self.leadEvent))))
    }

    func logLeadEvent(_ input: Operations.LogLeadEvent.Input) async throws -> Operations.LogLeadEvent.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .leads)
        try rejectNulls(except: [])
        try Self.checkLengths([("happenedOn", body.happenedOn, 10), ("what", body.what, 2000), ("nextStep", body.nextStep, 500)])
        let event = try await leads.log(input.path.id, happenedOn: body.happenedOn, what: body.what, nextStep: body.nextStep)
        return .created(.init(body: .json(Self.leadEvent(event))))
    }

    static func leadEvent(_ e: LeadEvent) -> Components.Schemas.LeadEvent {
        .init(
            id: e.id, leadId: e.leadId, happenedOn: e.happenedOn, what: e.what, nextStep: e.nextStep, createdBy: e.createdBy,
            createdAt: e.createdAt)
    }

    func updateLead(_ input: Operations.UpdateLead.Input) async throws -> Operations.UpdateLead.Output {
        guard case .json(let p) = input.body else { throw DomainError.malformed() }
        try await require(.update, .leads)
        let nulls = nullKeys
        try rejectNulls(except: ["owner", "hostPark", "coSponsorUscc", "notes"])
        try Self.checkLengths([
            ("owner", p.owner, 50), ("hostPark", p.hostPark, 100), ("notes", p.notes, 2000), ("droppedReason", p.droppedReason, 500),
        ])
        if let co = p.coSponsorUscc { _ = try Self.pathUSCC(co, field: "coSponsorUscc") }
        if let landed = p.landedUscc { _ = try Self.pathUSCC(landed, field: "landedUscc") }
        func field(_ value: String?, _ key: String) -> String?? { value.map { .some($0) } ?? (nulls.contains(key) ? .some(nil) : nil) }
        let patch = LeadPatchInput(
            stage: p.stage.flatMap { LeadStage(rawValue: $0.rawValue) }, owner: field(p.owner, "owner"),
            hostPark: field(p.hostPark, "hostPark"), coSponsorUscc: field(p.coSponsorUscc, "coSponsorUscc"),
            notes: field(p.notes, "notes"), oneMatter: p.oneMatter, droppedReason: p.droppedReason, landedUscc: p.landedUscc,
            expected: try EditVersion.expected(ifMatch: input.headers.ifMatch, field: p.version))
        let after = try Self.lead(try await leads.update(input.path.id, patch))
        return .ok(.init(headers: .init(eTag: after.version.map(EditVersion.etag)), body: .json(after)))
    }

    func exportLeads(_ input: Operations.ExportLeads.Input) async throws -> Operations.ExportLeads.Output {
        try await require(.export, .leads)
        try Self.checkYear(input.query.year)
        let year: Int
        if let y = input.query.year { year = Int(y) } else { year = try await leads.defaultYear() }
        let data = try await LeadExport.export(leads, year: year)
        return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
    }

    static func lead(_ v: LeadView) throws -> Components.Schemas.Lead {
        .init(
            version: v.version, id: v.id, supplierKey: v.supplierKey, supplierName: v.supplierName, supplierCity: v.supplierCity,
            rank: Int32(clamping: v.rank),
            amount: try DomainError.amount(v.amount, field: "amount"), buyers: Int32(clamping: v.buyers), segments: v.segments,
            evidence: v.evidence,
            stage: v.stage.flatMap { .init(rawValue: $0.rawValue) }, owner: v.owner, hostPark: v.hostPark, coSponsorUscc: v.coSponsorUscc,
            notes: v.notes, oneMatter: v.id == nil ? nil : v.oneMatter, droppedReason: v.droppedReason, landedUscc: v.landedUscc,
            landedYear: v.landedYear.map(Int32.init), updatedAt: v.updatedAt)
    }

    func listSupplierMatches(_ input: Operations.ListSupplierMatches.Input) async throws -> Operations.ListSupplierMatches.Output {
        try await require(.read, .supplierMatches)
        let matches = try await SupplierMatches(db: app.db.sql, caller: caller).list(status: input.query.status?.rawValue)
        return .ok(.init(body: .json(matches.map(Self.match))))
    }

    func decideSupplierMatch(_ input: Operations.DecideSupplierMatch.Input) async throws -> Operations.DecideSupplierMatch.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .supplierMatches)
        try rejectNulls(except: [])
        return .ok(
            .init(
                body: .json(
                    Self.match(try await SupplierMatches(db: app.db.sql, caller: caller).decide(input.path.id, confirm: body.confirm)))))
    }

    static func match(_ m: SupplierMatchRecord) -> Components.Schemas.SupplierMatch {
        .init(
            id: m.id, supplierKey: m.supplierKey, supplierName: m.supplierName, supplierCity: m.supplierCity,
            candidateUscc: m.candidateUscc,
            candidateName: m.candidateName, reason: m.reason, status: .init(rawValue: m.status) ?? .pending,
            links: Int32(clamping: m.links),
            decidedBy: m.decidedBy, decidedAt: m.decidedAt)
    }
}
