import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime

/// Achievements, cases, the case book and publicity over the API (Policy S7).
extension APIHandler {
    func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        try await require(.read, .cases(.list))
        let q = input.query
        if let u = q.enterprise { _ = try Self.pathUSCC(u, field: "enterprise") }
        let year = try q.year.map { try CaseRecords.year(Int($0)) }
        for (name, v) in [("chain", q.chain), ("cluster", q.cluster)] {
            if let v, v.isEmpty || v.unicodeScalars.count > 50 { throw DomainError.invalid(name, "代码应为1至50个字符") }
        }
        let list = try await CaseRecords(db: sql, caller: caller).list(
            CaseFilter(
                year: year, status: q.status.flatMap { CaseStatus(rawValue: $0.rawValue) }, enterprise: q.enterprise, chain: q.chain,
                cluster: q.cluster))
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createCase(_ input: Operations.CreateCase.Input) async throws -> Operations.CreateCase.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.mustSubmitCases(caller)
        let made = try await CaseRecords(db: sql, caller: caller).submit(
            CaseDraft(
                year: Int(body.year), title: body.title, enterprise: body.enterprise, chain: body.chain,
                category: CaseCategory(rawValue: body.category.rawValue), body: body.body,
                keyFigures: body.keyFigures?.map { KeyFigure(label: $0.label, value: $0.value) }))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        .ok(.init(body: .json(try Bridge.convert(try await CaseRecords(db: sql, caller: caller).find(input.path.id)))))
    }

    func updateCase(_ input: Operations.UpdateCase.Input) async throws -> Operations.UpdateCase.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.mustSubmitCases(caller)
        if let v = body.version, v < 1 { throw DomainError.invalid("version", "version 应为正整数", code: "out_of_range") }
        let made = try await CaseRecords(db: sql, caller: caller).edit(
            input.path.id,
            CaseDraft(
                year: body.year.map(Int.init), title: body.title, chain: body.chain,
                category: body.category.flatMap { CaseCategory(rawValue: $0.rawValue) }, body: body.body,
                keyFigures: body.keyFigures?.map { KeyFigure(label: $0.label, value: $0.value) }),
            version: body.version)
        return .ok(.init(body: .json(try Bridge.convert(made))))
    }

    func reviewCase(_ input: Operations.ReviewCase.Input) async throws -> Operations.ReviewCase.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .cases(.review))
        let done = try await CaseRecords(db: sql, caller: caller).review(
            input.path.id, decision: CaseDecision(rawValue: body.decision.rawValue) ?? .select, note: body.note)
        return .ok(.init(body: .json(try Bridge.convert(done))))
    }

    func addCasePicture(_ input: Operations.AddCasePicture.Input) async throws -> Operations.AddCasePicture.Output {
        guard case .binary(let body) = input.body else { throw DomainError.malformed() }
        try Self.mustSubmitCases(caller)
        let records = CaseRecords(db: sql, caller: caller)
        let current = try await records.authorisePicture(input.path.id)
        let data = try await Upload.collect(body, limit: CaseRecords.maxPictureBytes)
        let made = try await records.addPicture(current, caption: input.query.caption, data: Array(data))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func getCasePicture(_ input: Operations.GetCasePicture.Input) async throws -> Operations.GetCasePicture.Output {
        let (view, data) = try await CaseRecords(db: sql, caller: caller).picture(input.path.id, picture: input.path.pictureId)
        return .ok(.init(body: view.contentType == "image/png" ? .png(HTTPBody(data)) : .jpeg(HTTPBody(data))))
    }

    func getCasebook(_ input: Operations.GetCasebook.Input) async throws -> Operations.GetCasebook.Output {
        try await require(.export, .cases(.review))
        let data = try await CaseBookExport(db: sql, caller: caller).docx(year: Int(input.path.year))
        return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_wordprocessingml_document(HTTPBody(data))))
    }

    func listPublicity(_ input: Operations.ListPublicity.Input) async throws -> Operations.ListPublicity.Output {
        try await require(.read, .cases(.review))
        if let u = input.query.enterprise { _ = try Self.pathUSCC(u, field: "enterprise") }
        let year = try input.query.year.map { try CaseRecords.year(Int($0)) }
        let list = try await PublicityLog(db: sql, caller: caller).list(year: year, enterprise: input.query.enterprise)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createPublicity(_ input: Operations.CreatePublicity.Input) async throws -> Operations.CreatePublicity.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .cases(.review))
        let made = try await PublicityLog(db: sql, caller: caller).record(
            kind: PublicityKind(rawValue: body.kind.rawValue) ?? .event, date: body.date, title: body.title, firms: body.firms ?? [],
            link: body.link, note: body.note)
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    static func mustSubmitCases(_ caller: Caller) throws {
        guard caller.isSystem || Policy.maySubmitCases(caller.grants) else {
            throw DomainError(
                .forbidden, "forbidden", Policy.decide(caller.grants, .create, .cases(.firm(enterprise: "", chains: []))).reason)
        }
    }
}
