import ChainLeadCore
import Foundation
import SQLKit

/// What the leads workbench narrows to (Policy L2): a chain or a cluster (by the segments the
/// supplier sells into), a stage (`none`: ranked but not yet followed), an owner.
struct LeadFilter: Sendable, Equatable {
    var chain: String?
    var cluster: String?
    var stage: String?
    var owner: String?

    var isEmpty: Bool { self == LeadFilter() }

    /// The stages a filter may name: the pipeline's, and `none`.
    static let stages = ["none"] + LeadStage.allCases.map(\.rawValue)
}

extension LeadService {
    /// The ranking with its pipeline, narrowed by `filter`.
    func list(year: Int, filter: LeadFilter) async throws -> [LeadView] {
        var all = try await ranked(year: year)
        if filter.chain != nil || filter.cluster != nil {
            struct Row: Decodable {
                var code: String
                var chainCode: String
                var clusterCode: String
            }
            let segments = try await sql.raw(
                "SELECT s.code, s.chain_code, c.cluster_code FROM segments s JOIN chains c ON c.code = s.chain_code"
            ).rows(Row.self)
            let wanted = Set(
                segments.filter { s in
                    (filter.chain == nil || s.chainCode == filter.chain) && (filter.cluster == nil || s.clusterCode == filter.cluster)
                }.map(\.code))
            all = all.filter { !wanted.isDisjoint(with: $0.segments) }
        }
        if let stage = filter.stage {
            all = all.filter { stage == "none" ? $0.stage == nil : $0.stage?.rawValue == stage }
        }
        if let owner = filter.owner { all = all.filter { $0.owner == owner } }
        return all
    }

    /// The owners named on the leads the caller sees, for the owner filter.
    func owners() async throws -> [String] {
        try await sql.raw(
            "SELECT DISTINCT owner FROM leads WHERE owner IS NOT NULL AND \(visibleLeads) ORDER BY owner LIMIT 500"
        ).all().compactMap { try? $0.decode(column: "owner", as: String.self) }
    }
}

extension CharacterSet {
    /// What may stand unescaped in a query value: ASCII letters, digits and `-._~` (RFC 3986 unreserved).
    static let urlQueryValue = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
