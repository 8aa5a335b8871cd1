import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

/// The enterprise list as .xlsx with the import's columns, so an exported file imports
/// back unchanged.
struct EnterpriseExport {
    let db: any SQLDatabase
    /// Who exports: what they may see, and the stamp on the file.
    let caller: Caller

    func workbook(_ filter: EnterpriseFilter) async throws -> (data: Data, rows: Int) {
        let queries = EnterpriseQueries(db: db)
        let order = try await db.raw(
            """
            SELECT e.uscc FROM enterprises e WHERE \(EnterpriseQueries.whereClause(filter))
            ORDER BY \(unsafeRaw: EnterpriseQueries.orderBy(filter.sort))
            """
        ).all(decodingColumn: "uscc", as: String.self)
        let drafts = try await queries.drafts(usccs: order)
        let chains = try await queries.chains(of: order)
        let columns = ImportKind.enterprises.columns
        let segmentNames = try await TaxonomyQueries.segmentNames(db)
        let chainOfSegment = try await queries.chainsOfSegments()
        let chainNames = Dictionary(
            try await db.raw("SELECT code, name FROM chains").rows(ChainName.self).map { ($0.code, $0.name) },
            uniquingKeysWith: { a, _ in a })
        var latest: [String: (year: Int?, value: Int64?)] = [:]
        for chunk in order.chunked(500) where !chunk.isEmpty {
            for r in try await db.raw(
                "SELECT uscc, latest_year, latest_output_value FROM enterprises WHERE uscc IN \(SQLBind.group(Array(chunk)))"
            ).rows(Latest.self) { latest[r.uscc] = (r.latestYear, r.latestOutputValue) }
        }
        // Each row as the exporting caller may see it: the same cut as the list and the profile.
        // The segments' names follow in a column of their own, for reading (the import reads the codes).
        let rows: [[XLSXValue]] = order.compactMap { drafts[$0] }.map { d in
            let visibility = Access.visibility(uscc: d.uscc, district: d.district, chains: chains[d.uscc] ?? [], caller: caller)
            let seen = Access.redact(d, visibility)
            let names = seen.segments.map { segmentNames[$0] ?? $0 }.joined(separator: "、")
            let chainList = Set(seen.segments.compactMap { chainOfSegment[$0] })
                .sorted().map { chainNames[$0] ?? $0 }.joined(separator: "、")
            // As the list shows it: figures only to those who see them.
            let output = visibility >= .masked ? latest[d.uscc] : nil
            return columns.map { Self.value(seen, $0) } + [
                names.isEmpty ? .empty : .text(names), chainList.isEmpty ? .empty : .text(chainList),
                output?.value.map { .number((Double($0) / 1_000).rounded() / 10) } ?? .empty,
                output?.year.map { .integer(Int64($0)) } ?? .empty,
            ]
        }
        let widths: [Double] =
            columns.map { $0 == .name || $0 == .address || $0 == .mainProducts ? 36 : $0 == .uscc ? 22 : 14 } + [40, 24, 14, 10]
        let data = try XLSXWriter.write(
            sheetName: "企业名录", header: columns.map(\.header) + Self.readOnlyHeaders, rows: rows, columnWidths: widths,
            stamp: ExportStamp(caller))
        return (data, rows.count)
    }

    /// Not import columns: the import skips them.
    static let segmentNamesHeader = "所属环节名称（仅供阅读，导入时不读取）"
    static let readOnlyHeaders = [segmentNamesHeader, "所属产业链（仅供阅读）", "最新产值万元（仅供阅读）", "产值年度（仅供阅读）"]

    struct ChainName: Decodable {
        var code: String
        var name: String
    }

    struct Latest: Decodable {
        var uscc: String
        var latestYear: Int?
        var latestOutputValue: Int64?
    }

