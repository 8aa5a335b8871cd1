import ChainLeadCore
import Foundation
import OfficeFormats

/// Leads and their pipeline as one sheet, as officials file them.
enum LeadExport {
    static let header = [
        "排名", "供应商", "所在城市", "采购额（万元）", "本地采购方数", "缺失/薄弱环节", "依据", "阶段", "负责人",
        "承接园区", "共同招商链主", "一事一议", "放弃原因", "落地企业", "落地年度",
    ]

    /// The ranked leads of a year with their pipeline; the export is audited.
    static func export(_ service: LeadService, year: Int) async throws -> Data {
        let names = try await TaxonomyQueries.segmentNames(service.sql)
        let data = try workbook(try await service.ranked(year: year), year: year, stamp: ExportStamp(service.caller), segmentNames: names)
        try await AuditLog(db: service.sql, caller: service.caller).record(
            entity: "export", key: "leads.xlsx", action: "export_leads", extra: ["year": "\(year)"])
        return data
    }

    /// Segments by name, co-sponsors and landed firms as given; no internal keys (the supplier's
    /// matching key stays in the database).
    static func workbook(_ leads: [LeadView], year: Int, stamp: ExportStamp, segmentNames: [String: String] = [:]) throws -> Data {
        let rows: [[XLSXValue]] = leads.map { v in
            [
                v.rank > 0 ? .number(Double(v.rank)) : .text("—"), .text(v.supplierName), .text(v.supplierCity ?? ""),
                .number((v.amount / 1_000).rounded() / 10), .number(Double(v.buyers)),
                .text(v.segments.map { segmentNames[$0] ?? $0 }.joined(separator: "、")),
                .text(v.evidence), .text(v.stage?.nameZh ?? "未跟进"), .text(v.owner ?? ""), .text(v.hostPark ?? ""),
                .text(v.coSponsorUscc ?? ""), .text(v.id == nil ? "" : (v.oneMatter ? "是" : "否")), .text(v.droppedReason ?? ""),
                .text(v.landedUscc ?? ""), v.landedYear.map { .number(Double($0)) } ?? .text(""),
            ]
        }
        return try XLSXWriter.write(
            sheetName: "\(year)年补链招商线索", header: header, rows: rows,
            columnWidths: [6, 30, 10, 14, 12, 30, 40, 10, 10, 16, 20, 8, 20, 20, 8], stamp: stamp)
    }
}
