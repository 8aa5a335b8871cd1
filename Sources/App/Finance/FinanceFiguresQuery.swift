import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

struct FinanceTallyView: Sendable, Codable {
    struct Reason: Sendable, Codable {
        var reason: String
        var count: Int
    }
    var key: String
    var name: String
    var needs: Int
    var recommendations: Int
    var asked: Int64
    var approved: Int64
    var approvedCount: Int
    var declined: Int
    var answered: Int
    var meanDaysToFirstAnswer: Double?
    var declineReasons: [Reason]
}

struct FinanceFiguresView: Sendable, Codable {
    var round: Int64
    var quarter: String
    var total: FinanceTallyView
    var banks: [FinanceTallyView]
    var chains: [FinanceTallyView]
}

/// A round's figures per bank and per chain (Policy S5), over the recommendations the caller
/// sees (`FinanceVisibility`): a bank's figures are its own. One query for the rows, one for the
/// firms' chains, the tally in Core.
struct FinanceFiguresQuery {
    let db: any SQLDatabase
    let caller: Caller

    func figures(round id: Int64) async throws -> FinanceFiguresView {
        let round = try await FinanceRounds(db: db, caller: caller).find(id)
        try await Access.require(.read, .finance(.lists), caller: caller, db: db)
        let rows = try await Recommendations(db: db, caller: caller).list(round: id, limit: 100_000)
        let chains = try await EnterpriseQueries(db: db).chains(of: Array(Set(rows.map(\.enterprise))))
        let facts = rows.map { r in
            RecommendationFact(
                need: r.recommendation.need, bank: r.recommendation.bank, chains: (chains[r.enterprise] ?? []).sorted(), asked: r.asked,
                status: AnswerStatus(rawValue: r.recommendation.status) ?? .recommended, approvedAmount: r.recommendation.amount,
                daysToFirstAnswer: r.recommendation.firstAnsweredAt.map { $0.timeIntervalSince(r.recommendation.recommendedAt) / 86_400 },
                declineReason: r.recommendation.status == AnswerStatus.declined.rawValue ? r.recommendation.reason : nil)
        }
        let t = FinanceFigures.tally(facts)
        let names = try await chainNames(t.chains.map(\.key))
        return FinanceFiguresView(
            round: id, quarter: round.quarter, total: try view(t.total, name: "合计"), banks: try t.banks.map { try view($0, name: $0.key) },
            chains: try t.chains.map { try view($0, name: names[$0.key] ?? $0.key) })
    }

    private func view(_ t: FinanceTally, name: String) throws -> FinanceTallyView {
        FinanceTallyView(
            key: t.key, name: name, needs: t.needs, recommendations: t.recommendations,
            asked: try DomainError.amount(t.askedYuan, field: "asked"),
            approved: try DomainError.amount(t.approvedYuan, field: "approved"), approvedCount: t.approved, declined: t.declined,
            answered: t.answered, meanDaysToFirstAnswer: t.meanDaysToFirstAnswer.map { ($0 * 10).rounded() / 10 },
            declineReasons: t.declineReasons.map { .init(reason: $0.reason, count: $0.count) })
    }

    private func chainNames(_ codes: [String]) async throws -> [String: String] {
        guard !codes.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for r in try await db.raw("SELECT code, name FROM chains WHERE code IN \(SQLBind.group(codes))").all() {
            out[try r.decode(column: "code", as: String.self)] = try r.decode(column: "name", as: String.self)
        }
        return out
    }

    /// The round's recommendations the caller sees, one row each, then the figures per bank.
    func workbook(round id: Int64) async throws -> Data {
        try await Access.require(.export, .finance(.lists), caller: caller, db: db)
        let figures = try await figures(round: id)
        let rows = try await Recommendations(db: db, caller: caller).list(round: id, limit: 100_000)
        func wan(_ yuan: Int64?) -> XLSXValue { yuan.map { .number(Double($0) / 10_000) } ?? .text("") }
        var out: [[XLSXValue]] = rows.reversed().map { r in
            let a = r.recommendation
            return [
                .text(r.quarter), .number(Double(r.recommendation.need)), .text(r.enterpriseName), .text(r.enterprise), wan(r.asked),
                .text(r.purpose), .text(a.bank), .text(AnswerStatus(rawValue: a.status)?.nameZh ?? a.status), wan(a.amount),
                .text(a.rateBand ?? ""), a.termMonths.map { .number(Double($0)) } ?? .text(""), .text(a.reason ?? ""),
                a.firstAnsweredAt.map { .number((($0.timeIntervalSince(a.recommendedAt) / 86_400) * 10).rounded() / 10) } ?? .text(""),
            ]
        }
        out.append([])
        for b in [figures.total] + figures.banks {
            out.append([
                .text(b.name), .text("需求\(b.needs)项"), .text(""), .text(""), wan(b.asked), .text(""), .text(""),
                .text("授信\(b.approvedCount)项、未获授信\(b.declined)项"), wan(b.approved), .text(""), .text(""),
                .text(b.declineReasons.map { "\($0.reason)（\($0.count)）" }.joined(separator: "；")),
                b.meanDaysToFirstAnswer.map { .number($0) } ?? .text(""),
            ])
        }
        return try XLSXWriter.write(
            sheetName: "\(figures.quarter)融资对接",
            header: ["季度", "需求编号", "企业名称", "统一社会信用代码", "融资需求（万元）", "用途", "银行", "进展", "授信金额（万元）", "利率区间", "期限（月）", "说明", "首次答复（天）"],
            rows: out, columnWidths: [9, 9, 30, 22, 14, 30, 24, 18, 14, 12, 10, 30, 12], stamp: ExportStamp(caller))
    }
}
