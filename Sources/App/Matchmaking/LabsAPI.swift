import ChainLeadAPI
import ChainLeadCore
import Foundation

/// Open labs and testing platforms over the API (Policy L1).
extension APIHandler {
    func listLabs(_ input: Operations.ListLabs.Input) async throws -> Operations.ListLabs.Output {
        try await require(.read, .labs(.lists))
        try Self.checkCodes([(input.query.chain, "chain")])
        if let u = input.query.owner { _ = try Self.pathUSCC(u, field: "owner") }
        let list = try await Labs(db: sql, caller: caller).list(owner: input.query.owner, chain: input.query.chain)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createLab(_ input: Operations.CreateLab.Input) async throws -> Operations.CreateLab.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        guard let kind = LabKind(rawValue: body.kind.rawValue) else { throw DomainError.malformed() }
        let made = try await Labs(db: sql, caller: caller).create(
            LabInput(
                owner: try Self.pathUSCC(body.owner, field: "owner"), name: body.name, kind: kind, capability: body.capability,
                standards: body.standards, priceBand: body.priceBand, availability: body.availability))
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func listLabBookings(_ input: Operations.ListLabBookings.Input) async throws -> Operations.ListLabBookings.Output {
        try await require(.read, .labs(.lists))
        try Self.checkID(input.query.lab, field: "lab")
        let list = try await LabBookings(db: sql, caller: caller).list(
            lab: input.query.lab, status: input.query.status.flatMap { BookingStatus(rawValue: $0.rawValue) })
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func createLabBooking(_ input: Operations.CreateLabBooking.Input) async throws -> Operations.CreateLabBooking.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.read, .labs(.lists))
        guard let from = try Self.date(body.from, field: "from") else { throw DomainError.invalid("from", "请填写开始日期") }
        guard let to = try Self.date(body.to, field: "to") else { throw DomainError.invalid("to", "请填写结束日期") }
        let made = try await LabBookings(db: sql, caller: caller).request(
            lab: body.lab, requester: try Self.pathUSCC(body.requester, field: "requester"), from: from, to: to, purpose: body.purpose)
        return .created(.init(body: .json(try Bridge.convert(made))))
    }

    func moveLabBooking(_ input: Operations.MoveLabBooking.Input) async throws -> Operations.MoveLabBooking.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try await require(.read, .labs(.lists))
        guard let to = BookingStatus(rawValue: body.to.rawValue) else { throw DomainError.malformed() }
        let moved = try await LabBookings(db: sql, caller: caller).move(input.path.id, to: to, reason: body.reason)
        return .ok(.init(body: .json(try Bridge.convert(moved))))
    }
}
