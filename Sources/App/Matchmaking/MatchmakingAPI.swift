import ChainLeadAPI
import ChainLeadCore
import Foundation

/// Supply–demand matchmaking over the API (Policy L1, L3): demands, suggestions, candidates,
/// offers, matches and their figures.
extension APIHandler {
    var matchScope: SupportingRateScope { app.chainLead.supplyScope }

    func listDemands(_ input: Operations.ListDemands.Input) async throws -> Operations.ListDemands.Output {
        try await require(.read, .matchmaking(.lists))
        try Self.checkCodes([(input.query.chain, "chain"), (input.query.segment, "segment")])
        if let u = input.query.buyer { _ = try Self.pathUSCC(u, field: "buyer") }
        let list = try await Demands(db: sql, caller: caller).list(
            DemandFilter(
                buyer: input.query.buyer, chain: input.query.chain, segment: input.query.segment, status: input.query.status?.rawValue))
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createDemand(_ input: Operations.CreateDemand.Input) async throws -> Operations.CreateDemand.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.checkCodes([(body.segment, "segment")])
        let made = try await Demands(db: sql, caller: caller).create(
            DemandInput(
                buyer: try Self.pathUSCC(body.buyer, field: "buyer"), title: body.title, description: body.description,
                segment: body.segment, quantity: body.quantity, budgetBand: body.budgetBand,
                needBy: try Self.date(body.needBy, field: "needBy"), deliveryPlace: body.deliveryPlace,
                certifications: body.certifications ?? [], preferLocal: body.preferLocal ?? true,
                visibility: body.visibility?.rawValue ?? "segment", event: body.event))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func getDemand(_ input: Operations.GetDemand.Input) async throws -> Operations.GetDemand.Output {
        try await require(.read, .matchmaking(.lists))
        return .ok(.init(body: .json(try Bridge.convert(try await Demands(db: sql, caller: caller).find(input.path.id)))))
    }

    func listDemandCandidates(_ input: Operations.ListDemandCandidates.Input) async throws -> Operations.ListDemandCandidates.Output {
        try await require(.read, .matchmaking(.lists))
        let limit = Int(input.query.limit ?? 50)
        guard (1...200).contains(limit) else { throw DomainError.invalid("limit", "limit 应在1至200之间", code: "out_of_range") }
        let items = try await Candidates(db: sql, caller: caller, scope: matchScope).rank(demand: input.path.id, limit: limit)
        return .ok(.init(body: .json(.init(demand: input.path.id, items: try Bridge.convert(items)))))
    }

    func listDemandSuggestions(_ input: Operations.ListDemandSuggestions.Input) async throws -> Operations.ListDemandSuggestions.Output {
        try await require(.read, .matchmaking(.lists))
        if let u = input.query.buyer { _ = try Self.pathUSCC(u, field: "buyer") }
        try Self.checkYear(input.query.year)
        let list = try await DemandSuggestions(db: sql, caller: caller, scope: matchScope).list(
            buyer: input.query.buyer, year: input.query.year.map(Int.init))
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func listOffers(_ input: Operations.ListOffers.Input) async throws -> Operations.ListOffers.Output {
        try await require(.read, .matchmaking(.lists))
        try Self.checkCodes([(input.query.segment, "segment")])
        if let u = input.query.enterprise { _ = try Self.pathUSCC(u, field: "enterprise") }
        let list = try await Offers(db: sql, caller: caller).list(enterprise: input.query.enterprise, segment: input.query.segment)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createOffer(_ input: Operations.CreateOffer.Input) async throws -> Operations.CreateOffer.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.checkCodes(body.segments.map { ($0, "segments") })
        let made = try await Offers(db: sql, caller: caller).create(
            OfferInput(
                enterprise: try Self.pathUSCC(body.enterprise, field: "enterprise"), title: body.title, description: body.description,
                segments: body.segments, certifications: body.certifications ?? [], capacity: body.capacity,
                referenceCustomers: body.referenceCustomers))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func listMatches(_ input: Operations.ListMatches.Input) async throws -> Operations.ListMatches.Output {
        try await require(.read, .matchmaking(.lists))
        try Self.checkID(input.query.demand, field: "demand")
        let list = try await Matches(db: sql, caller: caller, scope: matchScope).list(
            demand: input.query.demand, status: input.query.status.flatMap { MatchStatus(rawValue: $0.rawValue) })
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createMatch(_ input: Operations.CreateMatch.Input) async throws -> Operations.CreateMatch.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.read, .matchmaking(.lists))
        let made = try await Matches(db: sql, caller: caller, scope: matchScope).open(
            demand: body.demand, supplier: try Self.pathUSCC(body.supplier, field: "supplier"), event: body.event)
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func moveMatch(_ input: Operations.MoveMatch.Input) async throws -> Operations.MoveMatch.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.read, .matchmaking(.lists))
        guard let to = MatchStatus(rawValue: body.to.rawValue) else { throw DomainError.malformed() }
        // Every field as the spec bounds it, whichever step it is for.
        if let amount = body.amount, !(1...Money.ceiling).contains(amount) {
            throw DomainError.invalid("amount", "成交金额（元）应在1元至\(Money.ceilingZh)之间", code: "out_of_range")
        }
        try Self.checkYear(body.year)
        let moved = try await Matches(db: sql, caller: caller, scope: matchScope).move(
            input.path.id,
            MatchMoveInput(
                to: to, amount: body.amount, year: body.year.map(Int.init),
                category: try body.category.map { try mirrored($0) as SupplyCategory }, reason: body.reason))
        return .ok(.init(body: .json(try Bridge.convert(moved))))
    }

    func rateMatch(_ input: Operations.RateMatch.Input) async throws -> Operations.RateMatch.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try await require(.read, .matchmaking(.lists))
        let rated = try await Matches(db: sql, caller: caller, scope: matchScope).rate(input.path.id, score: Int(body.score))
        return .ok(.init(body: .json(try Bridge.convert(rated))))
    }

    func getMatchmakingFigures(_ input: Operations.GetMatchmakingFigures.Input) async throws -> Operations.GetMatchmakingFigures.Output {
        try await require(.read, .matchmaking(.lists))
        try Self.checkYear(input.query.year)
        let figures = try await MatchmakingFigures(db: sql, caller: caller, scope: matchScope).figures(
            year: input.query.year.map(Int.init) ?? SimpleDate.today().year)
        return .ok(.init(body: .json(try Bridge.convert(figures))))
    }
}

extension APIHandler {
    /// A row id in a query: 1 or more, as the spec says (the generated server does not check).
    static func checkID(_ id: Int64?, field: String) throws {
        if let id, id < 1 { throw DomainError.invalid(field, "\(field) 应为正整数", code: "out_of_range") }
    }
}
