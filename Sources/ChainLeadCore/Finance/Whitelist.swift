import Foundation

// The financing whitelist (融资白名单, Policy S5): every chain leader, and its core suppliers —
// local firms whose share of a leader's purchases in the year is at least `minShare` or whose
// amount is at least `minAmount` — filtered by the whitelist rules, each exclusion with its rule
// and a Chinese reason. Purchases and figures are of the last complete year before the quarter.

/// A calendar quarter, "2026Q4".
public struct Quarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let quarter: Int

    public init?(year: Int, quarter: Int) {
        guard (2000...2100).contains(year), (1...4).contains(quarter) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard t.count == 6, t.dropFirst(4).first == "Q", let y = Int(t.prefix(4)), let q = Int(t.suffix(1)) else { return nil }
        self.init(year: y, quarter: q)
    }

    /// The quarter a day falls in (nil outside 2000–2100).
    public init?(containing date: SimpleDate) {
        self.init(year: date.year, quarter: (date.month - 1) / 3 + 1)
    }

    public var description: String { "\(year)Q\(quarter)" }
    /// The last complete year before the quarter: 2026Q4 → 2025.
    public var dataYear: Int { year - 1 }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.quarter) < (b.year, b.quarter) }
}

public struct WhitelistRules: Sendable, Equatable, Codable {
    /// A supplier's share of one leader's purchases that makes it core (0.05 = 5%).
    public var minShare: Double
    /// …or its amount from one leader, yuan.
    public var minAmount: Int64
    /// Total liabilities ÷ total assets at most this; nil: not checked.
    public var maxDebtRatio: Double?
    public var excludeDishonest: Bool
    public var requireFigures: Bool

    public init(
        minShare: Double = 0.05, minAmount: Int64 = 10_000_000, maxDebtRatio: Double? = 0.70, excludeDishonest: Bool = true,
        requireFigures: Bool = true
    ) {
        self.minShare = minShare
        self.minAmount = minAmount
        self.maxDebtRatio = maxDebtRatio
        self.excludeDishonest = excludeDishonest
        self.requireFigures = requireFigures
    }

    /// The first rule that does not read, as (field, reason); nil when all do.
    public var problem: (field: String, reason: String)? {
        if !minShare.isFinite || minShare <= 0 || minShare > 1 { return ("rules.minShare", "核心供应商的采购占比门槛应在0至1之间（如0.05）") }
        if minAmount < 0 || minAmount > 10_000_000_000_000 { return ("rules.minAmount", "核心供应商的采购额门槛应在0至10万亿元之间") }
        if let r = maxDebtRatio, !r.isFinite || r <= 0 || r > 1 { return ("rules.maxDebtRatio", "资产负债率上限应在0至1之间（如0.7）") }
        return nil
    }
}

/// What the derivation reads, all of one year.
public struct WhitelistFacts: Sendable {
    public struct Purchase: Sendable {
        public var buyer: String
        public var supplier: String
        public var amount: Int64
        public init(buyer: String, supplier: String, amount: Int64) {
            self.buyer = buyer
            self.supplier = supplier
            self.amount = amount
        }
    }

    public struct Balance: Sendable {
        public var totalAssets: Int64?
        public var totalLiabilities: Int64?
        public init(totalAssets: Int64?, totalLiabilities: Int64?) {
            self.totalAssets = totalAssets
            self.totalLiabilities = totalLiabilities
        }
    }

    /// Firms holding an active chain-leader recognition.
    public var leaders: Set<String>
    /// Leaders' purchases from registered local suppliers (the supply-rate scope's categories).
    public var localPurchases: [Purchase]
    /// Each leader's total purchases of the year (local and outside): the share's denominator.
    public var leaderTotals: [String: Int64]
    /// The year's figures of each candidate that has them.
    public var balances: [String: Balance]
    /// Firms with an uncleared dishonesty flag (失信).
    public var dishonest: Set<String>

