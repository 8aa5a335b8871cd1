import ChainLeadCore
import Fluent
import Foundation
import OfficeFormats
import SQLKit

/// Requests as one sheet, and a department's monthly report as a Word document.
enum RequestExport {
    static let header = [
        "编号", "企业", "统一社会信用代码", "类别", "标题", "紧急程度", "状态", "牵头部门", "协办部门", "提交日期",
        "受理时限", "答复时限", "受理日期", "首次答复日期", "重新办理次数", "是否满意", "督办",
    ]

    /// The requests these grants may see, as a workbook; the export is audited.
    static func export(db: any SQLDatabase, caller: Caller) async throws -> Data {
        let (items, _) = try await RequestService(db: db, caller: caller).list(
            RequestFilter(), grants: caller.grants, page: PageRequest(page: 1, per: 100_000))
        try await AuditLog(db: db, caller: caller).record(
            entity: "export", key: "requests.xlsx", action: "export_requests",
            extra: ["rows": "\(items.count)"])
        return try workbook(items, stamp: ExportStamp(caller))
    }

    static func workbook(_ items: [RequestRecord], stamp: ExportStamp) throws -> Data {
        let rows: [[XLSXValue]] = items.map { r in
            [
                .integer(r.id), .text(r.enterpriseName), .text(r.enterprise), .text(r.category.nameZh), .text(r.title),
                .text(r.urgency.nameZh),
                .text(r.status.nameZh), .text(r.leadDepartment), .text(r.coDepartments.joined(separator: "、")),
                .text(r.filedOn.description),
                .text(r.acceptBy.description), .text(r.answerBy.description), .text(r.acceptedOn?.description ?? ""),
                .text(r.answeredOn?.description ?? ""), .integer(Int64(r.reopenCount)),
                .text(r.satisfied.map { $0 ? "满意" : "不满意" } ?? ""), .text(r.escalation == .none ? "" : r.escalation.nameZh),
            ]
        }
        return try XLSXWriter.write(
            sheetName: "企业诉求", header: header, rows: rows,
            columnWidths: [6, 28, 20, 10, 30, 8, 10, 18, 20, 11, 11, 11, 11, 11, 8, 8, 14], stamp: stamp)
    }
}
