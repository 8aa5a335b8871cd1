import ChainLeadCore
import OfficeFormats
import SQLKit
import Vapor

/// The public notice (公示, Policy S2) without login: the firms, their chain, the period and how to
/// object; `.docx` (GB/T 9704 layout) and `.xlsx` downloads; the public objection form, guarded by
/// a double-submit token like the login form's, a small body limit and a per-address throttle.
struct NoticePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("notices", ":notice", use: notice)
        routes.on(.POST, "notices", ":notice", "objections", body: .collect(maxSize: "16kb"), use: object)
    }

    static let csrfCookie = "cl_notice_csrf"
    static let issuer = "链主企业遴选工作专班"

    struct NoticePage: Encodable, Sendable {
        var notice: NoticeView
        var period: String
        var open: Bool
        var formCSRF: String
        var message: String?
        var error: String?
        var enterprise: String?
        var name: String?
        var phone: String?
        var reason: String?
    }

    struct Form: Content {
        var enterprise: String?
        var name: String?
        var phone: String?
        var reason: String?
        // swift-format-ignore: AlwaysUseLowerCamelCase
        var _notice_csrf: String?
    }

    /// `/notices/12` the page, `/notices/12.docx` and `/notices/12.xlsx` the downloads.
    func notice(req: Request) async throws -> Response {
        let raw = req.parameters.get("notice") ?? ""
        let parts = raw.split(separator: ".", maxSplits: 1).map(String.init)
        guard let id = parts.first.flatMap({ Int64($0) }), id > 0 else { throw DomainError.notFound("公示") }
        let n = try await Notices.find(id, db: req.sql)
        switch parts.count > 1 ? parts[1] : "" {
        case "": return try await render(req, n)
        case "docx":
            return try download(
                Self.docx(n), name: "notice-\(id).docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        case "xlsx":
            return try download(
                Self.xlsx(n), name: "notice-\(id).xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        default: throw DomainError.notFound("公示")
        }
    }

    func download(_ data: Data, name: String, type: String) throws -> Response {
        Response(
            status: .ok,
            headers: [
                "Content-Type": type, "Content-Disposition": "attachment; filename=\"\(name)\"", "X-Content-Type-Options": "nosniff",
            ],
            body: .init(data: data))
    }

    static func text(_ n: NoticeView) -> (title: String, paragraphs: [String], closing: [String]) {
        (
            "关于\(n.year)年\(n.chainName)产业链链主企业拟认定名单的公示",
            [
                "根据链主企业遴选工作安排，经企业申报、区县初审、指标评分、专家评审和链长审定，现将\(n.year)年\(n.chainName)产业链链主企业拟认定名单予以公示（排名不分先后）。",
                "公示期为\(n.startsOn)至\(n.noticeUntil)（\(n.workingDays)个工作日）。",
            ],
            [
                "公示期内，任何单位和个人对名单中的企业有异议的，可通过本公示网页在线提出，或以书面形式向链主企业遴选工作专班反映。反映情况应实事求是，并提供联系人姓名和联系电话；以单位名义反映的应加盖公章。",
                "公示结束后、企业正式认定前，仍可提出异议。",
            ]
        )
    }

    static func docx(_ n: NoticeView) throws -> Data {
        let t = text(n)
        let rows = n.enterprises.enumerated().map { [String($0.offset + 1), $0.element.name, $0.element.enterprise, $0.element.chainName] }
        let doc = OfficialDocument(
            title: t.title, paragraphs: t.paragraphs, table: (["序号", "企业名称", "统一社会信用代码", "产业链"], rows), closing: t.closing,
            issuer: issuer, date: chineseDate(n.startsOn))
        return try OfficialDocumentWriter.write(doc, stamp: ExportStamp(by: "公示页面", at: Date(), system: "ChainLead 链主通"))
    }

    static func xlsx(_ n: NoticeView) throws -> Data {
        let rows: [[XLSXValue]] = n.enterprises.enumerated().map {
            [
                .number(Double($0.offset + 1)), .text($0.element.name), .text($0.element.enterprise), .text($0.element.chainName),
                .text(n.startsOn),
                .text(n.noticeUntil),
            ]
        }
        return try XLSXWriter.write(
            sheetName: "公示名单", header: ["序号", "企业名称", "统一社会信用代码", "产业链", "公示开始", "公示结束"], rows: rows,
            columnWidths: [6, 34, 22, 18, 12, 12], stamp: ExportStamp(by: "公示页面", at: Date(), system: "ChainLead 链主通"))
    }

    /// 2026-12-07 → 2026年12月7日
    static func chineseDate(_ iso: String) -> String {
        guard let d = SimpleDate(iso: iso) else { return iso }
        return "\(d.year)年\(d.month)月\(d.day)日"
    }

    func render(_ req: Request, _ n: NoticeView, form: Form = Form(), message: String? = nil, error: DomainError? = nil) async throws
        -> Response
    {
        let token = req.cookies[Self.csrfCookie].map(\.string).flatMap { $0.count == 64 ? $0 : nil } ?? WebSessionStore.randomToken()
        let recognised = Set(
            try await req.sql.raw(
                "SELECT enterprise_uscc FROM recognitions WHERE campaign_id = \(bind: n.campaign) AND chain_code = \(bind: n.chain)"
            ).all(decodingColumn: "enterprise_uscc", as: String.self))
        let content = NoticePage(
            notice: n, period: "\(n.startsOn) – \(n.noticeUntil)", open: n.enterprises.contains { !recognised.contains($0.enterprise) },
            formCSRF: token, message: message, error: error?.message, enterprise: form.enterprise, name: form.name, phone: form.phone,
            reason: form.reason)
        let response = try await req.render("selection/notice", title: Self.text(n).title, nav: "notice", content)
        if let error { response.status = error.status }
        response.cookies[Self.csrfCookie] = HTTPCookies.Value(
            string: token, path: "/notices", isSecure: req.isHTTPS, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    func object(req: Request) async throws -> Response {
        guard let id = req.parameters.get("notice", as: Int64.self) else { throw DomainError.notFound("公示") }
        let n = try await Notices.find(id, db: req.sql)
        let form = (try? req.content.decode(Form.self)) ?? Form()
        guard let sent = form._notice_csrf, sent.count == 64, sent == req.cookies[Self.csrfCookie]?.string else {
            return try await render(req, n, form: form, error: DomainError(.forbidden, "csrf", req.texts["loginExpired"]))
        }
        do {
            let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let phone = (form.phone ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 50 else { throw DomainError.invalid("name", "请填写姓名（不超过50字）", code: "required") }
            guard (7...20).contains(phone.count), phone.allSatisfy({ $0.isASCII && ($0.isNumber || "+- ".contains($0)) }) else {
                throw DomainError.invalid("phone", "请填写有效的联系电话", code: "bad_phone")
            }
            let caller = Caller.system("public")
            var c = caller
            c.clientIP = req.clientIP ?? "unknown"
            _ = try await Objections(db: req.sql, caller: c).file(
                notice: id, enterprise: form.enterprise ?? "", reason: form.reason ?? "", objector: name, contact: phone,
                clientIP: c.clientIP)
            return try await render(req, n, message: req.texts["objectionReceived"])
        } catch let e as DomainError {
            return try await render(req, n, form: form, error: e)
        }
    }
}
