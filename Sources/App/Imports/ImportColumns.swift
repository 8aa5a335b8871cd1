import ChainLeadCore
import Foundation

/// The columns an import understands, with the header spellings officials use (Chinese or
/// English; documented in docs/IMPORT.md). A unit in brackets after a header — 元, 万元,
/// 亿元 — converts amounts to yuan.
enum ImportColumn: String, CaseIterable, Sendable {
    // enterprises
    case uscc, name, shortName, formerNames, district, address, mainProducts, founded, ownership
    case contactPerson, contactPhone, contactEmail, status, statusDate, successorUscc, tier, segments, usccOverrideReason
    case aboveScaleYear
    // figures
    case year, outputValue, revenue, rdExpense, employees, taxPaid, exports, totalAssets, totalLiabilities
    case mainBusinessRevenue, source
    // supply links (the segment is `segments`, one code)
    case buyer, supplierUscc, supplierName, supplierCity, amount, category

    /// The header written by exports and templates (the first synonym).
    var header: String { Self.synonyms[self]?.first ?? rawValue }

    static let synonyms: [ImportColumn: [String]] = [
        .uscc: ["统一社会信用代码", "社会信用代码", "信用代码", "uscc", "credit code", "unified social credit code"],
        .name: ["企业名称", "企业全称", "单位名称", "名称", "name", "enterprise name", "company name"],
        .shortName: ["企业简称", "简称", "shortname", "short name"],
        .formerNames: ["曾用名", "formernames", "former names"],
        .district: ["所属区县", "区县", "辖区", "所在区县", "区域", "district"],
        .address: ["地址", "注册地址", "经营地址", "address"],
        .mainProducts: ["主要产品", "主营产品", "mainProducts", "main products"],
        .founded: ["成立日期", "成立时间", "注册日期", "founded", "date founded"],
        .ownership: ["企业性质", "所有制性质", "所有制", "ownership"],
        .contactPerson: ["联系人", "contact", "contact person", "contactperson"],
        .contactPhone: ["联系电话", "电话", "手机", "phone", "contactphone", "contact phone"],
        .contactEmail: ["电子邮箱", "邮箱", "email", "e-mail", "contactemail"],
        .status: ["经营状态", "状态", "登记状态", "status"],
        .statusDate: ["状态日期", "状态变更日期", "statusdate", "status date"],
        .successorUscc: ["承继企业信用代码", "承继企业", "successoruscc", "successor uscc", "successor"],
        .tier: ["梯队", "企业梯队", "培育梯队", "tier"],
        .segments: ["环节代码", "所属环节", "产业链环节", "segments", "segment codes"],
        .usccOverrideReason: ["校验位例外说明", "usccoverridereason", "uscc override reason"],
        .aboveScaleYear: ["规上年度", "规上企业年度", "规模以上年度", "abovescaleyear", "above scale year"],
        .year: ["年度", "年份", "year"],
        .outputValue: ["产值", "工业总产值", "总产值", "outputvalue", "output value", "output"],
        .revenue: ["营业收入", "营收", "revenue"],
        .rdExpense: ["研发费用", "研发投入", "研发经费", "rdexpense", "r&d expense", "r&d"],
        .employees: ["从业人数", "从业人员", "员工人数", "职工人数", "employees"],
        .taxPaid: ["纳税额", "纳税总额", "税收", "实缴税金", "taxpaid", "tax paid"],
        .exports: ["出口额", "出口交货值", "exports"],
        .totalAssets: ["资产总额", "总资产", "totalassets", "total assets"],
        .totalLiabilities: ["负债总额", "总负债", "totalliabilities", "total liabilities"],
        .mainBusinessRevenue: ["主营业务收入", "mainbusinessrevenue", "main business revenue"],
        .source: ["数据来源", "来源", "source"],
        .buyer: ["采购方统一社会信用代码", "采购方信用代码", "采购方", "采购企业", "buyer", "buyer uscc"],
        .supplierUscc: ["供应商统一社会信用代码", "供应商信用代码", "supplieruscc", "supplier uscc"],
        .supplierName: ["供应商名称", "供应商", "供货单位", "suppliername", "supplier name", "supplier"],
        .supplierCity: ["供应商所在城市", "供应商城市", "所在城市", "suppliercity", "supplier city"],
        .amount: ["采购金额", "采购额", "金额", "amount"],
        .category: ["采购类别", "类别", "category"],
    ]

    static let amountColumns: Set<ImportColumn> = [
        .outputValue, .revenue, .rdExpense, .taxPaid, .exports,
        .totalAssets, .totalLiabilities, .mainBusinessRevenue, .amount,
    ]

    static let lookup: [String: ImportColumn] = {
        var out: [String: ImportColumn] = [:]
        for (column, names) in synonyms { for n in names { out[normalise(n)] = column } }
        return out
    }()

    /// Full-width to half-width, no spaces, lower case.
    static func normalise(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            var v = scalar.value
            if v == 0x3000 { continue }
            if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }
            guard let u = Unicode.Scalar(v), !CharacterSet.whitespacesAndNewlines.contains(u), u != "*" else { continue }
            out.unicodeScalars.append(u)
        }
        return out.lowercased()
    }

    /// A header cell → its column and the multiplier of its unit (1 for yuan).
    static func parse(header raw: String) -> (ImportColumn, Int64)? {
        var text = normalise(raw)
        var multiplier: Int64 = 1
        if text.hasSuffix(")"), let open = text.lastIndex(of: "(") {
            let unit = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            switch unit {
            case "元", "yuan", "cny": multiplier = 1
            case "万元", "10kcny", "10kyuan", "万": multiplier = 10_000
            case "千元": multiplier = 1_000
            case "亿元", "亿": multiplier = 100_000_000
            case "人", "年", "个": multiplier = 1
            default: return lookup[text].map { ($0, 1) }
            }
            text = String(text[..<open])
        } else if text.hasSuffix("万元") {
            multiplier = 10_000
            text = String(text.dropLast(2))
        }
        guard let column = lookup[text] else { return nil }
        return (column, amountColumns.contains(column) ? multiplier : 1)
    }
}

/// Spreadsheet column letters (0 → A, 26 → AA).
func columnLetter(_ index: Int) -> String {
    var n = index + 1
    var s = ""
    while n > 0 {
        let r = (n - 1) % 26
        s = String(UnicodeScalar(UInt8(65 + r))) + s
        n = (n - 1) / 26
    }
    return s
}
