import ChainLeadCore
import Foundation
import OfficeFormats
import Vapor

/// The dashboard as a workbook and as a one-page brief (Policy G1–G5), from the same
/// `Targets.summaries` as the page and `GET /targets`.
struct DashboardExports: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dashboard.xlsx", use: workbook)
        routes.get("dashboard.docx", use: brief)
    }

    func load(_ req: Request) async throws -> (year: Int, summaries: [TargetSummary]) {
        try await req.require(.read, .selection(.targets))  // the figures the page shows
        let today = SimpleDate.today()
        let year = req.queryValue("year", as: Int.self).map { min(max($0, 2000), 2100) } ?? today.year
        let summaries = try await Targets(db: req.sql, caller: req.caller, scope: req.application.chainLead.supplyScope).summaries(
            year: year, today: today)
        return (year, summaries)
    }

    static func text(_ code: String, _ v: Double) -> String {
        code == "G5" ? Display.grouped(v * 100, decimals: 1) + "%" : Display.grouped(v, decimals: 0)
    }

    func workbook(req: Request) async throws -> Response {
        let (year, summaries) = try await load(req)
        let t = req.texts
        let years = Array(Set(summaries.flatMap { $0.trend.map(\.year) })).sorted()
        let clusters = Array(Set(summaries.flatMap { $0.clusters.map(\.name) })).sorted()
        let rows: [[XLSXValue]] = summaries.map { s in
            let f = s.figure
            let trend = Dictionary(uniqueKeysWithValues: s.trend.map { ($0.year, $0.value) })
            let byCluster = Dictionary(s.clusters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            return [.text(f.code), .text(t["target_" + f.code]), .number(f.value), .number(f.target), .number(Double(s.dataYear))]
                + years.map { y in trend[y].map { .number($0) } ?? .text("") }
                + clusters.map { c in byCluster[c].map { .number($0) } ?? .text("") }
        }
        let data = try XLSXWriter.write(
            sheetName: "\(year)年目标进展", header: ["目标", "名称", "当前值", "目标值", "数据年度"] + years.map { "\($0)年" } + clusters, rows: rows,
            stamp: ExportStamp(req.caller))
        return try NoticePages().download(
            data, name: "targets-\(year).xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    func brief(req: Request) async throws -> Response {
        let (year, summaries) = try await load(req)
        let t = req.texts
        let paragraphs = summaries.map { s -> String in
            let f = s.figure
            let trend = s.trend.map { "\($0.year)年\(Self.text(f.code, $0.value))" }.joined(separator: "、")
            let state = (f.code == "G5" ? f.value > f.target : f.value >= f.target) ? "已达到目标" : "尚未达到目标"
            return
                "\(f.code) \(t["target_" + f.code])：\(s.dataYear)年为\(Self.text(f.code, f.value))，目标\(Self.text(f.code, f.target))，\(state)。"
                + (trend.isEmpty ? "" : "历年：\(trend)。")
        }
        let names = Array(Set(summaries.flatMap { $0.clusters.map(\.name) })).sorted()
        let rows = names.map { name in
            [name] + summaries.map { s in s.clusters.first { $0.name == name }.map { Self.text(s.figure.code, $0.value) } ?? "—" }
        }
        let today = SimpleDate.today().description
        let doc = OfficialDocument(
            title: "\(year)年重点产业链链主企业目标进展简报", paragraphs: paragraphs,
            table: (["产业集群"] + summaries.map(\.figure.code), rows),
            closing: ["统计口径：全市；G5为链主企业当年采购额计算的本地配套率。统计时间：\(today)。"], issuer: "链主企业培育工作专班",
            date: NoticePages.chineseDate(today))
        let data = try OfficialDocumentWriter.write(doc, stamp: ExportStamp(req.caller))
        return try NoticePages().download(
            data, name: "targets-\(year).docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    }
}
