import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime

/// Chain-leader selection over the API (Policy S2, G1, G2): schemes, campaigns, applications,
/// scores and recognition. Pools, reviews, warnings and targets are in `SelectionReviewAPI.swift`.
extension APIHandler {
    var today: SimpleDate { SimpleDate.today() }

    /// Chain codes as the spec's `Code` pattern says, in queries and bodies alike.
    static func checkCodes(_ codes: [(String?, String)]) throws {
        for (value, field) in codes { if let value { try validateCode(value, field: field) } }
    }

    static func date(_ text: String?, field: String) throws -> SimpleDate? {
        guard let text else { return nil }
        guard let d = SimpleDate(iso: text) else { throw DomainError.invalid(field, "日期格式应为 YYYY-MM-DD", code: "bad_date") }
        return d
    }

    func scheme(_ s: StoredScheme) throws -> Components.Schemas.SelectionScheme {
        try Bridge.convert(SelectionDTO.Scheme(id: s.id, frozen: s.frozen, isDefault: s.isDefault, scheme: s.scheme, version: s.version))
    }

    func schemeInput(_ body: Components.Schemas.SelectionSchemeInput) throws -> (SelectionScheme, Bool?) {
        struct Flag: Decodable { var `default`: Bool? }
        let flag = try Bridge.convert(body, to: Flag.self)
        return (try Bridge.convert(body, to: SelectionScheme.self), flag.default)
    }

    func listSelectionSchemes(_ input: Operations.ListSelectionSchemes.Input) async throws -> Operations.ListSelectionSchemes.Output {
        try await require(.read, .selection(.schemes))
        return .ok(.init(body: .json(try await SchemeStore(db: sql, caller: caller).list().map(scheme))))
    }

