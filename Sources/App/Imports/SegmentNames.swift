import ChainLeadCore
import Foundation
import SQLKit

/// Segments as officials write them in a file: the code (`ic-fab-m2`), the segment's Chinese
/// name when it is unique (`晶圆制造`), or chain and segment (`集成电路设计与制造·晶圆制造`). An
/// unknown value is answered with the closest valid ones.
struct SegmentNames: Sendable {
    var live: Set<String>
    /// Name (alone, and "产业链·环节") → the codes bearing it.
    var byName: [String: [String]]
    var labels: [String: String]

    static func load(_ db: any SQLDatabase) async throws -> SegmentNames {
        struct Row: Decodable {
            var code: String
            var chain: String
            var name: String
        }
        let rows = try await db.raw(
            "SELECT s.code, c.name AS chain, s.name FROM segments s JOIN chains c ON c.code = s.chain_code WHERE s.retired_on IS NULL"
        ).rows(Row.self)
        var byName: [String: [String]] = [:]
        var labels: [String: String] = [:]
        for r in rows {
            byName[r.name, default: []].append(r.code)
            for sep in ["·", "-", "/", "—"] { byName[r.chain + sep + r.name, default: []].append(r.code) }
            labels[r.code] = "\(r.chain)·\(r.name)"
        }
        return SegmentNames(live: Set(rows.map(\.code)), byName: byName, labels: labels)
    }

    /// The code a cell value names, or nil when it names none (or several).
    func code(_ value: String) -> String? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if live.contains(v) { return v }
        if let codes = byName[v], codes.count == 1 { return codes[0] }
        return nil
    }

    /// Up to three valid segments closest to an unknown value: most characters in common.
    func suggestions(_ value: String) -> [String] {
        let chars = Set(value)
        return labels.map { code, label -> (String, Int) in
            (code, Set(label).intersection(chars).count + Set(code).intersection(chars).count / 2)
        }
        .filter { $0.1 >= 2 }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(3).map { "\($0.0)（\(labels[$0.0] ?? "")）" }
    }

    /// "环节“X”不存在或已停用；可能是：…" for the values naming no segment.
    func problem(_ values: [String]) -> String? {
        let unknown = values.filter { code($0) == nil }
        guard !unknown.isEmpty else { return nil }
        return unknown.map { v in
            let near = suggestions(v)
            return "环节“\(v)”不存在、已停用或不唯一" + (near.isEmpty ? "" : "；可能是：" + near.joined(separator: "、"))
        }.joined(separator: "；")
    }
}
