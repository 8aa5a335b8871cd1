import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime

/// Recognitions, pools, reviews, warnings, violations and targets over the API (Policy S2, G1, G2).
extension APIHandler {
    func listRecognitions(_ input: Operations.ListRecognitions.Input) async throws -> Operations.ListRecognitions.Output {
        try Self.checkCodes([(input.query.chain, "chain")])
        try await require(.read, .selection(.chain(input.query.chain)))
        let list = try await Recognitions(db: sql, caller: caller).list(
            chain: input.query.chain, status: input.query.status?.rawValue,
            reviewDueBefore: try Self.date(input.query.reviewDueBefore, field: "reviewDueBefore"))
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func applyPoolProposals(_ input: Operations.ApplyPoolProposals.Input) async throws -> Operations.ApplyPoolProposals.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.checkCodes([(body.chain, "chain")])
        let moved = try await Pools(db: sql, caller: caller).applyProposals(campaign: input.path.id, chain: body.chain, today: today)
        return .ok(.init(body: .json(.init(moved: Int32(clamping: moved)))))
    }

    func listPools(_ input: Operations.ListPools.Input) async throws -> Operations.ListPools.Output {
        struct Firm: Encodable {
            var enterprise, name, tier, since: String
            var lastScore: Double?
            var outputValue: Int64?
            var outputGap: Int64?
            var scoreGap: Double?
        }
        struct Movement: Encodable { var year, `in`, up, down, out: Int }
        struct Pool: Encodable {
            var chain: String
            var leader, candidate, backbone, emerging: [Firm]
            var movement: Movement
        }
        try Self.checkCodes([(input.query.chain, "chain")])
        let pools = Pools(db: sql, caller: caller)
        let chain = input.query.chain
        let entries = try await pools.entries(chain: chain)
        let m = try await pools.movement(chain: chain, year: today.year)
        func firms(_ t: Tier) -> [Firm] {
            entries.filter { $0.tier == t }.map {
                Firm(
                    enterprise: $0.enterprise, name: $0.name, tier: $0.tier.rawValue, since: $0.since, lastScore: $0.lastScore,
                    outputValue: $0.outputValue, outputGap: $0.outputGap, scoreGap: $0.scoreGap)
            }
        }
        let pool = Pool(
            chain: chain, leader: firms(.leader), candidate: firms(.candidate), backbone: firms(.backbone), emerging: firms(.emerging),
            movement: Movement(year: today.year, in: m.entered, up: m.up, down: m.down, out: m.left))
        return .ok(.init(body: .json(try Bridge.convert(pool))))
    }

