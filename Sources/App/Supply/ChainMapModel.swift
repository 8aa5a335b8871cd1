import ChainLeadCore

/// One chain's map for one year (Policy L2): each segment's local strength and status,
/// and the purchase flows between segments. Built by `ChainMapQueries`, drawn by `ChainMapSVG`.
struct ChainMapModel: Sendable, Equatable {
    struct Segment: Sendable, Equatable {
        var code: String
        /// Chinese name, e.g. "晶圆制造".
        var name: String
        var nameEn: String?
        var position: SegmentPosition
        var status: SegmentStatus
        /// Local (registered, active) firms of this segment by tier; `.none` = not in a pool.
        var firmsByTier: [Tier: Int]
        var localFirms: Int { firmsByTier.values.reduce(0, +) }
        /// Local share of chain leaders' purchases in this segment (nil: none recorded).
        var localShare: Double?
        /// HHI of local supply in this segment, 0…10000 (nil: no local supply).
        var hhi: Double?
        /// Chain leaders' purchases in this segment, yuan (a wide sum, see `Money`).
        var purchases: Double
    }

    /// Chain leaders positioned in `to` buy in segment `from`: goods flow from → to.
    struct Flow: Sendable, Equatable {
        var from: String
        var to: String
        var amount: Double
        var localAmount: Double
    }

    var chainCode: String
    var chainName: String
    var year: Int
    var segments: [Segment]
    var flows: [Flow]
}
