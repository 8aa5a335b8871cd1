import ChainLeadAPI
import ChainLeadCore
import Foundation
import SQLKit

extension APIHandler {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        do {
            // One indexed row at most (`idx_enterprises_synthetic`), never a count of the registry.
            let synthetic = try await sql.raw("SELECT 1 AS x FROM enterprises WHERE synthetic = \(bind: true) LIMIT 1").first() != nil
            return .ok(.init(body: .json(.init(status: "ok", database: app.chainLead.database.kind, demo: synthetic))))
        } catch {
            throw DomainError(.unavailable, "database_unavailable", "数据库暂不可用")
        }
    }
}
