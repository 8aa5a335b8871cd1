import Foundation

public enum SpreadsheetSniffer {
    public enum Kind: Sendable, Equatable {
        /// A zip ("PK\u{3}\u{4}", or the empty-zip "PK\u{5}\u{6}"): read with `XLSXReader`.
        case xlsx
        /// An OLE2 compound file: Excel 97–2003 .xls, or a password-protected .xlsx.
        case legacyXLS
        /// Anything else that is not empty: read with `CSVReader`.
        case csv
        case empty
    }

    public static func kind(of data: Data) -> Kind {
        if data.isEmpty { return .empty }
        let head = [UInt8](data.prefix(8))
        if head.count >= 4, head[0] == 0x50, head[1] == 0x4B,
            (head[2] == 0x03 && head[3] == 0x04) || (head[2] == 0x05 && head[3] == 0x06)
        {
            return .xlsx
        }
        if head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] { return .legacyXLS }
        return .csv
    }

    /// An OLE2 file whose directory names an "EncryptedPackage" stream (stored as UTF-16LE):
    /// what Excel writes for an .xlsx with an open password.
    static func isEncryptedOOXML(_ data: Data) -> Bool {
        let needle = Data("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        return data.range(of: needle) != nil
    }
}

/// Reads the first sheet of an .xlsx or a CSV file, whichever `data` is.
public enum SpreadsheetReader {
    public static func rows(of data: Data, maxRows: Int = 1_000_000, maxCellLength: Int = 32_767) throws -> [SheetRow] {
        switch SpreadsheetSniffer.kind(of: data) {
        case .empty: throw OfficeFormatError.empty
        case .legacyXLS, .xlsx: return try XLSXReader.rows(of: data, maxRows: maxRows, maxCellLength: maxCellLength)
        case .csv: return try CSVReader.rows(of: data, maxRows: maxRows, maxCellLength: maxCellLength)
        }
    }
}
