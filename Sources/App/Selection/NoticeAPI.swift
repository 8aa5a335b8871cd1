import ChainLeadAPI
import ChainLeadCore
import Foundation
import OpenAPIRuntime

/// Shortlists, the chief's decision, public notices and objections over the API (Policy S1, S2).
extension APIHandler {
    func proposeShortlist(_ input: Operations.ProposeShortlist.Input) async throws -> Operations.ProposeShortlist.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.checkCodes([(body.chain, "chain")])
        try Self.checkLengths([("note", body.note, 2000)])
        for u in body.enterprises { _ = try Self.pathUSCC(u, field: "enterprises") }
        let s = try await Shortlists(db: sql, caller: caller).propose(
            campaign: input.path.id, chain: body.chain, enterprises: body.enterprises, note: body.note?.nilIfBlank)
        return .created(.init(body: .json(try Bridge.convert(s))))
    }

    func listShortlists(_ input: Operations.ListShortlists.Input) async throws -> Operations.ListShortlists.Output {
        try Self.checkCodes([(input.query.chain, "chain")])
        let list = try await Shortlists(db: sql, caller: caller).list(campaign: input.path.id, chain: input.query.chain)
        return .ok(.init(body: .json(try Bridge.convert(list))))
    }

    func getShortlist(_ input: Operations.GetShortlist.Input) async throws -> Operations.GetShortlist.Output {
        .ok(.init(body: .json(try Bridge.convert(try await Shortlists(db: sql, caller: caller).find(input.path.id)))))
    }

    func decideShortlist(_ input: Operations.DecideShortlist.Input) async throws -> Operations.DecideShortlist.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.checkLengths([("comment", body.comment, 2000)])
        let s = try await Shortlists(db: sql, caller: caller).decide(
            input.path.id, approve: body.decision == .approve, comment: body.comment)
        return .ok(.init(body: .json(try Bridge.convert(s))))
    }

    func publishNotice(_ input: Operations.PublishNotice.Input) async throws -> Operations.PublishNotice.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        guard let from = try Self.date(body.from, field: "from") else { throw DomainError.invalid("from", "请填写公示开始日期") }
        let n = try await Notices(db: sql, caller: caller).publish(shortlist: input.path.id, from: from, workingDays: Int(body.workingDays))
        return .created(.init(body: .json(try Bridge.convert(n))))
    }

    func getNotice(_ input: Operations.GetNotice.Input) async throws -> Operations.GetNotice.Output {
        .ok(.init(body: .json(try Bridge.convert(try await Notices.find(input.path.id, db: sql)))))
    }

    func fileObjection(_ input: Operations.FileObjection.Input) async throws -> Operations.FileObjection.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        let uscc = try Self.pathUSCC(body.enterprise, field: "enterprise")
        try Self.checkLengths([("reason", body.reason, 2000), ("contact", body.contact, 200)])
        let o = try await Objections(db: sql, caller: caller).file(
            notice: input.path.id, enterprise: uscc, reason: body.reason, objector: caller.username ?? "",
            contact: body.contact?.nilIfBlank, clientIP: caller.clientIP)
        return .created(.init(body: .json(try Bridge.convert(o))))
    }

    func listObjections(_ input: Operations.ListObjections.Input) async throws -> Operations.ListObjections.Output {
        .ok(.init(body: .json(try Bridge.convert(try await Objections(db: sql, caller: caller).list(notice: input.path.id)))))
    }

    func decideObjection(_ input: Operations.DecideObjection.Input) async throws -> Operations.DecideObjection.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [])
        try Self.checkLengths([("reason", body.reason, 1000)])
        let o = try await Objections(db: sql, caller: caller).decide(input.path.id, upheld: body.outcome == .upheld, reason: body.reason)
        return .ok(.init(body: .json(try Bridge.convert(o))))
    }

    func addObjectionAttachment(_ input: Operations.AddObjectionAttachment.Input) async throws -> Operations.AddObjectionAttachment.Output {
        guard case .binary(let body) = input.body else { throw DomainError.malformed() }
        let objections = Objections(db: sql, caller: caller)
        let r = try await objections.row(input.path.id)
        try await objections.authoriseAttach(r)
        let data: Data
        do {
            data = try await Upload.collect(body, limit: Attachments.maxBytes)
        } catch let e as DomainError where e.status == .payloadTooLarge {
            throw Attachments.tooLarge
        }
        let info = try await objections.attach(r, fileName: input.query.fileName, data: data)
        return .created(.init(body: .json(try Bridge.convert(info))))
    }

    func getObjectionAttachment(_ input: Operations.GetObjectionAttachment.Input) async throws -> Operations.GetObjectionAttachment.Output {
        let (_, data) = try await Objections(db: sql, caller: caller).file(objection: input.path.id, attachment: input.path.attachmentId)
        return .ok(.init(body: .binary(HTTPBody(data))))
    }
}
