import ChainLeadCore
import OfficeFormats
import Vapor

/// The public notice of rewards without application (免申即享公示, Policy S4) without login: the
/// firms, the honour each is rewarded for, the amount and the period; `.docx` (GB/T 9704 layout)
/// and `.xlsx` downloads, like selection's notices.
struct RewardNoticePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reward-notices", ":notice", use: notice)
    }

    static let issuer = "无锡市重点产业链链主企业培育工作专班"

    struct Page: Encodable, Sendable {
        var notice: RewardNoticeView
        var rows: [[String]]
        var total: String
        var period: String
        var paragraphs: [String]
    }

    /// `/reward-notices/3` the page, `/reward-notices/3.docx` and `.xlsx` the downloads.
    func notice(req: Request) async throws -> Response {
        let raw = req.parameters.get("notice") ?? ""
        let parts = raw.split(separator: ".", maxSplits: 1).map(String.init)
        guard let id = parts.first.flatMap({ Int64($0) }), id > 0 else { throw DomainError.notFound("公示") }
        let n = try await RewardNotices.find(id, db: req.sql)
        let pages = NoticePages()
        switch parts.count > 1 ? parts[1] : "" {
        case "":
            let content = Page(
                notice: n, rows: Self.rows(n), total: Display.grouped(Double(n.total), decimals: 0),
                period: "\(n.startsOn) – \(n.noticeUntil)",
                paragraphs: Self.paragraphs(n))
            return try await req.render("innovation/reward_notice", title: n.title, nav: "notice", content)
        case "docx":
            return try pages.download(
                Self.docx(n), name: "reward-notice-\(id).docx",
                type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        case "xlsx":
            return try pages.download(
                Self.xlsx(n), name: "reward-notice-\(id).xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        default: throw DomainError.notFound("公示")
        }
    }

    static func rows(_ n: RewardNoticeView) -> [[String]] {
        n.items.enumerated().map {
            [
                String($0.offset + 1), $0.element.enterpriseName, $0.element.enterprise, "\($0.element.year)年\($0.element.kindName)（首次）",
                Display.grouped(Double($0.element.amount), decimals: 0),
            ]
        }
    }

    static func paragraphs(_ n: RewardNoticeView) -> [String] {
        [
            "根据本市支持重点产业链链主企业发展的政策，对首次获评国家级制造业单项冠军、专精特新“小巨人”等荣誉的企业实行奖励“免申即享”，企业无需申请。现将拟奖励企业名单予以公示。",
            "公示期为\(n.startsOn)至\(n.noticeUntil)（\(n.workingDays)个工作日）。公示期内，任何单位和个人对名单有异议的，可以书面形式向链主企业培育工作专班反映，并提供联系人姓名和联系电话；公示期满无异议的，按规定拨付奖励资金。",
        ]
    }

    static func docx(_ n: RewardNoticeView) throws -> Data {
        let doc = OfficialDocument(
            title: n.title, paragraphs: paragraphs(n), table: (["序号", "企业名称", "统一社会信用代码", "奖励事项", "奖励金额（元）"], rows(n)),
            closing: ["奖励金额合计\(Display.grouped(Double(n.total), decimals: 0))元。"], issuer: issuer,
            date: NoticePages.chineseDate(n.startsOn))
        return try OfficialDocumentWriter.write(doc, stamp: ExportStamp(by: "公示页面", at: Date(), system: "ChainLead 链主通"))
    }

    static func xlsx(_ n: RewardNoticeView) throws -> Data {
        let rows: [[XLSXValue]] = n.items.enumerated().map {
            [
                .number(Double($0.offset + 1)), .text($0.element.enterpriseName), .text($0.element.enterprise), .text($0.element.kindName),
                .number(Double($0.element.year)), .number(Double($0.element.amount)), .text(n.startsOn), .text(n.noticeUntil),
            ]
        }
        return try XLSXWriter.write(
            sheetName: "免申即享公示", header: ["序号", "企业名称", "统一社会信用代码", "荣誉", "名单年度", "奖励金额（元）", "公示开始", "公示结束"],
            rows: rows, columnWidths: [6, 34, 22, 30, 10, 16, 12, 12],
            stamp: ExportStamp(by: "公示页面", at: Date(), system: "ChainLead 链主通"))
    }
}
