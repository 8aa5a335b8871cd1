import ChainLeadCore
import Fluent
import Foundation
import OfficeFormats
import SQLKit

/// The monthly report of a department (or the city) as .docx: the month's figures, the
/// trend, and every request filed in the month with its state (Policy S6).
enum RequestReport {
    static func monthly(db: any SQLDatabase, caller: Caller, department: String?, year: Int, month: Int) async throws -> Data {
        guard let first = SimpleDate(year: year, month: month, day: 1),
            let next = SimpleDate(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
        else {
            throw DomainError.invalid("month", "月份应为 YYYY-MM")
        }
        let last = next.adding(days: -1)
        let service = RequestService(db: db, caller: caller)
        let (stats, months) = try await service.stats(department: department, from: first, to: last)
        let (all, _) = try await service.list(
            RequestFilter(department: department), grants: [Grant(.official, .city)],
            page: PageRequest(page: 1, per: 100_000))
        let inMonth = all.filter { $0.filedOn >= first && $0.filedOn <= last }
        let who = department ?? "全市"
        let pct: (Double?) -> String = { $0.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        let days: (Double?) -> String = { $0.map { String(format: "%.1f 个工作日", $0) } ?? "—" }
        var blocks: [DOCXBlock] = [
            .heading("\(who)企业诉求办理情况月报（\(year)年\(month)月）", level: 1),
            .paragraph("链主通 · 服务直通车。统计口径：\(first)至\(last)提交的诉求；按时率＝按时答复数 ÷（已答复数＋超期未答复数），超期未答复的诉求计入分母。"),
            .heading("一、主要指标", level: 2),
            .table(
                header: ["指标", "数值"],
                rows: [
                    ["诉求数", "\(stats.volume)"], ["尚在办理", "\(stats.openNow)"], ["已答复", "\(stats.answered)"],
                    ["按时答复", "\(stats.answeredOnTime)"], ["超期未答复", "\(stats.openOverdue)"], ["按时率", pct(stats.onTimeRate)],
                    ["受理用时（中位数）", days(stats.medianDaysToAccept)], ["答复用时（中位数）", days(stats.medianDaysToAnswer)],
                    ["重新办理率", pct(stats.reopenRate)], ["满意率", pct(stats.satisfaction)],
                ]),
            .heading("二、诉求明细", level: 2),
        ]
        if inMonth.isEmpty {
            blocks.append(.paragraph("本月无新提交的诉求。"))
        } else {
            blocks.append(
                .table(
                    header: ["编号", "企业", "类别", "标题", "状态", "答复时限", "督办"],
                    rows: inMonth.map { r in
                        [
                            "\(r.id)", r.enterpriseName, r.category.nameZh, r.title, r.status.nameZh, r.answerBy.description,
                            r.escalation == .none ? "" : r.escalation.nameZh,
                        ]
                    }))
        }
        if !months.isEmpty {
            blocks.append(.heading("三、按月趋势", level: 2))
            blocks.append(
                .table(
                    header: ["月份", "诉求数", "按时率", "满意率"],
                    rows: months.map {
                        [$0.month.description, "\($0.stats.volume)", pct($0.stats.onTimeRate), pct($0.stats.satisfaction)]
                    }))
        }
        let overdue = inMonth.filter { $0.escalation != .none }
        if !overdue.isEmpty {
            blocks.append(.heading("四、超期督办事项（提请专题会商）", level: 2))
            for r in overdue {
                blocks.append(.bullet("#\(r.id) \(r.enterpriseName)：\(r.title)（\(r.escalation.nameZh)，答复时限 \(r.answerBy)）"))
            }
        }
        return try DOCXWriter.write(
            DOCXDocument(title: "\(who)诉求办理月报 \(year)-\(String(format: "%02d", month))", blocks: blocks), stamp: ExportStamp(caller))
    }
}
