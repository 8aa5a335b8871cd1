import Foundation
import Testing

@testable import App

/// Every label a template or a page controller asks for exists in Chinese and in English: a
/// missing key would render empty (the category headers once did) or trap on `!`.
@Suite struct TextsTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/App")

    func files(_ suffix: String) throws -> [URL] {
        let walker = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)!
        return walker.compactMap { $0 as? URL }.filter { $0.path.hasSuffix(suffix) }
    }

    func keys(in text: String, pattern: String) throws -> Set<String> {
        let regex = try NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return Set(regex.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } })
    }

    @Test func everyKeyTheTemplatesAndPagesUseExistsInBothLanguages() throws {
        // setup: the keys used by templates (`t.key`) and by Swift (`texts["key"]`, `t["key"]`)
        var used: Set<String> = []
        for file in try files(".leaf") {
            used.formUnion(try keys(in: try String(contentsOf: file, encoding: .utf8), pattern: #"\bt\.([A-Za-z][A-Za-z0-9_]*)"#))
        }
        for file in try files(".swift") {
            used.formUnion(
                try keys(in: try String(contentsOf: file, encoding: .utf8), pattern: #"(?:texts|\bt)\["([A-Za-z][A-Za-z0-9_]*)"\]"#))
        }
        // check
        #expect(used.count > 100)
        let zh = L10n.texts(.zh)
        let en = L10n.texts(.en)
        #expect(used.subtracting(zh.keys).sorted() == [], "missing in Chinese")
        #expect(used.subtracting(en.keys).sorted() == [], "missing in English")
        #expect(Set(zh.keys).symmetricDifference(en.keys).sorted() == [], "keys in one language only")
    }
}