    func movePool(_ input: Operations.MovePool.Input) async throws -> Operations.MovePool.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let uscc = try Self.pathUSCC(body.enterprise, field: "enterprise")
        try Self.checkCodes([(body.chain, "chain")])
        let tier = Tier(rawValue: body.tier.rawValue) ?? .none
        let previous = try await Pools(db: sql, caller: caller).move(
            enterprise: uscc, chain: body.chain, to: tier, reason: body.reason, today: today)
        return .ok(.init(body: .json(.init(enterprise: uscc, chain: body.chain, tier: tier.rawValue, previousTier: previous.rawValue))))
    }

    func listReviewsDue(_ input: Operations.ListReviewsDue.Input) async throws -> Operations.ListReviewsDue.Output {
        try await require(.read, .selection(.chain(nil)))
        if let days = input.query.dueWithinDays, !(0...3650).contains(days) {
            throw DomainError.invalid("dueWithinDays", "天数应在0到3650之间")
        }
        let list = try await Reviews(db: sql, caller: caller).due(withinDays: Int(input.query.dueWithinDays ?? 90), today: today)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func startReview(_ input: Operations.StartReview.Input) async throws -> Operations.StartReview.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let v = try await Reviews(db: sql, caller: caller).start(recognition: body.recognition, today: today)
        return .created(.init(body: .json(try Bridge.convert(SelectionDTO.Review(v)))))
    }

    func getReview(_ input: Operations.GetReview.Input) async throws -> Operations.GetReview.Output {
        let v = try await Reviews(db: sql, caller: caller).find(input.path.id)
        return .ok(.init(body: .json(try Bridge.convert(SelectionDTO.Review(v)))))
    }

    func decideReview(_ input: Operations.DecideReview.Input) async throws -> Operations.DecideReview.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let decision = Reviews.Decision(
            outcome: ReviewOutcome(rawValue: body.outcome.rawValue) ?? .retained, items: body.items ?? [],
            deadline: try Self.date(body.deadline, field: "deadline"), toTier: body.toTier.flatMap { Tier(rawValue: $0.rawValue) },
            reason: body.reason)
        let v = try await Reviews(db: sql, caller: caller).decide(input.path.id, decision, today: today)
        return .ok(.init(body: .json(try Bridge.convert(SelectionDTO.Review(v)))))
    }

    func listWarnings(_ input: Operations.ListWarnings.Input) async throws -> Operations.ListWarnings.Output {
        struct W: Encodable {
            var enterprise, enterpriseName, chain: String
            var recognition: Int64
            var kind, message: String
            var numbers: [String: Double]
        }
        try Self.checkCodes([(input.query.chain, "chain")])
        try await require(.read, .selection(.chain(input.query.chain)))
        let list = try await Warnings(db: sql, caller: caller).list(today: today, chain: input.query.chain).map {
            W(
                enterprise: $0.enterprise, enterpriseName: $0.enterpriseName, chain: $0.chain, recognition: $0.recognition,
                kind: $0.warning.kind.rawValue, message: $0.warning.message, numbers: $0.warning.numbers)
        }
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func listViolations(_ input: Operations.ListViolations.Input) async throws -> Operations.ListViolations.Output {
        let uscc = try Self.pathUSCC(input.path.uscc)
        return .ok(.init(body: .json(try Bridge.convert(try await Violations(db: sql, caller: caller).list(uscc)))))
    }

    func createViolation(_ input: Operations.CreateViolation.Input) async throws -> Operations.CreateViolation.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let uscc = try Self.pathUSCC(input.path.uscc)
        try Self.checkLengths([("kind", body.kind, 100), ("source", body.source, 200)])
        guard let date = try Self.date(body.date, field: "date") else { throw DomainError.invalid("date", "请填写日期") }
        let v = try await Violations(db: sql, caller: caller).create(
            uscc, kind: body.kind, date: date, severity: body.severity.rawValue, status: body.status.rawValue,
            source: body.source?.nilIfBlank)
        return .created(.init(body: .json(try Bridge.convert(v))))
    }

    func updateViolation(_ input: Operations.UpdateViolation.Input) async throws -> Operations.UpdateViolation.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let uscc = try Self.pathUSCC(input.path.uscc)
        let v = try await Violations(db: sql, caller: caller).update(
            uscc, id: input.path.id, severity: body.severity?.rawValue, status: body.status?.rawValue)
        return .ok(.init(body: .json(try Bridge.convert(v))))
    }

    func getTargets(_ input: Operations.GetTargets.Input) async throws -> Operations.GetTargets.Output {
        struct Out: Encodable {
            struct T: Encodable {
                var code: String
                var value: Double
                var target: Double
                var dataYear: Int
                var items: [TargetFirm]
                var trend: [TargetPoint]
                var clusters: [TargetCluster]
            }
            var year: Int
            var asOf: Date
            var targets: [T]
        }
        try await require(.read, .selection(.targets))
        try Self.checkYear(input.query.year)
        let year = input.query.year.map(Int.init) ?? today.year
        let summaries = try await Targets(db: sql, caller: caller, scope: app.chainLead.supplyScope).summaries(year: year, today: today)
        let out = Out(
            year: year, asOf: Date.nowSeconds(),
            targets: summaries.map {
                .init(
                    code: $0.figure.code, value: $0.figure.value, target: $0.figure.target, dataYear: $0.dataYear, items: $0.figure.items,
                    trend: $0.trend, clusters: $0.clusters)
            })
        return .ok(.init(body: .json(try Bridge.convert(out))))
    }
}
