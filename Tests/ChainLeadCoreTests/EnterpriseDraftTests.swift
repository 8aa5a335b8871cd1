import Testing

@testable import ChainLeadCore

@Suite struct EnterpriseDraftTests {
    func valid() -> EnterpriseDraft {
        var d = EnterpriseDraft(uscc: "91440101MA5CJQ4N59", name: "无锡示例科技有限公司", district: "320214")
        d.founded = "2010-05-01"
        d.contactPhone = "0510-88886666"
        d.contactEmail = "a@b.cn"
        return d
    }

    @Test func aValidDraftHasNoErrors() {
        #expect(valid().validate(today: SimpleDate(year: 2026, month: 1, day: 1)!).isEmpty)
    }

    @Test func eachFieldIsNamed() {
        // setup
        var d = valid()
        d.name = ""
        d.district = "110101"
        d.founded = "2010-13-01"
        d.contactEmail = "no-at-sign"
        d.contactPhone = "call me"
        d.successorUscc = "XYZ"
        // act
        let fields = d.validate().map(\.field)
        // check
        #expect(Set(fields) == ["name", "district", "founded", "contact.email", "contact.phone", "successorUscc"])
    }

    @Test func checksumOverrideNeedsAReason() {
        var d = valid()
        d.uscc = "91350203M0001QKT19"
        #expect(d.validate().map(\.code) == ["uscc_checksum"])
        d.usccOverrideReason = "2015年前登记的旧代码"
        #expect(d.validate().isEmpty)
        // an override never excuses a format error
        d.uscc = "91350203M0001QKT1"
        #expect(d.validate().map(\.code) == ["uscc_length"])
    }

    @Test func foundedCannotBeInTheFuture() {
        var d = valid()
        d.founded = "2030-01-01"
        #expect(d.validate(today: SimpleDate(year: 2026, month: 11, day: 27)!).map(\.field) == ["founded"])
    }

    @Test func normaliseTrimsAndClearsEmpties() {
        var d = valid()
        d.uscc = " 91440101ma5cjq4n59 "
        d.shortName = "   "
        d.name = " 名称 "
        d.normalise()
        #expect(d.uscc == "91440101MA5CJQ4N59")
        #expect(d.shortName == nil)
        #expect(d.name == "名称")
    }

    @Test func duplicateSegmentsAreRejected() {
        var d = valid()
        d.segments = ["ic-fab-u1", "ic-fab-u1"]
        #expect(d.validate().map(\.code) == ["duplicate"])
    }

    @Test func simpleDateParsesStrictly() {
        #expect(SimpleDate(iso: "2024-02-29") != nil)
        #expect(SimpleDate(iso: "2023-02-29") == nil)
        #expect(SimpleDate(iso: "2023-2-01") == nil)
        #expect(SimpleDate(iso: "２０２３-02-01") == nil)
    }
}
