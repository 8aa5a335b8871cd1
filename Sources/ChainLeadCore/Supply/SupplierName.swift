// Supplier names as written in purchase ledgers, matched to each other and to the registry (Policy L3).

import Foundation

public enum SupplierNameMatch: Sendable, Equatable {
    /// The same normalised key.
    case exact
    /// Probably the same firm; a person confirms. The reason is shown to them.
    case likely(reason: String)
    case none
}

public enum SupplierName {
    /// The matching key of a name:
    /// 1. full-width forms (letters, digits, brackets, punctuation, the ideographic space) → half-width,
    ///    ASCII letters lower-cased;
    /// 2. "(集团)" removed wherever it stands;
    /// 3. legal forms stripped from the end, repeatedly: 股份有限公司, 有限责任公司, 有限公司, 股份公司,
    ///    then a trailing 集团 (so 集团有限公司 and 集团股份有限公司 go too), and the English
    ///    co / company / corp / corporation / inc / ltd / limited / llc / plc / gmbh as whole words;
    /// 4. all white space removed.
    ///
    /// Dropping the legal form is safe: the naming rules (企业名称登记管理规定) do not let one registration
    /// area hold the same 字号 twice in different forms. A bare trailing 公司 stays (it may be a pre-company-law
    /// enterprise, such as a 全民所有制 公司), and so do place names (the same 字号 may be registered in
    /// two places): `match` calls both differences `likely`, never exact.
    ///
    /// A branch keeps its own tail after a "/", so it never shares its parent's key:
    /// "无锡华光电子有限公司苏州分公司" → "无锡华光电子/苏州分公司", its parent → "无锡华光电子".
    public static func normalise(_ name: String) -> String {
        let k = key(name)
        return k.branch.map { k.base + "/" + $0 } ?? k.base
    }

    /// A branch (分公司) of another firm.
    public static func isBranch(_ name: String) -> Bool {
        prepared(name).hasSuffix(branchMarker)
    }

    /// Exact when the keys are equal. Likely when they differ only by a leading place name
    /// (无锡, 无锡市, 江苏省无锡市, …: one name's places must include the other's, so 无锡X and 苏州X are
    /// two firms) or only by a bare trailing 公司, or by both. A branch never matches its parent.
    public static func match(_ a: String, _ b: String) -> SupplierNameMatch {
        let ka = key(a)
        let kb = key(b)
        if ka.base.isEmpty || kb.base.isEmpty { return .none }
        if ka == kb { return .exact }
        guard ka.branch == kb.branch else { return .none }

        let pa = placesStripped(ka.base)
        let pb = placesStripped(kb.base)
        let placesAgree = pa.places.isSubset(of: pb.places) || pb.places.isSubset(of: pa.places)
        if placesAgree && pa.rest == pb.rest { return .likely(reason: "仅地名前缀不同") }
        if companyStripped(ka.base) == companyStripped(kb.base) { return .likely(reason: "仅“公司”字样不同") }
        if placesAgree && companyStripped(pa.rest) == companyStripped(pb.rest) {
            return .likely(reason: "仅地名前缀和“公司”字样不同")
        }
        return .none
    }

    // MARK: - Steps

    struct Key: Equatable {
        var base: String
        var branch: String?
    }

    static let branchMarker = "分公司"
    static let chineseForms = ["股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团"]
    static let englishForms = ["co", "company", "corp", "corporation", "inc", "ltd", "limited", "llc", "plc", "gmbh"]

    static func key(_ name: String) -> Key {
        let s = prepared(name).replacingAll("(集团)", with: "")
        guard s.hasSuffix(branchMarker) else { return Key(base: withoutSpaces(formsStripped(s)), branch: nil) }
        // The parent's name runs up to the last 公司 before the branch marker.
        let head = s.dropLast(branchMarker.count)
        guard let end = head.range(of: "公司", options: .backwards)?.upperBound else {
            return Key(base: withoutSpaces(String(head)), branch: branchMarker)
        }
        return Key(base: withoutSpaces(formsStripped(String(s[..<end]))), branch: withoutSpaces(String(s[end...])))
    }

    /// Half-width, lower-cased ASCII; white space kept (as one space) only between two ASCII
    /// characters, where it separates English words.
    static func prepared(_ name: String) -> String {
        let scalars = name.unicodeScalars.map { u -> Unicode.Scalar in
            var v = u.value
            if v == 0x3000 { v = 0x20 }
            if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }
            if (0x41...0x5A).contains(v) { v += 0x20 }
            return Unicode.Scalar(v) ?? u
        }
        let chars = Array(String(String.UnicodeScalarView(scalars)))
        var out: [Character] = []
        for (i, c) in chars.enumerated() {
            guard c.isWhitespace else {
                out.append(c)
                continue
            }
            guard let last = out.last, last != " ", last.isASCII else { continue }
            if let next = chars[(i + 1)...].first(where: { !$0.isWhitespace }), next.isASCII { out.append(" ") }
        }
        return String(out)
    }

    /// Legal forms off the end, repeatedly, never down to nothing.
    static func formsStripped(_ s: String) -> String {
        var s = s
        while true {
            var trimmed = s
            while let last = trimmed.last, last == " " || last == "," || last == "." { trimmed.removeLast() }
            if let form = chineseForms.first(where: { trimmed.hasSuffix($0) && trimmed.count > $0.count }) {
                s = String(trimmed.dropLast(form.count))
            } else if let form = englishForms.first(where: { endsWithWord(trimmed, $0) }) {
                s = String(trimmed.dropLast(form.count))
            } else {
                return trimmed.isEmpty ? s : trimmed
            }
        }
    }

    /// `s` ends with the word `w`, with something other than an ASCII letter or digit before it.
    static func endsWithWord(_ s: String, _ w: String) -> Bool {
        guard s.hasSuffix(w), let before = s.dropLast(w.count).last else { return false }
        return !(before.isASCII && (before.isLetter || before.isNumber))
    }

    static func withoutSpaces(_ s: String) -> String {
        String(s.filter { !$0.isWhitespace })
    }

    /// Leading place names (with their 省/市/区/县) off a key, as a set of places.
    static func placesStripped(_ s: String) -> (places: Set<String>, rest: String) {
        var rest = Substring(s)
        var places: Set<String> = []
        while let place = PlaceNames.prefixes.first(where: { rest.hasPrefix($0) && rest.count > $0.count }) {
            rest = rest.dropFirst(place.count)
            if let level = rest.first, "省市区县".contains(level), rest.count > 1 { rest = rest.dropFirst() }
            places.insert(place)
        }
        return (places, String(rest))
    }

    /// A bare trailing 公司 off, then any form it uncovers (X集团公司 → X).
    static func companyStripped(_ s: String) -> String {
        guard s.hasSuffix("公司"), s.count > 2 else { return s }
        return formsStripped(String(s.dropLast(2)))
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}

extension SupplierName {
    /// A bucket for finding likely matches quickly: the key without leading place names and
    /// without a trailing 公司 (a branch keeps its tail). Names that `match` calls exact or
    /// likely share a stem; a shared stem is only a candidate, `match` decides.
    public static func matchingStem(_ name: String) -> String {
        let k = key(name)
        let stem = companyStripped(placesStripped(k.base).rest)
        return k.branch.map { stem + "/" + $0 } ?? stem
    }
}
