import ChainLeadCore
import Fluent
import Foundation
import SQLKit

/// A queued match as stored (decoded from its snake_case columns).
struct SupplierMatchRecord: Sendable, Decodable {
    var id: Int64
    var supplierKey: String
    var supplierName: String
    var supplierCity: String?
    var candidateUscc: String
    var candidateName: String
    var reason: String
    var status: String
    var links: Int
    var decidedBy: String?
    var decidedAt: Date?
}

/// The resolution queue: an official confirms or rejects a likely match once; a confirmed
/// pair turns the supplier's links into links to the registered firm (local from then on).
struct SupplierMatches {
    let db: any SQLDatabase
    /// Who acts: checked, and recorded in the audit trail.
    let caller: Caller
    var sql: any SQLDatabase { db }

    func list(status: String?) async throws -> [SupplierMatchRecord] {
        let filter: SQLQueryString = status.map { " WHERE m.status = \(bind: $0)" } ?? ""
        return try await sql.raw(
            """
            SELECT m.id, m.supplier_key, m.supplier_name, m.supplier_city, m.candidate_uscc, e.name AS candidate_name, m.reason,
              m.status, m.decided_by, m.decided_at,
              (SELECT COUNT(*) FROM supply_links l WHERE l.supplier_key = m.supplier_key) AS links
            FROM supplier_matches m JOIN enterprises e ON e.uscc = m.candidate_uscc\(filter) ORDER BY m.id LIMIT 1000
            """
        ).all().map(Self.record)
    }

    func find(_ id: Int64) async throws -> SupplierMatchRecord {
        guard
            let row = try await sql.raw(
                """
                SELECT m.id, m.supplier_key, m.supplier_name, m.supplier_city, m.candidate_uscc, e.name AS candidate_name, m.reason,
                  m.status, m.decided_by, m.decided_at,
                  (SELECT COUNT(*) FROM supply_links l WHERE l.supplier_key = m.supplier_key) AS links
                FROM supplier_matches m JOIN enterprises e ON e.uscc = m.candidate_uscc WHERE m.id = \(bind: id)
                """
            ).first()
        else { throw DomainError.notFound("供应商匹配 \(id)", field: "id") }
        return try Self.record(row)
    }

    static func record(_ row: any SQLRow) throws -> SupplierMatchRecord {
        try row.typed(SupplierMatchRecord.self)
    }

    func decide(_ id: Int64, confirm: Bool) async throws -> SupplierMatchRecord {
        let match = try await find(id)
        guard match.status == "pending" else {
            throw DomainError(.conflict, "already_decided", "该匹配已于此前\(match.status == "confirmed" ? "确认" : "否定")，无需重复处理", field: "id")
        }
        let now = Date.nowSeconds()
        let by = caller.username
        try await db.withTransaction { tx in
            // Decided once: of two racing decisions one wins, the other changes nothing (409).
            let decided = try await tx.update("supplier_matches").set("status", to: SQLBind(confirm ? "confirmed" : "rejected"))
                .set("decided_by", to: SQLBind(by)).set("decided_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind("pending")).returning("id").all()
            guard !decided.isEmpty else {
                throw DomainError(.conflict, "already_decided", "该匹配刚被他人处理，无需重复处理", field: "id")
            }
            if confirm {
                // One supplier is one firm: the other candidates for it are answered too.
                try await tx.update("supplier_matches").set("status", to: SQLBind("rejected")).set("decided_by", to: SQLBind(by))
                    .set("decided_at", to: SQLBind(now))
                    .where("supplier_key", .equal, SQLBind(match.supplierKey)).where("status", .equal, SQLBind("pending")).run()
                try await Self.relink(tx, from: match.supplierKey, to: match.candidateUscc, fromYear: nil, how: "confirmed")
            } else {
                let open =
                    try await tx.raw(
                        """
                        SELECT COUNT(*) AS n FROM supplier_matches WHERE supplier_key = \(bind: match.supplierKey) AND status = 'pending'
                        """
                    ).first(decodingColumn: "n", as: Int.self) ?? 0
                if open == 0 {
                    try await FigureCache.bump(tx)
                    try await tx.update("supply_links").set("resolution", to: SQLBind("outside"))
                        .where("supplier_key", .equal, SQLBind(match.supplierKey)).run()
                }
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "supplier_match", key: "\(id)", action: confirm ? "confirm" : "reject",
                changes: [
                    "supplier": .init(from: nil, to: match.supplierName + (match.supplierCity.map { "（\($0)）" } ?? "")),
                    "candidate": .init(from: nil, to: match.candidateUscc),
                ])
        }
        return try await find(id)
    }

    /// Re-points an outside supplier's links (from `fromYear` on, or all) at a registered firm.
    /// A link that would then repeat one the buyer already has is added into it.
    static func relink(_ db: any SQLDatabase, from key: String, to uscc: String, fromYear: Int?, how: String) async throws {
        try await FigureCache.bump(db)
        struct Firm: Decodable {
            var name: String
            var district: String
        }
        struct Link: Decodable {
            var id: Int64
            var buyerUscc: String
            var segment: String
            var year: Int
            var category: String
            var amount: Int64
        }
        struct Twin: Decodable {
            var id: Int64
            var amount: Int64
        }
        guard
            let firm = try await db.raw("SELECT name, district_code AS district FROM enterprises WHERE uscc = \(bind: uscc)").row(Firm.self)
        else {
            throw DomainError.notFound("统一社会信用代码为 \(uscc) 的企业", field: "uscc")
        }
        let name = firm.name
        let district = firm.district
        let yearFilter: SQLQueryString = fromYear.map { " AND year >= \(bind: $0)" } ?? ""
        let rows = try await db.raw(
            """
            SELECT id, buyer_uscc, segment, year, category, amount FROM supply_links WHERE supplier_key = \(bind: key) AND source = 'reported'\(yearFilter)
            """
        ).rows(Link.self)
        for row in rows {
            let id = row.id
            let buyer = row.buyerUscc
            if buyer == uscc {
                // A firm buying from itself after landing: not a supply link any more.
                try await db.delete(from: "supply_links").where("id", .equal, SQLBind(id)).run()
                continue
            }
            let twin = try await db.raw(
                """
                SELECT id, amount FROM supply_links WHERE buyer_uscc = \(bind: buyer) AND supplier_key = \(bind: uscc)
                  AND segment = \(bind: row.segment) AND year = \(bind: row.year) AND category = \(bind: row.category) AND source = 'reported'
                """
            ).row(Twin.self)
            if let twin {
                let twinID = twin.id
                // Stored amounts may be anything (an older row, a hand edit): add without trapping.
                let (sum, overflow) = twin.amount.addingReportingOverflow(row.amount)
                if overflow { throw DomainError.dataAnomaly("amount") }
                try await db.update("supply_links").set("amount", to: SQLBind(sum)).where("id", .equal, SQLBind(twinID)).run()
                try await db.delete(from: "supply_links").where("id", .equal, SQLBind(id)).run()
            } else {
                try await db.update("supply_links").set("supplier_uscc", to: SQLBind(uscc)).set("supplier_key", to: SQLBind(uscc))
                    .set("supplier_name", to: SQLBind(name)).set("supplier_district", to: SQLBind(district))
                    .set("resolution", to: SQLBind(how)).where("id", .equal, SQLBind(id)).run()
            }
        }
    }
}
