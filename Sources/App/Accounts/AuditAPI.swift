import ChainLeadAPI
import ChainLeadCore
import Foundation

extension APIHandler {
    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        try await require(.readAudit, .audit)
        let q = input.query
        let page = try PageRequest.make(page: q.page.map(Int.init), per: q.per.map(Int.init))
        try Self.checkLengths([("entity", q.entity, 40), ("user", q.user, 100), ("action", q.action, 60), ("key", q.key, 200)])
        let from = try q.from.map { try Self.day($0, field: "from") }
        let to = try q.to.map { try Self.day($0, field: "to").addingTimeInterval(86_400) }
        let filter = AuditFilter(entity: q.entity, user: q.user, action: q.action, key: q.key, from: from, to: to)
        let result = try await AuditQueries(db: sql).list(filter, page: page)
        let items = result.items.map { r in
            Components.Schemas.AuditEntry(
                id: r.id, at: r.at, username: r.username, clientIp: r.clientIP, entity: r.entity, entityKey: r.key,
                action: r.action, changes: .init(additionalProperties: r.changes.mapValues { .init(from: $0.from, to: $0.to) }))
        }
        return .ok(.init(body: .json(.init(items: items, metadata: page.metadata(total: result.total)))))
    }

    /// The start of a day in Asia/Shanghai.
    static func day(_ text: String, field: String) throws -> Date {
        guard let d = SimpleDate(iso: text) else { throw DomainError.invalid(field, "日期格式应为 YYYY-MM-DD") }
        return d.startInChina
    }
}
