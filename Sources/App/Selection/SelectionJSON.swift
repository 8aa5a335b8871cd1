import ChainLeadCore
import Foundation

/// The JSON stored with each scored application, written directly: scoring a campaign writes
/// thousands of these, and a `JSONEncoder` per value costs more than the scoring itself
/// (`chainlead bench scoring`). The output decodes with the types' own `Decodable`.
enum SelectionJSON {
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A finite number as JSON (non-finite values are never stored: they become `null`).
    static func number(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "null" }
        return "\(v)"
    }

    static func indicators(_ points: [IndicatorPoints]) -> String {
        "["
            + points.map { p in
                "{\"code\":\"\(p.code.rawValue)\",\"missing\":\(p.missing),\"normalised\":\(number(p.normalised)),"
                    + "\"points\":\(number(p.points)),\"raw\":\(number(p.raw)),\"weight\":\(p.weight)}"
            }.joined(separator: ",") + "]"
    }

    static func reasons(_ reasons: [EligibilityReason]) -> String {
        "[" + reasons.map { "{\"message\":\(string($0.message)),\"rule\":\(string($0.rule))}" }.joined(separator: ",") + "]"
    }

    /// Figures by year, years and keys in order, unknown figures left out.
    static func figures(_ figures: [String: YearFigures]) -> String {
        "{"
            + figures.keys.sorted().map { year in
                let f = figures[year] ?? YearFigures()
                let fields = [
                    ("exports", f.exports), ("outputValue", f.outputValue), ("rdExpense", f.rdExpense), ("revenue", f.revenue),
                    ("taxPaid", f.taxPaid),
                ]
                .compactMap { key, value in value.map { "\"\(key)\":\($0)" } }
                return string(year) + ":{" + fields.joined(separator: ",") + "}"
            }.joined(separator: ",") + "}"
    }

    /// Declared evidence, `{"code": number}`.
    static func evidence(_ text: String) -> [String: Double] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        var out: [String: Double] = [:]
        for (key, value) in object { if let n = value as? NSNumber { out[key] = n.doubleValue } }
        return out
    }
}
