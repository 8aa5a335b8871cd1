import ChainLeadCore
import Foundation
import SQLKit

/// The buyer's contact, shown to the supplier once the buyer has moved the match to `contacted`.
struct ContactView: Sendable, Codable, Equatable {
    var person: String?
    var phone: String?
    var email: String?
}

/// A match between a demand and a supplier (Policy L1, L3), as the caller may see it.
struct MatchView: Sendable, Codable {
    var id: Int64
    var demand: Int64
    var demandTitle: String
    var buyer: String
    var buyerName: String
    var supplier: String
    var supplierName: String
    var segment: String
    var status: String
    var score: Double
    var amount: Int64?
    var year: Int?
    var category: String?
    var reason: String?
    var link: Int64?
    var buyerRating: Int?
    var supplierRating: Int?
    var buyerContact: ContactView?
    var createdAt: Date
}

struct MatchMoveInput: Sendable {
    var to: MatchStatus
    var amount: Int64? = nil
    var year: Int? = nil
    var category: SupplyCategory? = nil
    var reason: String? = nil
}

/// Opening, moving and rating matches. A move is one conditional write on the status it left,
/// so of two racing moves one wins and the other answers 409; a deal writes its own supply link
/// (`source = 'deal'`) in the same transaction.
struct Matches {
    let db: any SQLDatabase
    let caller: Caller
    let scope: SupportingRateScope

