// Money: whole yuan in 64-bit integers for every stored or submitted amount; totals summed wide.

public enum Money {
    /// The largest amount accepted for one supply link or one yearly figure: 10^13 yuan (10万亿元).
    /// No real firm's yearly output or single purchase comes near it; a larger number is a typing or
    /// unit error. It also keeps ordinary sums far below 2^63.
    public static let ceiling: Int64 = 10_000_000_000_000
    public static let ceilingZh = "10万亿元（10^13元）"

    /// The refusal for an amount beyond `ceiling`, naming the field.
    public static func problem(_ amount: Int64?, field: String, label: String) -> FieldError? {
        guard let amount, amount > ceiling else { return nil }
        return FieldError(field, "out_of_range", "\(label)不能超过\(ceilingZh)，请核对金额和单位")
    }

    /// A total as a 64-bit integer; nil when it cannot be one (beyond ±9.2×10^18 yuan, or not finite).
    /// Totals are summed as `Double`, exact for integers below 2^53 (about 9×10^15 yuan).
    public static func int64(_ total: Double) -> Int64? {
        guard total.isFinite, total >= -9.223_372_036_854_775e18, total <= 9.223_372_036_854_775e18 else { return nil }
        return Int64(total.rounded())
    }
}
