import ChainLeadAPI
import ChainLeadCore
import Foundation

/// Information security over the API (Policy S6).
extension APIHandler {
    func listInfosecInspections(_ input: Operations.ListInfosecInspections.Input) async throws -> Operations.ListInfosecInspections.Output {
        try await require(.read, .infosec(.records))
        if let u = input.query.enterprise { _ = try Self.pathUSCC(u, field: "enterprise") }
        let list = try await InfosecRecords(db: sql, caller: caller).list(
            enterprise: input.query.enterprise, overdueOnly: input.query.overdue ?? false)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createInfosecInspection(_ input: Operations.CreateInfosecInspection.Input) async throws
        -> Operations.CreateInfosecInspection.Output
    {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.create, .infosec(.records))
        let made = try await InfosecRecords(db: sql, caller: caller).inspect(
            enterprise: try Self.pathUSCC(body.enterprise, field: "enterprise"),
            kind: InspectionKind(rawValue: body.kind.rawValue) ?? .onsite,
            organisation: body.organisation, date: body.date)
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func addInfosecFinding(_ input: Operations.AddInfosecFinding.Input) async throws -> Operations.AddInfosecFinding.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .infosec(.records))
        let made = try await InfosecRecords(db: sql, caller: caller).addFinding(
            inspection: input.path.id, title: body.title, severity: FindingSeverity(rawValue: body.severity.rawValue) ?? .low,
            owner: body.owner, deadline: body.deadline)
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func rectifyInfosecFinding(_ input: Operations.RectifyInfosecFinding.Input) async throws -> Operations.RectifyInfosecFinding.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.read, .infosec(.records))
        let done = try await InfosecRecords(db: sql, caller: caller).rectify(input.path.id, on: body.date, note: body.rectification)
        return .ok(.init(body: .json(try Bridge.convert(done))))
    }

    func retestInfosecFinding(_ input: Operations.RetestInfosecFinding.Input) async throws -> Operations.RetestInfosecFinding.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .infosec(.records))
        let done = try await InfosecRecords(db: sql, caller: caller).retest(input.path.id, passed: body.passed, on: body.date)
        return .ok(.init(body: .json(try Bridge.convert(done))))
    }

    func listInfosecTrainings(_ input: Operations.ListInfosecTrainings.Input) async throws -> Operations.ListInfosecTrainings.Output {
        .ok(.init(body: .json(try Bridge.convert(try await InfosecTrainings(db: sql, caller: caller).list()))))
    }

    func createInfosecTraining(_ input: Operations.CreateInfosecTraining.Input) async throws -> Operations.CreateInfosecTraining.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.create, .infosec(.records))
        let made = try await InfosecTrainings(db: sql, caller: caller).record(
            date: body.date, title: body.title, kind: body.kind.rawValue, attendees: body.attendees ?? [])
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func getInfosecFigures(_ input: Operations.GetInfosecFigures.Input) async throws -> Operations.GetInfosecFigures.Output {
        .ok(.init(body: .json(try Bridge.convert(try await InfosecTrainings(db: sql, caller: caller).figures()))))
    }
}
