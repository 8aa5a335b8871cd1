import ChainLeadCore
import Foundation
import SQLKit

/// One firm in a chain's pools (培育库, Policy S2): its tier in the chain, last score, and how far
/// it is from the leader thresholds.
struct PoolEntry: Sendable {
    var enterprise: String
    var name: String
    var tier: Tier
    var since: String
    var lastScore: Double?
    var outputValue: Int64?
    /// Output value still missing to the scheme's threshold (0 when reached), yuan.
    var outputGap: Int64?
    /// Points still missing to the scheme's recognition score (0 when reached).
    var scoreGap: Double?
}

/// This year's movement in a chain's pools, from the tier history.
struct PoolMovement: Sendable {
    var entered = 0
    var up = 0
    var down = 0
    var left = 0
}

struct Pools {
    let db: any SQLDatabase
    let caller: Caller

    struct Row: Decodable {
        var enterpriseUscc: String
        var name: String
        var tier: String
        var since: String
        var lastScore: Double?
        var latestOutputValue: Int64?
    }

    func entries(chain: String) async throws -> [PoolEntry] {
        try await Access.require(.read, .selection(.chain(chain)), caller: caller, db: db)
        let scheme = try await SchemeStore(db: db, caller: caller).standard().scheme
        let rows = try await db.raw(
            """
            SELECT t.enterprise_uscc, e.name, t.tier, t.since, t.last_score, e.latest_output_value
            FROM chain_tiers t JOIN enterprises e ON e.uscc = t.enterprise_uscc
            WHERE t.chain_code = \(bind: chain)
            ORDER BY CASE t.tier WHEN 'leader' THEN 0 WHEN 'candidate' THEN 1 WHEN 'backbone' THEN 2 ELSE 3 END, t.last_score DESC, e.name
            """
        ).rows(Row.self)
        return rows.map { r in
            let gap = r.latestOutputValue.map { max(0, scheme.eligibility.minOutputValue - min($0, Money.ceiling)) }
            return PoolEntry(
                enterprise: r.enterpriseUscc, name: r.name, tier: Tier(rawValue: r.tier) ?? .none, since: r.since, lastScore: r.lastScore,
                outputValue: r.latestOutputValue, outputGap: gap, scoreGap: r.lastScore.map { max(0, scheme.recognition.minScore - $0) })
        }
    }

    /// Moves in, up, down and out of the chain's pools since 1 January of `year`.
    func movement(chain: String, year: Int) async throws -> PoolMovement {
        struct M: Decodable {
            var tier: String
            var previousTier: String?
        }
        let rows = try await db.raw(
            "SELECT tier, previous_tier FROM tier_changes WHERE chain_code = \(bind: chain) AND changed_on >= \(bind: "\(year)-01-01") AND changed_on <= \(bind: "\(year)-12-31")"
        ).rows(M.self)
        var m = PoolMovement()
        for r in rows {
            let to = Tier(rawValue: r.tier) ?? .none
            let from = r.previousTier.flatMap(Tier.init(rawValue:)) ?? .none
            if from == .none && to != .none {
                m.entered += 1
            } else if to == .none && from != .none {
                m.left += 1
            } else if to > from {
                m.up += 1
            } else if to < from {
                m.down += 1
            }
        }
        return m
    }

    /// A pool move by an official: into a pool tier or out (`none`); leaders come only from recognition.
    func move(enterprise: String, chain: String, to tier: Tier, reason: String, today: SimpleDate) async throws -> Tier {
        try await Access.require(.update, .selection(.chain(chain)), caller: caller, db: db)
        if tier == .leader { throw DomainError.invalid("tier", "链主企业须经遴选认定产生，不能直接调入", code: "leader_by_recognition") }
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if why.isEmpty || why.count > 500 { throw DomainError.invalid("reason", "调整培育库须填写原因（不超过500字）", code: "reason_required") }
        guard try await db.raw("SELECT code FROM chains WHERE code = \(bind: chain)").first() != nil else {
            throw DomainError.invalid("chain", "产业链 \(chain) 不存在", code: "unknown_chain")
        }
        guard try await db.raw("SELECT uscc FROM enterprises WHERE uscc = \(bind: enterprise)").first() != nil else {
            throw DomainError.invalid("enterprise", "企业 \(enterprise) 不在企业库中", code: "unknown_enterprise")
        }
        let caller = self.caller
        return try await db.withTransaction { tx in
            let active = try await tx.raw(
                "SELECT id FROM recognitions WHERE enterprise_uscc = \(bind: enterprise) AND chain_code = \(bind: chain) AND status = 'active'"
            ).first()
            if active != nil {
                throw DomainError(.conflict, "is_leader", "该企业是本产业链已认定的链主企业：请通过复核调整", field: "enterprise")
            }
            return try await ChainTiers.apply(
                .init(enterprise: enterprise, chain: chain, tier: tier, reason: why), by: caller, today: today, on: tx)
        }
    }

    /// Applies the tiers a scored campaign proposes for one chain, in one step.
    func applyProposals(campaign id: Int64, chain: String, today: SimpleDate) async throws -> Int {
        try await Access.require(.update, .selection(.chain(chain)), caller: caller, db: db)
        let campaign = try await Campaigns(db: db, caller: caller).find(id)
        struct P: Decodable {
            var enterpriseUscc: String
            var proposedTier: String
            var finalScore: Double?
        }
        let caller = self.caller
        return try await db.withTransaction { tx in
            let rows = try await tx.raw(
                """
                SELECT a.enterprise_uscc, a.proposed_tier, a.final_score FROM applications a
                WHERE a.campaign_id = \(bind: id) AND a.chain_code = \(bind: chain) AND a.status <> 'recognised' AND a.eligible = \(bind: true)
                  AND a.proposed_tier IS NOT NULL AND a.proposed_tier <> 'none'
                  AND NOT EXISTS (SELECT 1 FROM recognitions r WHERE r.enterprise_uscc = a.enterprise_uscc AND r.chain_code = a.chain_code AND r.status = 'active')
                """
            ).rows(P.self)
            var moved = 0
            for p in rows {
                guard let tier = Tier(rawValue: p.proposedTier) else { continue }
                let before = try await ChainTiers.apply(
                    .init(
                        enterprise: p.enterpriseUscc, chain: chain, tier: tier, reason: "\(campaign.year)年遴选评分调整培育库", campaign: id,
                        score: p.finalScore), by: caller, today: today, on: tx)
                if before != tier { moved += 1 }
            }
            return moved
        }
    }
}
