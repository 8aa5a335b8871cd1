/// xl/styles.xml: which cell style indexes (`s` of `<c>`) show numbers as dates.
enum Styles {
    /// For each entry of `<cellXfs>`, whether its number format is a date format.
    static func dateStyles(_ bytes: [UInt8], part: String) throws -> [Bool] {
        try scanXML(bytes, part: part) { scanner in
            var customFormats: [Int: String] = [:]
            var xfFormatIDs: [Int] = []
            var inNumFmts = false
            var inCellXfs = false
            while let tag = try scanner.nextTag() {
                if scanner.nameIs(tag, "numFmts") {
                    inNumFmts = !tag.isClose && !tag.isSelfClosing
                } else if scanner.nameIs(tag, "cellXfs") {
                    inCellXfs = !tag.isClose && !tag.isSelfClosing
                } else if tag.isClose {
                    continue
                } else if inNumFmts, scanner.nameIs(tag, "numFmt") {
                    if let id = scanner.attribute("numFmtId", of: tag).flatMap({ Int($0) }) {
                        customFormats[id] = scanner.attribute("formatCode", of: tag) ?? ""
                    }
                } else if inCellXfs, scanner.nameIs(tag, "xf") {
                    xfFormatIDs.append(scanner.attribute("numFmtId", of: tag).flatMap { Int($0) } ?? 0)
                }
            }
            return xfFormatIDs.map { id in
                if let code = customFormats[id] { return isDateFormat(code) }
                return isBuiltinDateFormat(id)
            }
        }
    }

    /// Built-in formats that show a date: 14–17 and 22 (m/d/yy …) and the East Asian dates among
    /// 27–36 and 50–58. 18–21, 45–47 and the East Asian 32–35, 55–56 (h"时"mm"分" …) show only a
    /// time of day or a duration, so such cells stay numbers, as with custom time formats.
    static func isBuiltinDateFormat(_ id: Int) -> Bool {
        switch id {
        case 14...17, 22, 27...31, 36, 50...54, 57, 58: return true
        default: return false
        }
    }

    /// A custom format shows a date when, outside quoted text, brackets and escapes, it has a
    /// year or day code, or a month code `m` without hours or seconds around (`h:mm` is minutes).
    static func isDateFormat(_ code: String) -> Bool {
        // Only the first section (for positive numbers) counts.
        var letters: [UInt8] = []
        var bytes = Array(code.utf8)[...]
        while let b = bytes.popFirst() {
            switch b {
            case UInt8(ascii: ";"):
                bytes = []
            case UInt8(ascii: "\""):
                while let c = bytes.popFirst(), c != UInt8(ascii: "\"") {}
            case UInt8(ascii: "["):
                while let c = bytes.popFirst(), c != UInt8(ascii: "]") {}
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                _ = bytes.popFirst()
            default:
                letters.append(b | 0x20)  // ASCII lower case; other bytes do not matter here
            }
        }
        if letters.contains(UInt8(ascii: "y")) || letters.contains(UInt8(ascii: "d")) { return true }
        if letters.contains(UInt8(ascii: "m")) {
            return !letters.contains(UInt8(ascii: "h")) && !letters.contains(UInt8(ascii: "s"))
        }
        return false
    }
}
