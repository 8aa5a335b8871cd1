// The path of a match (供需对接, Policy L1, L3): recommended → contacted → (sample →) deal, or
// closed with a reason from any open step. The buyer's contact is disclosed from `contacted` on.

public enum MatchStatus: String, Sendable, CaseIterable, Codable {
    case recommended, contacted, sample, deal, closed

    public var nameZh: String {
        switch self {
        case .recommended: "已推荐"
        case .contacted: "已联系"
        case .sample: "送样中"
        case .deal: "已成交"
        case .closed: "已关闭"
        }
    }

    public var isOpen: Bool { self != .deal && self != .closed }

    /// A deal needs contact first; a sample may be skipped.
    public func canMove(to next: MatchStatus) -> Bool {
        switch (self, next) {
        case (.recommended, .contacted), (.contacted, .sample), (.contacted, .deal), (.sample, .deal): true
        case (_, .closed): isOpen
        default: false
        }
    }

    /// The supplier may read the buyer's contact once the buyer has reached out.
    public static func disclosesContact(_ status: MatchStatus, contactedBefore: Bool) -> Bool {
        switch status {
        case .contacted, .sample, .deal: true
        case .closed: contactedBefore
        case .recommended: false
        }
    }
}
