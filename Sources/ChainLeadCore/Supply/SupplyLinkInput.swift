// A purchase as reported (the API, a form, a spreadsheet row), and the rules it must meet before
// its supplier is resolved (Policy G5, L3).

public struct SupplyLinkInput: Sendable {
    public var buyer: String
    public var supplierUscc: String?
    public var supplierName: String?
    public var supplierCity: String?
    public var segment: String
    public var year: Int
    /// Whole yuan.
    public var amount: Int64
    public var category: SupplyCategory

    public init(
        buyer: String, supplierUscc: String?, supplierName: String?, supplierCity: String?, segment: String, year: Int,
        amount: Int64, category: SupplyCategory
    ) {
        self.buyer = buyer
        self.supplierUscc = supplierUscc
        self.supplierName = supplierName
        self.supplierCity = supplierCity
        self.segment = segment
        self.year = year
        self.amount = amount
        self.category = category
    }

    public static let validYears = 2000...2100
    public static let nameLimit = 200, cityLimit = 50

    /// The first rule it breaks, with the field at fault and the reason in Chinese; nil when none.
    public var problem: FieldError? {
        if case .failure(let e) = USCC.checkFormat(buyer) { return FieldError("buyer", "invalid", "采购方：\(e.messageZh)") }
        if let u = supplierUscc, case .failure(let e) = USCC.checkFormat(u) {
            return FieldError("supplierUscc", "invalid", "供应商：\(e.messageZh)")
        }
        if supplierUscc == nil && (supplierName ?? "").isEmpty {
            return FieldError("supplierName", "required", "请填写供应商统一社会信用代码或供应商名称")
        }
        if let n = supplierName, n.unicodeScalars.count > Self.nameLimit {
            return FieldError("supplierName", "too_long", "供应商名称不能超过\(Self.nameLimit)个字符")
        }
        if let c = supplierCity, c.unicodeScalars.count > Self.cityLimit {
            return FieldError("supplierCity", "too_long", "供应商所在城市不能超过\(Self.cityLimit)个字符")
        }
        if !Self.validYears.contains(year) { return FieldError("year", "out_of_range", "年度应在2000至2100之间") }
        if amount <= 0 { return FieldError("amount", "out_of_range", "采购金额应大于0（单位：元）") }
        if let e = Money.problem(amount, field: "amount", label: "采购金额") { return e }
        if supplierUscc == buyer { return FieldError("supplierUscc", "self_supply", "供应商不能是采购方自身") }
        return nil
    }
}
