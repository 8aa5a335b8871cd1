import Foundation
import ZIPFoundation

/// Reads a zip held in memory.
///
/// The central directory is parsed here rather than through `ZIPFoundation.Archive`, because
/// `Archive.extract` loops forever on a deflate stream that does not end before the end of the
/// file (its provider returns empty chunks at EOF) and hands zlib a shorter last chunk than it
/// claims. Inflating goes through ZIPFoundation's `Data.decompress` with a provider that pads
/// with zeros (an invalid deflate block) and throws once the entry's compressed bytes are used up.
public struct ZipReader {
    struct Entry {
        let name: String
        let method: UInt16
        let flags: UInt16
        let crc32: UInt32
        let compressedSize: UInt64
        let uncompressedSize: UInt64
        let localHeaderOffset: UInt64
    }

    static let defaultMaxEntrySize = 512 << 20
    /// What all the parts read from one package may inflate to together: 256 MiB, far above a
    /// real 100,000-firm workbook (about 40 MiB of sheet XML), and the most a zip bomb can cost.
    public static let defaultMaxTotalSize = 256 << 20

    /// The bytes still allowed to be inflated from this package.
    final class Budget {
        let limit: Int
        var remaining: Int
        init(_ limit: Int) {
            self.limit = limit
            remaining = limit
        }
    }

    let bytes: [UInt8]
    let entries: [Entry]
    let maxEntrySize: Int
    let budget: Budget
    private let byName: [String: Int]
    private let byLowercasedName: [String: Int]

    init(data: Data, maxEntrySize: Int = ZipReader.defaultMaxEntrySize, maxTotalSize: Int = ZipReader.defaultMaxTotalSize) throws {
        let bytes = [UInt8](data)
        self.bytes = bytes
        self.maxEntrySize = maxEntrySize
        self.budget = Budget(maxTotalSize)
        let entries = try Self.centralDirectory(bytes)
        self.entries = entries
        var byName: [String: Int] = [:]
        var byLowercasedName: [String: Int] = [:]
        for (i, entry) in entries.enumerated() {
            if byName[entry.name] == nil { byName[entry.name] = i }
            let lower = entry.name.lowercased()
            if byLowercasedName[lower] == nil { byLowercasedName[lower] = i }
        }
        self.byName = byName
        self.byLowercasedName = byLowercasedName
    }

    var names: [String] { entries.map(\.name) }

    func entry(named name: String) -> Entry? {
        if let i = byName[name] ?? byLowercasedName[name.lowercased()] { return entries[i] }
        return nil
    }

    /// The uncompressed bytes of the entry, or nil when there is no such entry.
    func read(_ name: String) throws -> [UInt8]? {
        guard let entry = entry(named: name) else { return nil }
        return try read(entry)
    }

