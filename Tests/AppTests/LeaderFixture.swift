import ChainLeadCore
import Foundation
import SQLKit

@testable import App

extension TestServer {
    /// Recognises a firm as chain leader of its primary chain, as a registry recognition would
    /// (Policy S2: a leader comes only from a decision), for tests about what leaders do.
    func recognise(_ uscc: String, on day: SimpleDate = SimpleDate(year: 2025, month: 1, day: 15) ?? .first) async throws {
        let sql = self.sql
        let chain = try await sql.raw(
            """
            SELECT s.chain_code FROM memberships m JOIN segments s ON s.code = m.segment_code
            WHERE m.enterprise_uscc = \(bind: uscc) ORDER BY m.is_primary DESC LIMIT 1
            """
        ).first(decodingColumn: "chain_code", as: String.self)
        guard let chain else { throw DomainError.invalid("segments", "\(uscc) has no segment") }
        try await sql.withTransaction { tx in
            try await tx.insert(into: "recognitions")
                .columns("enterprise_uscc", "chain_code", "recognised_on", "review_due", "status", "source", "created_at")
                .values(
                    SQLBind(uscc), SQLBind(chain), SQLBind(day.description), SQLBind(ReviewRules.reviewDue(after: day).description),
                    SQLBind("active"), SQLBind("registry"), SQLBind(Date())
                )
                .run()
            try await ChainTiers.apply(
                .init(enterprise: uscc, chain: chain, tier: .leader, reason: "测试认定"), by: .system("test"), today: day, on: tx)
        }
    }
}
