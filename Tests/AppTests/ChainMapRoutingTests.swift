import ChainLeadCore
import Foundation
import Testing

@testable import App

/// The chain map's arrows keep out of the boxes and print their amounts; a segment without
/// purchases reads "无数据"; the open segment is framed (Policy L2).
@Suite(.tags(.l2)) struct ChainMapRoutingTests {
    static func segment(_ code: String, _ position: SegmentPosition, share: Double? = 0.5, firms: Int = 3) -> ChainMapModel.Segment {
        ChainMapModel.Segment(
            code: code, name: "环节\(code)", nameEn: nil, position: position, status: firms == 0 ? .missing : .strong,
            firmsByTier: [.backbone: firms], localShare: share, hhi: nil, purchases: 1_000_000)
    }

    // Three boxes in the middle column stand between upstream and downstream.
    static let model = ChainMapModel(
        chainCode: "x", chainName: "测试链", year: 2025,
        segments: [
            segment("u1", .upstream), segment("u2", .upstream), segment("m1", .midstream), segment("m2", .midstream),
            segment("m3", .midstream, share: nil), segment("d1", .downstream), segment("d2", .downstream, share: nil, firms: 0),
        ],
        flows: [
            .init(from: "u1", to: "d1", amount: 250_000_000, localAmount: 100_000_000),
            .init(from: "u2", to: "d2", amount: 12_345_000, localAmount: 0),
            .init(from: "u1", to: "m2", amount: 80_000_000, localAmount: 0),
            .init(from: "m1", to: "m3", amount: 5_000_000, localAmount: 0),
            .init(from: "d1", to: "u2", amount: 3_000_000, localAmount: 0),
        ])

    /// The rectangles of the segment boxes, by code.
    static func boxes(_ svg: String) throws -> [String: (x: Double, y: Double, w: Double, h: Double)] {
        let pattern = try Regex(#"<g id="seg-([^"]+)"[^>]*>.*?<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)""#)
            .dotMatchesNewlines()
        var out: [String: (Double, Double, Double, Double)] = [:]
        for m in svg.matches(of: pattern) {
            let v = (1...5).map { String(m.output[$0].substring ?? "") }
            out[v[0]] = (Double(v[1]) ?? 0, Double(v[2]) ?? 0, Double(v[3]) ?? 0, Double(v[4]) ?? 0)
        }
        return out
    }

    @Test func everyArrowPrintsItsAmountIn万元Or亿元() throws {
        // act
        let svg = ChainMapSVG.render(Self.model) { _ in nil }
        // check
        let paths = svg.matches(of: try Regex(#"<path class="flow" data-from="([^"]+)" data-to="([^"]+)""#)).count
        let labels = svg.matches(of: try Regex(#"<text class="flow-amount" data-from="([^"]+)" data-to="([^"]+)"[^>]*>([^<]+)</text>"#))
        #expect(paths == 5 && labels.count == 5)
        let printed = Dictionary(
            uniqueKeysWithValues: labels.map {
                ("\($0.output[1].substring ?? "")>\($0.output[2].substring ?? "")", String($0.output[3].substring ?? ""))
            })
        #expect(printed["u1>d1"] == "2.5亿元")
        #expect(printed["u2>d2"] == "1,234.5万元")
        #expect(printed["u1>m2"] == "8,000.0万元")
        #expect(printed["d1>u2"] == "300.0万元")
        #expect(ChainMapSVG.render(Self.model, en: true) { _ in nil }.contains(">0.25 bn yuan</text>"))
    }

    @Test func arrowsBetweenFarColumnsRunInTheGapsNotThroughBoxes() throws {
        // setup
        let svg = ChainMapSVG.render(Self.model) { _ in nil }
        let boxes = try Self.boxes(svg)
        #expect(boxes.count == 7)
        // act: the straight runs of the routed arrows (upstream ↔ downstream)
        let routed = svg.matches(of: try Regex(#"<path class="flow" data-from="(u1|u2|d1)" data-to="(d1|d2|u2)" d="(M[^"]+)""#))
        #expect(routed.count == 3)
        for m in routed {
            let points = String(m.output[3].substring ?? "").dropFirst().split(separator: " L").map {
                $0.split(separator: ",").compactMap { Double($0) }
            }
            #expect(points.count == 6, "\(points)")
            // check: no run between two corners passes through the inside of any box
            for (p, q) in zip(points, points.dropFirst()) where p.count == 2 && q.count == 2 {
                for (code, b) in boxes {
                    let (x0, x1) = (min(p[0], q[0]), max(p[0], q[0]))
                    let (y0, y1) = (min(p[1], q[1]), max(p[1], q[1]))
                    let crosses = x1 > b.x + 0.5 && x0 < b.x + b.w - 0.5 && y1 > b.y + 0.5 && y0 < b.y + b.h - 0.5
                    #expect(!crosses, "\(m.output[1].substring ?? "")→\(m.output[2].substring ?? "") crosses \(code)")
                }
            }
        }
    }

    @Test func aSegmentWithoutPurchasesReadsNoDataAndTheOpenOneIsFramed() throws {
        // act
        let svg = ChainMapSVG.render(Self.model, selected: "m2") { "/chains/x?segment=\($0)" }
        // check: m3 has firms but no purchases; d2 has neither and stays 缺失
        #expect(svg.contains(#"id="seg-m3" class="segment status-strong no-data""#))
        #expect(svg.contains("本地 3 家 · 配套 — · 无数据"))
        #expect(svg.contains("本地 0 家 · 配套 — · 缺失"))
        #expect(svg.contains("无数据（无采购记录）"))
        #expect(svg.contains(#"id="seg-m2" class="segment status-strong selected" data-status="strong" aria-current="true""#))
        #expect(svg.components(separatedBy: "selected-frame").count == 2)
        #expect(!ChainMapSVG.render(Self.model) { _ in nil }.contains("selected-frame"))
    }
}
