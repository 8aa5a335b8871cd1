import Foundation

/// One sheet of a workbook: its rows under a bold, frozen, filtered header, and drop-down lists
/// (`formula`: a range such as `XLSXWriter.reference(sheet: "代码表", range: "$A$2:$A$9")`).
public struct XLSXSheet: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[XLSXValue]]
    public var columnWidths: [Double]?
    public var lists: [(column: Int, formula: String)]
    public var listRows: Int

    public init(
        name: String, header: [String], rows: [[XLSXValue]], columnWidths: [Double]? = nil, lists: [(column: Int, formula: String)] = [],
        listRows: Int = 1_000
    ) {
        self.name = name
        self.header = header
        self.rows = rows
        self.columnWidths = columnWidths
        self.lists = lists
        self.listRows = listRows
    }
}
