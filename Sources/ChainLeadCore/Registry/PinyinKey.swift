/// A name's pinyin, for sorting Chinese names as a dictionary does and for finding them by pinyin.
public enum PinyinKey {
    static let readings: [Substring] = PinyinTable.text.split(separator: " ")

    /// The reading of a CJK ideograph, nil for anything else.
    static func reading(_ u: Unicode.Scalar) -> Substring? {
        guard u.value >= PinyinTable.first else { return nil }
        let i = Int(u.value - PinyinTable.first)
        guard i < readings.count, readings[i] != "-" else { return nil }
        return readings[i]
    }

    /// ASCII letters and digits (full-width ones too) lowercased; everything else nil.
    static func latin(_ u: Unicode.Scalar) -> Character? {
        var v = u.value
        if (0xFF10...0xFF19).contains(v) || (0xFF21...0xFF3A).contains(v) || (0xFF41...0xFF5A).contains(v) { v -= 0xFEE0 }
        guard let c = Unicode.Scalar(v), c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) else { return nil }
        return Character(c).lowercased().first
    }

    /// The sort key: each syllable padded to six characters with "0" (so 西安 "xi0000an0000" sorts
    /// before 先 "xian00" under any collation, as in a dictionary), Latin letters and digits as
    /// they are, punctuation dropped. At most 255 characters.
    public static func sortKey(_ name: String) -> String {
        var out = ""
        out.reserveCapacity(name.unicodeScalars.count * 6)
        for u in name.unicodeScalars {
            if let r = reading(u) {
                out += r
                out += String(repeating: "0", count: max(0, 6 - r.count))
            } else if let c = latin(u) {
                out.append(c)
            }
            if out.count >= 255 { break }
        }
        return String(out.prefix(255))
    }

    /// What a search by pinyin matches: the full pinyin without spaces ("wuxijingyuan") and the
    /// initials ("wxjy"), Latin letters and digits kept.
    public static func searchForms(_ name: String) -> (full: String, initials: String) {
        var full = ""
        var initials = ""
        for u in name.unicodeScalars {
            if let r = reading(u) {
                full += r
                if let first = r.first { initials.append(first) }
            } else if let c = latin(u) {
                full.append(c)
                initials.append(c)
            }
        }
        return (full, initials)
    }
}
