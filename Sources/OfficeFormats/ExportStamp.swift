import Foundation

/// Who took data out of the platform and when, carried by every exported workbook and document:
/// in the document properties (creator, last modified by, created, description) and as a footer
/// line on every printed page, as Chinese government systems mark data that leaves them.
public struct ExportStamp: Sendable, Equatable {
    public var by: String
    public var at: Date
    public var system: String

    public init(by: String, at: Date, system: String = "链主通 ChainLead") {
        self.by = by
        self.at = at
        self.system = system
    }

    /// "由 wang.li 于 2026-12-06 08:30 导出自链主通 ChainLead" (Asia/Shanghai time).
    public var line: String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return "由 \(by) 于 \(f.string(from: at)) 导出自\(system)"
    }

    /// `dcterms:created` / `dcterms:modified`, UTC.
    var w3cdtf: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: at)
    }

    /// docProps/core.xml.
    func coreProperties(title: String) -> String {
        func escaped(_ s: String) -> String {
            var out: [UInt8] = []
            XLSXWriter.appendEscaped(s, xstring: false, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(escaped(title))</dc:title><dc:creator>\(escaped(by))</dc:creator>\
            <cp:lastModifiedBy>\(escaped(by))</cp:lastModifiedBy><dc:description>\(escaped(line))</dc:description>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(w3cdtf)</dcterms:created>\
            <dcterms:modified xsi:type="dcterms:W3CDTF">\(w3cdtf)</dcterms:modified></cp:coreProperties>
            """
    }
}
