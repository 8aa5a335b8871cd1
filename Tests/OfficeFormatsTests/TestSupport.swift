import Foundation

@testable import OfficeFormats

enum Fixture {
    static func data(_ name: String, _ ext: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures") else {
            throw FixtureMissing(name: "\(name).\(ext)")
        }
        return try Data(contentsOf: url)
    }

    struct FixtureMissing: Error { let name: String }
}

/// A minimal workbook whose only sheet is `sheetXML`, zipped by the library's own ZipWriter.
func packageWithSheet(_ sheetXML: String, extraParts: [(String, String)] = []) throws -> Data {
    let workbook = """
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    let parts = [("xl/workbook.xml", workbook), ("xl/worksheets/sheet1.xml", sheetXML)] + extraParts
    return try ZipWriter.make(parts.map { (path: $0.0, bytes: Array($0.1.utf8)) })
}

/// `<worksheet><sheetData>rows</sheetData></worksheet>`
func sheet(_ rows: String) -> String {
    #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\#(rows)</sheetData></worksheet>"#
}

/// A zip written byte by byte, for entries no zip library would write (CRC left 0).
func rawZip(_ entries: [(name: String, method: UInt16, payload: [UInt8], uncompressedSize: Int)]) -> Data {
    var out: [UInt8] = []
    var central: [UInt8] = []
    func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16((v >> 16) & 0xFFFF) }
    for entry in entries {
        let name = Array(entry.name.utf8)
        let offset = out.count
        out += le32(0x0403_4b50) + le16(20) + le16(0) + le16(Int(entry.method)) + le16(0) + le16(0)
        out += le32(0) + le32(entry.payload.count) + le32(entry.uncompressedSize) + le16(name.count) + le16(0) + name
        out += entry.payload
        central += le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(Int(entry.method)) + le16(0) + le16(0)
        central += le32(0) + le32(entry.payload.count) + le32(entry.uncompressedSize) + le16(name.count)
        central += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
    }
    let centralOffset = out.count
    out += central
    out += le32(0x0605_4b50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
    out += le32(central.count) + le32(centralOffset) + le16(0)
    return Data(out)
}

/// The text of one part of a package, through the library's zip reader.
func partText(_ data: Data, _ part: String) throws -> String? {
    try ZipReader(data: data).read(part).map { String(decoding: $0, as: UTF8.self) }
}
