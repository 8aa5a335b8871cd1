// Herfindahl–Hirschman index: how concentrated a set of amounts is.

public enum HHI {
    /// The sum of squared percentage shares: 10000 for one supplier, 10000/n for n equal ones,
    /// 0 for no amounts or a zero total. Negative amounts (returns) are not shares and count as zero.
    public static func index(_ amounts: [Int64]) -> Double {
        index(amounts.map(Double.init))
    }

    /// The same over wide totals (sums of stored amounts).
    public static func index(_ amounts: [Double]) -> Double {
        // Summed smallest first: the same figure whatever order the amounts came in (a
        // dictionary's, or rows from several shards), and the small shares are not lost.
        let positive = amounts.filter { $0 > 0 && $0.isFinite }.sorted()
        let total = positive.reduce(0.0, +)
        guard total > 0 else { return 0 }
        return positive.reduce(0.0) { sum, a in
            let share = a / total * 100
            return sum + share * share
        }
    }
}
