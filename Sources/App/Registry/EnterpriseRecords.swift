import ChainLeadCore
import Foundation

/// An enterprise as stored. Mapped to API or view types at the edges.
struct EnterpriseRecord: Sendable {
    var draft: EnterpriseDraft
    var synthetic: Bool
    var createdAt: Date
    var updatedAt: Date
    /// `EditVersion`: one more with every change.
    var version: Int64 = 1
}

struct MembershipRecord: Sendable {
    var segment: String
    var segmentName: String
    var chain: String
    var chainName: String
    var position: SegmentPosition
    var primary: Bool
}

struct TierChangeRecord: Sendable {
    var tier: Tier
    var previousTier: Tier?
    var date: String
    var reason: String
    var by: String?
    /// Policy S2: the chain whose tier changed, and the campaign that decided it.
    var chain: String?
    var campaign: Int64?
}

struct EnterpriseDetail: Sendable {
    var record: EnterpriseRecord
    var memberships: [MembershipRecord]
    var tierHistory: [TierChangeRecord]
    var figures: [AnnualFigures]
    /// Each year's `EditVersion`.
    var figureVersions: [Int: Int64] = [:]
}

struct EnterpriseSummaryRecord: Sendable {
    var uscc: String
    var name: String
    var shortName: String?
    var district: String
    var tier: Tier
    var status: EnterpriseStatus
    var primarySegment: String?
    var primaryChain: String?
    var latestYear: Int?
    var latestOutputValue: Int64?
    var synthetic: Bool
    /// The chains of all its segments (what `Policy.visibility` needs).
    var chains: Set<String> = []
}

/// The list filters of `GET /enterprises` and the enterprise page.
struct EnterpriseFilter: Sendable {
    var q: String?
    var cluster: String?
    var chain: String?
    var segment: String?
    var district: String?
    var tier: Tier?
    var status: EnterpriseStatus?
    var sort: String = "name"
    /// The firms one enterprise import added or changed (`ImportReport.batch`).
    var importBatch: String? = nil
    /// The rows the user may see (row scoping in the query, not after it).
    var scope: ListScope = .everything
}

struct PageRequest: Sendable {
    var page: Int
    var per: Int
    var offset: Int { (page - 1) * per }

    static let maxPer = 500
    static let maxPage = 1_000_000

    /// Validates page and per (1-based; per ≤ 500); the product fits in an Int by construction.
    static func make(page: Int?, per: Int?, defaultPer: Int = 50) throws -> PageRequest {
        let page = page ?? 1
        let per = per ?? defaultPer
        guard (1...maxPage).contains(page) else { throw DomainError.invalid("page", "页码应在1至\(maxPage)之间") }
        guard (1...maxPer).contains(per) else { throw DomainError.invalid("per", "每页条数应在1至\(maxPer)之间") }
        return PageRequest(page: page, per: per)
    }
}
