import Testing

@testable import ChainLeadCore

/// Chinese names sort as in a dictionary and are found by their pinyin (issue 20).
@Suite struct PinyinKeyTests {
    @Test func namesSortByPinyinSyllableBySyllable() {
        // setup
        let names = ["无锡晶圆", "安徽合肥", "ABC科技", "先锋电子", "西安航空", "北京设备", "3M中国", "常州精工", "中国一汽"]
        // act
        let sorted = names.sorted { PinyinKey.sortKey($0) < PinyinKey.sortKey($1) }
        // check: digits, then Latin letters and readings by alphabet; 西安 (xi an) before 先 (xian) as in a dictionary
        #expect(sorted == ["3M中国", "ABC科技", "安徽合肥", "北京设备", "常州精工", "无锡晶圆", "西安航空", "先锋电子", "中国一汽"])
        #expect(PinyinKey.sortKey("无锡") == "wu0000xi0000")
    }

    @Test func searchFormsAreTheFullPinyinAndTheInitials() {
        let forms = PinyinKey.searchForms("无锡晶圆（集团）有限公司ＡＢ1")
        #expect(forms.full == "wuxijingyuanjituanyouxiangongsiab1")
        #expect(forms.initials == "wxjyjtyxgsab1")
    }

    @Test func oddInputStaysBounded() {
        #expect(PinyinKey.sortKey("") == "")
        #expect(PinyinKey.sortKey("（）·—！") == "")
        #expect(PinyinKey.sortKey(String(repeating: "锡", count: 500)).count == 255)
        #expect(PinyinKey.sortKey("\u{3000}\u{4DFF}😀") == PinyinKey.sortKey(""))
    }
}
