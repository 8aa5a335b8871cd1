import ChainLeadCore
import Vapor

/// The queue of likely supplier matches to confirm or reject (Policy L3).
extension SupplyPages {

    struct MatchRow: Encodable, Sendable {
        var id: Int64
        var supplier: String
        var candidate: String
        var candidateUscc: String
        var reason: String
        var links: Int
        var status: String
    }

    struct MatchesPage: Encodable, Sendable {
        var rows: [MatchRow]
        var canDecide: Bool
        var message: String?
        var error: String?
    }

    func renderMatches(_ req: Request, message: String? = nil, error: DomainError? = nil) async throws -> Response {
        try await req.require(.read, .supplierMatches)
        let status = req.queryValue("status") ?? "pending"
        let rows = try await SupplierMatches(db: req.sql, caller: req.caller).list(
            status: ["pending", "confirmed", "rejected"].contains(status) ? status : "pending"
        ).map {
            MatchRow(
                id: $0.id, supplier: $0.supplierName + ($0.supplierCity.map { "（\($0)）" } ?? ""), candidate: $0.candidateName,
                candidateUscc: $0.candidateUscc, reason: $0.reason, links: $0.links, status: $0.status)
        }
        let content = MatchesPage(
            rows: rows, canDecide: Policy.decide(req.webUser?.grants ?? [], .update, .supplierMatches).allowed,
            message: message, error: error?.message)
        let response = try await req.render("supply/matches", title: req.texts["matches"], nav: "supply", content)
        if let error { response.status = error.status }
        return response
    }

    func matches(req: Request) async throws -> Response { try await renderMatches(req) }

    struct DecisionForm: Decodable { var confirm: String? }

    func decide(req: Request) async throws -> Response {
        try await req.require(.update, .supplierMatches)
        guard let id = req.parameters.get("id", as: Int64.self) else { throw DomainError.notFound("页面") }
        let confirm = (try req.content.decode(DecisionForm.self)).confirm == "true"
        do {
            _ = try await SupplierMatches(db: req.sql, caller: req.caller).decide(id, confirm: confirm)
            return try await renderMatches(req, message: req.texts[confirm ? "matchConfirmed" : "matchRejected"])
        } catch let e as DomainError {
            return try await renderMatches(req, error: e)
        }
    }
}
