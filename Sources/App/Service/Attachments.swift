import ChainLeadCore
import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Files attached to a request (Policy S6: intake with attachments), stored in the database.
struct Attachments {
    let db: any SQLDatabase
    /// Who acts: checked, and recorded in the audit trail.
    let caller: Caller

    static let maxBytes = 10 << 20
    static let tooLarge = DomainError(.tooLarge, "too_large", "附件不能超过10 MB", field: "file")
    static let allowedTypes: [String: String] = [
        "pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "txt": "text/plain; charset=utf-8", "zip": "application/zip",
    ]

    /// The columns `id, file_name, content_type, size, uploaded_by, uploaded_at` as stored.
    struct Info: Sendable, Codable {
        var id: Int64
        var fileName: String
        var contentType: String
        var size: Int64
        var uploadedBy: String?
        var uploadedAt: Date
    }

    /// A file that passed the checks: its cleaned name, type (from the extension) and checksum.
    struct Checked: Sendable {
        var name: String
        var type: String
        var sha256: String
    }

    /// Checks the name and size; the type follows the extension (a file is never served as HTML).
    static func check(fileName raw: String, data: Data) throws -> Checked {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: "\\", with: "_")
        guard !name.isEmpty, name.unicodeScalars.count <= 200 else {
            throw DomainError.invalid("file_name", "请提供文件名（不超过200个字符）", code: "required")
        }
        guard !data.isEmpty else { throw DomainError.invalid("file", "文件为空", code: "empty") }
        guard data.count <= Self.maxBytes else { throw Self.tooLarge }
        let ext = (name as NSString).pathExtension.lowercased()
        guard let type = Self.allowedTypes[ext] else {
            throw DomainError.invalid("file_name", "附件类型应为 PDF、图片（JPG/PNG）、Word、Excel、TXT 或 ZIP", code: "bad_type")
        }
        return Checked(name: name, type: type, sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
    }

    func add(request id: Int64, fileName raw: String, data: Data) async throws -> Info {
        let checked = try Self.check(fileName: raw, data: data)
        let (name, type, sha) = (checked.name, checked.type, checked.sha256)
        let now = Date.nowSeconds()
        let newID = try await db.insert(into: "request_attachments")
            .columns("request_id", "file_name", "content_type", "size", "sha256", "data", "uploaded_by", "uploaded_at")
            .values(
                SQLBind(id), SQLBind(name), SQLBind(type), SQLBind(Int64(data.count)), SQLBind(sha), SQLBind(data),
                SQLBind(caller.username), SQLBind(now)
            )
            .runReturningID()
        try await AuditLog(db: db, caller: caller).record(
            entity: "request", key: "\(id)", action: "attach", extra: ["file": name, "sha256": sha])
        return Info(id: newID, fileName: name, contentType: type, size: Int64(data.count), uploadedBy: caller.username, uploadedAt: now)
    }

    func list(request id: Int64) async throws -> [Info] {
        try await db.raw(
            """
            SELECT id, file_name, content_type, size, uploaded_by, uploaded_at FROM request_attachments WHERE request_id = \(bind: id) ORDER BY id
            """
        ).rows(Info.self)
    }

    func file(request id: Int64, attachment: Int64) async throws -> (Info, Data) {
        guard
            let row = try await db.raw(
                """
                SELECT id, file_name, content_type, size, uploaded_by, uploaded_at, data FROM request_attachments
                WHERE request_id = \(bind: id) AND id = \(bind: attachment)
                """
            ).row(StoredFile.self)
        else { throw DomainError.notFound("附件 \(attachment)", field: "attachmentId") }
        return (row.info, row.data)
    }
}

extension Attachments {
    /// A stored file as a download: its type from the extension it was checked against, never
    /// sniffed, and its name in UTF-8 (RFC 6266).
    static func download(name: String, contentType: String, attachment: Int64, data: Data) -> Response {
        let utf8 = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "attachment"
        return Response(
            status: .ok,
            headers: [
                "Content-Type": contentType, "X-Content-Type-Options": "nosniff",
                "Content-Disposition": "attachment; filename=\"attachment-\(attachment)\"; filename*=UTF-8''\(utf8)",
            ], body: .init(data: data))
    }
}

/// An attachment with its bytes: the `Info` columns and `data`.
struct StoredFile: Decodable {
    var info: Attachments.Info
    var data: Data

    private enum CodingKeys: String, CodingKey {
        case data
    }

    init(from decoder: any Decoder) throws {
        info = try Attachments.Info(from: decoder)
        data = try decoder.container(keyedBy: CodingKeys.self).decode(Data.self, forKey: .data)
    }
}
