import Foundation

/// The chain map's purchase flows (Policy L2): routed through the gaps between columns so no
/// arrow crosses a box, each with its amount printed beside it (the downloaded SVG and a print show it).
extension ChainMapSVG {
    /// Which side of a box a flow attaches to.
    enum Side: Hashable { case left, right }

    struct DrawnFlow {
        var flow: ChainMapModel.Flow
        var from: Int
        var to: Int
        var fromSide: Side
        var toSide: Side
    }

    /// A flow's path and where its amount is printed; `gap` is the gap between columns the label sits in.
    struct Route {
        var d: String
        var labelX: Double
        var labelY: Double
        var gap: Int
    }

    /// The x of the middle of the gap right of column `gap` (0: between upstream and midstream).
    static func gapX(_ gap: Int) -> Double { margin + columnWidth * Double(gap + 1) + columnGap * (Double(gap) + 0.5) }

    static func renderFlows(_ map: ChainMapModel, boxes: [Box], byCode: [String: Int], markerID: String, en: Bool) -> String {
        var drawn: [DrawnFlow] = []
        for f in map.flows {
            guard let a = byCode[f.from], let b = byCode[f.to], a != b else { continue }
            let ca = boxes[a].column
            let cb = boxes[b].column
            let sides: (Side, Side) =
                // (same column: bulge outwards, inside the picture)
                if ca < cb { (.right, .left) } else if ca > cb { (.left, .right) } else if ca == 2 { (.left, .left) } else {
                    (.right, .right)
                }
            drawn.append(DrawnFlow(flow: f, from: a, to: b, fromSide: sides.0, toSide: sides.1))
        }
        guard !drawn.isEmpty else { return "" }
        let (startY, endY) = attachPoints(drawn, boxes: boxes)
        let routes = route(drawn, boxes: boxes, startY: startY, endY: endY)
        let labelY = spreadLabels(routes)

        let maxAmount = drawn.map { max(0, $0.flow.amount) }.max() ?? 0
        var svg = "<g class=\"flows\">"
        // Thickest first, so thin arrows stay visible on top.
        let order = drawn.indices.sorted { (drawn[$0].flow.amount, $1) > (drawn[$1].flow.amount, $0) }
        for i in order {
            let d = drawn[i]
            let share = d.flow.amount > 0 ? Double(d.flow.localAmount) / Double(d.flow.amount) : nil
            let strokeWidth = maxAmount > 0 ? 1 + 7 * Double(max(0, d.flow.amount)) / Double(maxAmount) : 1
            let fromName = displayName(boxes[d.from].segment, en: en)
            let toName = displayName(boxes[d.to].segment, en: en)
            let tip =
                en
                ? "\(fromName) → \(toName): purchases \(Display.wan(d.flow.amount)) (10k yuan), local \(Display.pct(share))"
                : "\(fromName) → \(toName)：链主采购 \(Display.wan(d.flow.amount)) 万元，本地占 \(Display.pct(share))"
            let ends = "data-from=\"\(SVGCharts.escape(d.flow.from))\" data-to=\"\(SVGCharts.escape(d.flow.to))\""
            svg +=
                "<path class=\"flow\" \(ends) d=\"\(routes[i].d)\" fill=\"none\" stroke=\"\(flowColor)\" stroke-opacity=\"0.6\" stroke-width=\"\(n(strokeWidth))\" stroke-linecap=\"butt\" stroke-linejoin=\"round\" marker-end=\"url(#\(markerID))\"><title>\(SVGCharts.escape(tip))</title></path>"
        }
        // Labels after every path, so no arrow is drawn over an amount.
        for i in drawn.indices {
            let d = drawn[i]
            let ends = "data-from=\"\(SVGCharts.escape(d.flow.from))\" data-to=\"\(SVGCharts.escape(d.flow.to))\""
            svg +=
                "<text class=\"flow-amount\" \(ends) x=\"\(n(routes[i].labelX))\" y=\"\(n(labelY[i]))\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(flowColor)\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\(SVGCharts.escape(Display.money(d.flow.amount, en: en)))</text>"
        }
        return svg + "</g>"
    }

    /// Spreads the ends over each box side, ordered by the other end's height to limit crossings.
    static func attachPoints(_ drawn: [DrawnFlow], boxes: [Box]) -> (start: [Double], end: [Double]) {
        struct End: Hashable {
            var box: Int
            var side: Side
        }
        var ends: [End: [(flow: Int, isStart: Bool, otherY: Double)]] = [:]
        for (i, d) in drawn.enumerated() {
            ends[End(box: d.from, side: d.fromSide), default: []].append((i, true, boxes[d.to].midY))
            ends[End(box: d.to, side: d.toSide), default: []].append((i, false, boxes[d.from].midY))
        }
        var startY = [Double](repeating: 0, count: drawn.count)
        var endY = startY
        for (end, list) in ends {
            let box = boxes[end.box]
            let sorted = list.enumerated().sorted { ($0.element.otherY, $0.offset) < ($1.element.otherY, $1.offset) }.map(\.element)
            let inset = min(10, box.h / 4)
            for (k, e) in sorted.enumerated() {
                let y = box.y + inset + (box.h - inset * 2) * Double(k + 1) / Double(sorted.count + 1)
                if e.isStart { startY[e.flow] = y } else { endY[e.flow] = y }
            }
        }
        return (startY, endY)
    }

