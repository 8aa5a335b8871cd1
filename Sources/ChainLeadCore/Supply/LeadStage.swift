// An investment-attraction lead's pipeline (Policy L2).

public enum LeadStage: String, Sendable, CaseIterable, Codable {
    case new, contacted, visiting, negotiating, signed, landed, dropped

    public var nameZh: String {
        switch self {
        case .new: "新线索"
        case .contacted: "已接洽"
        case .visiting: "考察中"
        case .negotiating: "洽谈中"
        case .signed: "已签约"
        case .landed: "已落地"
        case .dropped: "已放弃"
        }
    }

    /// Landed and dropped end a lead (a dropped one may be reopened as new).
    public var isFinal: Bool { self == .landed || self == .dropped }

    /// Forward along new → contacted → visiting → negotiating → signed → landed by one or more steps
    /// (steps may be skipped: a visit is not always needed); any stage that is not final → dropped;
    /// dropped → new reopens the lead. Never backwards, never to the same stage, never out of landed.
    public func canMove(to next: LeadStage) -> Bool {
        switch (self, next) {
        case (.dropped, .new): true
        case (_, _) where isFinal: false
        case (_, .dropped): true
        default: (Self.pipeline.firstIndex(of: next) ?? -1) > (Self.pipeline.firstIndex(of: self) ?? Int.max)
        }
    }

    static let pipeline: [LeadStage] = [.new, .contacted, .visiting, .negotiating, .signed, .landed]
}
