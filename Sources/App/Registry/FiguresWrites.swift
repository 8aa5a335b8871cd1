import ChainLeadCore
import Foundation
import SQLKit

/// Stores firms' yearly figures: the years already stored are updated (the given columns, and
/// `version + 1`), the others inserted whole. The same as `INSERT … ON CONFLICT (enterprise_uscc,
/// year) DO UPDATE`, which PostgreSQL cannot infer on a table whose partitions are on other
/// servers (province mode, issue 22: `figures` lives on the shards), so it is written as the two
/// statements every database takes.
struct FiguresWrites {
    let db: any SQLDatabase

    /// Every amount column, with where it is in `AnnualFigures`.
    static let amounts: [(column: String, path: KeyPath<AnnualFigures, Int64?>)] = [
        ("output_value", \.outputValue), ("revenue", \.revenue), ("rd_expense", \.rdExpense), ("employees", \.employees),
        ("tax_paid", \.taxPaid), ("exports", \.exports), ("total_assets", \.totalAssets), ("total_liabilities", \.totalLiabilities),
        ("main_business_revenue", \.mainBusinessRevenue),
    ]
    static let allColumns = amounts.map(\.column) + ["source"]

    struct Row: Sendable {
        var uscc: String
        var figures: AnnualFigures
        var key: String { "\(uscc)/\(figures.year)" }
    }

    /// `stored`: the keys (`USCC/year`) believed stored, updated first; the rest are inserted
    /// first. A row that another writer stored or removed in between is moved to the other
    /// statement and tried again.
    func upsert(_ rows: [Row], columns: [String] = FiguresWrites.allColumns, stored: Set<String> = [], now: Date) async throws {
        var toUpdate = rows.filter { stored.contains($0.key) }
        var toInsert = rows.filter { !stored.contains($0.key) }
        for _ in 0..<3 {
            var notStored: [Row] = []
            for chunk in toUpdate.chunked(500) where !chunk.isEmpty {
                let updated = try await update(Array(chunk), columns: columns, now: now)
                notStored += chunk.filter { !updated.contains($0.key) }
            }
            var alreadyStored: [Row] = []
            for chunk in toInsert.chunked(500) where !chunk.isEmpty {
                let inserted = try await insert(Array(chunk), now: now)
                alreadyStored += chunk.filter { !inserted.contains($0.key) }
            }
            if notStored.isEmpty && alreadyStored.isEmpty { return }
            (toUpdate, toInsert) = (alreadyStored, notStored)
        }
        throw DomainError(.conflict, "busy", "年度数据正被同时修改，未全部保存，请重试", retryAfter: 2)
    }

    /// The keys of the rows that were stored (and are now updated), in one statement: the new
    /// values joined in as a derived table (`SELECT … UNION ALL`, which SQLite and PostgreSQL
    /// both take; the casts give PostgreSQL the bound values' types).
    func update(_ rows: [Row], columns: [String], now: Date) async throws -> Set<String> {
        let amounts = Self.amounts.filter { columns.contains($0.column) }
        let source = columns.contains("source")
        var selects: [SQLQueryString] = []
        for row in rows {
            var select: SQLQueryString =
                "SELECT CAST(\(bind: row.uscc) AS TEXT) AS v_uscc, CAST(\(bind: row.figures.year) AS BIGINT) AS v_year"
            for (column, path) in amounts { select = select + ", CAST(\(bind: row.figures[keyPath: path]) AS BIGINT) AS \(ident: column)" }
            if source { select = select + ", CAST(\(bind: row.figures.source.rawValue) AS TEXT) AS source" }
            selects.append(select)
        }
        var sets = (amounts.map(\.column) + (source ? ["source"] : [])).map { column -> SQLQueryString in
            "\(ident: column) = v.\(ident: column)"
        }
        sets.append("updated_at = \(bind: now)")
        sets.append("version = figures.version + 1")
        let keys = try await db.raw(
            """
            UPDATE figures SET \(sets.joined(separator: ", "))
            FROM (\(selects.joined(separator: " UNION ALL "))) AS v
            WHERE figures.enterprise_uscc = v.v_uscc AND figures.year = v.v_year
            RETURNING enterprise_uscc, year
            """
        ).all().map { "\(try $0.decode(column: "enterprise_uscc", as: String.self))/\(try $0.decode(column: "year", as: Int.self))" }
        return Set(keys)
    }

    /// The keys inserted; a year stored meanwhile is skipped, not overwritten.
    func insert(_ rows: [Row], now: Date) async throws -> Set<String> {
        var insert = db.insert(into: "figures").columns(["enterprise_uscc", "year"] + Self.allColumns + ["updated_at"])
        for row in rows {
            let f = row.figures
            insert = insert.values(
                [SQLBind(row.uscc), SQLBind(f.year)] + Self.amounts.map { SQLBind(f[keyPath: $0.path]) }
                    + [SQLBind(f.source.rawValue), SQLBind(now)])
        }
        let keys = try await insert.ignoringConflicts().returning("enterprise_uscc", "year").all().map {
            "\(try $0.decode(column: "enterprise_uscc", as: String.self))/\(try $0.decode(column: "year", as: Int.self))"
        }
        return Set(keys)
    }
}
