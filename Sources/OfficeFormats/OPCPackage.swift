import Foundation

/// An OPC package (the zip behind .xlsx/.docx): parts and their relationships.
struct OPCPackage {
    struct Relationship {
        let id: String
        let type: String
        /// The part name the target resolves to, without a leading "/".
        let target: String
        let isExternal: Bool
    }

    let zip: ZipReader

    /// Opens `data`, telling empty files, legacy .xls and password-protected files apart from other non-zip input.
    init(data: Data, maxInflatedBytes: Int = ZipReader.defaultMaxTotalSize) throws {
        switch SpreadsheetSniffer.kind(of: data) {
        case .empty: throw OfficeFormatError.empty
        case .legacyXLS:
            throw SpreadsheetSniffer.isEncryptedOOXML(data) ? OfficeFormatError.passwordProtected : OfficeFormatError.legacyXLS
        case .csv: throw OfficeFormatError.notXLSX
        case .xlsx: break
        }
        zip = try ZipReader(data: data, maxTotalSize: maxInflatedBytes)
    }

    func contains(_ part: String) -> Bool { zip.entry(named: part) != nil }

    func read(_ part: String) throws -> [UInt8]? { try zip.read(part) }

    /// The relationships of `part` (from `dir/_rels/name.rels`); empty when that part is missing.
    func relationships(of part: String) throws -> [Relationship] {
        let (directory, name) = Self.split(part)
        let relsPart = directory.isEmpty ? "_rels/\(name).rels" : "\(directory)/_rels/\(name).rels"
        guard let bytes = try read(relsPart) else { return [] }
        return try scanXML(bytes, part: relsPart) { scanner in
            var result: [Relationship] = []
            while let tag = try scanner.nextTag() {
                guard !tag.isClose, scanner.nameIs(tag, "Relationship") else { continue }
                let target = scanner.attribute("Target", of: tag) ?? ""
                let external = scanner.attribute("TargetMode", of: tag) == "External"
                result.append(
                    Relationship(
                        id: scanner.attribute("Id", of: tag) ?? "",
                        type: scanner.attribute("Type", of: tag) ?? "",
                        target: external ? target : Self.resolve(target, from: directory),
                        isExternal: external))
            }
            return result
        }
    }

    static func split(_ part: String) -> (directory: String, name: String) {
        guard let slash = part.lastIndex(of: "/") else { return ("", part) }
        return (String(part[..<slash]), String(part[part.index(after: slash)...]))
    }

    /// Resolves a relationship target against the source part's directory.
    static func resolve(_ target: String, from directory: String) -> String {
        let target = target.replacingOccurrences(of: "\\", with: "/")
        var components: [Substring] = target.hasPrefix("/") ? [] : directory.split(separator: "/")
        for piece in target.split(separator: "/") {
            switch piece {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(piece)
            }
        }
        return components.joined(separator: "/")
    }
}
