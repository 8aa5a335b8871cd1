// Unified Social Credit Code (统一社会信用代码), GB 32100-2015: the enterprise id.

public struct USCC: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public var description: String { value }

    /// Positions 3–8: the GB/T 2260 administrative division of the registering authority.
    public var divisionCode: String {
        let chars = Array(value)
        return String(chars[2..<8])
    }

    static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let valueOf: [Character: Int] = Dictionary(
        uniqueKeysWithValues: alphabet.enumerated().map { ($0.element, $0.offset) })

    /// Validates charset, length and check character. Lower-case letters are accepted and
    /// upper-cased, surrounding white space is trimmed (as pasted from documents).
    public static func validate(_ raw: String) -> Result<USCC, USCCError> {
        switch checkFormat(raw) {
        case .failure(let error): return .failure(error)
        case .success(let code):
            let chars = Array(code.value)
            let expected = checkCharacter(for: chars[0..<17])
            if chars[17] != expected {
                return .failure(.checksumMismatch(expected: expected, found: chars[17]))
            }
            return .success(code)
        }
    }

    /// Charset and length only: for codes that an administrator accepted despite their
    /// check character (some real pre-2016 codes fail it), and for look-ups.
    public static func checkFormat(_ raw: String) -> Result<USCC, USCCError> {
        let trimmed = raw.trimmingWhitespace().uppercased()
        if trimmed.isEmpty { return .failure(.empty) }
        let chars = Array(trimmed)
        if chars.count != 18 { return .failure(.wrongLength(chars.count)) }
        for (index, char) in chars.enumerated() where valueOf[char] == nil {
            return .failure(.invalidCharacter(char, position: index + 1))
        }
        return .success(USCC(unchecked: trimmed))
    }

    /// The check character for the first 17 characters (which must be in the alphabet).
    public static func checkCharacter(for first17: some Collection<Character>) -> Character {
        var sum = 0
        for (char, weight) in zip(first17, weights) {
            sum += (valueOf[char] ?? 0) * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    init(unchecked value: String) {
        self.value = value
    }
}

public enum USCCError: Error, Equatable, Sendable {
    case empty
    case wrongLength(Int)
    case invalidCharacter(Character, position: Int)
    case checksumMismatch(expected: Character, found: Character)

    /// A stable machine-readable reason.
    public var code: String {
        switch self {
        case .empty: "uscc_empty"
        case .wrongLength: "uscc_length"
        case .invalidCharacter: "uscc_character"
        case .checksumMismatch: "uscc_checksum"
        }
    }

    public var messageZh: String {
        switch self {
        case .empty:
            "统一社会信用代码不能为空"
        case .wrongLength(let n):
            "统一社会信用代码应为18位，实际为\(n)位"
        case .invalidCharacter(let c, let p):
            "统一社会信用代码第\(p)位字符“\(c)”无效（只允许数字和除I、O、S、V、Z以外的大写字母）"
        case .checksumMismatch(let expected, let found):
            "统一社会信用代码校验位错误：第18位应为“\(expected)”，实际为“\(found)”"
        }
    }

    public var messageEn: String {
        switch self {
        case .empty: "The USCC is empty"
        case .wrongLength(let n): "The USCC must have 18 characters, not \(n)"
        case .invalidCharacter(let c, let p): "Character '\(c)' at position \(p) is not allowed in a USCC"
        case .checksumMismatch(let expected, let found):
            "Check character mismatch: position 18 should be '\(expected)', found '\(found)'"
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