    /// Opens a match; started at `event`, it counts for that event.
    func open(demand id: Int64, supplier: String, event: Int64? = nil) async throws -> MatchView {
        let demand = try await Demands(db: db, caller: caller).find(id)
        try await Access.require(.update, .matchmaking(.demand(buyer: demand.buyer, chains: [demand.chain])), caller: caller, db: db)
        guard demand.status == "open" else { throw DomainError(.conflict, "demand_closed", "采购需求 \(id) 已关闭，不能再发起对接") }
        guard supplier != demand.buyer else { throw DomainError.invalid("supplier", "供应商不能是采购方本身") }
        guard
            let status = try await db.raw("SELECT status FROM enterprises WHERE uscc = \(bind: supplier)")
                .first(decodingColumn: "status", as: String.self)
        else { throw DomainError.invalid("supplier", "企业 \(supplier) 不在企业库中", code: "unknown_enterprise") }
        guard status == "active" else { throw DomainError.invalid("supplier", "企业 \(supplier) 已不在营") }
        if let event {
            guard try await db.raw("SELECT id FROM events WHERE id = \(bind: event)").first() != nil else {
                throw DomainError.invalid("event", "活动 \(event) 不存在", code: "unknown_event")
            }
        }
        let score =
            try await Candidates(db: db, caller: .system("matchmaking"), scope: scope).rank(demand: id, limit: Candidates.poolLimit)
            .first { $0.enterprise == supplier }?.score ?? 0
        let caller = self.caller
        let now = Date.nowSeconds()
        let made = try await db.withTransaction { tx -> Int64? in
            let rows = try await tx.insert(into: "matches")
                .columns(
                    "demand_id", "buyer_uscc", "supplier_uscc", "status", "score", "event_id", "created_by", "created_at", "updated_at"
                )
                .values(
                    SQLBind(id), SQLBind(demand.buyer), SQLBind(supplier), SQLBind("recommended"), SQLBind(score), SQLBind(event),
                    SQLBind(caller.username ?? "system"), SQLBind(now), SQLBind(now)
                )
                .ignoringConflicts().returning("id").all()
            guard let matchID = try rows.first?.decode(column: "id", as: Int64.self) else { return nil }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "match", key: "\(matchID)", action: "create",
                changes: ["demand": .init(from: nil, to: "\(id)"), "supplier": .init(from: nil, to: supplier)])
            return matchID
        }
        guard let made else { throw DomainError(.conflict, "duplicate_match", "该供应商已在此需求的对接中") }
        return try await find(made)
    }

    func move(_ id: Int64, _ input: MatchMoveInput) async throws -> MatchView {
        let m = try await find(id)
        try await Access.require(.update, .matchmaking(.demand(buyer: m.buyer, chains: [try chain(m)])), caller: caller, db: db)
        guard let from = MatchStatus(rawValue: m.status), from.canMove(to: input.to) else {
            throw DomainError(
                .conflict, "invalid_transition",
                "对接当前为“\(MatchStatus(rawValue: m.status)?.nameZh ?? m.status)”，不能改为“\(input.to.nameZh)”")
        }
        var reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason?.isEmpty == true { reason = nil }
        if (reason?.count ?? 0) > 500 { throw DomainError.invalid("reason", "说明不超过500字") }
        var deal: (amount: Int64, year: Int, category: SupplyCategory)?
        switch input.to {
        case .closed:
            guard reason != nil else { throw DomainError.invalid("reason", "关闭对接须说明原因") }
        case .deal:
            guard let amount = input.amount, (1...Money.ceiling).contains(amount) else {
                throw DomainError.invalid("amount", "成交金额（元）应在1元至\(Money.ceilingZh)之间", code: "out_of_range")
            }
            guard let year = input.year, SupplyService.validYears.contains(year) else {
                throw DomainError.invalid("year", "请填写成交年度（2000至2100）", code: "out_of_range")
            }
            guard let category = input.category else { throw DomainError.invalid("category", "请选择采购类别") }
            deal = (amount, year, category)
        default: break
        }
        let caller = self.caller
        let now = Date.nowSeconds()
        let (reasonText, dealTerms) = (reason, deal)
        try await db.withTransaction { tx in
            let (reason, deal) = (reasonText, dealTerms)
            var update = tx.update("matches").set("status", to: SQLBind(input.to.rawValue)).set("updated_at", to: SQLBind(now))
            if let reason { update = update.set("reason", to: SQLBind(reason)) }
            if input.to == .contacted { update = update.set("contacted_at", to: SQLBind(now)) }
            if let deal {
                update = update.set("amount", to: SQLBind(deal.amount)).set("year", to: SQLBind(deal.year))
                    .set("category", to: SQLBind(deal.category.rawValue))
            }
            let changed = try await update.where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(m.status))
                .returning("id").all()
            guard !changed.isEmpty else {
                throw DomainError(.conflict, "concurrent_change", "该对接刚被他人更新，请刷新后再试")
            }
            var extra: [String: String] = [:]
            if let deal {
                let link = try await Self.writeDealLink(m, deal, tx: tx)
                try await tx.update("matches").set("link_id", to: SQLBind(link)).where("id", .equal, SQLBind(id)).run()
                extra["link"] = "\(link)"
            }
            var changes: [String: AuditLog.Change] = ["status": .init(from: m.status, to: input.to.rawValue)]
            if let deal { changes["amount"] = .init(from: nil, to: "\(deal.amount)") }
            if let reason { changes["reason"] = .init(from: nil, to: reason) }
            try await AuditLog(db: tx, caller: caller).record(entity: "match", key: "\(id)", action: "move", changes: changes, extra: extra)
        }
        return try await find(id)
    }

    /// The deal's own purchase: added to the buyer's `deal` link of that supplier, segment, year
    /// and category, never to what it reported.
    static func writeDealLink(_ m: MatchView, _ deal: (amount: Int64, year: Int, category: SupplyCategory), tx: any SQLDatabase)
        async throws -> Int64
    {
        try await FigureCache.bump(tx)
        struct Existing: Decodable {
            var id: Int64
            var amount: Int64
        }
        let segmentChain = try await Demands.chain(ofSegment: m.segment, db: tx)
        if let old = try await tx.raw(
            """
            SELECT id, amount FROM supply_links WHERE buyer_uscc = \(bind: m.buyer) AND supplier_key = \(bind: m.supplier)
              AND segment = \(bind: m.segment) AND year = \(bind: deal.year) AND category = \(bind: deal.category.rawValue)
              AND source = 'deal'
            """
        ).row(Existing.self) {
            let (sum, overflow) = old.amount.addingReportingOverflow(deal.amount)
            guard !overflow, sum <= Money.ceiling else { throw DomainError.invalid("amount", "累计成交金额超出上限", code: "out_of_range") }
            try await tx.update("supply_links").set("amount", to: SQLBind(sum)).where("id", .equal, SQLBind(old.id)).run()
            return old.id
        }
        let district = try await tx.raw("SELECT district_code FROM enterprises WHERE uscc = \(bind: m.supplier)")
            .first(decodingColumn: "district_code", as: String.self)
        return try await tx.insert(into: "supply_links")
            .columns(
                "buyer_uscc", "supplier_uscc", "supplier_name", "supplier_city", "supplier_key", "supplier_district", "segment", "chain",
                "year", "amount", "category", "resolution", "created_at", "source"
            )
            .values(
                SQLBind(m.buyer), SQLBind(m.supplier), SQLBind(m.supplierName), SQLBind(String?.none), SQLBind(m.supplier),
                SQLBind(district), SQLBind(m.segment), SQLBind(segmentChain), SQLBind(deal.year), SQLBind(deal.amount),
                SQLBind(deal.category.rawValue), SQLBind("uscc"), SQLBind(Date.nowSeconds()), SQLBind("deal")
            )
            .runReturningID()
    }

    /// After a deal, each side rates once.
    func rate(_ id: Int64, score: Int) async throws -> MatchView {
        let m = try await find(id)
        try await Access.require(
            .update, .matchmaking(.match(buyer: m.buyer, supplier: m.supplier, chains: [try chain(m)])), caller: caller, db: db)
        guard (1...5).contains(score) else { throw DomainError.invalid("score", "评分应为1至5", code: "out_of_range") }
        guard m.status == MatchStatus.deal.rawValue else { throw DomainError(.conflict, "not_a_deal", "成交后才能评价对接") }
        let mine = caller.grants.compactMap { g -> String? in if case .enterprise(let u) = g.scope { u } else { nil } }
        let column: String
        if mine.contains(m.buyer) {
            column = "buyer_rating"
        } else if mine.contains(m.supplier) {
            column = "supplier_rating"
        } else {
            throw DomainError(.forbidden, "forbidden", "只有对接双方可以评价")
        }
        let caller = self.caller
        try await db.withTransaction { tx in
            let changed = try await tx.update("matches").set(SQLIdentifier(column), to: SQLBind(score))
                .where("id", .equal, SQLBind(id)).where(SQLIdentifier(column), .is, SQLLiteral.null).returning("id").all()
            guard !changed.isEmpty else { throw DomainError(.conflict, "already_rated", "本企业已评价过该对接") }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "match", key: "\(id)", action: "rate", changes: [column: .init(from: nil, to: "\(score)")])
        }
        return try await find(id)
    }

    private func chain(_ m: MatchView) async throws -> String { try await Demands.chain(ofSegment: m.segment, db: db) }
}
