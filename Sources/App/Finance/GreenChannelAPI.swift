import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime

/// The green channel, quotas, talent nominations and 政银企 meetings over the API (Policy S5).
extension APIHandler {
    func listGreenChannel(_ input: Operations.ListGreenChannel.Input) async throws -> Operations.ListGreenChannel.Output {
        try await require(.read, .finance(.greenChannel))
        try Self.checkCodes([(input.query.chain, "chain")])
        let list = try await GreenChannelSteps(db: sql, caller: caller).list(
            chain: input.query.chain, overdueOnly: input.query.overdue ?? false)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func enrolGreenChannel(_ input: Operations.EnrolGreenChannel.Input) async throws -> Operations.EnrolGreenChannel.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .finance(.greenChannel))
        let made = try await GreenChannelSteps(db: sql, caller: caller).enrol(project: input.path.id, fastTrack: body.fastTrack)
        return .ok(.init(body: .json(try Bridge.convert(made))))
    }

    func addProjectStep(_ input: Operations.AddProjectStep.Input) async throws -> Operations.AddProjectStep.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .finance(.greenChannel))
        let step = try await GreenChannelSteps(db: sql, caller: caller).addStep(
            project: input.path.id, phase: GreenChannelPhase(rawValue: body.phase.rawValue) ?? .planning, name: body.name,
            department: body.department, target: body.targetDate)
        return .created(.init(body: .json(try Bridge.convert(step))))
    }

    func completeProjectStep(_ input: Operations.CompleteProjectStep.Input) async throws -> Operations.CompleteProjectStep.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        if body.date?.isEmpty == true { throw DomainError.invalid("date", "办结日期应写作 2026-12-31，或不填（今天）") }
        let step = try await GreenChannelSteps(db: sql, caller: caller).complete(step: input.path.id, on: body.date)
        return .ok(.init(body: .json(try Bridge.convert(step))))
    }

    func requestQuota(_ input: Operations.RequestQuota.Input) async throws -> Operations.RequestQuota.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .finance(.greenChannel))
        let quota = try await Quotas(db: sql, caller: caller).request(
            project: input.path.id, kind: QuotaKind(rawValue: body.kind.rawValue) ?? .land, asked: body.asked, department: body.department)
        return .created(.init(body: .json(try Bridge.convert(quota))))
    }

    func listQuotas(_ input: Operations.ListQuotas.Input) async throws -> Operations.ListQuotas.Output {
        try await require(.read, .finance(.greenChannel))
        if let d = input.query.department, d.unicodeScalars.count > 50 { throw DomainError.invalid("department", "部门名称不超过50个字符") }
        let list = try await Quotas(db: sql, caller: caller).list(
            status: input.query.status.flatMap { QuotaStatus(rawValue: $0.rawValue) }, department: input.query.department)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func decideQuota(_ input: Operations.DecideQuota.Input) async throws -> Operations.DecideQuota.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let quota = try await Quotas(db: sql, caller: caller).decide(
            input.path.id, status: QuotaStatus(rawValue: body.status.rawValue) ?? .declined, granted: body.granted, note: body.note)
        return .ok(.init(body: .json(try Bridge.convert(quota))))
    }

    func listTalentNominations(_ input: Operations.ListTalentNominations.Input) async throws -> Operations.ListTalentNominations.Output {
        if let u = input.query.enterprise { _ = try Self.pathUSCC(u, field: "enterprise") }
        try Self.checkYear(input.query.year)
        let list = try await TalentNominations(db: sql, caller: caller).list(
            enterprise: input.query.enterprise, year: input.query.year.map(Int.init))
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func nominateTalent(_ input: Operations.NominateTalent.Input) async throws -> Operations.NominateTalent.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let enterprise = try Self.pathUSCC(body.enterprise, field: "enterprise")
        try await require(.create, .finance(.talent(enterprise: enterprise)))
        let made = try await TalentNominations(db: sql, caller: caller).nominate(
            enterprise: enterprise, programme: body.programme, person: body.person, field: body.field, level: body.level.rawValue,
            year: Int(body.year))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func moveTalentNomination(_ input: Operations.MoveTalentNomination.Input) async throws -> Operations.MoveTalentNomination.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .finance(.talentOutcome))
        let moved = try await TalentNominations(db: sql, caller: caller).move(
            input.path.id, to: TalentStatus(rawValue: body.to.rawValue) ?? .recommended, outcome: body.outcome)
        return .ok(.init(body: .json(try Bridge.convert(moved))))
    }

    func listFinanceMeetings(_ input: Operations.ListFinanceMeetings.Input) async throws -> Operations.ListFinanceMeetings.Output {
        .ok(.init(body: .json(try Bridge.convert(try await FinanceMeetings(db: sql, caller: caller).list()))))
    }

    func createFinanceMeeting(_ input: Operations.CreateFinanceMeeting.Input) async throws -> Operations.CreateFinanceMeeting.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.create, .finance(.meetings))
        let made = try await FinanceMeetings(db: sql, caller: caller).create(
            MeetingInput(
                date: body.date, title: body.title, place: body.place, banks: body.banks ?? [], enterprises: body.enterprises ?? [],
                needs: (body.needs ?? []).map { ($0.need, $0.outcome) }, notes: body.notes))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func financeMeetingSummary(_ input: Operations.FinanceMeetingSummary.Input) async throws -> Operations.FinanceMeetingSummary.Output {
        let doc = try await FinanceMeetings(db: sql, caller: caller).summary(input.path.id)
        return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_wordprocessingml_document(HTTPBody(doc.data))))
    }
}
