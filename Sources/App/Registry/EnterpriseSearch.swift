import ChainLeadCore

/// What the enterprise list's search box matches besides `search_text` (`EnterpriseQueries.searchText`):
/// `name_pinyin`, the name's pinyin in full and as initials ("wuxi…", "wx…").
enum EnterpriseSearch {
    static func pinyin(_ name: String) -> String {
        let forms = PinyinKey.searchForms(name)
        return forms.full + "\n" + forms.initials
    }
}
