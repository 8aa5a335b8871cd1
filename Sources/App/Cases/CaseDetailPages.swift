import ChainLeadCore
import Foundation
import Vapor

/// One case as a page: text, key figures and pictures; the review form for city officials, the
/// edit and picture forms for whoever may still edit it.
extension CasePages {
    struct Picture: Encodable, Sendable {
        var id: Int64
        var caption: String
    }

    struct DetailContent: Encodable, Sendable {
        var id: Int64
        var title: String
        var year: Int
        var byline: String
        var status: String
        var statusCode: String
        var reviewNote: String?
        var paragraphs: [String]
        var figures: [Option]
        var figuresText: String
        var body: String
        var pictures: [Picture]
        var version: Int64
        var canEdit: Bool
        var canReview: Bool
        var chains: [Option]
        var categories: [Option]
        var error: String?
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await renderCase(req, id: try Self.id(req))
    }

    static func id(_ req: Request) throws -> Int64 {
        guard let id = req.parameters.get("id", as: Int64.self), id > 0 else { throw DomainError.notFound("页面") }
        return id
    }

    func renderCase(_ req: Request, id: Int64, error: DomainError? = nil) async throws -> Response {
        let c = try await CaseRecords(db: req.sql, caller: req.caller).find(id)
        let grants = req.caller.grants
        let canReview = Policy.decide(grants, .update, .cases(.review)).allowed
        let canEdit =
            canReview
            || (c.status == CaseStatus.submitted.rawValue
                && Policy.decide(grants, .update, .cases(.firm(enterprise: c.enterprise, chains: [c.chain]))).allowed)
        let figures =
            try await CaseBookExport(db: req.sql, caller: req.caller).firmFigures([c.enterprise], year: c.year)[c.enterprise] ?? []
        let content = DetailContent(
            id: c.id, title: c.title, year: c.year,
            byline: "\(c.enterpriseName) · \(c.clusterName) · \(c.chainName) · \(CaseCategory(rawValue: c.category)?.nameZh ?? c.category)",
            status: CaseStatus(rawValue: c.status)?.nameZh ?? c.status, statusCode: c.status, reviewNote: c.reviewNote,
            paragraphs: c.body.split(whereSeparator: \.isNewline).map(String.init),
            figures: figures.map { Option(value: $0.1, label: $0.0, on: false) }
                + c.keyFigures.map { Option(value: $0.value, label: $0.label, on: true) },
            figuresText: c.keyFigures.map { "\($0.label)：\($0.value)" }.joined(separator: "\n"), body: c.body,
            pictures: c.pictures.map { Picture(id: $0.id, caption: $0.caption) }, version: c.version, canEdit: canEdit,
            canReview: canReview,
            chains: try await Self.chainOptions(req, selected: c.chain),
            categories: CaseCategory.allCases.map { Option(value: $0.rawValue, label: $0.nameZh, on: $0.rawValue == c.category) },
            error: error?.message)
        let response = try await req.render("cases/case", title: c.title, nav: "cases", content)
        if let error { response.status = error.status }
        return response
    }

    func edit(req: Request) async throws -> Response {
        let id = try Self.id(req)
        try APIHandler.mustSubmitCases(req.caller)
        let f = try req.content.decode(SubmitForm.self)
        do {
            _ = try await CaseRecords(db: req.sql, caller: req.caller).edit(
                id,
                CaseDraft(
                    year: f.year, title: f.title, chain: f.chain, category: f.category.flatMap(CaseCategory.init(rawValue:)), body: f.body,
                    keyFigures: try Self.figures(f.figures)), version: f.version)
            return req.redirect(to: "/cases/\(id)")
        } catch let e as DomainError where e.status != .forbidden && e.status != .notFound {
            return try await renderCase(req, id: id, error: e)
        }
    }

    func review(req: Request) async throws -> Response {
        try await req.require(.update, .cases(.review))
        let id = try Self.id(req)
        struct Form: Decodable {
            var decision: String?
            var note: String?
        }
        let f = try req.content.decode(Form.self)
        do {
            guard let decision = CaseDecision(rawValue: f.decision ?? "") else { throw DomainError.invalid("decision", "请选择审核结果") }
            _ = try await CaseRecords(db: req.sql, caller: req.caller).review(id, decision: decision, note: f.note)
            return req.redirect(to: "/cases/\(id)")
        } catch let e as DomainError where e.status != .forbidden && e.status != .notFound {
            return try await renderCase(req, id: id, error: e)
        }
    }

    struct UploadForm: Decodable {
        var caption: String?
        var file: File?
    }

    func upload(req: Request) async throws -> Response {
        let id = try Self.id(req)
        try APIHandler.mustSubmitCases(req.caller)
        let records = CaseRecords(db: req.sql, caller: req.caller)
        let current = try await records.authorisePicture(id)
        let form = try await Upload.form(UploadForm.self, from: req, limit: CaseRecords.maxPictureBytes + (64 << 10))
        do {
            guard let file = form.file, file.data.readableBytes > 0 else { throw DomainError.invalid("file", "请选择图片") }
            guard file.data.readableBytes <= CaseRecords.maxPictureBytes else { throw Upload.tooLarge(CaseRecords.maxPictureBytes) }
            _ = try await records.addPicture(current, caption: form.caption ?? "", data: Array(file.data.readableBytesView))
            return req.redirect(to: "/cases/\(id)#pictures")
        } catch let e as DomainError where e.status != .forbidden {
            return try await renderCase(req, id: id, error: e)
        }
    }

    func picture(req: Request) async throws -> Response {
        let id = try Self.id(req)
        guard let pid = req.parameters.get("picture", as: Int64.self), pid > 0 else { throw DomainError.notFound("图片") }
        let (view, data) = try await CaseRecords(db: req.sql, caller: req.caller).picture(id, picture: pid)
        return Response(
            status: .ok,
            headers: ["Content-Type": view.contentType, "X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"],
            body: .init(data: data))
    }
}
