import Foundation

/// Figures as officials read them: 万元 with one decimal, percentages, thousands separators.
enum Display {
    static func wan(_ yuan: Int64?) -> String {
        guard let yuan else { return "—" }
        return grouped(Double(yuan) / 10_000, decimals: 1)
    }

    /// A wide total (see `Money`) in 万元.
    static func wan(_ yuan: Double?) -> String {
        guard let yuan, yuan.isFinite else { return "—" }
        return grouped(yuan / 10_000, decimals: 1)
    }

    /// An amount as printed on a map or chart: 亿元 with one decimal from 1亿 up, else 万元.
    static func money(_ yuan: Double, en: Bool) -> String {
        guard yuan.isFinite else { return "—" }
        if abs(yuan) >= 100_000_000 {
            return en ? grouped(yuan / 1_000_000_000, decimals: 2) + " bn yuan" : grouped(yuan / 100_000_000, decimals: 1) + "亿元"
        }
        return en ? grouped(yuan / 1_000_000, decimals: 2) + " m yuan" : grouped(yuan / 10_000, decimals: 1) + "万元"
    }

    static func int(_ v: Int64?) -> String {
        guard let v else { return "—" }
        return grouped(Double(v), decimals: 0)
    }

    static func pct(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        return String(format: "%.1f%%", v * 100)
    }

    static func grouped(_ v: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", abs(v))
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        var intPart = String(parts[0])
        var out = ""
        while intPart.count > 3 {
            out = "," + intPart.suffix(3) + out
            intPart = String(intPart.dropLast(3))
        }
        out = intPart + out
        if parts.count > 1 { out += "." + parts[1] }
        return (v < 0 ? "-" : "") + out
    }
}
