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
        let rules = body.rules.map {
            WhitelistRules(
                minShare: $0.minShare, minAmount: $0.minAmount, maxDebtRatio: $0.maxDebtRatio, excludeDishonest: $0.excludeDishonest,
                requireFigures: $0.requireFigures)
        }
        let made = try await whitelists.derive(try Self.quarter(body.quarter), rules: rules)
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

/// A firm's dishonesty flags: its violations of a dishonesty kind (`Whitelists.dishonestKinds`),
/// read under the violations' own access rule.
struct DishonestyFlagView: Sendable, Codable {
    var id: Int64
    var kind: String
    var since: String
    var source: String?
    var cleared: Bool
}

extension APIHandler {
    func listDishonestyFlags(_ input: Operations.ListDishonestyFlags.Input) async throws -> Operations.ListDishonestyFlags.Output {
        let uscc = try Self.pathUSCC(input.path.uscc)
        _ = try await Violations(db: sql, caller: caller).list(uscc)  // the access check and 404
        let flags = try await sql.raw(
            """
            SELECT v.id, v.kind, v.date AS since, v.source, v.status FROM violations v
            WHERE v.enterprise_uscc = \(bind: uscc) AND \(Whitelists.dishonestKinds) ORDER BY v.date DESC, v.id DESC
            """
        ).all().map {
            DishonestyFlagView(
                id: try $0.decode(column: "id", as: Int64.self), kind: try $0.decode(column: "kind", as: String.self),
                since: try $0.decode(column: "since", as: String.self), source: try $0.decode(column: "source", as: String?.self),
                cleared: try $0.decode(column: "status", as: String.self) == "closed")
        }
        return .ok(.init(body: .json(try Bridge.convert(flags))))
    }
}
