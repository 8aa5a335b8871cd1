import ChainLeadCore
import Foundation
import Vapor

/// `chainlead selection score CAMPAIGN`: the same scoring as the API, run by the operator.
public enum CommandLineSelection {
    public static func score(_ app: Application, campaign: Int64, progress: @escaping @Sendable (String) -> Void) async throws -> String {
        let scoring = CampaignScoring(db: app.db.sql, caller: .commandLine, scope: app.chainLead.supplyScope)
        do {
            let result = try await scoring.score(campaign) { done, total in progress("  \(done)/\(total) applications scored") }
            return "Scored and stored \(result.scored) applications of campaign \(campaign)"
                + (result.refreshed > 0 ? " (\(result.refreshed) on figures changed since they were filed)." : ".")
        } catch let e as DomainError {
            throw CommandLineError(e.message)
        }
    }
}
