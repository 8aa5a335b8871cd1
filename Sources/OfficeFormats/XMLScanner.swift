#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct XMLSyntaxError: Error {
    let detail: String
}

/// Runs `body` with a scanner over `bytes`, reporting syntax errors against `part`.
func scanXML<T>(_ bytes: [UInt8], part: String, _ body: (inout XMLScanner) throws -> T) throws -> T {
    do {
        return try bytes.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer)
            return try body(&scanner)
        }
    } catch let error as XMLSyntaxError {
        throw OfficeFormatError.malformedXML(part: part, detail: error.detail)
    }
}

/// One start, end or empty-element tag. Offsets index the scanner's buffer.
struct XMLTag {
    var start = 0
    /// Just past '>'.
    var end = 0
    /// The local name: a namespace prefix ("x:" in `<x:c>`) is skipped.
    var nameStart = 0
    var nameEnd = 0
    /// The attribute area, between the name and '>' or '/>'.
    var attributesEnd = 0
    var isClose = false
    var isSelfClosing = false

    var nameLength: Int { nameEnd - nameStart }
}

struct XMLAttribute {
    /// The local name ("id" for `r:id`).
    var nameStart: Int
    var nameEnd: Int
    var valueStart: Int
    var valueEnd: Int
}

/// A forward-only, byte-level XML tokenizer. It checks only the structure it walks through
/// (tags closed, attributes quoted); it does not check that elements nest properly.
/// Entities are decoded only when text or attribute values are turned into strings.
/// It holds no references, so that copies cost nothing in debug builds; syntax errors are thrown
/// as `XMLSyntaxError` and become `OfficeFormatError.malformedXML` in `scanXML`.
struct XMLScanner {
    let base: UnsafePointer<UInt8>
    let count: Int
    var pos = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        // An empty buffer may have no base address; point at a static byte instead.
        self.base = buffer.baseAddress ?? XMLScanner.emptyBase
        self.count = buffer.count
        // Skip a UTF-8 byte order mark.
        if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { pos = 3 }
    }

    // Never written after creation.
    nonisolated(unsafe) private static let emptyBase: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    func malformed(_ detail: String) -> XMLSyntaxError {
        XMLSyntaxError(detail: detail)
    }

    // MARK: Searching

    @inline(__always)
    func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < count, let hit = memchr(base + from, Int32(byte), count - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    func find(_ s: StaticString, from: Int) -> Int? {
        let n = s.utf8CodeUnitCount
        var i = from
        while let hit = find(s.utf8Start[0], from: i) {
            if hit + n > count { return nil }
            if memcmp(base + hit, s.utf8Start, n) == 0 { return hit }
            i = hit + 1
        }
        return nil
    }

    func hasPrefix(_ s: StaticString, at i: Int) -> Bool {
        let n = s.utf8CodeUnitCount
        return i + n <= count && memcmp(base + i, s.utf8Start, n) == 0
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    // Byte values are written as literals in the scanning loops below: in debug builds
    // `UInt8(ascii:)` and small helpers are real calls, and these loops run for every byte of a tag.

    // MARK: Tags

    /// The next start, end or empty-element tag; comments, processing instructions, CDATA
    /// outside text and DOCTYPE are skipped. Nil at the end of the input.
    mutating func nextTag() throws -> XMLTag? {
        while true {
            guard let lt = find(0x3C, from: pos) else {  // <
                pos = count
                return nil
            }
            var i = lt + 1
            guard i < count else { throw malformed("unterminated tag at end of file") }
            let first = base[i]
            if first == 0x3F {  // ?
                guard let close = find("?>", from: i) else { throw malformed("unterminated processing instruction") }
                pos = close + 2
                continue
            }
            if first == 0x21 {  // !
                if hasPrefix("<!--", at: lt) {
                    guard let close = find("-->", from: lt + 4) else { throw malformed("unterminated comment") }
                    pos = close + 3
                } else if hasPrefix("<![CDATA[", at: lt) {
                    guard let close = find("]]>", from: lt + 9) else { throw malformed("unterminated CDATA") }
                    pos = close + 3
                } else {
                    pos = try skipDeclaration(from: i)
                }
                continue
            }
            var tag = XMLTag()
            tag.start = lt
            if first == 0x2F {  // /
                tag.isClose = true
                i += 1
            }
            tag.nameStart = i
            while i < count {
                let b = base[i]
                if b == 0x3E || b == 0x2F || b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D { break }  // > /
                if b == 0x3A { tag.nameStart = i + 1 }  // :
                i += 1
            }
            tag.nameEnd = i
            guard tag.nameEnd > tag.nameStart else { throw malformed("tag without a name at byte \(lt)") }
            // Walk the attributes structurally so that '>' inside a quoted value is not taken as the end.
            while true {
                while i < count, base[i] == 0x20 || base[i] == 0x0A || base[i] == 0x09 || base[i] == 0x0D { i += 1 }
                guard i < count else { throw malformed("unterminated tag at end of file") }
                let b = base[i]
                if b == 0x3E {  // >
                    tag.attributesEnd = i
                    tag.end = i + 1
                    break
                }
                if b == 0x2F {  // /
                    guard i + 1 < count, base[i + 1] == 0x3E, !tag.isClose else {  // >
                        throw malformed("stray '/' in tag at byte \(lt)")
                    }
                    tag.isSelfClosing = true
                    tag.attributesEnd = i
                    tag.end = i + 2
                    break
                }
                guard !tag.isClose else { throw malformed("attributes in an end tag at byte \(lt)") }
                while i < count, base[i] != 0x3D, base[i] != 0x3E, !XMLScanner.isSpace(base[i]) {  // = >
                    i += 1
                }
                while i < count, XMLScanner.isSpace(base[i]) { i += 1 }
                guard i < count, base[i] == 0x3D else { throw malformed("attribute without a value at byte \(lt)") }  // =
                i += 1
                while i < count, XMLScanner.isSpace(base[i]) { i += 1 }
                guard i < count, base[i] == 0x22 || base[i] == 0x27 else {  // " '
                    throw malformed("unquoted attribute value at byte \(lt)")
                }
                guard let close = find(base[i], from: i + 1) else { throw malformed("unterminated attribute value") }
                i = close + 1
            }
            pos = tag.end
            return tag
        }
    }

    /// Skips `<!DOCTYPE …>` including an internal subset in brackets. Entities it declares are not expanded.
    private func skipDeclaration(from start: Int) throws -> Int {
        var i = start
        var depth = 0
        var quote: UInt8 = 0
        while i < count {
            let b = base[i]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {  // " '
                quote = b
            } else if b == UInt8(ascii: "[") {
                depth += 1
            } else if b == UInt8(ascii: "]") {
                depth -= 1
            } else if b == 0x3E, depth <= 0 {  // >
                return i + 1
            }
            i += 1
        }
        throw malformed("unterminated declaration")
    }

    @inline(__always)
    func nameIs(_ tag: XMLTag, _ s: StaticString) -> Bool {
        tag.nameLength == s.utf8CodeUnitCount && memcmp(base + tag.nameStart, s.utf8Start, tag.nameLength) == 0
    }

    /// Skips past the end tag matching `tag` (which must be a start tag), counting nested namesakes.
    mutating func skipElement(_ tag: XMLTag) throws {
        guard !tag.isSelfClosing, !tag.isClose else { return }
        let length = tag.nameLength
        var depth = 1
        while let next = try nextTag() {
            guard next.nameLength == length, memcmp(base + next.nameStart, base + tag.nameStart, length) == 0 else { continue }
            if next.isClose {
                depth -= 1
                if depth == 0 { return }
            } else if !next.isSelfClosing {
                depth += 1
            }
        }
        throw malformed("element at byte \(tag.start) is not closed")
    }

    // MARK: Attributes

    /// The next attribute of `tag` at or after `cursor` (start with `tag.nameEnd`); advances `cursor`.
    func nextAttribute(of tag: XMLTag, cursor: inout Int) -> XMLAttribute? {
        var i = cursor
        let end = tag.attributesEnd
        while i < end, XMLScanner.isSpace(base[i]) { i += 1 }
        guard i < end else { return nil }
        var attribute = XMLAttribute(nameStart: i, nameEnd: i, valueStart: i, valueEnd: i)
        while i < end, base[i] != 0x3D, !XMLScanner.isSpace(base[i]) {  // =
            if base[i] == 0x3A { attribute.nameStart = i + 1 }  // :
            i += 1
        }
        attribute.nameEnd = i
        while i < end, base[i] != 0x22, base[i] != 0x27 { i += 1 }  // " '
        guard i < end, let close = find(base[i], from: i + 1), close < end else { return nil }
        attribute.valueStart = i + 1
        attribute.valueEnd = close
        cursor = close + 1
        return attribute
    }

    @inline(__always)
    func nameIs(_ attribute: XMLAttribute, _ s: StaticString) -> Bool {
        let n = attribute.nameEnd - attribute.nameStart
        return n == s.utf8CodeUnitCount && memcmp(base + attribute.nameStart, s.utf8Start, n) == 0
    }

    /// The decoded value of the attribute whose local name is `name`.
    func attribute(_ name: StaticString, of tag: XMLTag) -> String? {
        var cursor = tag.nameEnd
        while let attribute = nextAttribute(of: tag, cursor: &cursor) {
            if nameIs(attribute, name) { return string(attribute.valueStart, attribute.valueEnd) }
        }
        return nil
    }

    // MARK: Text

    /// The character data from `pos` up to the next tag, decoded, with CDATA sections included.
    /// `xstring` also decodes Excel's `_xHHHH_` escapes. Leaves `pos` at the next tag.
    mutating func readText(xstring: Bool = false) throws -> String {
        guard let lt = find(0x3C, from: pos) else { throw malformed("text not closed by a tag") }  // <
        if !hasPrefix("<![CDATA[", at: lt) {
            let s = string(pos, lt, xstring: xstring)
            pos = lt
            return s
        }
        var result = ""
        var i = pos
        var next = lt
        while true {
            result += string(i, next, xstring: xstring)
            guard hasPrefix("<![CDATA[", at: next) else { break }
            guard let close = find("]]>", from: next + 9) else { throw malformed("unterminated CDATA") }
            result += String(decoding: UnsafeBufferPointer(start: base + next + 9, count: close - next - 9), as: UTF8.self)
            i = close + 3
            guard let lt2 = find(0x3C, from: i) else { throw malformed("text not closed by a tag") }  // <
            next = lt2
        }
        pos = next
        return result
    }

    /// The raw byte range of the character data up to the next tag when it needs no decoding
    /// (no entity, CR or CDATA), else nil with `pos` unchanged. Leaves `pos` at the next tag on success.
    mutating func plainTextRange() throws -> (start: Int, end: Int)? {
        guard let lt = find(0x3C, from: pos) else { throw malformed("text not closed by a tag") }  // <
        if hasPrefix("<![CDATA[", at: lt) || memchr(base + pos, Int32(0x26), lt - pos) != nil {  // &
            return nil
        }
        let range = (pos, lt)
        pos = lt
        return range
    }

    /// Decodes bytes `start..<end` of text or an attribute value into a String.
    func string(_ start: Int, _ end: Int, xstring: Bool = false) -> String {
        let length = end - start
        if length <= 0 { return "" }
        let raw = UnsafeBufferPointer(start: base + start, count: length)
        let needsWork =
            memchr(base + start, Int32(0x26), length) != nil  // &
            || memchr(base + start, 0x0D, length) != nil
            || (xstring && memchr(base + start, Int32(UInt8(ascii: "_")), length) != nil)
        if !needsWork { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: XMLText.decode(raw, xstring: xstring), as: UTF8.self)
    }
}
