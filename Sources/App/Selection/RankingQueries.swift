import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

/// One chain's ranking in a campaign (Policy S2): eligible applicants by rank (ties share), then
/// the ineligible ones with their reasons; each with its indicators' points (why this rank).
struct RankingQueries {
    let db: any SQLDatabase
    let caller: Caller

    func ranking(campaign id: Int64, chain: String, en: Bool = false) async throws -> SelectionDTO.Ranking {
        let campaign = try await Campaigns(db: db, caller: caller).find(id)
        try await Access.require(.read, .selection(.campaign(chains: [chain])), caller: caller, db: db)
        guard campaign.chains.contains(chain) else { throw DomainError.invalid("chain", "产业链 \(chain) 不在该遴选批次中", code: "unknown_chain") }
        let scheme = try await SchemeStore(db: db, caller: caller).find(campaign.schemeID).scheme
        let apps = try await Applications(db: db, caller: caller).list(campaign: id, chain: chain, status: nil)
            .filter { $0.scoredAt != nil && $0.eligible != nil }
        let ordered = apps.sorted { a, b in
            switch (a.rank, b.rank) {
            case (let x?, let y?): return (x, a.enterpriseName) < (y, b.enterpriseName)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.enterpriseName < b.enterpriseName
            }
        }
        let marks = campaign.stages.experts ? try await Self.marks(campaign: id, chain: chain, db: db) : [:]
        let items = ordered.map { a in
            SelectionDTO.RankingItem(
                application: a.id, enterprise: a.enterprise, name: a.enterpriseName, eligible: a.eligible ?? false, reasons: a.reasons,
                indicatorScore: a.indicatorScore, finalScore: a.finalScore, rank: a.rank, proposedTier: a.proposedTier, status: a.status,
                indicators: a.indicators.map { SelectionDTO.Points($0, en: en) },
                expertScore: a.expertScore, experts: campaign.stages.experts ? marks[a.id] ?? [] : nil,
                expertsComplete: campaign.stages.experts ? a.expertsComplete ?? false : nil)
        }
        return SelectionDTO.Ranking(
            items: items,
            metadata: .init(
                campaign: id, chain: chain, year: campaign.year, quota: scheme.recognition.quotaPerChain,
                minScore: scheme.recognition.minScore,
                scored: campaign.scoredAt != nil, scoredAt: campaign.scoredAt, experts: campaign.stages.experts,
                weights: campaign.stages.experts ? scheme.final : nil))
    }

    /// The submitted expert scores of a chain, by application (stored calibrated by `ExpertPanel.refresh`).
    static func marks(campaign id: Int64, chain: String, db: any SQLDatabase) async throws -> [Int64: [SelectionDTO.ExpertMark]] {
        struct Row: Decodable {
            var applicationId: Int64
            var expert: String
            var score: Double
            var calibrated: Double?
            var calibratedUsed: Bool?
        }
        let rows = try await db.raw(
            """
            SELECT application_id, expert, score, calibrated, calibrated_used FROM assignments
            WHERE campaign_id = \(bind: id) AND chain_code = \(bind: chain) AND status = 'submitted' AND score IS NOT NULL
            ORDER BY application_id, expert
            """
        ).rows(Row.self)
        return Dictionary(grouping: rows, by: \.applicationId).mapValues { list in
            list.map {
                .init(expert: $0.expert, raw: $0.score, calibrated: $0.calibrated ?? $0.score, calibratedUsed: $0.calibratedUsed ?? false)
            }
        }
    }
}

/// A ranking as one sheet: rank, firm, scores, and each indicator's points.
enum RankingExport {
    static func export(_ queries: RankingQueries, campaign: Int64, chain: String) async throws -> Data {
        let r = try await queries.ranking(campaign: campaign, chain: chain)
        let codes = r.items.first?.indicators.map(\.name) ?? []
        let header = ["排名", "企业", "统一社会信用代码", "符合条件", "指标得分", "最终得分", "建议梯队"] + codes.map { "\($0)（得分）" } + ["不符合条件的原因"]
        let rows: [[XLSXValue]] = r.items.map { i in
            var row: [XLSXValue] = [
                i.rank.map { .number(Double($0)) } ?? .text("—"), .text(i.name), .text(i.enterprise), .text(i.eligible ? "是" : "否"),
                i.indicatorScore.map { .number(($0 * 100).rounded() / 100) } ?? .text(""),
                i.finalScore.map { .number(($0 * 100).rounded() / 100) } ?? .text(""),
                .text(i.proposedTier.flatMap(Tier.init(rawValue:))?.nameZh ?? ""),
            ]
            row += i.indicators.map { .number(($0.points * 100).rounded() / 100) }
            row.append(.text(i.reasons.map(\.message).joined(separator: "；")))
            return row
        }
        let data = try XLSXWriter.write(
            sheetName: "\(r.metadata.year)年\(chain)遴选排名", header: header, rows: rows,
            columnWidths: [6, 30, 22, 8, 10, 10, 10] + codes.map { _ in 12 } + [40], stamp: ExportStamp(queries.caller))
        try await AuditLog(db: queries.db, caller: queries.caller).record(
            entity: "export", key: "ranking.xlsx", action: "export_ranking", extra: ["campaign": "\(campaign)", "chain": chain])
        return data
    }
}
