import ChainLeadCore
import Foundation
import SQLKit

/// A shared lab, piece of equipment or testing service (Policy L1), with its completed bookings.
struct LabView: Sendable, Codable {
    var id: Int64
    var owner: String
    var ownerName: String
    var name: String
    var kind: String
    var capability: String
    var standards: String?
    var priceBand: String?
    var availability: String?
    var status: String
    var completedBookings: Int
    var ownerCompletedBookings: Int
}

struct LabInput: Sendable {
    var owner: String
    var name: String
    var kind: LabKind
    var capability: String
    var standards: String? = nil
    var priceBand: String? = nil
    var availability: String? = nil
}

/// Listing labs and reading them. Labs are public to whoever may read matchmaking.
struct Labs {
    let db: any SQLDatabase
    let caller: Caller

    func create(_ input: LabInput) async throws -> LabView {
        try await Access.require(.create, .labs(.lab(owner: input.owner)), caller: caller, db: db)
        var clean = input
        clean.name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.capability = input.capability.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !clean.name.isEmpty, clean.name.count <= 100 else { throw DomainError.invalid("name", "请填写平台名称（不超过100字）") }
        guard !clean.capability.isEmpty, clean.capability.count <= 2000 else {
            throw DomainError.invalid("capability", "请说明可提供的能力（不超过2000字）：检测项目、设备参数等")
        }
        for (value, field, label, limit) in [
            (input.standards, "standards", "执行标准", 500), (input.priceBand, "priceBand", "收费区间", 100),
            (input.availability, "availability", "开放时间", 200),
        ] where (value?.count ?? 0) > limit {
            throw DomainError.invalid(field, "\(label)不超过\(limit)字")
        }
        guard
            try await db.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: input.owner)").first(
                decodingColumn: "uscc", as: String.self)
                != nil
        else { throw DomainError.invalid("owner", "企业 \(input.owner) 不在企业库中", code: "unknown_enterprise") }
        let caller = self.caller
        let checked = clean
        let id = try await db.withTransaction { tx -> Int64 in
            let clean = checked
            let id = try await tx.insert(into: "labs")
                .columns(
                    "owner_uscc", "name", "kind", "capability", "standards", "price_band", "availability", "status", "created_by",
                    "created_at"
                )
                .values(
                    SQLBind(clean.owner), SQLBind(clean.name), SQLBind(clean.kind.rawValue), SQLBind(clean.capability),
                    SQLBind(clean.standards?.nilIfBlank), SQLBind(clean.priceBand?.nilIfBlank), SQLBind(clean.availability?.nilIfBlank),
                    SQLBind("active"), SQLBind(caller.username ?? "system"), SQLBind(Date.nowSeconds())
                )
                .runReturningID()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "lab", key: "\(id)", action: "create",
                changes: ["enterprise": .init(from: nil, to: clean.owner), "name": .init(from: nil, to: clean.name)])
            return id
        }
        guard let made = try await list(id: id).first else { throw DomainError.internal }
        return made
    }

    /// Labs by owner or the owners' chain, with completed bookings per lab and per owner.
    func list(owner: String? = nil, chain: String? = nil, id: Int64? = nil, limit: Int = 1000) async throws -> [LabView] {
        try await Access.require(.read, .labs(.lists), caller: caller, db: db)
        var filter: SQLQueryString = "1 = 1"
        if let id { filter = filter + " AND l.id = \(bind: id)" }
        if let owner { filter = filter + " AND l.owner_uscc = \(bind: owner)" }
        if let chain {
            filter =
                filter
                + " AND l.owner_uscc IN (SELECT m.enterprise_uscc FROM memberships m JOIN segments s ON s.code = m.segment_code WHERE s.chain_code = \(bind: chain))"
        }
        struct Row: Decodable {
            var id: Int64
            var ownerUscc: String
            var ownerName: String
            var name: String
            var kind: String
            var capability: String
            var standards: String?
            var priceBand: String?
            var availability: String?
            var status: String
            var completed: Int
        }
        let rows = try await db.raw(
            """
            SELECT l.id, l.owner_uscc, e.name AS owner_name, l.name, l.kind, l.capability, l.standards, l.price_band, l.availability,
              l.status, (SELECT COUNT(*) FROM lab_bookings b WHERE b.lab_id = l.id AND b.status = 'completed') AS completed
            FROM labs l JOIN enterprises e ON e.uscc = l.owner_uscc WHERE \(filter) ORDER BY l.id DESC LIMIT \(bind: limit)
            """
        ).rows(Row.self)
        var perOwner: [String: Int] = [:]
        let owners = Set(rows.map(\.ownerUscc))
        if !owners.isEmpty {
            for r in try await db.raw(
                """
                SELECT l.owner_uscc AS code, COUNT(*) AS n FROM lab_bookings b JOIN labs l ON l.id = b.lab_id
                WHERE b.status = 'completed' AND l.owner_uscc IN \(SQLGroupExpression(SQLList(owners.sorted().map { SQLBind($0) })))
                GROUP BY l.owner_uscc
                """
            ).all() {
                perOwner[try r.decode(column: "code", as: String.self)] = try r.decode(column: "n", as: Int.self)
            }
        }
        return rows.map {
            LabView(
                id: $0.id, owner: $0.ownerUscc, ownerName: $0.ownerName, name: $0.name, kind: $0.kind, capability: $0.capability,
                standards: $0.standards, priceBand: $0.priceBand, availability: $0.availability, status: $0.status,
                completedBookings: $0.completed, ownerCompletedBookings: perOwner[$0.ownerUscc] ?? 0)
        }
    }

    func find(_ id: Int64) async throws -> LabView {
        guard let lab = try await list(id: id).first else { throw DomainError(.notFound, "not_found", "开放平台 \(id) 不存在") }
        return lab
    }
}
