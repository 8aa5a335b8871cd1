import Foundation

/// One enterprise's figures for one year (Policy G2 counts chain leaders by output value). Amounts
/// are whole yuan; every figure is optional: missing means unknown, never zero.
public struct AnnualFigures: Sendable, Equatable {
    public var year: Int
    public var outputValue: Int64?
    public var revenue: Int64?
    public var rdExpense: Int64?
    public var employees: Int64?
    public var taxPaid: Int64?
    public var exports: Int64?
    public var totalAssets: Int64?
    public var totalLiabilities: Int64?
    public var mainBusinessRevenue: Int64?
    public var source: FigureSource

    public init(
        year: Int, outputValue: Int64? = nil, revenue: Int64? = nil, rdExpense: Int64? = nil,
        employees: Int64? = nil, taxPaid: Int64? = nil, exports: Int64? = nil,
        totalAssets: Int64? = nil, totalLiabilities: Int64? = nil,
        mainBusinessRevenue: Int64? = nil, source: FigureSource = .official
    ) {
        self.year = year
        self.outputValue = outputValue
        self.revenue = revenue
        self.rdExpense = rdExpense
        self.employees = employees
        self.taxPaid = taxPaid
        self.exports = exports
        self.totalAssets = totalAssets
        self.totalLiabilities = totalLiabilities
        self.mainBusinessRevenue = mainBusinessRevenue
        self.source = source
    }

    public static let validYears = 1949...2100
}

/// Ratios derived from yearly figures; each is nil ("unknown") when an input is missing
/// or a denominator is zero (or negative, where a ratio would be meaningless).
public enum DerivedRatios {
    /// R&D intensity: R&D expense ÷ revenue.
    public static func rdIntensity(rdExpense: Int64?, revenue: Int64?) -> Double? {
        ratio(rdExpense, revenue)
    }

    /// Debt ratio (资产负债率): total liabilities ÷ total assets.
    public static func debtRatio(totalLiabilities: Int64?, totalAssets: Int64?) -> Double? {
        ratio(totalLiabilities, totalAssets)
    }

    /// Year-on-year growth: current ÷ previous − 1.
    public static func growth(current: Int64?, previous: Int64?) -> Double? {
        guard let r = ratio(current, previous) else { return nil }
        return r - 1
    }

    /// Compound annual growth over `years` years: (current ÷ base)^(1/years) − 1.
    /// Unknown when either end is missing, the base is not positive or the current is negative.
    public static func cagr(current: Int64?, base: Int64?, years: Int = 2) -> Double? {
        guard years > 0, let c = current, c >= 0, let r = ratio(current, base) else { return nil }
        return pow(r, 1.0 / Double(years)) - 1
    }

    static func ratio(_ numerator: Int64?, _ denominator: Int64?) -> Double? {
        guard let n = numerator, let d = denominator, d > 0 else { return nil }
        return Double(n) / Double(d)
    }

    /// Derived ratios for each year of a series (years need not be contiguous).
    public static func series(_ figures: [AnnualFigures]) -> [Int: YearRatios] {
        let byYear = Dictionary(figures.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Int: YearRatios] = [:]
        for f in figures {
            let prev = byYear[f.year - 1]
            let base2 = byYear[f.year - 2]
            out[f.year] = YearRatios(
                rdIntensity: rdIntensity(rdExpense: f.rdExpense, revenue: f.revenue),
                debtRatio: debtRatio(totalLiabilities: f.totalLiabilities, totalAssets: f.totalAssets),
                outputGrowth: growth(current: f.outputValue, previous: prev?.outputValue),
                revenueGrowth: growth(current: f.revenue, previous: prev?.revenue),
                outputCagr2y: cagr(current: f.outputValue, base: base2?.outputValue, years: 2)
            )
        }
        return out
    }
}

public struct YearRatios: Sendable, Equatable {
    public var rdIntensity: Double?
    public var debtRatio: Double?
    public var outputGrowth: Double?
    public var revenueGrowth: Double?
    public var outputCagr2y: Double?
}

extension AnnualFigures {
    public static let maxEmployees: Int64 = 10_000_000

    /// Amounts are never negative nor above `Money.ceiling`; the year is 1949–2100; head count is plausible.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if !Self.validYears.contains(year) {
            errors.append(FieldError("year", "out_of_range", "年份应在1949至2100之间"))
        }
        let amounts: [(String, String, Int64?)] = [
            ("outputValue", "产值", outputValue), ("revenue", "营业收入", revenue), ("rdExpense", "研发费用", rdExpense),
            ("taxPaid", "纳税额", taxPaid), ("exports", "出口额", exports), ("totalAssets", "资产总额", totalAssets),
            ("totalLiabilities", "负债总额", totalLiabilities), ("mainBusinessRevenue", "主营业务收入", mainBusinessRevenue),
        ]
        for (field, label, value) in amounts {
            if let value, value < 0 { errors.append(FieldError(field, "negative", "\(label)不能为负数")) }
            if let e = Money.problem(value, field: field, label: label) { errors.append(e) }
        }
        if let employees, !(0...Self.maxEmployees).contains(employees) {
            errors.append(FieldError("employees", "out_of_range", "从业人数应在0至\(Self.maxEmployees)之间"))
        }
        return errors
    }
}
