import Testing

@testable import ChainLeadCore

@Suite(.tags(.l2)) struct LeadStageTests {
    @Test func chineseNames() {
        #expect(LeadStage.allCases.map(\.nameZh) == ["新线索", "已接洽", "考察中", "洽谈中", "已签约", "已落地", "已放弃"])
    }

    @Test func forwardByOneOrMoreSteps() {
        #expect(LeadStage.new.canMove(to: .contacted))
        #expect(LeadStage.contacted.canMove(to: .negotiating))  // no visit needed
        #expect(LeadStage.signed.canMove(to: .landed))
        #expect(LeadStage.new.canMove(to: .landed))
    }

    @Test func neverBackwardsNorToTheSameStage() {
        #expect(!LeadStage.negotiating.canMove(to: .visiting))
        #expect(!LeadStage.signed.canMove(to: .new))
        #expect(!LeadStage.visiting.canMove(to: .visiting))
    }

    @Test func anyOpenStageCanBeDropped() {
        for stage in LeadStage.allCases where !stage.isFinal {
            #expect(stage.canMove(to: .dropped), "\(stage)")
        }
    }

    @Test func landedAndDroppedAreFinalButADroppedLeadReopens() {
        #expect(LeadStage.allCases.filter(\.isFinal) == [.landed, .dropped])
        #expect(LeadStage.allCases.filter { LeadStage.landed.canMove(to: $0) }.isEmpty)
        #expect(LeadStage.allCases.filter { LeadStage.dropped.canMove(to: $0) } == [.new])
    }
}
