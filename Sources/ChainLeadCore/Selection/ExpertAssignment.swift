// Assigning experts to applications (Policy S1, S2; selection II): every application gets
// `perApplication` experts from the chain's panel, the load spread evenly, never an expert the
// application conflicts with or who already holds (or was blocked on) it.

public enum ExpertAssignment {
    /// One application to staff: the experts it already has (any status, blocked included) and
    /// those it conflicts with; `needed` is how many more it wants.
    public struct Slot: Sendable, Equatable {
        public var application: Int64
        public var needed: Int
        public var excluded: Set<String>

        public init(application: Int64, needed: Int, excluded: Set<String>) {
            self.application = application
            self.needed = needed
            self.excluded = excluded
        }
    }

    /// Greedy by load: each slot in order takes the least-loaded eligible experts (ties by name),
    /// so without conflicts no expert carries more than one above another. `load` is each expert's
    /// current count of unblocked assignments; the answer is the new pairs, and the applications
    /// left short (with how many they still lack).
    public static func plan(_ slots: [Slot], experts: [String], load: [String: Int]) -> (
        pairs: [(application: Int64, expert: String)], short: [Int64: Int]
    ) {
        var load = Dictionary(uniqueKeysWithValues: Set(experts).map { ($0, load[$0] ?? 0) })
        var pairs: [(Int64, String)] = []
        var short: [Int64: Int] = [:]
        for slot in slots where slot.needed > 0 {
            let free = load.keys.filter { !slot.excluded.contains($0) }.sorted { (load[$0] ?? 0, $0) < (load[$1] ?? 0, $1) }
            let chosen = free.prefix(slot.needed)
            for e in chosen {
                pairs.append((slot.application, e))
                load[e, default: 0] += 1
            }
            if chosen.count < slot.needed { short[slot.application] = slot.needed - chosen.count }
        }
        return (pairs, short)
    }
}

/// What an expert states when accepting an assignment.
public enum ConflictKind: String, Sendable, CaseIterable, Codable {
    case employer, shareholding, employment, family, other

    public var nameZh: String {
        switch self {
        case .employer: "任职单位"
        case .shareholding: "持股"
        case .employment: "近三年曾任职"
        case .family: "亲属关系"
        case .other: "其他利益关系"
        }
    }
}
