import Foundation

public enum XLSXReader {
    /// The rows of the first sheet in workbook order. Rows without any value are left out;
    /// `SheetRow.number` keeps the row number the spreadsheet shows.
    /// `maxInflatedBytes` caps what all the parts read may inflate to together (a zip bomb stops there).
    public static func rows(
        of data: Data, maxRows: Int = 1_000_000, maxCellLength: Int = 32_767,
        maxInflatedBytes: Int = ZipReader.defaultMaxTotalSize
    ) throws -> [SheetRow] {
        let package = try OPCPackage(data: data, maxInflatedBytes: maxInflatedBytes)
        let workbookPart =
            try package.relationships(of: "")
            .first { $0.type.hasSuffix("/officeDocument") && !$0.isExternal }?.target ?? "xl/workbook.xml"
        guard let workbookBytes = try package.read(workbookPart) else {
            let looksLikeSpreadsheet = package.zip.names.contains { $0.hasPrefix("xl/") }
            throw looksLikeSpreadsheet ? OfficeFormatError.missingPart(workbookPart) : OfficeFormatError.notXLSX
        }
        let workbook = try Workbook.parse(workbookBytes, part: workbookPart)
        let relationships = try package.relationships(of: workbookPart)
        let directory = OPCPackage.split(workbookPart).directory

        func related(_ suffix: String, fallback: String) -> String? {
            if let rel = relationships.first(where: { $0.type.hasSuffix(suffix) && !$0.isExternal }) { return rel.target }
            let path = OPCPackage.resolve(fallback, from: directory)
            return package.contains(path) ? path : nil
        }

        let sheetPart: String = {
            for sheet in workbook.sheetRelationshipIDs {
                if let rel = relationships.first(where: { $0.id == sheet }), rel.type.hasSuffix("/worksheet") {
                    return rel.target
                }
            }
            return OPCPackage.resolve("worksheets/sheet1.xml", from: directory)
        }()
        guard let sheetBytes = try package.read(sheetPart) else { throw OfficeFormatError.missingPart(sheetPart) }

        var sharedStrings: [String] = []
        if let part = related("/sharedStrings", fallback: "sharedStrings.xml"), let bytes = try package.read(part) {
            sharedStrings = try SharedStrings.parse(bytes, part: part)
        }
        var dateStyles: [Bool] = []
        if let part = related("/styles", fallback: "styles.xml"), let bytes = try package.read(part) {
            dateStyles = try Styles.dateStyles(bytes, part: part)
        }
        var parser = SheetParser(
            part: sheetPart, sharedStrings: sharedStrings, dateStyles: dateStyles,
            date1904: workbook.date1904, maxRows: maxRows, maxCellLength: maxCellLength)
        return try parser.parse(sheetBytes)
    }
}

/// xl/workbook.xml: the sheets in order and the date system.
struct Workbook {
    var sheetRelationshipIDs: [String] = []
    var date1904 = false

    static func parse(_ bytes: [UInt8], part: String) throws -> Workbook {
        try scanXML(bytes, part: part) { scanner in
            var workbook = Workbook()
            var sawRoot = false
            while let tag = try scanner.nextTag() {
                guard !tag.isClose else { continue }
                if scanner.nameIs(tag, "workbook") {
                    sawRoot = true
                } else if scanner.nameIs(tag, "workbookPr") {
                    let value = scanner.attribute("date1904", of: tag)
                    workbook.date1904 = value == "1" || value == "true"
                } else if scanner.nameIs(tag, "sheet"), let id = scanner.attribute("id", of: tag) {
                    workbook.sheetRelationshipIDs.append(id)
                }
            }
            guard sawRoot else { throw scanner.malformed("no <workbook> element") }
            return workbook
        }
    }
}
