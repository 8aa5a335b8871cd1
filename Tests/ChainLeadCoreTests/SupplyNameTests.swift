import Testing

@testable import ChainLeadCore

@Suite(.tags(.g5)) struct SupplierNameTests {
    @Test func groupInBracketsOfEitherWidthGoes() {
        let plain = "无锡华润微电子有限公司"
        #expect(SupplierName.normalise(plain) == "无锡华润微电子")
        #expect(SupplierName.normalise("无锡华润微电子(集团)有限公司") == "无锡华润微电子")
        #expect(SupplierName.normalise("华润微电子（集团）有限公司") == "华润微电子")
        #expect(SupplierName.match(plain, "无锡华润微电子（集团）有限公司") == .exact)
        // the third has no 无锡: the same 字号 could be registered elsewhere
        #expect(SupplierName.match(plain, "华润微电子（集团）有限公司") == .likely(reason: "仅地名前缀不同"))
    }

    @Test(arguments: [
        ("无锡华光电子股份有限公司", "无锡华光电子"),
        ("无锡华光电子有限责任公司", "无锡华光电子"),
        ("无锡华光电子股份公司", "无锡华光电子"),
        ("无锡华光电子集团有限公司", "无锡华光电子"),
        ("无锡华光电子集团股份有限公司", "无锡华光电子"),
        ("无锡华光电子公司", "无锡华光电子公司"),  // a bare 公司 stays
        ("ABC 科技 有限公司", "abc科技"),
        ("ＡＢＣ　Ｔｅｃｈ　Ｃｏ．，Ｌｔｄ．", "abctech"),
        ("无锡ＡＢＣ电子有限公司", "无锡abc电子"),
        ("Zinc Co., Ltd.", "zinc"),  // "inc" only as a whole word
        ("Tesla Inc", "tesla"),
        ("有限公司", "有限公司"),  // never down to nothing
    ])
    func normalises(name: String, key: String) {
        #expect(SupplierName.normalise(name) == key)
    }

    @Test func widthCaseAndSpacesAreExact() {
        #expect(SupplierName.match("ＡＢＣ　Ｔｅｃｈ　Ｃｏ．，Ｌｔｄ．", "abc tech co., ltd") == .exact)
        #expect(SupplierName.match("ABC 科技 有限公司", "ABC科技有限公司") == .exact)
        #expect(SupplierName.match("无锡华光电子股份有限公司", "无锡华光电子有限公司") == .exact)
    }

    @Test func aProvincePrefixIsLikely() {
        #expect(SupplierName.match("江苏长电科技股份有限公司", "长电科技股份有限公司") == .likely(reason: "仅地名前缀不同"))
        #expect(SupplierName.match("江苏省无锡市华光电子有限公司", "华光电子有限公司") == .likely(reason: "仅地名前缀不同"))
        #expect(SupplierName.match("江苏省无锡市华光电子有限公司", "无锡华光电子有限公司") == .likely(reason: "仅地名前缀不同"))
    }

    @Test func cityWithOrWithoutShiIsLikelyNotExact() {
        // decided: normalise leaves place text alone, so 无锡市X and 无锡X are two keys a person confirms
        #expect(SupplierName.normalise("无锡市华光电子有限公司") != SupplierName.normalise("无锡华光电子有限公司"))
        #expect(SupplierName.match("无锡市华光电子有限公司", "无锡华光电子有限公司") == .likely(reason: "仅地名前缀不同"))
    }

    @Test func twoDifferentPlacesAreTwoFirms() {
        #expect(SupplierName.match("无锡华光电子有限公司", "苏州华光电子有限公司") == .none)
        #expect(SupplierName.match("江苏华光电子有限公司", "浙江华光电子有限公司") == .none)
    }

    @Test func aBareCompanyIsLikely() {
        #expect(SupplierName.match("无锡华光电子公司", "无锡华光电子有限公司") == .likely(reason: "仅“公司”字样不同"))
        #expect(SupplierName.match("无锡华光电子集团公司", "无锡华光电子有限公司") == .likely(reason: "仅“公司”字样不同"))
        #expect(SupplierName.match("江苏华光电子公司", "华光电子有限公司") == .likely(reason: "仅地名前缀和“公司”字样不同"))
    }

    @Test func aBranchIsNeverItsParent() {
        // setup
        let branch = "无锡华光电子有限公司苏州分公司"
        let parent = "无锡华光电子有限公司"
        // check
        #expect(SupplierName.isBranch(branch))
        #expect(SupplierName.isBranch("无锡华光电子有限公司 苏州 分公司"))
        #expect(!SupplierName.isBranch(parent))
        #expect(SupplierName.normalise(branch) == "无锡华光电子/苏州分公司")
        #expect(SupplierName.match(branch, parent) == .none)
        #expect(SupplierName.match(parent, branch) == .none)
        #expect(SupplierName.match(branch, "华光电子有限公司") == .none)
        #expect(SupplierName.match("华光电子苏州分公司", "华光电子") == .none)
    }

    @Test func branchesMatchTheSameBranchOnly() {
        let branch = "无锡华光电子有限公司苏州分公司"
        #expect(SupplierName.match(branch, "无锡华光电子股份有限公司 苏州分公司") == .exact)
        #expect(SupplierName.match(branch, "华光电子有限公司苏州分公司") == .likely(reason: "仅地名前缀不同"))
        #expect(SupplierName.match(branch, "无锡华光电子有限公司常州分公司") == .none)
    }

    @Test func differentNamesAndBlanksDoNotMatch() {
        #expect(SupplierName.match("无锡华光电子有限公司", "无锡华润微电子有限公司") == .none)
        #expect(SupplierName.match("", "") == .none)
        #expect(SupplierName.match("  ", "无锡华光电子有限公司") == .none)
    }
}