    func read(_ entry: Entry) throws -> [UInt8] {
        guard entry.uncompressedSize <= UInt64(maxEntrySize) else {
            throw OfficeFormatError.partTooLarge(part: entry.name, limitBytes: maxEntrySize)
        }
        // Checked before inflating anything: the declared size must fit what is left of the budget,
        // and inflating stops at the declared size (a part that inflates to more is damaged).
        guard entry.uncompressedSize <= UInt64(budget.remaining) else {
            throw OfficeFormatError.workbookTooLarge(limitBytes: budget.limit)
        }
        guard entry.flags & 1 == 0 else { throw OfficeFormatError.notXLSX }  // encrypted entry
        guard entry.localHeaderOffset < UInt64(bytes.count) else { throw OfficeFormatError.notXLSX }
        let header = Int(entry.localHeaderOffset)
        guard let signature = u32(bytes, header), signature == 0x0403_4b50,
            let nameLength = u16(bytes, header + 26), let extraLength = u16(bytes, header + 28)
        else { throw OfficeFormatError.notXLSX }
        let start = header + 30 + Int(nameLength) + Int(extraLength)
        guard entry.compressedSize <= UInt64(bytes.count),
            start + Int(entry.compressedSize) <= bytes.count
        else { throw OfficeFormatError.notXLSX }
        let compressedEnd = start + Int(entry.compressedSize)
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw OfficeFormatError.notXLSX }
            budget.remaining -= Int(entry.uncompressedSize)
            return Array(bytes[start..<compressedEnd])
        case 8:
            let out = try inflate(entry, from: start, to: compressedEnd)
            budget.remaining -= out.count
            return out
        default:
            throw OfficeFormatError.notXLSX
        }
    }

    private func inflate(_ entry: Entry, from start: Int, to end: Int) throws -> [UInt8] {
        // The declared size was checked against both limits; more output than declared means damage.
        let limit = Int(entry.uncompressedSize)
        let chunkSize = 256 << 10
        var output: [UInt8] = []
        // Deflate expands at most about 1032:1, so a lying size field cannot reserve much more than that.
        output.reserveCapacity(min(limit, (end - start) * 1032 + 1024))
        let source = bytes
        do {
            _ = try Data.decompress(
                size: Int64(end - start), bufferSize: chunkSize, skipCRC32: true,
                provider: { position, size in
                    let from = start + Int(position)
                    guard from < end else { throw OfficeFormatError.notXLSX }
                    let count = min(size, end - from)
                    var chunk = Data(count: size)  // zero padding past the end is an invalid deflate block
                    chunk.withUnsafeMutableBytes { dst in
                        source.withUnsafeBytes { src in
                            // `from < end` (checked above): neither buffer is empty, so both have an address.
                            guard let to = dst.baseAddress, let base = src.baseAddress else { return }
                            to.copyMemory(from: base + from, byteCount: count)
                        }
                    }
                    return chunk
                },
                consumer: { data in
                    guard output.count + data.count <= limit else { throw OfficeFormatError.notXLSX }
                    data.withUnsafeBytes { raw in
                        output.append(contentsOf: raw.bindMemory(to: UInt8.self))
                    }
                })
        } catch let error as OfficeFormatError {
            throw error
        } catch {
            throw OfficeFormatError.notXLSX
        }
        guard output.count == Int(entry.uncompressedSize) else { throw OfficeFormatError.notXLSX }
        return output
    }

    private static func centralDirectory(_ bytes: [UInt8]) throws -> [Entry] {
        guard bytes.count >= 22 else { throw OfficeFormatError.notXLSX }
        var eocd = -1
        var i = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while i >= lowest {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4b, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 {
                eocd = i
                break
            }
            i -= 1
        }
        guard eocd >= 0,
            var count = u16(bytes, eocd + 10).map(UInt64.init),
            var size = u32(bytes, eocd + 12).map(UInt64.init),
            var offset = u32(bytes, eocd + 16).map(UInt64.init)
        else { throw OfficeFormatError.notXLSX }

        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF,
            eocd >= 20, u32(bytes, eocd - 20) == 0x0706_4b50,
            let recordOffset = u64(bytes, eocd - 12), recordOffset < UInt64(bytes.count),
            u32(bytes, Int(recordOffset)) == 0x0606_4b50,
            let c = u64(bytes, Int(recordOffset) + 32), let s = u64(bytes, Int(recordOffset) + 40),
            let o = u64(bytes, Int(recordOffset) + 48)
        {
            count = c
            size = s
            offset = o
        }
        guard offset <= UInt64(bytes.count), size <= UInt64(bytes.count),
            offset + size <= UInt64(bytes.count),
            count <= size / 46
        else { throw OfficeFormatError.notXLSX }

        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var p = Int(offset)
        for _ in 0..<count {
            guard u32(bytes, p) == 0x0201_4b50,
                let flags = u16(bytes, p + 8), let method = u16(bytes, p + 10),
                let crc = u32(bytes, p + 16),
                let csize32 = u32(bytes, p + 20), let usize32 = u32(bytes, p + 24),
                let nameLength = u16(bytes, p + 28).map(Int.init),
                let extraLength = u16(bytes, p + 30).map(Int.init),
                let commentLength = u16(bytes, p + 32).map(Int.init),
                let offset32 = u32(bytes, p + 42),
                p + 46 + nameLength + extraLength + commentLength <= bytes.count
            else { throw OfficeFormatError.notXLSX }
            var csize = UInt64(csize32)
            var usize = UInt64(usize32)
            var localOffset = UInt64(offset32)
            // ZIP64 extended information: only the fields that are 0xFFFFFFFF above are present, in this order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd, let id = u16(bytes, e), let length = u16(bytes, e + 2).map(Int.init) {
                if id == 1 {
                    var f = e + 4
                    if usize32 == 0xFFFF_FFFF, f + 8 <= e + 4 + length, let v = u64(bytes, f) {
                        usize = v
                        f += 8
                    }
                    if csize32 == 0xFFFF_FFFF, f + 8 <= e + 4 + length, let v = u64(bytes, f) {
                        csize = v
                        f += 8
                    }
                    if offset32 == 0xFFFF_FFFF, f + 8 <= e + 4 + length, let v = u64(bytes, f) { localOffset = v }
                }
                e += 4 + length
            }
            let rawName = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            var name = rawName.replacingOccurrences(of: "\\", with: "/")
            while name.hasPrefix("/") { name.removeFirst() }
            entries.append(
                Entry(
                    name: name, method: method, flags: flags, crc32: crc,
                    compressedSize: csize, uncompressedSize: usize, localHeaderOffset: localOffset))
            p += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }
}

private func u16(_ b: [UInt8], _ i: Int) -> UInt16? {
    guard i >= 0, i + 2 <= b.count else { return nil }
    return UInt16(b[i]) | UInt16(b[i + 1]) << 8
}

private func u32(_ b: [UInt8], _ i: Int) -> UInt32? {
    guard i >= 0, i + 4 <= b.count else { return nil }
    return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
}

private func u64(_ b: [UInt8], _ i: Int) -> UInt64? {
    guard let lo = u32(b, i), let hi = u32(b, i + 4) else { return nil }
    return UInt64(lo) | UInt64(hi) << 32
}

/// Builds a deflated zip in memory with ZIPFoundation.
enum ZipWriter {
    static func make(_ files: [(path: String, bytes: [UInt8])], modificationDate: Date = Date()) throws -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for file in files {
                let content = file.bytes
                try archive.addEntry(
                    with: file.path, type: .file, uncompressedSize: Int64(content.count),
                    modificationDate: modificationDate, compressionMethod: .deflate,
                    provider: { position, size in
                        let from = Int(position)
                        let to = min(from + size, content.count)
                        return content.withUnsafeBufferPointer { Data(buffer: UnsafeBufferPointer(rebasing: $0[from..<to])) }
                    })
            }
            guard let data = archive.data else { throw OfficeFormatError.writeFailed("no archive data") }
            return data
        } catch let error as OfficeFormatError {
            throw error
        } catch {
            throw OfficeFormatError.writeFailed(String(describing: error))
        }
    }
}