    /// Neighbouring columns and a column to itself: a curve inside the gap. Upstream to downstream
    /// (either way): along the first gap, across the middle column between two of its boxes (or
    /// below them), along the second gap.
    static func route(_ drawn: [DrawnFlow], boxes: [Box], startY: [Double], endY: [Double]) -> [Route] {
        let middle = boxes.filter { $0.column == 1 }.sorted { $0.y < $1.y }
        var channels: [(top: Double, bottom: Double)] = zip(middle, middle.dropFirst()).map { ($0.y + $0.h, $1.y) }
        if let last = middle.last { channels.append((last.y + last.h, last.y + last.h + boxGap)) }
        let skipping = drawn.indices.filter { abs(boxes[drawn[$0].from].column - boxes[drawn[$0].to].column) == 2 }
        var channelOf: [Int: Int] = [:]
        for i in skipping where !channels.isEmpty {
            let want = (startY[i] + endY[i]) / 2
            channelOf[i] = channels.indices.min {
                abs((channels[$0].top + channels[$0].bottom) / 2 - want) < abs((channels[$1].top + channels[$1].bottom) / 2 - want)
            }
        }
        // Flows sharing a channel, and the runs along each gap, are spread apart.
        var channelY: [Int: Double] = [:]
        for (c, flows) in Dictionary(grouping: channelOf.keys, by: { channelOf[$0] ?? 0 }) {
            for (k, f) in flows.sorted().enumerated() {
                channelY[f] = channels[c].top + (channels[c].bottom - channels[c].top) * Double(k + 1) / Double(flows.count + 1)
            }
        }
        var laneOffset: [Int: Double] = [:]
        let routed = skipping.filter { channelOf[$0] != nil }
        for (k, f) in routed.enumerated() {
            laneOffset[f] = routed.count == 1 ? 0 : columnGap * 0.5 * (Double(k) / Double(routed.count - 1) - 0.5)
        }

        return drawn.indices.map { i in
            let d = drawn[i]
            let a = boxes[d.from]
            let b = boxes[d.to]
            let x1 = d.fromSide == .right ? a.x + columnWidth : a.x
            let x2 = d.toSide == .right ? b.x + columnWidth : b.x
            let y1 = startY[i]
            let y2 = endY[i]
            if let cy = channelY[i] {
                let offset = laneOffset[i] ?? 0
                let firstGap = a.column < b.column ? 0 : 1
                let laneA = gapX(firstGap) + offset
                let laneB = gapX(1 - firstGap) - offset
                return Route(
                    d:
                        "M\(n(x1)),\(n(y1)) L\(n(laneA)),\(n(y1)) L\(n(laneA)),\(n(cy)) L\(n(laneB)),\(n(cy)) L\(n(laneB)),\(n(y2)) L\(n(x2)),\(n(y2))",
                    labelX: laneA, labelY: (y1 + cy) / 2 - 3, gap: firstGap)
            }
            if d.fromSide == d.toSide {
                let bulge = min(columnGap * 0.9, 48.0 + abs(y2 - y1) * 0.08)
                let sign = d.fromSide == .right ? 1.0 : -1.0
                let c1x = x1 + sign * bulge
                let c2x = x2 + sign * bulge
                let gap = a.column == 2 ? 1 : a.column
                return Route(
                    d: "M\(n(x1)),\(n(y1)) C\(n(c1x)),\(n(y1)) \(n(c2x)),\(n(y2)) \(n(x2)),\(n(y2))",
                    labelX: x1 + sign * bulge * 0.75, labelY: (y1 + y2) / 2 - 3, gap: gap)
            }
            let dx = (x2 - x1) * 0.45
            return Route(
                d: "M\(n(x1)),\(n(y1)) C\(n(x1 + dx)),\(n(y1)) \(n(x2 - dx)),\(n(y2)) \(n(x2)),\(n(y2))",
                labelX: (x1 + x2) / 2, labelY: (y1 + y2) / 2 - 3, gap: min(a.column, b.column))
        }
    }

    /// Amounts in the same gap at least a line apart (top to bottom), so none covers another.
    static func spreadLabels(_ routes: [Route]) -> [Double] {
        var y = routes.map(\.labelY)
        for gap in Set(routes.map(\.gap)) {
            let order = routes.indices.filter { routes[$0].gap == gap }.sorted { (y[$0], $0) < (y[$1], $1) }
            for (p, q) in zip(order, order.dropFirst()) where y[q] < y[p] + 13 { y[q] = y[p] + 13 }
        }
        return y
    }
}
