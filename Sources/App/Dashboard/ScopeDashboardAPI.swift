import ChainLeadAPI
import ChainLeadCore
import Foundation

/// Chain and cluster dashboards over the API (Policy S1, G5).
extension APIHandler {
    var scopeDashboard: ScopeDashboard {
        ScopeDashboard(db: sql, caller: caller, scope: app.chainLead.supplyScope, rule: app.chainLead.segmentRule)
    }

    func getChainDashboard(_ input: Operations.GetChainDashboard.Input) async throws -> Operations.GetChainDashboard.Output {
        .ok(.init(body: .json(try Bridge.convert(try await scopeDashboard.chain(input.path.code)))))
    }

    func getClusterDashboard(_ input: Operations.GetClusterDashboard.Input) async throws -> Operations.GetClusterDashboard.Output {
        .ok(.init(body: .json(try Bridge.convert(try await scopeDashboard.cluster(input.path.code)))))
    }
}
