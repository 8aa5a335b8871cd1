import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

/// The second sheet of every import template, 代码表: the valid values of the coded columns with
/// their Chinese names — districts, statuses, tiers, purchase categories and the live segments
/// (code and "产业链·环节") — which the first sheet's drop-downs (`dataValidation`) read.
struct TemplateCodes: Sendable {
    static let sheetName = "代码表"
    var segments: [(code: String, name: String)]

    static func load(_ db: any SQLDatabase) async throws -> TemplateCodes {
        struct Row: Decodable {
            var code: String
            var chain: String
            var name: String
        }
        let rows = try await db.raw(
            """
            SELECT s.code, c.name AS chain, s.name FROM segments s JOIN chains c ON c.code = s.chain_code
            WHERE s.retired_on IS NULL ORDER BY c.sort_order, s.code
            """
        ).rows(Row.self)
        return TemplateCodes(segments: rows.map { ($0.code, "\($0.chain)·\($0.name)") })
    }

    /// Columns of the code sheet, each a list: (header, values).
    var columns: [(String, [String])] {
        [
            ("区县", District.all.map(\.name)),
            ("经营状态", EnterpriseStatus.allCases.map(\.nameZh)),
            ("梯队", Tier.allCases.filter { $0 != .leader }.map(\.nameZh)),
            ("采购类别", SupplyCategory.allCases.map(\.nameZh)),
            ("环节代码", segments.map(\.code)),
            ("环节名称（产业链·环节）", segments.map(\.name)),
        ]
    }

    var sheet: XLSXSheet {
        let cols = columns
        let height = cols.map(\.1.count).max() ?? 0
        let rows: [[XLSXValue]] = (0..<height).map { r in cols.map { r < $0.1.count ? .text($0.1[r]) : .empty } }
        return XLSXSheet(name: Self.sheetName, header: cols.map(\.0), rows: rows, columnWidths: [10, 10, 10, 10, 16, 36])
    }

    /// The drop-down over the code sheet's column `header`.
    func list(_ header: String) -> String? {
        guard let i = columns.firstIndex(where: { $0.0 == header }) else { return nil }
        let letter = String(UnicodeScalar(UInt8(65 + i)))
        return XLSXWriter.reference(sheet: Self.sheetName, range: "$\(letter)$2:$\(letter)$\(columns[i].1.count + 1)")
    }
}
