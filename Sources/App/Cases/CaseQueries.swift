import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

struct CaseFilter: Sendable {
    var id: Int64?
    var year: Int?
    var status: CaseStatus?
    var enterprise: String?
    var chain: String?
    var cluster: String?
    var limit = 500
}

extension CaseRecords {
    /// Cases the caller sees, by cluster and chain order, newest first within a chain; with their
    /// pictures (without bytes).
    func list(_ f: CaseFilter) async throws -> [CaseView] {
        try await Access.require(.read, .cases(.list), caller: caller, db: db)
        guard var filter = Self.visible(caller) else { return [] }
        if let id = f.id { filter = filter + " AND c.id = \(bind: id)" }
        if let y = f.year { filter = filter + " AND c.year = \(bind: y)" }
        if let s = f.status { filter = filter + " AND c.status = \(bind: s.rawValue)" }
        if let u = f.enterprise { filter = filter + " AND c.enterprise_uscc = \(bind: u)" }
        if let ch = f.chain { filter = filter + " AND c.chain_code = \(bind: ch)" }
        if let cl = f.cluster { filter = filter + " AND k.cluster_code = \(bind: cl)" }
        struct Row: Decodable {
            var id: Int64
            var year: Int
            var title: String
            var enterpriseUscc: String
            var enterpriseName: String
            var chainCode: String
            var chainName: String
            var clusterCode: String
            var clusterName: String
            var category: String
            var body: String
            var keyFigures: String
            var status: String
            var version: Int64
            var reviewNote: String?
            var submittedBy: String
        }
        let rows = try await db.raw(
            """
            SELECT c.id, c.year, c.title, c.enterprise_uscc, e.name AS enterprise_name, c.chain_code, k.name AS chain_name,
              k.cluster_code, u.name AS cluster_name, c.category, c.body, c.key_figures, c.status, c.version, c.review_note, c.submitted_by
            FROM cases c JOIN enterprises e ON e.uscc = c.enterprise_uscc JOIN chains k ON k.code = c.chain_code
            JOIN clusters u ON u.code = k.cluster_code
            WHERE \(filter) ORDER BY u.sort_order, k.sort_order, c.year DESC, c.id LIMIT \(bind: f.limit)
            """
        ).rows(Row.self)
        guard !rows.isEmpty else { return [] }
        struct P: Decodable {
            var id: Int64
            var caseId: Int64
            var caption: String
            var contentType: String
            var width: Int
            var height: Int
            var size: Int64
        }
        var pictures: [Int64: [CasePictureView]] = [:]
        for p in try await db.raw(
            """
            SELECT id, case_id, caption, content_type, width, height, size FROM case_pictures
            WHERE case_id IN \(SQLBind.group(rows.map(\.id))) ORDER BY id
            """
        ).rows(P.self) {
            pictures[p.caseId, default: []].append(
                CasePictureView(id: p.id, caption: p.caption, contentType: p.contentType, width: p.width, height: p.height, size: p.size))
        }
        return rows.map { r in
            CaseView(
                id: r.id, year: r.year, title: r.title, enterprise: r.enterpriseUscc, enterpriseName: r.enterpriseName, chain: r.chainCode,
                chainName: r.chainName, cluster: r.clusterCode, clusterName: r.clusterName, category: r.category, body: r.body,
                keyFigures: (try? JSONDecoder().decode([KeyFigure].self, from: Data(r.keyFigures.utf8))) ?? [], status: r.status,
                version: r.version, reviewNote: r.reviewNote, submittedBy: r.submittedBy, pictures: pictures[r.id] ?? [])
        }
    }

    static let maxPictureBytes = 2 << 20

    /// Adds a PNG or JPEG picture (at most `CaseRules.maxPictures` a case, 2 MB each) to a case the
    /// caller may edit. The caller is checked before the body is read (`authorisePicture`).
    func authorisePicture(_ id: Int64) async throws -> CaseView {
        let current = try await find(id)
        try await Access.require(.update, .cases(.firm(enterprise: current.enterprise, chains: [current.chain])), caller: caller, db: db)
        let reviewer = Policy.decide(caller.grants, .update, .cases(.review)).allowed || caller.isSystem
        guard reviewer || current.status == CaseStatus.submitted.rawValue else {
            throw DomainError(.conflict, "wrong_status", "案例已审核，只有市级工作人员可以添加图片")
        }
        return current
    }

    func addPicture(_ current: CaseView, caption: String, data: [UInt8]) async throws -> CasePictureView {
        let caption = try Self.text(caption, field: "caption", limit: 100)
        guard let picture = Picture(data) else {
            throw DomainError.invalid("file", "图片应为 PNG 或 JPEG 格式（文件头无法识别）", code: "bad_picture")
        }
        let caller = self.caller
        let id = try await db.withTransaction { tx -> Int64 in
            // Two uploads racing past this count may leave one picture over the limit: the case
            // book prints the first ones only.
            let n =
                try await tx.raw("SELECT COUNT(*) AS n FROM case_pictures WHERE case_id = \(bind: current.id)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            guard n < CaseRules.maxPictures else {
                throw DomainError(.conflict, "too_many_pictures", "每个案例最多\(CaseRules.maxPictures)张图片", field: "file")
            }
            guard
                let id = try await tx.raw(
                    """
                    INSERT INTO case_pictures (case_id, caption, content_type, width, height, size, data, uploaded_by, uploaded_at)
                    VALUES (\(bind: current.id), \(bind: caption), \(bind: picture.contentType), \(bind: picture.width), \(bind: picture.height),
                      \(bind: Int64(data.count)), \(bind: Data(data)), \(bind: caller.username ?? "system"), \(bind: Date.nowSeconds()))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw DomainError.internal }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "case", key: String(current.id), action: "add_picture", extra: ["picture": String(id), "caption": caption])
            return id
        }
        return CasePictureView(
            id: id, caption: caption, contentType: picture.contentType, width: picture.width, height: picture.height,
            size: Int64(data.count))
    }

    /// A picture's bytes, from a case the caller sees.
    func picture(_ id: Int64, picture pid: Int64) async throws -> (CasePictureView, Data) {
        let c = try await find(id)
        guard let view = c.pictures.first(where: { $0.id == pid }),
            let data = try await db.raw("SELECT data FROM case_pictures WHERE id = \(bind: pid) AND case_id = \(bind: id)").first(
                decodingColumn: "data", as: Data.self)
        else { throw DomainError.notFound("图片 \(pid)", field: "pictureId") }
        return (view, data)
    }
}