    func createSelectionScheme(_ input: Operations.CreateSelectionScheme.Input) async throws -> Operations.CreateSelectionScheme.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .selection(.schemes))
        try rejectNulls(except: [])
        let (s, makeDefault) = try schemeInput(body)
        return .created(
            .init(body: .json(try scheme(try await SchemeStore(db: sql, caller: caller).create(s, makeDefault: makeDefault ?? false)))))
    }

    func getSelectionScheme(_ input: Operations.GetSelectionScheme.Input) async throws -> Operations.GetSelectionScheme.Output {
        try await require(.read, .selection(.schemes))
        let s = try await SchemeStore(db: sql, caller: caller).find(input.path.id)
        return .ok(.init(headers: .init(eTag: EditVersion.etag(s.version)), body: .json(try scheme(s))))
    }

    func updateSelectionScheme(_ input: Operations.UpdateSelectionScheme.Input) async throws -> Operations.UpdateSelectionScheme.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .selection(.schemes))
        try rejectNulls(except: [])
        let (s, makeDefault) = try schemeInput(body)
        let expected = try EditVersion.expected(ifMatch: input.headers.ifMatch, field: body.version)
        let stored = try await SchemeStore(db: sql, caller: caller).update(input.path.id, s, makeDefault: makeDefault, expected: expected)
        return .ok(.init(headers: .init(eTag: EditVersion.etag(stored.version)), body: .json(try scheme(stored))))
    }

    func campaign(_ c: CampaignView) throws -> Components.Schemas.Campaign {
        try Bridge.convert(SelectionDTO.Campaign(c, today: today))
    }

    func listCampaigns(_ input: Operations.ListCampaigns.Input) async throws -> Operations.ListCampaigns.Output {
        try await require(.read, .selection(.campaigns))
        try Self.checkYear(input.query.year)
        let list = try await Campaigns(db: sql, caller: caller).list(year: input.query.year.map(Int.init))
        return .ok(.init(body: .json(try list.map(campaign))))
    }

    func createCampaign(_ input: Operations.CreateCampaign.Input) async throws -> Operations.CreateCampaign.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.create, .selection(.campaigns))
        try rejectNulls(except: [])
        if body.chains.count > 100 { throw DomainError.invalid("chains", "一个批次最多100条产业链") }
        try Self.checkCodes(body.chains.map { ($0, "chains") })
        guard let until = try Self.date(body.applyUntil, field: "applyUntil") else { throw DomainError.invalid("applyUntil", "请填写申报截止日期") }
        let c = try await Campaigns(db: sql, caller: caller).create(
            year: Int(body.year), chains: body.chains, schemeID: body.scheme, applyUntil: until, draft: body.status?.rawValue == "draft")
        return .created(.init(body: .json(try campaign(c))))
    }

    func getCampaign(_ input: Operations.GetCampaign.Input) async throws -> Operations.GetCampaign.Output {
        try await require(.read, .selection(.campaigns))
        let c = try await Campaigns(db: sql, caller: caller).find(input.path.id)
        return .ok(.init(headers: .init(eTag: EditVersion.etag(c.version)), body: .json(try campaign(c))))
    }

    func updateCampaign(_ input: Operations.UpdateCampaign.Input) async throws -> Operations.UpdateCampaign.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.update, .selection(.campaigns))
        try rejectNulls(except: [])
        let campaigns = Campaigns(db: sql, caller: caller)
        let current = try await campaigns.find(input.path.id)
        let c = try await campaigns.setStatus(
            input.path.id, to: body.status?.rawValue ?? current.status, applyUntil: try Self.date(body.applyUntil, field: "applyUntil"),
            expected: try EditVersion.expected(ifMatch: input.headers.ifMatch, field: body.version))
        return .ok(.init(headers: .init(eTag: EditVersion.etag(c.version)), body: .json(try campaign(c))))
    }

    func application(_ v: ApplicationView, sight: ApplicationSight = .full) async throws -> Components.Schemas.Application {
        let files = sight == .full ? try await ApplicationAttachments(db: sql, caller: caller).list(application: v.id) : []
        var dto = SelectionDTO.Application(v, attachments: files)
        dto.sight = sight.rawValue
        return try Bridge.convert(dto)
    }

    func listApplications(_ input: Operations.ListApplications.Input) async throws -> Operations.ListApplications.Output {
        try await require(.read, .selection(.campaigns))
        try Self.checkCodes([(input.query.chain, "chain")])
        _ = try await Campaigns(db: sql, caller: caller).find(input.path.id)
        let list = try await Applications(db: sql, caller: caller).list(
            campaign: input.path.id, chain: input.query.chain, status: input.query.status?.rawValue)
        let files = try await ApplicationAttachments(db: sql, caller: caller).list(applications: list.map(\.id))
        return .ok(.init(body: .json(try list.map { try Bridge.convert(SelectionDTO.Application($0, attachments: files[$0.id] ?? [])) })))
    }

    func createApplication(_ input: Operations.CreateApplication.Input) async throws -> Operations.CreateApplication.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: ["note"])
        let uscc = try Self.pathUSCC(body.enterprise, field: "enterprise")
        try Self.checkCodes([(body.chain, "chain")])
        try Self.checkLengths([("note", body.note, 2000)])
        let v = try await Applications(db: sql, caller: caller).apply(
            campaign: input.path.id, enterprise: uscc, chain: body.chain, evidence: body.evidence?.additionalProperties ?? [:],
            note: body.note?.nilIfBlank, today: today)
        return .created(.init(body: .json(try await application(v))))
    }

    func getApplication(_ input: Operations.GetApplication.Input) async throws -> Operations.GetApplication.Output {
        let (v, sight) = try await Applications(db: sql, caller: caller).read(input.path.id)
        return .ok(.init(body: .json(try await application(v, sight: sight))))
    }

    func reviewApplicationInDistrict(_ input: Operations.ReviewApplicationInDistrict.Input) async throws
        -> Operations.ReviewApplicationInDistrict.Output
    {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let v = try await Applications(db: sql, caller: caller).districtReview(
            input.path.id, recommend: body.recommend, reason: body.reason)
        return .ok(.init(body: .json(try await application(v))))
    }

    func scoreCampaign(_ input: Operations.ScoreCampaign.Input) async throws -> Operations.ScoreCampaign.Output {
        let r = try await CampaignScoring(db: sql, caller: caller, scope: app.chainLead.supplyScope).score(input.path.id)
        return .ok(.init(body: .json(.init(scored: Int32(clamping: r.scored), refreshed: Int32(clamping: r.refreshed)))))
    }

    func getCampaignRanking(_ input: Operations.GetCampaignRanking.Input) async throws -> Operations.GetCampaignRanking.Output {
        try Self.checkCodes([(input.query.chain, "chain")])
        let ranking = try await RankingQueries(db: sql, caller: caller).ranking(campaign: input.path.id, chain: input.query.chain)
        return .ok(.init(body: .json(try Bridge.convert(ranking))))
    }

    func exportCampaignRanking(_ input: Operations.ExportCampaignRanking.Input) async throws -> Operations.ExportCampaignRanking.Output {
        try Self.checkCodes([(input.query.chain, "chain")])
        let queries = RankingQueries(db: sql, caller: caller)
        let data = try await RankingExport.export(queries, campaign: input.path.id, chain: input.query.chain)
        return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
    }

    func recogniseInCampaign(_ input: Operations.RecogniseInCampaign.Input) async throws -> Operations.RecogniseInCampaign.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        if body.enterprises.count > 100 { throw DomainError.invalid("enterprises", "一次最多认定100家企业") }
        try Self.checkCodes([(body.chain, "chain")])
        for u in body.enterprises { _ = try Self.pathUSCC(u, field: "enterprises") }
        let list = try await Recognitions(db: sql, caller: caller).recognise(
            campaign: input.path.id, chain: body.chain, enterprises: body.enterprises, today: today)
        return .created(.init(body: .json(try Bridge.convert(list))))
    }
}

/// Application attachments over the API: the caller is authorised before the body is read.
extension APIHandler {
    func addApplicationAttachment(_ input: Operations.AddApplicationAttachment.Input) async throws
        -> Operations.AddApplicationAttachment.Output
    {
        guard case .binary(let body) = input.body else { throw DomainError.malformed() }
        let files = ApplicationAttachments(db: sql, caller: caller)
        let a = try await Applications(db: sql, caller: caller).find(input.path.id)
        try await files.authorise(a)
        let data: Data
        do {
            data = try await Upload.collect(body, limit: Attachments.maxBytes)
        } catch let e as DomainError where e.status == .payloadTooLarge {
            throw Attachments.tooLarge
        }
        let info = try await files.add(a, kind: input.query.kind.rawValue, fileName: input.query.fileName, data: data)
        return .created(.init(body: .json(try Bridge.convert(info))))
    }

    func getApplicationAttachment(_ input: Operations.GetApplicationAttachment.Input) async throws
        -> Operations.GetApplicationAttachment.Output
    {
        let read = try await Applications(db: sql, caller: caller).read(input.path.id)
        let (_, data) = try await ApplicationAttachments(db: sql, caller: caller).file(read, attachment: input.path.attachmentId)
        return .ok(.init(body: .binary(HTTPBody(data))))
    }
}