    static func value(_ d: EnterpriseDraft, _ column: ImportColumn) -> XLSXValue {
        func text(_ s: String?) -> XLSXValue { s.map { .text($0) } ?? .empty }
        func date(_ s: String?) -> XLSXValue {
            guard let s, let v = SimpleDate(iso: s) else { return text(s) }
            return .date(year: v.year, month: v.month, day: v.day)
        }
        switch column {
        case .uscc: return .text(d.uscc)
        case .name: return .text(d.name)
        case .shortName: return text(d.shortName)
        case .formerNames: return d.formerNames.isEmpty ? .empty : .text(d.formerNames.joined(separator: "；"))
        case .district: return text(District.named(code: d.district)?.name ?? d.district)
        case .address: return text(d.address)
        case .mainProducts: return text(d.mainProducts)
        case .founded: return date(d.founded)
        case .ownership: return text(d.ownership?.nameZh)
        case .contactPerson: return text(d.contactPerson)
        case .contactPhone: return text(d.contactPhone)
        case .contactEmail: return text(d.contactEmail)
        case .status: return .text(d.status.nameZh)
        case .statusDate: return date(d.statusDate)
        case .successorUscc: return text(d.successorUscc)
        case .tier: return .text(d.tier.nameZh)
        case .segments: return d.segments.isEmpty ? .empty : .text(d.segments.joined(separator: ","))
        case .usccOverrideReason: return text(d.usccOverrideReason)
        case .aboveScaleYear: return d.aboveScaleYear.map { .number(Double($0)) } ?? .empty
        default: return .empty
        }
    }

    /// Blank templates with the import's headers and example rows, drop-downs on the coded
    /// columns, and the code sheet they read (`TemplateCodes`).
    static func template(_ kind: ImportKind, codes: TemplateCodes) throws -> Data {
        func sheet(_ name: String, _ header: [String], _ rows: [[XLSXValue]], lists: [(String, String)]) throws -> Data {
            let dropDowns = lists.compactMap { column, list -> (column: Int, formula: String)? in
                guard let i = header.firstIndex(of: column), let formula = codes.list(list) else { return nil }
                return (i, formula)
            }
            return try XLSXWriter.write(sheets: [XLSXSheet(name: name, header: header, rows: rows, lists: dropDowns), codes.sheet])
        }
        switch kind {
        case .enterprises:
            let example: [XLSXValue] = [
                .text("91440101MA5CJQ4N59"), .text("无锡示例科技有限公司"), .text("示例科技"), .empty,
                .text("新吴区"), .text("新吴区示例路1号"), .date(year: 2015, month: 6, day: 1),
                .text("民营"), .text("张三"), .text("0510-88886666"), .empty, .text("存续"), .empty, .empty,
                .text("未入库"), .text("ic-fab-u1"), .empty, .number(2021), .text("12英寸晶圆代工；功率器件"),
            ]
            let header = kind.columns.map(\.header)
            return try sheet(
                "企业名录", header, [example],
                lists: [
                    (ImportColumn.district.header, "区县"), (ImportColumn.status.header, "经营状态"), (ImportColumn.tier.header, "梯队"),
                ])
        case .figures:
            let header = [
                "统一社会信用代码", "年度", "产值(万元)", "营业收入(万元)", "研发费用(万元)", "从业人数", "纳税额(万元)",
                "出口额(万元)", "资产总额(万元)", "负债总额(万元)", "主营业务收入(万元)", "数据来源",
            ]
            let example: [XLSXValue] = [
                .text("91440101MA5CJQ4N59"), .integer(2025), .number(12345.6), .number(12000),
                .number(600), .integer(230), .number(520), .number(1800), .number(20000),
                .number(9000), .number(11500), .text("企业自报"),
            ]
            return try sheet("年度经营数据", header, [example], lists: [])
        case .supplyLinks:
            let header = [
                "采购方统一社会信用代码", "供应商统一社会信用代码", "供应商名称", "供应商所在城市", "环节代码", "年度",
                "采购金额(万元)", "采购类别",
            ]
            let examples: [[XLSXValue]] = [
                [
                    .text("91440101MA5CJQ4N59"), .empty, .text("上海示例材料有限公司"), .text("上海"), .text("ic-fab-u1"), .integer(2025),
                    .number(1200), .text("原材料"),
                ],
                [
                    .text("91440101MA5CJQ4N59"), .text("91350200776049653A"), .empty, .empty, .text("ic-fab-u4"), .integer(2025),
                    .number(800.5), .text("设备"),
                ],
            ]
            return try sheet("采购供应关系", header, examples, lists: [("环节代码", "环节代码"), ("采购类别", "采购类别")])
        }
    }
}
