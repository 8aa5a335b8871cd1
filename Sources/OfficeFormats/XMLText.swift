enum XMLText {
    /// Resolves the five predefined entities and character references, folds CR LF and lone CR
    /// to LF (XML end-of-line handling) and, for `xstring`, Excel's `_xHHHH_` escapes.
    /// An unknown or broken entity is kept as it is.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, xstring: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var pendingHighSurrogate: UInt32? = nil
        var i = 0
        let n = raw.count
        func flushSurrogate(_ out: inout [UInt8]) {
            if pendingHighSurrogate != nil {
                appendScalar(0xFFFD, to: &out)
                pendingHighSurrogate = nil
            }
        }
        while i < n {
            let b = raw[i]
            if b == 0x26, let semicolon = (i + 1..<min(n, i + 12)).first(where: { raw[$0] == UInt8(ascii: ";") }) {
                let name = Array(raw[(i + 1)..<semicolon])
                var scalar: UInt32? = nil
                switch name {
                case Array("amp".utf8): scalar = 0x26
                case Array("lt".utf8): scalar = 0x3C
                case Array("gt".utf8): scalar = 0x3E
                case Array("quot".utf8): scalar = 0x22
                case Array("apos".utf8): scalar = 0x27
                default:
                    if name.first == UInt8(ascii: "#") {
                        if name.count > 1, name[1] == UInt8(ascii: "x") || name[1] == UInt8(ascii: "X") {
                            scalar = UInt32(String(decoding: name[2...], as: UTF8.self), radix: 16)
                        } else {
                            scalar = UInt32(String(decoding: name[1...], as: UTF8.self), radix: 10)
                        }
                        if let s = scalar, Unicode.Scalar(s) == nil || s == 0 { scalar = 0xFFFD }
                    }
                }
                if let scalar {
                    flushSurrogate(&out)
                    appendScalar(scalar, to: &out)
                    i = semicolon + 1
                    continue
                }
            }
            if b == 0x0D {
                flushSurrogate(&out)
                out.append(0x0A)
                i += (i + 1 < n && raw[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            if xstring, b == UInt8(ascii: "_"), i + 6 < n, raw[i + 1] == UInt8(ascii: "x"), raw[i + 6] == UInt8(ascii: "_"),
                let unit = UInt32(String(decoding: raw[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16)
            {
                if (0xD800...0xDBFF).contains(unit) {
                    flushSurrogate(&out)
                    pendingHighSurrogate = unit
                } else if (0xDC00...0xDFFF).contains(unit) {
                    if let high = pendingHighSurrogate {
                        appendScalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &out)
                        pendingHighSurrogate = nil
                    } else {
                        appendScalar(0xFFFD, to: &out)
                    }
                } else {
                    flushSurrogate(&out)
                    appendScalar(unit, to: &out)
                }
                i += 7
                continue
            }
            flushSurrogate(&out)
            out.append(b)
            i += 1
        }
        flushSurrogate(&out)
        return out
    }

    static func appendScalar(_ value: UInt32, to out: inout [UInt8]) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        out.append(contentsOf: String(scalar).utf8)
    }
}
