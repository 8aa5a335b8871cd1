import ChainLeadCore
import Foundation
import SQLKit

struct MatchmakingFigureView: Sendable, Codable {
    var code: String
    var name: String
    var demands: Int
    var matched: Int
    var deals: Int
    var dealValue: Int64
    var localDealValue: Int64
    var localShare: Double?
}

struct MatchmakingFiguresView: Sendable, Codable {
    var year: Int
    var total: MatchmakingFigureView
    var chains: [MatchmakingFigureView]
}

/// Per chain and year (Policy L1, L3): demands posted that year, of them those with a match,
/// deals dated that year, their value and the part bought from local firms. Grouped SQL over the
/// year's demands and deals, never the supply links.
struct MatchmakingFigures {
    let db: any SQLDatabase
    let caller: Caller
    let scope: SupportingRateScope

    func figures(year: Int) async throws -> MatchmakingFiguresView {
        try await Access.require(.read, .matchmaking(.lists), caller: caller, db: db)
        let rows = Demands.rows(for: caller)
        let start = Self.startOfYear(year)
        let end = Self.startOfYear(year + 1)
        var out: [String: MatchmakingFigureView] = [:]
        for r in try await db.raw(
            """
            SELECT d.chain, c.name, COUNT(*) AS n,
              SUM(CASE WHEN EXISTS (SELECT 1 FROM matches m WHERE m.demand_id = d.id) THEN 1 ELSE 0 END) AS matched
            FROM demands d JOIN chains c ON c.code = d.chain
            WHERE \(rows) AND d.created_at >= \(bind: start) AND d.created_at < \(bind: end)
            GROUP BY d.chain, c.name
            """
        ).all() {
            let code = try r.decode(column: "chain", as: String.self)
            out[code] = MatchmakingFigureView(
                code: code, name: try r.decode(column: "name", as: String.self), demands: try r.decode(column: "n", as: Int.self),
                matched: try r.decode(column: "matched", as: Int?.self) ?? 0, deals: 0, dealValue: 0, localDealValue: 0)
        }
        let local: SQLQueryString =
            scope.localDistricts.isEmpty
            ? "0"
            : "CASE WHEN s.district_code IN \(SQLGroupExpression(SQLList(scope.localDistricts.sorted().map { SQLBind($0) }))) THEN m.amount ELSE 0 END"
        for r in try await db.raw(
            """
            SELECT d.chain, c.name, COUNT(*) AS n, SUM(CAST(m.amount AS DOUBLE PRECISION)) AS value,
              SUM(CAST(\(local) AS DOUBLE PRECISION)) AS local
            FROM matches m JOIN demands d ON d.id = m.demand_id JOIN chains c ON c.code = d.chain
            JOIN enterprises s ON s.uscc = m.supplier_uscc
            WHERE \(rows) AND m.status = 'deal' AND m.year = \(bind: year)
            GROUP BY d.chain, c.name
            """
        ).all() {
            let code = try r.decode(column: "chain", as: String.self)
            let name = try r.decode(column: "name", as: String.self)
            var f =
                out[code]
                ?? MatchmakingFigureView(
                    code: code, name: name, demands: 0, matched: 0, deals: 0, dealValue: 0,
                    localDealValue: 0)
            f.deals = try r.decode(column: "n", as: Int.self)
            f.dealValue = try DomainError.amount(try r.decode(column: "value", as: Double?.self) ?? 0, field: "amount")
            f.localDealValue = try DomainError.amount(try r.decode(column: "local", as: Double?.self) ?? 0, field: "amount")
            out[code] = f
        }
        var chains = out.values.sorted { $0.code < $1.code }
        for i in chains.indices where chains[i].dealValue > 0 {
            chains[i].localShare = Double(chains[i].localDealValue) / Double(chains[i].dealValue)
        }
        var total = MatchmakingFigureView(code: "city", name: "全市", demands: 0, matched: 0, deals: 0, dealValue: 0, localDealValue: 0)
        for c in chains {
            total.demands += c.demands
            total.matched += c.matched
            total.deals += c.deals
            total.dealValue = total.dealValue.addingReportingOverflow(c.dealValue).overflow ? .max : total.dealValue + c.dealValue
            total.localDealValue =
                total.localDealValue.addingReportingOverflow(c.localDealValue).overflow ? .max : total.localDealValue + c.localDealValue
        }
        if total.dealValue > 0 { total.localShare = Double(total.localDealValue) / Double(total.dealValue) }
        return MatchmakingFiguresView(year: year, total: total, chains: chains)
    }

    /// 1 January of `year`, Beijing time.
    static func startOfYear(_ year: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        return calendar.date(from: DateComponents(year: year, month: 1, day: 1)) ?? Date(timeIntervalSince1970: 0)
    }
}
