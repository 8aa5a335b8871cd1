import Foundation

// Financing needs (融资需求) collected in quarterly rounds and recommended to banks, which answer
// inside ChainLead (Policy S5). An answer moves forward only: recommended → contacted →
// approved | declined; approved and declined are final.

public enum AnswerStatus: String, Sendable, CaseIterable, Codable {
    case recommended, contacted, approved, declined

    public var isFinal: Bool { self == .approved || self == .declined }

    public func mayMove(to next: AnswerStatus) -> Bool {
        switch (self, next) {
        case (.recommended, .contacted), (.recommended, .approved), (.recommended, .declined), (.contacted, .approved),
            (.contacted, .declined):
            true
        default: false
        }
    }

    public var nameZh: String {
        switch self {
        case .recommended: "已推荐"
        case .contacted: "已对接"
        case .approved: "已授信"
        case .declined: "未获授信"
        }
    }
}

public enum NeedUrgency: String, Sendable, CaseIterable, Codable {
    case normal, urgent

    public var nameZh: String { self == .urgent ? "紧急" : "一般" }
}

/// One recommendation as the figures read it.
public struct RecommendationFact: Sendable {
    public var need: Int64
    public var bank: String
    public var chains: [String]
    public var asked: Int64
    public var status: AnswerStatus
    public var approvedAmount: Int64?
    /// Days from the recommendation to the bank's first answer; nil while unanswered.
    public var daysToFirstAnswer: Double?
    public var declineReason: String?

    public init(
        need: Int64, bank: String, chains: [String], asked: Int64, status: AnswerStatus, approvedAmount: Int64?,
        daysToFirstAnswer: Double?, declineReason: String?
    ) {
        self.need = need
        self.bank = bank
        self.chains = chains
        self.asked = asked
        self.status = status
        self.approvedAmount = approvedAmount
        self.daysToFirstAnswer = daysToFirstAnswer
        self.declineReason = declineReason
    }
}

/// Figures of one group (a round, a bank or a chain). Amounts add as Double so that no sum of
/// stored amounts can trap; the caller bounds them when it turns them back into yuan.
public struct FinanceTally: Sendable, Equatable {
    public var key: String
    /// Distinct needs recommended.
    public var needs: Int = 0
    public var recommendations: Int = 0
    public var askedYuan: Double = 0
    public var approvedYuan: Double = 0
    public var approved: Int = 0
    public var declined: Int = 0
    public var answered: Int = 0
    /// Mean days to a first answer over the answered ones; nil when none is answered.
    public var meanDaysToFirstAnswer: Double?
    /// Decline reasons with how often each was given, most frequent first.
    public var declineReasons: [(reason: String, count: Int)] = []

    public init(key: String) { self.key = key }

    public static func == (a: FinanceTally, b: FinanceTally) -> Bool {
        a.key == b.key && a.needs == b.needs && a.recommendations == b.recommendations && a.askedYuan == b.askedYuan
            && a.approvedYuan == b.approvedYuan && a.approved == b.approved && a.declined == b.declined && a.answered == b.answered
            && a.meanDaysToFirstAnswer == b.meanDaysToFirstAnswer
            && a.declineReasons.map(\.reason) == b.declineReasons.map(\.reason)
            && a.declineReasons.map(\.count) == b.declineReasons.map(\.count)
    }
}

public enum FinanceFigures {
    /// The whole, per bank and per chain. A need recommended to two banks is asked once in the
    /// whole and once at each bank; a need of a firm in two chains counts in each chain.
    public static func tally(_ facts: [RecommendationFact]) -> (total: FinanceTally, banks: [FinanceTally], chains: [FinanceTally]) {
        var total = Accumulator(key: "total")
        var banks: [String: Accumulator] = [:]
        var chains: [String: Accumulator] = [:]
        for f in facts {
            total.add(f)
            banks[f.bank, default: Accumulator(key: f.bank)].add(f)
            for c in Set(f.chains) { chains[c, default: Accumulator(key: c)].add(f) }
        }
        return (total.tally, banks.values.map(\.tally).sorted { $0.key < $1.key }, chains.values.map(\.tally).sorted { $0.key < $1.key })
    }

    private struct Accumulator {
        var tally: FinanceTally
        var needs = Set<Int64>()
        var days: [Double] = []
        var reasons: [String: Int] = [:]

        init(key: String) { tally = FinanceTally(key: key) }

        mutating func add(_ f: RecommendationFact) {
            tally.recommendations += 1
            if needs.insert(f.need).inserted {
                tally.needs += 1
                tally.askedYuan += Double(f.asked)
            }
            switch f.status {
            case .approved:
                tally.approved += 1
                tally.approvedYuan += Double(f.approvedAmount ?? 0)
            case .declined:
                tally.declined += 1
                let reason = f.declineReason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                reasons[reason.isEmpty ? "未说明" : reason, default: 0] += 1
            default: break
            }
            if let d = f.daysToFirstAnswer {
                tally.answered += 1
                days.append(d)
                tally.meanDaysToFirstAnswer = days.reduce(0, +) / Double(days.count)
            }
            tally.declineReasons = reasons.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        }
    }
}
