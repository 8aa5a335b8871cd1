import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text files from Chinese offices: UTF-8 (often with a BOM), else GB18030 (which covers GBK and GB2312).
enum TextDecoding {
    static func decode(_ data: Data) throws -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let s = String(validating: bytes[3...], as: UTF8.self) else { throw OfficeFormatError.undecodableText }
            return s
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            // "Unicode text" saved by Excel: UTF-16 with a byte order mark.
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard bytes.count % 2 == 0, let s = String(data: Data(bytes[2...]), encoding: encoding) else {
                throw OfficeFormatError.undecodableText
            }
            return s
        }
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        guard let s = gb18030(bytes) else { throw OfficeFormatError.undecodableText }
        return s
    }

    /// GB18030 → String through iconv; nil when the bytes are not valid GB18030.
    static func gb18030(_ input: [UInt8]) -> String? {
        let cd = iconv_open("UTF-8", "GB18030")
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        // A GB18030 character of n bytes becomes at most n + 1 UTF-8 bytes (2 → 3, 4 → 4).
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var source = input
        let produced: Int? = source.withUnsafeMutableBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(src.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = src.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(dst.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outLeft = dst.count
                guard iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                // Flush any shift state.
                guard iconv(cd, nil, nil, &outPointer, &outLeft) != -1 else { return nil }
                return dst.count - outLeft
            }
        }
        guard let produced else { return nil }
        return String(validating: output[..<produced], as: UTF8.self)
    }
}
