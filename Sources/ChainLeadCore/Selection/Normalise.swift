// Normalisation of one indicator within a chain's eligible applicants (Policy S2). Every function
// maps raw values (nil = missing) to 0…1 in the same order; a missing value scores 0.

public enum Normalise {
    /// (x − min) ÷ (max − min) over the known values; all equal → 1.
    public static func minmax(_ values: [Double?]) -> [Double?] {
        let known = values.compactMap { $0 }.filter(\.isFinite)
        guard let lo = known.min(), let hi = known.max() else { return values.map { _ in nil } }
        let span = hi - lo
        return values.map { v in
            guard let v, v.isFinite else { return nil }
            return span > 0 ? (v - lo) / span : 1
        }
    }

    /// The share of the other known values strictly below this one; equal values share it.
    /// Alone → 1 (nobody to be compared with, like minmax's "all equal").
    public static func percentile(_ values: [Double?]) -> [Double?] {
        let sorted = values.compactMap { $0 }.filter(\.isFinite).sorted()
        let others = sorted.count - 1
        return values.map { v in
            guard let v, v.isFinite else { return nil }
            guard others > 0 else { return 1 }
            return Double(lowerBound(sorted, v)) / Double(others)
        }
    }

    /// The points (0…100) of the highest threshold reached, ÷ 100; 0 below the first.
    public static func bands(_ values: [Double?], _ bands: [SelectionScheme.Band]) -> [Double?] {
        let ordered = bands.sorted { $0.threshold < $1.threshold }
        return values.map { v in
            guard let v, v.isFinite else { return nil }
            let reached = ordered.last { v >= $0.threshold }
            return (reached?.points ?? 0) / 100
        }
    }

    /// How many values in `sorted` are strictly below `v`.
    static func lowerBound(_ sorted: [Double], _ v: Double) -> Int {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
