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
        l.segment, l.chain, l.year, l.amount, l.category, l.resolution, l.source
        """

    func find(_ id: Int64) async throws -> SupplyLinkRecord {
        guard
            let row = try await db.raw(
                "SELECT \(Self.columns) FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc WHERE l.id = \(bind: id)"
            ).first()
        else {
            throw DomainError.notFound("供应关系 \(id)")
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
        let rows = try await db.raw(
            """
            SELECT \(Self.columns) FROM supply_links l JOIN enterprises b ON b.uscc = l.buyer_uscc\(whereClause)
            ORDER BY l.year DESC, l.amount DESC, l.id LIMIT \(unsafeRaw: String(page.per)) OFFSET \(unsafeRaw: String(page.offset))
            """
        ).all()
        return (try rows.map(Self.record), total)
    }

    /// A link as `columns` reads it.
    struct Row: Decodable {
        var id: Int64
        var buyerUscc: String
        var buyerName: String?
        var supplierUscc: String?
        var supplierName: String
        var supplierCity: String?
        var supplierDistrict: String?
        var segment: String
        var chain: String
        var year: Int
        var amount: Int64
        var category: String
        var resolution: String
        var source: String
    }

    static func record(_ row: any SQLRow) throws -> SupplyLinkRecord {
        let r = try row.typed(Row.self)
        return SupplyLinkRecord(
            id: r.id, buyer: r.buyerUscc, buyerName: r.buyerName, supplierUscc: r.supplierUscc, supplierName: r.supplierName,
            supplierCity: r.supplierCity, supplierDistrict: r.supplierDistrict, segment: r.segment, chain: r.chain,
            year: r.year, amount: r.amount, category: SupplyCategory(rawValue: r.category) ?? .material, resolution: r.resolution,
            source: r.source)
    }
}
