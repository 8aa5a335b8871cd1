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

extension DomainError {
    /// A stored total too large for a 64-bit field: the stored data are wrong, not the request.
    public static func dataAnomaly(_ field: String) -> DomainError {
        DomainError(
            .invalid, "data_anomaly",
            "数据异常：\(field) 的合计超出可表示的范围（大于9.2×10^18元），请核查原始数据（单笔金额上限为\(Money.ceilingZh)）", field: field)
    }

    /// A stored value no rule would have written (a date that does not exist, …).
    public static func storedValue(_ column: String) -> DomainError {
        DomainError(.invalid, "data_anomaly", "数据异常：\(column) 的存储值无效，请核查原始数据", field: column)
    }

    /// A wide total (see `Money`) as a 64-bit amount, or `data_anomaly`.
    public static func amount(_ total: Double, field: String) throws -> Int64 {
        guard let value = Money.int64(total) else { throw dataAnomaly(field) }
        return value
    }
}
