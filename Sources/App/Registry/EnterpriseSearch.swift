import ChainLeadCore

/// What the enterprise list's search box matches: `search_text` (lowercased name, short name,
/// USCC and former names) or `name_pinyin` (the name's pinyin in full and as initials: "wuxi…", "wx…").
enum EnterpriseSearch {
    static func text(name: String, shortName: String?, uscc: String, formerNames: [String]) -> String {
        ([name, shortName ?? "", uscc] + formerNames).joined(separator: "\n").lowercased()
    }

    static func pinyin(_ name: String) -> String {
        let forms = PinyinKey.searchForms(name)
        return forms.full + "\n" + forms.initials
    }
}