    public init(
        leaders: Set<String>, localPurchases: [Purchase], leaderTotals: [String: Int64], balances: [String: Balance], dishonest: Set<String>
    ) {
        self.leaders = leaders
        self.localPurchases = localPurchases
        self.leaderTotals = leaderTotals
        self.balances = balances
        self.dishonest = dishonest
    }
}

public enum WhitelistBasis: String, Sendable, Codable {
    case leader
    case coreSupplier = "core-supplier"
}

public struct WhitelistExclusion: Sendable, Equatable, Codable {
    /// `dishonest`, `debt-ratio`, `no-figures`.
    public var rule: String
    public var reason: String

    public init(rule: String, reason: String) {
        self.rule = rule
        self.reason = reason
    }
}

public struct WhitelistCandidate: Sendable, Equatable {
    public var enterprise: String
    public var basis: WhitelistBasis
    /// The chain leaders it supplies as a core supplier (sorted).
    public var of: [String]
    /// Its largest share of one leader's purchases, and its amount from all of them.
    public var share: Double?
    public var amount: Int64?
    public var excludedBecause: WhitelistExclusion?
    public var included: Bool { excludedBecause == nil }
}

public enum Whitelist {
    /// Leaders first, then core suppliers, each by USCC. A leader that is also another leader's core
    /// supplier is listed once, as a leader, with the leaders it supplies.
    public static func derive(_ facts: WhitelistFacts, rules: WhitelistRules = WhitelistRules()) -> [WhitelistCandidate] {
        var perPair: [String: [String: Int64]] = [:]  // supplier → leader → amount
        for p in facts.localPurchases where facts.leaders.contains(p.buyer) && p.supplier != p.buyer && p.amount > 0 {
            let old = perPair[p.supplier, default: [:]][p.buyer, default: 0]
            perPair[p.supplier, default: [:]][p.buyer] = old.addingReportingOverflow(p.amount).overflow ? .max : old + p.amount
        }
        var core: [String: (of: [String], share: Double, amount: Int64)] = [:]
        for (supplier, leaders) in perPair {
            var of: [String] = []
            var best = 0.0
            var total: Int64 = 0
            for (leader, amount) in leaders {
                let denominator = facts.leaderTotals[leader] ?? 0
                let share = denominator > 0 ? Double(amount) / Double(denominator) : 0
                if share >= rules.minShare || amount >= rules.minAmount {
                    of.append(leader)
                    best = max(best, share)
                    total = total.addingReportingOverflow(amount).overflow ? .max : total + amount
                }
            }
            if !of.isEmpty { core[supplier] = (of.sorted(), best, total) }
        }
        func exclusion(_ u: String) -> WhitelistExclusion? {
            if rules.excludeDishonest && facts.dishonest.contains(u) {
                return WhitelistExclusion(rule: "dishonest", reason: "存在未撤销的失信记录")
            }
            guard let b = facts.balances[u], let assets = b.totalAssets, let liabilities = b.totalLiabilities, assets > 0 else {
                return rules.requireFigures ? WhitelistExclusion(rule: "no-figures", reason: "缺少上一年度的资产负债数据") : nil
            }
            if let limit = rules.maxDebtRatio {
                let ratio = Double(liabilities) / Double(assets)
                if ratio > limit {
                    return WhitelistExclusion(
                        rule: "debt-ratio", reason: "资产负债率\(Int((ratio * 100).rounded()))%，高于\(Int((limit * 100).rounded()))%")
                }
            }
            return nil
        }
        var out: [WhitelistCandidate] = facts.leaders.sorted().map { u in
            WhitelistCandidate(
                enterprise: u, basis: .leader, of: core[u]?.of ?? [], share: core[u]?.share, amount: core[u]?.amount,
                excludedBecause: exclusion(u))
        }
        for (u, c) in core.sorted(by: { $0.key < $1.key }) where !facts.leaders.contains(u) {
            out.append(
                WhitelistCandidate(
                    enterprise: u, basis: .coreSupplier, of: c.of, share: c.share, amount: c.amount, excludedBecause: exclusion(u)))
        }
        return out
    }
}
