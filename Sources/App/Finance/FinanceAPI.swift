import ChainLeadAPI
import ChainLeadCore
import Foundation

/// The financing whitelist over the API (Policy S5).
extension APIHandler {
    var whitelists: Whitelists { Whitelists(db: sql, caller: caller, scope: app.chainLead.supplyScope) }

    static func quarter(_ text: String) throws -> Quarter {
        guard let q = Quarter(text) else { throw DomainError.invalid("quarter", "季度应写作 2026Q4（2000至2100年）", code: "bad_quarter") }
        return q
    }

    func deriveWhitelist(_ input: Operations.DeriveWhitelist.Input) async throws -> Operations.DeriveWhitelist.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.create, .finance(.whitelists))
        let made = try await whitelists.derive(try Self.quarter(body.quarter))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func getWhitelist(_ input: Operations.GetWhitelist.Input) async throws -> Operations.GetWhitelist.Output {
        try await require(.read, .finance(.whitelists))
        let q = try Self.quarter(input.path.quarter)
        let page = try PageRequest.make(page: input.query.page.map(Int.init), per: input.query.per.map(Int.init))
        let list = whitelists
        let head = try await list.find(q.description)
        let result = try await list.items(q, page: page)
        return .ok(
            .init(
                body: .json(
                    .init(
                        value1: try Bridge.convert(head),
                        value2: .init(items: try Bridge.convert(result.items), metadata: page.metadata(total: result.total))))))
    }

    func decideWhitelistItem(_ input: Operations.DecideWhitelistItem.Input) async throws -> Operations.DecideWhitelistItem.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.update, .finance(.whitelists))
        let item = try await whitelists.decide(
            try Self.quarter(input.path.quarter), enterprise: try Self.pathUSCC(input.path.uscc), included: body.included,
            reason: body.reason)
        return .ok(.init(body: .json(try Bridge.convert(item))))
    }

    func publishWhitelist(_ input: Operations.PublishWhitelist.Input) async throws -> Operations.PublishWhitelist.Output {
        try await require(.update, .finance(.whitelists))
        let published = try await whitelists.publish(try Self.quarter(input.path.quarter))
        return .ok(.init(body: .json(try Bridge.convert(published))))
    }
}
