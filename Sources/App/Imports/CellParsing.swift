import ChainLeadCore
import Foundation
import OfficeFormats

/// Reading typed values out of spreadsheet cells as officials fill them in.
enum CellParsing {
    struct Failure: Error { var reason: String }

    static let blanks: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", "\u{3000}", "\u{00A0}", "\u{FEFF}", "\u{200B}"]

    /// Text of a cell, trimmed; nil when empty.
    static func text(_ cell: CellValue?) -> String? {
        guard let cell else { return nil }
        let raw = cell.text
        // Fast path: most cells have nothing to trim (the check looks at two characters).
        if let first = raw.unicodeScalars.first, let last = raw.unicodeScalars.last,
            !blanks.contains(first), !blanks.contains(last)
        {
            return raw
        }
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return s.isEmpty ? nil : s
    }

    /// An amount in the column's unit, converted to whole yuan; "-", "—" and "/" mean unknown.
    static func amount(_ cell: CellValue?, multiplier: Int64) throws -> Int64? {
        let raw: String
        switch cell {
        case .none: return nil
        case .number(_, let r)?: raw = r
        case .error(let e)?: throw Failure(reason: "单元格为错误值 \(e)")
        case .some(let c): raw = c.text
        }
        // Fast path: plain digits, as spreadsheets and our own exports write amounts.
        if let n = Int64(raw) {
            let (product, overflow) = n.multipliedReportingOverflow(by: multiplier)
            if !overflow { return product }
        }
        var s = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "，", with: "")
        if s.isEmpty || ["-", "—", "/", "－"].contains(s) { return nil }
        if s.hasSuffix("元") { s.removeLast() }
        guard let decimal = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")), s.allSatisfy({ "0123456789.-+eE".contains($0) })
        else {
            throw Failure(reason: "“\(raw)”不是数字")
        }
        var yuan = decimal * Decimal(multiplier)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &yuan, 0, .plain)
        guard rounded.isFinite, rounded <= Decimal(Int64.max), rounded >= Decimal(Int64.min) else {
            throw Failure(reason: "“\(raw)”超出范围")
        }
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    static func integer(_ cell: CellValue?) throws -> Int64? {
        try amount(cell, multiplier: 1)
    }

    /// A date: a date cell, an Excel serial, or text such as 2010-05-01, 2010/5/1, 2010.5.1,
    /// 2010年5月1日 or 20100501.
    static func date(_ cell: CellValue?) throws -> String? {
        switch cell {
        case .none: return nil
        case .date(let y, let m, let d)?:
            guard let date = SimpleDate(year: y, month: m, day: d) else { throw Failure(reason: "日期无效") }
            return date.description
        case .number(let v, _)? where v >= 1 && v < 2_958_466:
            return excelSerial(Int(v)).description
        case .some(let c):
            let raw = c.text.trimmingCharacters(in: .whitespaces)
            if raw.isEmpty { return nil }
            if let iso = SimpleDate(iso: raw) { return iso.description }
            if raw.count == 8, raw.allSatisfy(\.isASCII), let n = Int(raw),
                let d = SimpleDate(year: n / 10_000, month: n / 100 % 100, day: n % 100)
            {
                return d.description
            }
            let parts = raw.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-")
                .replacingOccurrences(of: "日", with: "").replacingOccurrences(of: "/", with: "-")
                .replacingOccurrences(of: ".", with: "-").split(separator: "-").map { Int($0) }
            guard parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2],
                let date = SimpleDate(year: y, month: m, day: d)
            else {
                throw Failure(reason: "“\(raw)”不是有效日期（应为 YYYY-MM-DD）")
            }
            return date.description
        }
    }

    /// Excel's 1900 date system, including its fictitious 1900-02-29 (serial 60).
    static func excelSerial(_ serial: Int) -> SimpleDate {
        var days = serial
        if days > 60 { days -= 1 }
        // Serial 1 is 1900-01-01, so day 0 is 1899-12-31: 25,568 days before 1970-01-01.
        return SimpleDate(daysSince1970: days - 25_568)
    }

    static func district(_ raw: String) throws -> String {
        for d in District.all where d.name == raw || d.code == raw { return d.code }
        let s = ImportColumn.normalise(raw)
        for d in District.all {
            if s == d.code.lowercased() || s == d.name || s == String(d.name.dropLast()) || s == d.nameEn.lowercased() {
                return d.code
            }
        }
        if s == "经开区" || s == "无锡经济开发区" || s == "经济开发区" { return "320200JK" }
        throw Failure(reason: "区县“\(raw)”不在本市区县列表中")
    }

    static func labelled<T: RawRepresentable & CaseIterable>(_ raw: String, _ type: T.Type, names: (T) -> [String], what: String) throws
        -> T where T.RawValue == String
    {
        // Fast path: the exact API value or first label, as exports write them.
        for value in T.allCases where value.rawValue == raw || names(value).first == raw { return value }
        let s = ImportColumn.normalise(raw)
        for value in T.allCases where value.rawValue.lowercased() == s || names(value).contains(s) {
            return value
        }
        throw Failure(reason: "\(what)“\(raw)”无法识别")
    }

    static func tier(_ raw: String) throws -> Tier {
        try labelled(
            raw, Tier.self,
            names: { t in
                switch t {
                case .none: ["未入库", "无", "否", "-"]
                case .emerging: ["新锐企业", "新锐"]
                case .backbone: ["骨干企业", "骨干"]
                case .candidate: ["准链主", "准链主企业"]
                case .leader: ["链主企业", "链主"]
                }
            }, what: "梯队")
    }

    static func status(_ raw: String) throws -> EnterpriseStatus {
        try labelled(
            raw, EnterpriseStatus.self,
            names: { s in
                switch s {
                case .active: ["存续", "在业", "正常", "开业"]
                case .deregistered: ["注销", "吊销"]
                case .movedOut: ["迁出"]
                case .merged: ["被合并", "合并"]
                }
            }, what: "经营状态")
    }

    static func ownership(_ raw: String) throws -> Ownership {
        try labelled(
            raw, Ownership.self,
            names: { o in
                switch o {
                case .state: ["国有", "国有企业", "国企"]
                case .collective: ["集体", "集体企业"]
                case .private: ["民营", "民营企业", "私营", "私营企业"]
                case .foreign: ["外资", "外资企业", "外商投资"]
                case .hkMacaoTaiwan: ["港澳台资", "港澳台"]
                case .mixed: ["混合所有制", "混合"]
                case .other: ["其他"]
                }
            }, what: "企业性质")
    }

    static func source(_ raw: String) throws -> FigureSource {
        try labelled(
            raw, FigureSource.self,
            names: { s in
                switch s {
                case .selfReported: ["企业自报", "自报"]
                case .statistics: ["统计部门", "统计局", "统计"]
                case .official: ["官方核定", "核定", "官方"]
                }
            }, what: "数据来源")
    }

    /// Lists in one cell: separated by ；;，,、 / or new lines.
    static func list(_ raw: String) -> [String] {
        // Fast path: a single ASCII value (a segment code) needs no splitting.
        if !raw.utf8.contains(where: { $0 == 0x2C || $0 == 0x3B || $0 == 0x2F || $0 == 0x0A || $0 == 0x20 || $0 >= 0x80 }) {
            return raw.isEmpty ? [] : [raw]
        }
        return raw.split(whereSeparator: { "；;，,、/\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
