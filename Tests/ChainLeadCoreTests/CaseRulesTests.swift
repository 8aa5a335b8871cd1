import Testing

@testable import ChainLeadCore

@Suite(.tags(.s7)) struct CaseRulesTests {
    @Test func keyFiguresAreTrimmedAndTheFaultyOneIsNamed() throws {
        let clean = try CaseRules.keyFigures([KeyFigure(label: " 研发投入占比 ", value: "8.2% ")]).get()
        #expect(clean == [KeyFigure(label: "研发投入占比", value: "8.2%")])
        guard case .failure(let e) = CaseRules.keyFigures([KeyFigure(label: "a", value: "1"), KeyFigure(label: "b", value: " ")]) else {
            Issue.record("a blank value is refused")
            return
        }
        #expect(e.field == "keyFigures[1].value")
        let many = Array(repeating: KeyFigure(label: "a", value: "1"), count: CaseRules.maxKeyFigures + 1)
        guard case .failure(let tooMany) = CaseRules.keyFigures(many) else {
            Issue.record("13 figures are refused")
            return
        }
        #expect(tooMany.field == "keyFigures")
    }

    @Test func chaptersAreNumberedInChinese() {
        #expect((1...12).map(CaseRules.chineseNumber) == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"])
        #expect(CaseRules.chineseNumber(20) == "二十" && CaseRules.chineseNumber(35) == "三十五" && CaseRules.chineseNumber(100) == "100")
    }

    @Test func decisionsMoveFromTheirStatuses() {
        #expect(CaseDecision.select.move.from == [.submitted, .rejected] && CaseDecision.select.move.to == .selected)
        #expect(CaseDecision.reopen.move.from.contains(.submitted) == false)
    }
}
