import Foundation

/// A picture to place in a document: PNG or JPEG bytes and their size in pixels, read from the
/// file's own header (PNG IHDR, JPEG SOFn) — never trusted from the uploader.
public struct Picture: Sendable, Equatable {
    public enum Format: String, Sendable { case png, jpeg }

    public var format: Format
    public var width: Int
    public var height: Int
    public var bytes: [UInt8]

    public var contentType: String { format == .png ? "image/png" : "image/jpeg" }

    /// Nil when the bytes are not a PNG or JPEG whose header gives a size of 1 to 20,000 pixels a side.
    public init?(_ data: [UInt8]) {
        guard let (format, width, height) = Self.header(data), (1...20_000).contains(width), (1...20_000).contains(height) else {
            return nil
        }
        self.format = format
        self.width = width
        self.height = height
        self.bytes = data
    }

    static func header(_ d: [UInt8]) -> (Format, Int, Int)? {
        if d.count >= 24, d[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            d[12..<16].elementsEqual(Array("IHDR".utf8))
        {
            return (.png, be32(d, 16), be32(d, 20))
        }
        guard d.count > 4, d[0] == 0xFF, d[1] == 0xD8 else { return nil }
        var p = 2
        while p + 9 < d.count {
            guard d[p] == 0xFF else { return nil }
            let marker = d[p + 1]
            if marker == 0xFF {
                p += 1
                continue
            }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
                p += 2
                continue
            }
            let length = Int(d[p + 2]) << 8 | Int(d[p + 3])
            guard length >= 2 else { return nil }
            // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC) carry the frame's height then width.
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return (.jpeg, Int(d[p + 7]) << 8 | Int(d[p + 8]), Int(d[p + 5]) << 8 | Int(d[p + 6]))
            }
            p += 2 + length
        }
        return nil
    }

    static func be32(_ d: [UInt8], _ at: Int) -> Int {
        Int(d[at]) << 24 | Int(d[at + 1]) << 16 | Int(d[at + 2]) << 8 | Int(d[at + 3])
    }
}

/// Writes an RGB PNG (stored, uncompressed deflate blocks): enough for generated pictures such as
/// the demo city's, without an image library.
public enum PNGWriter {
    /// `pixel(x, y)` gives the colour as (r, g, b).
    public static func write(width: Int, height: Int, pixel: (Int, Int) -> (UInt8, UInt8, UInt8)) -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity((width * 3 + 1) * height)
        for y in 0..<height {
            raw.append(0)
            for x in 0..<width {
                let (r, g, b) = pixel(x, y)
                raw += [r, g, b]
            }
        }
        var z: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65_535, raw.count - offset)
            let last: UInt8 = offset + n >= raw.count ? 1 : 0
            z += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            z += raw[offset..<offset + n]
            offset += n
        } while offset < raw.count
        z += be(adler32(raw))
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        chunk("IHDR", be(UInt32(width)) + be(UInt32(height)) + [8, 2, 0, 0, 0], to: &out)
        chunk("IDAT", z, to: &out)
        chunk("IEND", [], to: &out)
        return out
    }

    static func chunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        let typed = Array(type.utf8) + data
        out += be(UInt32(data.count)) + typed + be(crc32(typed))
    }

    static func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for x in bytes {
            a = (a + UInt32(x)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}
