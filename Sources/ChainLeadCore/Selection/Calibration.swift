// Expert scores and their calibration (Policy S1, S2; selection II): a lenient expert must not
// outweigh a strict one. Per chain and campaign, an expert with at least `minimumScores`
// submitted scores that are not all equal has each score z-scored against their own mean and
// population standard deviation, then mapped to the panel's (all submitted scores of the chain).

public struct ExpertScore: Sendable, Equatable {
    public var expert: String
    public var application: Int64
    public var raw: Double

    public init(expert: String, application: Int64, raw: Double) {
        self.expert = expert
        self.application = application
        self.raw = raw
    }
}

public struct CalibratedScore: Sendable, Equatable {
    public var expert: String
    public var application: Int64
    public var raw: Double
    public var calibrated: Double
    /// False when the expert scored fewer than `minimumScores` or all alike: the raw score stands.
    public var calibratedUsed: Bool
}

public enum Calibration {
    public static let minimumScores = 5

    /// Mean and population standard deviation.
    static func moments(_ xs: [Double]) -> (mean: Double, sd: Double) {
        guard !xs.isEmpty else { return (0, 0) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
        return (mean, variance.squareRoot())
    }

    /// One chain's submitted scores, calibrated. Calibrated scores stay within 0–100.
    public static func calibrate(_ scores: [ExpertScore]) -> [CalibratedScore] {
        let panel = moments(scores.map(\.raw))
        let byExpert = Dictionary(grouping: scores, by: \.expert).mapValues { moments($0.map(\.raw)) }
        let counts = Dictionary(grouping: scores, by: \.expert).mapValues(\.count)
        return scores.map { s in
            let own = byExpert[s.expert] ?? (s.raw, 0)
            guard (counts[s.expert] ?? 0) >= minimumScores, own.sd > 1e-12, panel.sd > 1e-12 else {
                return CalibratedScore(expert: s.expert, application: s.application, raw: s.raw, calibrated: s.raw, calibratedUsed: false)
            }
            let z = (s.raw - own.mean) / own.sd
            let value = min(100, max(0, panel.mean + z * panel.sd))
            return CalibratedScore(expert: s.expert, application: s.application, raw: s.raw, calibrated: value, calibratedUsed: true)
        }
    }

    /// An application's expert score: the mean of its calibrated scores (nil: none submitted).
    public static func expertScores(_ calibrated: [CalibratedScore]) -> [Int64: Double] {
        Dictionary(grouping: calibrated, by: \.application).mapValues { list in list.map(\.calibrated).reduce(0, +) / Double(list.count) }
    }

    /// The final score under the scheme's weights; nil when an expert score is needed and missing.
    public static func finalScore(indicator: Double?, expert: Double?, weights: SelectionScheme.Final) -> Double? {
        guard let indicator else { return nil }
        guard weights.expert > 0 else { return indicator }
        guard let expert else { return nil }
        return (Double(weights.indicator) * indicator + Double(weights.expert) * expert) / 100
    }

    /// A score an expert may give: 0–100 with at most one decimal.
    public static func isValidScore(_ v: Double) -> Bool {
        v.isFinite && (0...100).contains(v) && abs(v * 10 - (v * 10).rounded()) < 1e-9
    }
}

/// The public notice (公示): `workingDays` working days counted from `from` inclusive (a `from`
/// that is not a working day starts on the next working day).
public enum NoticePeriod {
    public static func compute(from: SimpleDate, workingDays: Int, calendar: WorkingCalendar) -> (startsOn: SimpleDate, until: SimpleDate) {
        var start = from
        var guardDays = 0
        while !calendar.isWorkingDay(start), guardDays < 366 {
            start = start.adding(days: 1)
            guardDays += 1
        }
        let days = max(1, workingDays)
        return (start, days == 1 ? start : calendar.addWorkingDays(from: start, days: days - 1))
    }
}

/// Conflicts of interest found without the expert's word (selection II): the employer is the
/// applicant, trades with it, or belongs to its group (the same name root).
public enum ConflictRules {
    public static func detect(
        employer: String?, employerName: String?, applicant: String, applicantName: String, tradingPartners: Set<String>
    ) -> String? {
        guard let employer else { return nil }
        if employer == applicant { return "专家任职单位即申报企业" }
        if tradingPartners.contains(employer) { return "专家任职单位与申报企业有供销往来" }
        if let employerName, !employerName.isEmpty,
            SupplierName.matchingStem(employerName) == SupplierName.matchingStem(applicantName)
        {
            return "专家任职单位与申报企业同属一个集团（名称字号相同）"
        }
        return nil
    }
}
