import Foundation

/// A text's terms (as `TextSimilarity.terms` reads them) as sorted integer ids with counts, made
/// once per text so ranking many candidates compares integers, not strings. A CJK bigram's id is
/// its two scalars side by side (exact); a Latin word's is a 62-bit FNV-1a hash of its lower-cased
/// UTF-8 (a collision would only merge two words' counts).
public struct TermVector: Sendable, Equatable {
    public private(set) var ids: [UInt64] = []
    public private(set) var counts: [Int32] = []
    /// Σ count², for the document's norm.
    public private(set) var sumSquares: Double = 0

    public init(_ text: String) {
        var raw: [UInt64] = []
        raw.reserveCapacity(text.utf8.count / 2)
        var previousCJK: UInt32? = nil
        var runLength = 0
        var word: UInt64 = 0xcbf2_9ce4_8422_2325
        var wordLength = 0
        func flushCJK() {
            if runLength == 1, let c = previousCJK { raw.append(1 << 62 | UInt64(c)) }
            runLength = 0
            previousCJK = nil
        }
        func flushWord() {
            if wordLength >= 2 { raw.append(word & (1 << 62 - 1)) }
            word = 0xcbf2_9ce4_8422_2325
            wordLength = 0
        }
        for s in text.unicodeScalars {
            let v = s.value
            if TextSimilarity.isCJK(scalar: v) {
                flushWord()
                if let p = previousCJK { raw.append(1 << 63 | UInt64(p) << 21 | UInt64(v)) }
                previousCJK = v
                runLength += 1
            } else if Self.isWordScalar(s) {
                flushCJK()
                for b in Self.lowered(s).utf8 {
                    word = (word ^ UInt64(b)) &* 0x100_0000_01b3
                }
                wordLength += 1
            } else {
                flushCJK()
                flushWord()
            }
        }
        flushCJK()
        flushWord()
        raw.sort()
        var i = 0
        while i < raw.count {
            var j = i + 1
            while j < raw.count && raw[j] == raw[i] { j += 1 }
            ids.append(raw[i])
            let c = Int32(clamping: j - i)
            counts.append(c)
            sumSquares += Double(c) * Double(c)
            i = j
        }
    }

    public var isEmpty: Bool { ids.isEmpty }

    /// How often the term occurs (0 when absent).
    @inline(__always) public func count(of id: UInt64) -> Int32 {
        var lo = 0
        var hi = ids.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ids[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < ids.count && ids[lo] == id ? counts[lo] : 0
    }

    @inline(__always) static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        return Character(s).isLetter || Character(s).isNumber
    }

    @inline(__always) static func lowered(_ s: Unicode.Scalar) -> String {
        let v = s.value
        if v >= 0x41 && v <= 0x5A, let l = Unicode.Scalar(v + 32) { return String(l) }
        if v < 0x80 { return String(s) }
        return Character(s).lowercased()
    }
}
