import Testing

@testable import ChainLeadCore

@Suite struct DistrictTests {
    func uscc(division: String) -> USCC {
        let body = Array("91" + division + "MA1X2Y3W4")
        return try! USCC.validate(String(body) + String(USCC.checkCharacter(for: body))).get()
    }

    @Test func eightDistrictsIncludingTheZone() {
        #expect(District.all.count == 8)
        #expect(District.named(code: "320200JK")?.name == "无锡经开区")
        #expect(District.named(code: "320214")?.name == "新吴区")
    }

    @Test func suggestsTheDistrictOfTheDivisionCode() {
        #expect(District.suggested(for: uscc(division: "320281")) == .district(.jiangyin))
        #expect(District.suggested(for: uscc(division: "320211")) == .district(.binhu))
    }

    @Test(arguments: ["320202", "320203", "320204"])
    func mapsRetiredCodesToLiangxi(division: String) {
        #expect(District.suggested(for: uscc(division: division)) == .district(.liangxi))
    }

    @Test func cityLevelRegistrationIsUnknown() {
        #expect(District.suggested(for: uscc(division: "320200")) == .unknown)
        #expect(District.suggested(forDivision: "320299") == .unknown)
    }

    @Test func otherCitiesAreOutside() {
        #expect(District.suggested(for: uscc(division: "350200")) == .outsideCity)
    }
}
