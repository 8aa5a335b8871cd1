/// Everything that can go wrong while reading or writing a spreadsheet.
/// `messageZh` is written for the officials who upload files; `messageEn` for logs.
public enum OfficeFormatError: Error, Equatable, Sendable {
    /// The file has 0 bytes.
    case empty
    /// An OLE2 compound file (Excel 97–2003 `.xls`).
    case legacyXLS
    /// An OLE2 container holding an `EncryptedPackage`: a password-protected `.xlsx`.
    case passwordProtected
    /// Not a zip, a damaged zip, or a zip that is not a spreadsheet package.
    case notXLSX
    /// A part the package needs is missing, e.g. "xl/workbook.xml".
    case missingPart(String)
    /// A part whose uncompressed size is over `limitBytes`.
    case partTooLarge(part: String, limitBytes: Int)
    /// The parts read from one package inflate to more than `limitBytes` in all (a zip bomb, or a
    /// workbook far beyond any real one).
    case workbookTooLarge(limitBytes: Int)
    case malformedXML(part: String, detail: String)
    /// A cell value longer than `limit` characters (UTF-16 code units, as Excel counts).
    case cellTooLarge(row: Int, column: String, limit: Int)
    case tooManyRows(limit: Int)
    /// A CSV that is neither UTF-8 (with or without BOM), UTF-16 with BOM, nor GB18030.
    case undecodableText
    /// The writer could not build the zip package.
    case writeFailed(String)

    public var messageZh: String {
        switch self {
        case .empty:
            return "文件为空（0 字节），请检查后重新上传"
        case .legacyXLS:
            return "旧版 .xls 文件不支持，请在 Excel 中另存为 .xlsx 后再导入"
        case .passwordProtected:
            return "文件设置了打开密码，请在 Excel 中取消密码并另存为 .xlsx 后再导入"
        case .notXLSX:
            return "文件不是有效的 .xlsx 表格，可能已损坏或格式不对，请在 Excel 中另存为 .xlsx 后再导入"
        case .missingPart(let part):
            return "表格文件不完整（缺少 \(part)），请在 Excel 中另存为 .xlsx 后再导入"
        case .partTooLarge(let part, let limit):
            return "表格文件过大（\(part) 解压后超过 \(limit / (1 << 20)) MB），请拆分后再导入"
        case .workbookTooLarge(let limit):
            return "表格文件解压后超过 \(limit / (1 << 20)) MB 的上限（远大于10万家企业的名录），请拆分为多个文件后再导入"
        case .malformedXML(let part, let detail):
            return "表格文件内容有误（\(part)：\(detail)），请在 Excel 中另存为 .xlsx 后再导入"
        case .cellTooLarge(let row, let column, let limit):
            return "第 \(row) 行 \(column) 列的内容超过 \(limit) 个字符，请精简后再导入"
        case .tooManyRows(let limit):
            return "表格行数超过上限（\(limit) 行），请拆分后再导入"
        case .undecodableText:
            return "无法识别 CSV 文件的文字编码，请另存为 UTF-8 或 GB18030 编码的 CSV，或 .xlsx 文件后再导入"
        case .writeFailed(let detail):
            return "生成 Excel 文件失败（\(detail)）"
        }
    }

    public var messageEn: String {
        switch self {
        case .empty:
            return "The file is empty (0 bytes)."
        case .legacyXLS:
            return "Legacy .xls files are not supported; save the file as .xlsx in Excel and import it again."
        case .passwordProtected:
            return "The file is password-protected; remove the password in Excel, save as .xlsx and import it again."
        case .notXLSX:
            return "The file is not a valid .xlsx spreadsheet (damaged or another format)."
        case .missingPart(let part):
            return "The spreadsheet package is incomplete: \(part) is missing."
        case .partTooLarge(let part, let limit):
            return "The spreadsheet part \(part) is larger than \(limit) bytes uncompressed."
        case .workbookTooLarge(let limit):
            return "The workbook inflates to more than \(limit) bytes in all."
        case .malformedXML(let part, let detail):
            return "Malformed XML in \(part): \(detail)."
        case .cellTooLarge(let row, let column, let limit):
            return "The cell at row \(row), column \(column) is longer than \(limit) characters."
        case .tooManyRows(let limit):
            return "The sheet has more than \(limit) rows."
        case .undecodableText:
            return "The CSV text is neither UTF-8 nor GB18030."
        case .writeFailed(let detail):
            return "Could not write the .xlsx file: \(detail)."
        }
    }
}
