import Foundation
import Testing

@testable import OfficeFormats

/// Pictures are recognised by their own bytes, and generated PNGs read back.
@Suite struct PictureTests {
    @Test func aGeneratedPNGReadsBackWithItsSize() throws {
        // act
        let png = PNGWriter.write(width: 300, height: 2) { x, y in (UInt8(x % 256), UInt8(y), 0) }
        let picture = try #require(Picture(png))
        // check
        #expect(picture.format == .png && picture.width == 300 && picture.height == 2)
        #expect(picture.contentType == "image/png")
        // the IDAT's zlib stream: stored blocks and an Adler-32 over the filtered rows
        #expect(PNGWriter.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(PNGWriter.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func aJPEGsSizeComesFromItsFrameHeaderPastOtherSegments() throws {
        // setup: SOI, an APP0 segment, a DHT (C4, not a frame), then SOF2 (progressive) 513 × 257
        let bytes: [UInt8] =
            [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x06, 0x4A, 0x46, 0x49, 0x46, 0xFF, 0xC4, 0x00, 0x03, 0x00]
            + [0xFF, 0xC2, 0x00, 0x0B, 0x08, 0x01, 0x01, 0x02, 0x01, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]
        // act
        let picture = try #require(Picture(bytes))
        // check
        #expect(picture.format == .jpeg && picture.width == 513 && picture.height == 257)
    }

    @Test func otherBytesAreNoPicture() {
        #expect(Picture(Array("GIF89a".utf8)) == nil)
        #expect(Picture([0xFF, 0xD8, 0xFF]) == nil)
        #expect(Picture([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x00, 0x00, 0x00, 0, 0, 0]) == nil, "zero size")
        var png = PNGWriter.write(width: 1, height: 1) { _, _ in (0, 0, 0) }
        png[16...19] = [0x7F, 0xFF, 0xFF, 0xFF]
        #expect(Picture(png) == nil, "2^31 pixels wide")
    }
}
