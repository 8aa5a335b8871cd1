import ChainLeadCore
import Foundation
import SQLKit

/// Reading matches. `rows(for:)` is which matches a caller may read and `present` what it may
/// see of one: every path (API, page, write response) goes through both.
extension Matches {
    static func rows(for caller: Caller) -> SQLQueryString {
        if caller.isSystem { return "1 = 1" }
        var clauses: [SQLQueryString] = []
        for g in caller.grants {
            switch (g.role, g.scope) {
            case (.official, _), (.district, _), (.department, _): return "1 = 1"
            case (.chief, .chains(let mine)): clauses.append("d.chain IN \(SQLGroupExpression(SQLList(mine.sorted().map { SQLBind($0) })))")
            case (.enterprise, .enterprise(let u)): clauses.append("(m.buyer_uscc = \(bind: u) OR m.supplier_uscc = \(bind: u))")
            default: break
            }
        }
        guard var out = clauses.first else { return "1 = 0" }
        for c in clauses.dropFirst() { out = out + " OR " + c }
        return "(" + out + ")"
    }

    struct Row: Decodable {
        var id: Int64
        var demandId: Int64
        var demandTitle: String
        var buyerUscc: String
        var buyerName: String
        var supplierUscc: String
        var supplierName: String
        var segment: String
        var status: String
        var score: Double
        var amount: Int64?
        var year: Int?
        var category: String?
        var reason: String?
        var linkId: Int64?
        var buyerRating: Int?
        var supplierRating: Int?
        var contactedAt: Date?
        var contactPerson: String?
        var contactPhone: String?
        var contactEmail: String?
        var createdAt: Date
    }

    /// What the caller may see of a match: the buyer's contact goes to the supplier only once the
    /// buyer has reached out; the buyer and government see it as the registry lets them.
    static func present(_ r: Row, to caller: Caller) -> MatchView {
        let status = MatchStatus(rawValue: r.status) ?? .recommended
        let mine = Set(caller.grants.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } })
        let contact = ContactView(person: r.contactPerson, phone: r.contactPhone, email: r.contactEmail)
        let shown: ContactView?
        if mine.contains(r.buyerUscc) || caller.isSystem || caller.grants.contains(where: { $0.role == .official }) {
            shown = contact
        } else if mine.contains(r.supplierUscc), MatchStatus.disclosesContact(status, contactedBefore: r.contactedAt != nil) {
            shown = contact
        } else {
            shown = nil
        }
        return MatchView(
            id: r.id, demand: r.demandId, demandTitle: r.demandTitle, buyer: r.buyerUscc, buyerName: r.buyerName, supplier: r.supplierUscc,
            supplierName: r.supplierName, segment: r.segment, status: r.status, score: r.score, amount: r.amount, year: r.year,
            category: r.category, reason: r.reason, link: r.linkId, buyerRating: r.buyerRating, supplierRating: r.supplierRating,
            buyerContact: shown, createdAt: r.createdAt)
    }

    func list(demand: Int64? = nil, status: MatchStatus? = nil, id: Int64? = nil, limit: Int = 1000) async throws -> [MatchView] {
        try await Access.require(.read, .matchmaking(.lists), caller: caller, db: db)
        var filter = Self.rows(for: caller)
        if let id { filter = filter + " AND m.id = \(bind: id)" }
        if let demand { filter = filter + " AND m.demand_id = \(bind: demand)" }
        if let status { filter = filter + " AND m.status = \(bind: status.rawValue)" }
        let caller = self.caller
        return try await db.raw(
            """
            SELECT m.id, m.demand_id, d.title AS demand_title, m.buyer_uscc, b.name AS buyer_name, m.supplier_uscc,
              s.name AS supplier_name, d.segment, m.status, m.score, m.amount, m.year, m.category, m.reason, m.link_id,
              m.buyer_rating, m.supplier_rating, m.contacted_at, b.contact_person, b.contact_phone, b.contact_email, m.created_at
            FROM matches m JOIN demands d ON d.id = m.demand_id JOIN enterprises b ON b.uscc = m.buyer_uscc
            JOIN enterprises s ON s.uscc = m.supplier_uscc
            WHERE \(filter) ORDER BY m.id DESC LIMIT \(bind: limit)
            """
        ).rows(Row.self).map { Self.present($0, to: caller) }
    }

    /// One match the caller may read; 404 otherwise.
    func find(_ id: Int64) async throws -> MatchView {
        guard let m = try await list(id: id).first else { throw DomainError(.notFound, "not_found", "对接 \(id) 不存在或无权查看") }
        return m
    }
}
