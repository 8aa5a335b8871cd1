import ChainLeadCore
import Foundation
import SQLKit

/// Early warnings on recognised chain leaders between reviews (Policy S2, "动态调整").
struct WarningView: Sendable {
    var enterprise: String
    var enterpriseName: String
    var chain: String
    var recognition: Int64
    var warning: EarlyWarning
}

struct Warnings {
    let db: any SQLDatabase
    let caller: Caller

    struct FigureRow: Decodable {
        var enterpriseUscc: String
        var year: Int
        var outputValue: Int64?
        var revenue: Int64?
        var rdExpense: Int64?
    }

    struct ViolationRow: Decodable {
        var enterpriseUscc: String
        var date: String
    }

    struct FirmRow: Decodable {
        var uscc: String
        var status: String
    }

    func list(today: SimpleDate, chain: String? = nil) async throws -> [WarningView] {
        var recs = try await Recognitions(db: db, caller: caller).list(chain: chain, status: "active", reviewDueBefore: nil)
        recs.sort { ($0.chain, $0.enterprise) < ($1.chain, $1.enterprise) }
        let firms = Array(Set(recs.map(\.enterprise))).sorted()
        var figures: [String: [FigureRow]] = [:]
        var violations: [String: [SimpleDate]] = [:]
        var status: [String: EnterpriseStatus] = [:]
        for chunk in firms.chunked(500) {
            let list = SQLGroupExpression(SQLList(chunk.map { SQLBind($0) }))
            for f in try await db.raw(
                "SELECT enterprise_uscc, year, output_value, revenue, rd_expense FROM figures WHERE enterprise_uscc IN \(list) AND year >= \(bind: today.year - 3)"
            ).rows(FigureRow.self) {
                figures[f.enterpriseUscc, default: []].append(f)
            }
            for v in try await db.raw(
                "SELECT enterprise_uscc, date FROM violations WHERE enterprise_uscc IN \(list) AND severity = 'serious' AND status = 'open'"
            ).rows(ViolationRow.self) {
                if let d = SimpleDate(iso: v.date) { violations[v.enterpriseUscc, default: []].append(d) }
            }
            for e in try await db.raw("SELECT uscc, status FROM enterprises WHERE uscc IN \(list)").rows(FirmRow.self) {
                status[e.uscc] = EnterpriseStatus(rawValue: e.status) ?? .active
            }
        }
        let scheme = try await SchemeStore(db: db, caller: caller).standard().scheme
        let firstBand = scheme.indicators.first { $0.code == .rdIntensity }?.bands?.map(\.threshold).min()
        var out: [WarningView] = []
        for r in recs {
            let rows = figures[r.enterprise] ?? []
            var output: [Int: Int64] = [:]
            var rd: [Int: Double] = [:]
            for f in rows {
                if let o = f.outputValue { output[f.year] = o }
                if let i = DerivedRatios.rdIntensity(rdExpense: f.rdExpense, revenue: f.revenue) { rd[f.year] = i }
            }
            let facts = WarningFacts(
                status: status[r.enterprise] ?? .active, output: output, rdIntensity: rd,
                recognisedOn: SimpleDate(iso: r.recognisedOn) ?? today, openSeriousViolations: violations[r.enterprise] ?? [])
            for w in EarlyWarnings.detect(facts, today: today, firstBand: firstBand) {
                out.append(
                    WarningView(enterprise: r.enterprise, enterpriseName: r.enterpriseName, chain: r.chain, recognition: r.id, warning: w))
            }
        }
        return out
    }
}
