import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime

/// Banks, collection rounds, needs, recommendations and answers over the API (Policy S5).
extension APIHandler {
    func listBanks(_ input: Operations.ListBanks.Input) async throws -> Operations.ListBanks.Output {
        .ok(.init(body: .json(try Bridge.convert(try await Banks(db: sql, caller: caller).list()))))
    }

    func createBank(_ input: Operations.CreateBank.Input) async throws -> Operations.CreateBank.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.create, .finance(.banks))
        let made = try await Banks(db: sql, caller: caller).create(
            BankView(name: body.name, branch: body.branch, contactPerson: body.contactPerson, contactPhone: body.contactPhone))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func listFinanceRounds(_ input: Operations.ListFinanceRounds.Input) async throws -> Operations.ListFinanceRounds.Output {
        .ok(.init(body: .json(try Bridge.convert(try await FinanceRounds(db: sql, caller: caller).list()))))
    }

    func createFinanceRound(_ input: Operations.CreateFinanceRound.Input) async throws -> Operations.CreateFinanceRound.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.create, .finance(.rounds))
        let made = try await FinanceRounds(db: sql, caller: caller).create(
            quarter: try Self.quarter(body.quarter), openUntil: body.openUntil, invited: body.invited ?? [])
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func getFinanceRound(_ input: Operations.GetFinanceRound.Input) async throws -> Operations.GetFinanceRound.Output {
        .ok(.init(body: .json(try Bridge.convert(try await FinanceRounds(db: sql, caller: caller).find(input.path.id)))))
    }

    func inviteToFinanceRound(_ input: Operations.InviteToFinanceRound.Input) async throws -> Operations.InviteToFinanceRound.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .finance(.rounds))
        guard !body.enterprises.isEmpty else { throw DomainError.invalid("enterprises", "请至少邀请一家企业") }
        let round = try await FinanceRounds(db: sql, caller: caller).invite(input.path.id, body.enterprises)
        return .ok(.init(body: .json(try Bridge.convert(round))))
    }

    func getFinanceFigures(_ input: Operations.GetFinanceFigures.Input) async throws -> Operations.GetFinanceFigures.Output {
        .ok(.init(body: .json(try Bridge.convert(try await FinanceFiguresQuery(db: sql, caller: caller).figures(round: input.path.id)))))
    }

    func exportFinanceRound(_ input: Operations.ExportFinanceRound.Input) async throws -> Operations.ExportFinanceRound.Output {
        let data = try await FinanceFiguresQuery(db: sql, caller: caller).workbook(round: input.path.id)
        return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
    }

    func listFinanceNeeds(_ input: Operations.ListFinanceNeeds.Input) async throws -> Operations.ListFinanceNeeds.Output {
        try await require(.read, .finance(.lists))
        try Self.checkID(input.query.round, field: "round")
        if let u = input.query.enterprise { _ = try Self.pathUSCC(u, field: "enterprise") }
        let list = try await FinanceNeeds(db: sql, caller: caller).list(round: input.query.round, enterprise: input.query.enterprise)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createFinanceNeed(_ input: Operations.CreateFinanceNeed.Input) async throws -> Operations.CreateFinanceNeed.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let enterprise = try Self.pathUSCC(body.enterprise, field: "enterprise")
        try await require(.create, .finance(.need(enterprise: enterprise)))
        let made = try await FinanceNeeds(db: sql, caller: caller).file(
            FinanceNeedInput(
                round: body.round, enterprise: enterprise, amount: body.amount, purpose: body.purpose, termMonths: Int(body.termMonths),
                collateral: body.collateral, products: body.products,
                urgency: NeedUrgency(rawValue: body.urgency?.rawValue ?? "normal") ?? .normal,
                contactPerson: body.contactPerson, contactPhone: body.contactPhone))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func getFinanceNeed(_ input: Operations.GetFinanceNeed.Input) async throws -> Operations.GetFinanceNeed.Output {
        .ok(.init(body: .json(try Bridge.convert(try await FinanceNeeds(db: sql, caller: caller).find(input.path.id)))))
    }

    func recommendFinanceNeed(_ input: Operations.RecommendFinanceNeed.Input) async throws -> Operations.RecommendFinanceNeed.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.create, .finance(.recommend))
        let need = try await Recommendations(db: sql, caller: caller).recommend(need: input.path.id, banks: body.banks)
        return .ok(.init(body: .json(try Bridge.convert(need))))
    }

    func listFinanceRecommendations(_ input: Operations.ListFinanceRecommendations.Input) async throws
        -> Operations.ListFinanceRecommendations.Output
    {
        try await require(.read, .finance(.lists))
        try Self.checkID(input.query.round, field: "round")
        if let b = input.query.bank, b.isEmpty || b.unicodeScalars.count > 50 {
            throw DomainError.invalid("bank", "银行名称应为1至50个字符")
        }
        let list = try await Recommendations(db: sql, caller: caller).list(
            round: input.query.round, bank: input.query.bank, status: input.query.status.flatMap { AnswerStatus(rawValue: $0.rawValue) })
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func answerFinanceRecommendation(_ input: Operations.AnswerFinanceRecommendation.Input) async throws
        -> Operations.AnswerFinanceRecommendation.Output
    {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let answered = try await Recommendations(db: sql, caller: caller).answer(
            input.path.id,
            AnswerInput(
                status: AnswerStatus(rawValue: body.status.rawValue) ?? .contacted, amount: body.amount, rateBand: body.rateBand,
                termMonths: body.termMonths.map(Int.init), reason: body.reason))
        return .ok(.init(body: .json(try Bridge.convert(answered))))
    }
}
