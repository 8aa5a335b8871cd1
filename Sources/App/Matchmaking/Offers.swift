import ChainLeadCore
import Foundation
import SQLKit

/// What a firm can supply (供给能力, Policy L1, L3), as shown. Offers are public to every
/// signed-in user who may read matchmaking: a firm publishes them to be found.
struct OfferView: Sendable, Codable {
    var id: Int64
    var enterprise: String
    var enterpriseName: String
    var title: String
    var description: String
    var segments: [String]
    var certifications: [String]
    var capacity: String?
    var referenceCustomers: String?
    var createdAt: Date
}

struct OfferInput: Sendable {
    var enterprise: String
    var title: String
    var description: String
    var segments: [String]
    var certifications: [String] = []
    var capacity: String? = nil
    var referenceCustomers: String? = nil
}

struct Offers {
    let db: any SQLDatabase
    let caller: Caller

    func create(_ input: OfferInput) async throws -> OfferView {
        try await Access.require(.create, .matchmaking(.offer(enterprise: input.enterprise)), caller: caller, db: db)
        let clean = try await check(input)
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            let id = try await tx.insert(into: "offers")
                .columns(
                    "enterprise_uscc", "title", "description", "certifications", "capacity", "reference_customers", "created_by",
                    "created_at"
                )
                .values(
                    SQLBind(clean.enterprise), SQLBind(clean.title), SQLBind(clean.description),
                    SQLBind(clean.certifications.joined(separator: "\n")), SQLBind(clean.capacity), SQLBind(clean.referenceCustomers),
                    SQLBind(caller.username ?? "system"), SQLBind(Date.nowSeconds())
                )
                .runReturningID()
            for s in clean.segments {
                try await tx.insert(into: "offer_segments").columns("offer_id", "segment").values(SQLBind(id), SQLBind(s)).run()
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "offer", key: "\(id)", action: "create",
                changes: [
                    "enterprise": .init(from: nil, to: clean.enterprise), "title": .init(from: nil, to: clean.title),
                    "segments": .init(from: nil, to: clean.segments.joined(separator: ",")),
                ])
            return id
        }
        guard let made = try await list(id: id).first else { throw DomainError.internal }
        return made
    }

    func check(_ input: OfferInput) async throws -> OfferInput {
        var out = input
        out.title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        out.description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !out.title.isEmpty, out.title.count <= 100 else { throw DomainError.invalid("title", "请填写供给能力名称（不超过100字）") }
        guard !out.description.isEmpty, out.description.count <= 2000 else {
            throw DomainError.invalid("description", "请描述可供产品或服务（不超过2000字）")
        }
        out.capacity = input.capacity?.nilIfBlank
        out.referenceCustomers = input.referenceCustomers?.nilIfBlank
        if (out.capacity?.count ?? 0) > 200 { throw DomainError.invalid("capacity", "供货能力不超过200字") }
        if (out.referenceCustomers?.count ?? 0) > 500 { throw DomainError.invalid("referenceCustomers", "典型客户不超过500字") }
        out.certifications = try Self.certifications(input.certifications)
        var seen = Set<String>()
        out.segments = input.segments.filter { seen.insert($0).inserted }
        guard (1...10).contains(out.segments.count) else { throw DomainError.invalid("segments", "请选择1至10个可供货的环节") }
        let known = try await db.raw(
            "SELECT code FROM segments WHERE retired_on IS NULL AND code IN \(SQLGroupExpression(SQLList(out.segments.map { SQLBind($0) })))"
        ).all(decodingColumn: "code", as: String.self)
        if let bad = out.segments.first(where: { !known.contains($0) }) {
            throw DomainError.invalid("segments", "环节 \(bad) 不存在或已停用", code: "unknown_segment")
        }
        guard
            try await db.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: input.enterprise)")
                .first(decodingColumn: "uscc", as: String.self) != nil
        else { throw DomainError.invalid("enterprise", "企业 \(input.enterprise) 不在企业库中", code: "unknown_enterprise") }
        return out
    }

    /// Certifications as typed: trimmed, one each, at most 20 of 50 characters.
    static func certifications(_ list: [String]) throws -> [String] {
        var seen = Set<String>()
        let out = list.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard out.count <= 20, out.allSatisfy({ $0.count <= 50 && !$0.contains("\n") }) else {
            throw DomainError.invalid("certifications", "资质最多20项，每项不超过50字")
        }
        return out
    }

    static func split(_ joined: String) -> [String] { joined.split(separator: "\n").map(String.init) }

    func list(enterprise: String? = nil, segment: String? = nil, id: Int64? = nil, event: Int64? = nil, limit: Int = 1000) async throws
        -> [OfferView]
    {
        try await Access.require(.read, .matchmaking(.lists), caller: caller, db: db)
        var filter: SQLQueryString = "1 = 1"
        if let id { filter = filter + " AND o.id = \(bind: id)" }
        if let enterprise { filter = filter + " AND o.enterprise_uscc = \(bind: enterprise)" }
        if let event {
            filter = filter + " AND o.enterprise_uscc IN (SELECT enterprise_uscc FROM event_firms WHERE event_id = \(bind: event))"
        }
        if let segment { filter = filter + " AND o.id IN (SELECT offer_id FROM offer_segments WHERE segment = \(bind: segment))" }
        struct Row: Decodable {
            var id: Int64
            var enterpriseUscc: String
            var enterpriseName: String
            var title: String
            var description: String
            var certifications: String
            var capacity: String?
            var referenceCustomers: String?
            var createdAt: Date
        }
        let rows = try await db.raw(
            """
            SELECT o.id, o.enterprise_uscc, e.name AS enterprise_name, o.title, o.description, o.certifications, o.capacity,
              o.reference_customers, o.created_at
            FROM offers o JOIN enterprises e ON e.uscc = o.enterprise_uscc WHERE \(filter) ORDER BY o.id DESC LIMIT \(bind: limit)
            """
        ).rows(Row.self)
        var segments: [Int64: [String]] = [:]
        if !rows.isEmpty {
            for r in try await db.raw(
                "SELECT offer_id, segment FROM offer_segments WHERE offer_id IN \(SQLGroupExpression(SQLList(rows.map { SQLBind($0.id) })))"
            ).all() {
                segments[try r.decode(column: "offer_id", as: Int64.self), default: []].append(
                    try r.decode(column: "segment", as: String.self))
            }
        }
        return rows.map {
            OfferView(
                id: $0.id, enterprise: $0.enterpriseUscc, enterpriseName: $0.enterpriseName, title: $0.title, description: $0.description,
                segments: (segments[$0.id] ?? []).sorted(), certifications: Self.split($0.certifications), capacity: $0.capacity,
                referenceCustomers: $0.referenceCustomers, createdAt: $0.createdAt)
        }
    }
}
