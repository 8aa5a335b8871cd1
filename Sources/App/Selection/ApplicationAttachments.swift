import ChainLeadCore
import Foundation
import SQLKit

/// Files attached to an application (Policy S2): evidence, and the signed integrity pledge
/// (承诺书) a scheme may require. The applicant firm and officials attach; whoever may read the
/// application may download.
struct ApplicationAttachments {
    let db: any SQLDatabase
    let caller: Caller

    static let kinds: Set<String> = ["pledge", "evidence"]

    struct Info: Sendable, Codable {
        var id: Int64
        var kind: String
        var fileName: String
        var contentType: String
        var size: Int64
        var uploadedBy: String?
        var uploadedAt: Date
    }

    static func resource(_ a: ApplicationView) -> Resource {
        .selection(.application(enterprise: a.enterprise, district: a.district, chain: a.chain))
    }

    /// Before the body is read: may the caller attach to this application?
    func authorise(_ a: ApplicationView) async throws {
        try await Access.require(.create, Self.resource(a), caller: caller, db: db)
    }

    func add(_ a: ApplicationView, kind: String, fileName: String, data: Data) async throws -> Info {
        try await authorise(a)
        guard Self.kinds.contains(kind) else { throw DomainError.invalid("kind", "附件类别应为 pledge（诚信承诺书）或 evidence（佐证材料）") }
        let checked = try Attachments.check(fileName: fileName, data: data)
        let now = Date.nowSeconds()
        let caller = self.caller
        let id = try await db.withTransaction { tx in
            let id = try await tx.insert(into: "application_attachments")
                .columns("application_id", "kind", "file_name", "content_type", "size", "sha256", "data", "uploaded_by", "uploaded_at")
                .values(
                    SQLBind(a.id), SQLBind(kind), SQLBind(checked.name), SQLBind(checked.type), SQLBind(Int64(data.count)),
                    SQLBind(checked.sha256), SQLBind(data), SQLBind(caller.username), SQLBind(now)
                )
                .runReturningID()
            try await AuditLog(db: tx, caller: caller).record(
                entity: "application", key: "\(a.id)", action: "attach",
                extra: ["file": checked.name, "kind": kind, "sha256": checked.sha256])
            return id
        }
        return Info(
            id: id, kind: kind, fileName: checked.name, contentType: checked.type, size: Int64(data.count), uploadedBy: caller.username,
            uploadedAt: now)
    }

    func list(application id: Int64) async throws -> [Info] {
        try await list(applications: [id])[id] ?? []
    }

    /// The attachments of many applications, by application, in one query per 500.
    func list(applications ids: [Int64]) async throws -> [Int64: [Info]] {
        struct Row: Decodable {
            var applicationId: Int64
            var id: Int64
            var kind: String
            var fileName: String
            var contentType: String
            var size: Int64
            var uploadedBy: String?
            var uploadedAt: Date
        }
        var out: [Int64: [Info]] = [:]
        for chunk in ids.chunked(500) where !chunk.isEmpty {
            for r in try await db.raw(
                """
                SELECT application_id, id, kind, file_name, content_type, size, uploaded_by, uploaded_at FROM application_attachments
                WHERE application_id IN \(SQLBind.group(Array(chunk))) ORDER BY id
                """
            ).rows(Row.self) {
                out[r.applicationId, default: []].append(
                    Info(
                        id: r.id, kind: r.kind, fileName: r.fileName, contentType: r.contentType, size: r.size, uploadedBy: r.uploadedBy,
                        uploadedAt: r.uploadedAt))
            }
        }
        return out
    }

    /// A file of an application as `Applications.read` let the caller see it (hidden: 404).
    func file(_ read: (ApplicationView, ApplicationSight), attachment: Int64) async throws -> (Info, Data) {
        let a = read.0
        guard read.1 == .full else { throw DomainError.notFound("附件 \(attachment)", field: "attachment") }
        struct Row: Decodable {
            var id: Int64
            var kind: String
            var fileName: String
            var contentType: String
            var size: Int64
            var uploadedBy: String?
            var uploadedAt: Date
            var data: Data
        }
        guard
            let r = try await db.raw(
                """
                SELECT id, kind, file_name, content_type, size, uploaded_by, uploaded_at, data FROM application_attachments
                WHERE application_id = \(bind: a.id) AND id = \(bind: attachment)
                """
            ).row(Row.self)
        else { throw DomainError.notFound("附件 \(attachment)", field: "attachmentId") }
        return (
            Info(
                id: r.id, kind: r.kind, fileName: r.fileName, contentType: r.contentType, size: r.size, uploadedBy: r.uploadedBy,
                uploadedAt: r.uploadedAt),
            r.data
        )
    }

    /// The applications of a campaign that carry a pledge.
    static func pledged(campaign: Int64, db: any SQLDatabase) async throws -> Set<Int64> {
        Set(
            try await db.raw(
                """
                SELECT DISTINCT t.application_id FROM application_attachments t JOIN applications a ON a.id = t.application_id
                WHERE a.campaign_id = \(bind: campaign) AND t.kind = 'pledge'
                """
            ).all(decodingColumn: "application_id", as: Int64.self))
    }
}
