import ChainLeadCore
import Foundation
import SQLKit

struct SupplyLinkFilter: Sendable {
    var year: Int?
    var buyer: String?
    var chain: String?
    var segment: String?
    /// The links the caller may see (`Policy.supplyRows`).
    var rows: ListScope = .everything
}

/// Reading stored supply links.
struct SupplyLinks {
    let db: any SQLDatabase

    static let columns: SQLQueryString = """
        l.id, l.buyer_uscc, b.name AS buyer_name, l.supplier_uscc, l.supplier_name, l.supplier_city, l.supplier_district,
        l.segment, l.chain, l.year, l.amount, l.category, l.resolution
        """

    func find(_ id: Int64) async throws -> SupplyLinkRecord {
        guard let row = try await db.raw("SELECT \(Self.columns) FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc WHERE l.id = \(bind: id)").first() else {
            throw APIError.notFound("供应关系 \(id)")
        }
        return try Self.record(row)
    }

    func list(_ f: SupplyLinkFilter, page: PageRequest) async throws -> ([SupplyLinkRecord], Int) {
        var conditions: [SQLQueryString] = []
        if let y = f.year { conditions.append("l.year = \(bind: y)") }
        if let b = f.buyer { conditions.append("l.buyer_uscc = \(bind: b)") }
        if let c = f.chain { conditions.append("l.chain = \(bind: c)") }
        if let s = f.segment { conditions.append("l.segment = \(bind: s)") }
        if !f.rows.all { conditions.append(SupplyQueries.rowFilter(f.rows)) }
        var whereClause: SQLQueryString = ""
        if !conditions.isEmpty {
            whereClause = " WHERE "
            for (i, c) in conditions.enumerated() { whereClause = whereClause + (i == 0 ? "" : " AND ") + c }
        }
        let total = try await db.raw("SELECT COUNT(*) AS n FROM supply_links l\(whereClause)").first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await db.raw("""
            SELECT \(Self.columns) FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc\(whereClause)
            ORDER BY l.year DESC, l.amount DESC, l.id LIMIT \(unsafeRaw: String(page.per)) OFFSET \(unsafeRaw: String(page.offset))
            """).all()
        return (try rows.map(Self.record), total)
    }

    static func record(_ row: any SQLRow) throws -> SupplyLinkRecord {
        SupplyLinkRecord(
            id: try row.decode(column: "id", as: Int64.self), buyer: try row.decode(column: "buyer_uscc", as: String.self),
            buyerName: try row.decode(column: "buyer_name", as: String?.self), supplierUscc: try row.decode(column: "supplier_uscc", as: String?.self),
            supplierName: try row.decode(column: "supplier_name", as: String.self), supplierCity: try row.decode(column: "supplier_city", as: String?.self),
            supplierDistrict: try row.decode(column: "supplier_district", as: String?.self), segment: try row.decode(column: "segment", as: String.self),
            chain: try row.decode(column: "chain", as: String.self), year: try row.decode(column: "year", as: Int.self),
            amount: try row.decode(column: "amount", as: Int64.self),
            category: SupplyCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .material,
            resolution: try row.decode(column: "resolution", as: String.self))
    }
}
