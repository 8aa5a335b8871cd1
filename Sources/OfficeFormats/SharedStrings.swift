/// xl/sharedStrings.xml: `<sst><si><t>…</t></si><si><r><t>a</t></r><r><t>b</t></r><rPh>…</rPh></si></sst>`.
enum SharedStrings {
    static func parse(_ bytes: [UInt8], part: String) throws -> [String] {
        try scanXML(bytes, part: part) { scanner in
            var strings: [String] = []
            var inItem = false
            var pieces: [String] = []
            while let tag = try scanner.nextTag() {
                if tag.nameLength == 1, scanner.base[tag.nameStart] == UInt8(ascii: "t") {
                    if inItem, !tag.isClose, !tag.isSelfClosing {
                        pieces.append(try scanner.readText(xstring: true))
                    }
                } else if scanner.nameIs(tag, "si") {
                    if tag.isClose {
                        strings.append(pieces.count == 1 ? pieces[0] : pieces.joined())
                        inItem = false
                    } else if tag.isSelfClosing {
                        strings.append("")
                    } else {
                        inItem = true
                        pieces.removeAll(keepingCapacity: true)
                    }
                } else if scanner.nameIs(tag, "rPh") {
                    // Phonetic runs (furigana) are not part of the cell's text.
                    try scanner.skipElement(tag)
                } else if scanner.nameIs(tag, "sst"), !tag.isClose,
                    let unique = scanner.attribute("uniqueCount", of: tag).flatMap({ Int($0) })
                {
                    strings.reserveCapacity(min(unique, bytes.count / 8))
                }
            }
            if inItem { throw scanner.malformed("<si> not closed") }
            return strings
        }
    }
}
