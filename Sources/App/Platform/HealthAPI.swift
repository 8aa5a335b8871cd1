import ChainLeadAPI
import ChainLeadCore
import Foundation
import SQLKit

extension APIHandler {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        do {
            let synthetic =
                try await sql.raw("SELECT COUNT(*) AS n FROM enterprises WHERE synthetic = \(bind: true)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            return .ok(.init(body: .json(.init(status: "ok", database: app.chainLead.database.kind, demo: synthetic > 0))))
        } catch {
            throw DomainError(.unavailable, "database_unavailable", "数据库暂不可用")
        }
    }
}
