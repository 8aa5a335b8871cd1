import ChainLeadCore
import Foundation
import SQLKit

/// The clusters' service lists (专项服务清单, Policy S6), shown to their firms.
extension EnterpriseCare {
    struct Offer: Sendable {
        var id: Int64
        var cluster: String
        var title: String
        var department: String
        var howToAsk: String
    }

    func offers(cluster: String?) async throws -> [Offer] {
        let filter: SQLQueryString = cluster.map { " WHERE cluster_code = \(bind: $0)" } ?? ""
        return try await sql.raw(
            "SELECT id, cluster_code, title, department, how_to_ask FROM service_offers\(filter) ORDER BY cluster_code, id"
        ).rows(OfferRow.self).map {
            Offer(id: $0.id, cluster: $0.clusterCode, title: $0.title, department: $0.department, howToAsk: $0.howToAsk)
        }
    }

    func addOffer(cluster: String, title: String, department: String, howToAsk: String) async throws -> Int64 {
        for (field, value) in [("title", title), ("department", department), ("howToAsk", howToAsk)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DomainError.invalid(field, "不能为空", code: "required")
        }
        let id = try await sql.insert(into: "service_offers").columns("cluster_code", "title", "department", "how_to_ask", "created_at")
            .values(SQLBind(cluster), SQLBind(title), SQLBind(department), SQLBind(howToAsk), SQLBind(Date.nowSeconds()))
            .runReturningID()
        try await AuditLog(db: sql, caller: caller).record(
            entity: "service_offer", key: "\(id)", action: "create", changes: ["title": .init(from: nil, to: title)])
        return id
    }

    struct OfferRow: Decodable {
        var id: Int64
        var clusterCode: String
        var title: String
        var department: String
        var howToAsk: String
    }
}
