import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

/// Honours, projects, standards or consortia as one sheet (Policy L1, L4, S3, S4, S5, G3, G4), in
/// the columns the import reads, so a sheet exported, corrected and imported elsewhere round-trips.
/// Audited like every export.
enum InnovationExport {
    enum Records: String, CaseIterable, Sendable {
        case honours, projects, standards, consortia

        var sheetName: String {
            switch self {
            case .honours: "企业荣誉"
            case .projects: "重大项目和强链补链延链项目"
            case .standards: "标准"
            case .consortia: "创新联合体"
            }
        }
    }

    static let maxRows = 100_000

    static func export(_ records: Records, db: any SQLDatabase, caller: Caller) async throws -> Data {
        try await Access.require(.export, .honours, caller: caller, db: db)
        let header: [String]
        let rows: [[XLSXValue]]
        let widths: [Double]
        func yes(_ b: Bool) -> XLSXValue { .text(b ? "是" : "否") }
        switch records {
        case .honours:
            let list = try await Honours(db: db, caller: caller).list(HonourFilter(), page: PageRequest(page: 1, per: maxRows)).items
            header = ["统一社会信用代码", "企业名称", "荣誉类型", "年度", "产品", "首次", "依据"]
            rows = list.map {
                [
                    .text($0.enterprise), .text($0.enterpriseName), .text($0.kindName), .number(Double($0.year)), .text($0.product ?? ""),
                    yes($0.firstTime), .text($0.evidence ?? ""),
                ]
            }
            widths = [22, 34, 30, 8, 20, 6, 30]
        case .projects:
            let list = try await Projects(db: db, caller: caller).list(ProjectFilter(), limit: maxRows)
            let chains = try await GrantWords.chainNames(Set(list.compactMap(\.chain)), db: db)
            header = ["项目类型", "项目名称", "统一社会信用代码", "企业名称", "投资方", "所属专项", "年度", "投资额（万元）", "产业链", "环节", "强链补链延链", "阶段", "一事一议", "绿色通道"]
            rows = list.map { p in
                [
                    .text(ProjectKind(rawValue: p.kind)?.nameZh ?? p.kind), .text(p.name), .text(p.enterprise ?? ""),
                    .text(p.enterpriseName ?? ""),
                    .text(p.investor ?? ""), .text(p.programme ?? ""), .number(Double(p.year)),
                    p.amount.map { .number(Double($0) / 10_000) } ?? .text(""), .text(p.chain.map { chains[$0] ?? $0 } ?? ""),
                    .text(p.segmentName ?? ""), .text(p.action.flatMap(ChainAction.init(rawValue:))?.nameZh ?? ""),
                    .text(ProjectStage(rawValue: p.stage)?.nameZh ?? p.stage), yes(p.caseByCase), yes(p.greenChannel),
                ]
            }
            widths = [18, 34, 22, 30, 24, 20, 8, 14, 18, 18, 10, 8, 8, 8]
        case .standards:
            let list = try await Standards(db: db, caller: caller).list(limit: maxRows)
            header = ["统一社会信用代码", "企业名称", "标准号", "标准名称", "级别", "主导或参与", "年度"]
            rows = list.map {
                [
                    .text($0.enterprise), .text($0.enterpriseName), .text($0.number), .text($0.name),
                    .text(StandardLevel(rawValue: $0.level)?.nameZh ?? $0.level), .text(StandardRole(rawValue: $0.role)?.nameZh ?? $0.role),
                    .number(Double($0.year)),
                ]
            }
            widths = [22, 34, 22, 40, 10, 10, 8]
        case .consortia:
            let list = try await Consortia(db: db, caller: caller).list(limit: maxRows)
            let chains = try await GrantWords.chainNames(Set(list.flatMap(\.chains)), db: db)
            let types = ["ecosystem": "生态型", "task": "任务型", "platform": "平台型"]
            header = ["联合体名称", "牵头企业统一社会信用代码", "牵头企业", "类型", "级别", "批准日期", "产业链", "成员", "承担项目", "取得成果"]
            rows = list.map { c in
                [
                    .text(c.name), .text(c.lead), .text(c.leadName), .text(types[c.type] ?? c.type),
                    .text(HonourLevel(rawValue: c.level)?.nameZh ?? c.level), .text(c.approvedOn),
                    .text(c.chains.map { chains[$0] ?? $0 }.joined(separator: "、")),
                    .text(c.members.map { "\($0.enterprise ?? $0.institution ?? "")：\($0.role)" }.joined(separator: "；")),
                    .text(c.projects ?? ""), .text(c.outcomes ?? ""),
                ]
            }
            widths = [34, 22, 30, 8, 8, 12, 24, 50, 30, 30]
        }
        let data = try XLSXWriter.write(
            sheetName: records.sheetName, header: header, rows: rows, columnWidths: widths, stamp: ExportStamp(caller))
        try await AuditLog(db: db, caller: caller).record(
            entity: "export", key: "innovation.xlsx", action: "export_" + records.rawValue, extra: ["rows": "\(rows.count)"])
        return data
    }
}
