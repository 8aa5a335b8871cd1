import ChainLeadCore
import Foundation

/// The chain map (Policy L2) as one standalone SVG: segments in three columns
/// (upstream → midstream → downstream) coloured by status, chain leaders' purchase
/// flows as arrows, a legend and a caption. No JavaScript, no outside CSS: prints as drawn.
enum ChainMapSVG {
    // MARK: Layout

    static let margin = 20.0
    static let columnWidth = 240.0
    static let columnGap = 110.0
    static let width = margin * 2 + columnWidth * 3 + columnGap * 2
    static let captionY = 30.0
    static let headingY = 66.0
    static let boxesTop = 86.0
    static let boxGap = 22.0
    static let boxPadding = 10.0
    static let statsHeight = 20.0
    static let legendHeight = 56.0
    static let textColor = "#27303f"
    static let mutedColor = "#5b6577"
    static let flowColor = "#3f5f8f"
    static let selectedColor = "#1f4e8c"
    static let fontFamily =
        "-apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"

    /// Fill, border and dash of a status box: light, print-friendly tints with a darker border.
    static func colors(_ status: SegmentStatus) -> (fill: String, stroke: String, dash: String?) {
        switch status {
        case .missing: ("#fde4e2", "#c0392b", "6 4")
        case .weak: ("#fddcb5", "#d9822b", nil)
        case .concentrated: ("#fff1a8", "#b8960c", nil)
        case .strong: ("#d3efd6", "#2e8b57", nil)
        }
    }

    static func columnX(_ position: SegmentPosition) -> Double {
        let index: Double =
            switch position {
            case .upstream: 0
            case .midstream: 1
            case .downstream: 2
            }
        return margin + index * (columnWidth + columnGap)
    }

    static func columnIndex(_ position: SegmentPosition) -> Int {
        switch position {
        case .upstream: 0
        case .midstream: 1
        case .downstream: 2
        }
    }

    static func heading(_ position: SegmentPosition, en: Bool) -> String {
        guard en else { return position.nameZh }
        switch position {
        case .upstream: return "Upstream"
        case .midstream: return "Midstream"
        case .downstream: return "Downstream"
        }
    }

    static func statusName(_ status: SegmentStatus, en: Bool) -> String { en ? status.rawValue : status.nameZh }

    static func caption(_ map: ChainMapModel, en: Bool) -> String {
        en ? "\(map.chainName) chain map, \(map.year)" : "\(map.chainName)产业链图谱（\(map.year)年）"
    }

    /// The name drawn in a box: the Chinese name (in English, the English name when there is one).
    static func displayName(_ s: ChainMapModel.Segment, en: Bool) -> String {
        if en, let e = s.nameEn, !e.trimmingCharacters(in: .whitespaces).isEmpty { return e }
        return s.name
    }

    // MARK: Text measuring and wrapping

    /// Estimated advance of `s` in ems: CJK and full-width characters 1, others about 0.6.
    static func ems(_ s: some StringProtocol) -> Double {
        s.unicodeScalars.reduce(0) { sum, u in
            sum + (u.value >= 0x1100 ? 1.0 : (u.value == 0x20 ? 0.3 : 0.6))
        }
    }

    /// The name's lines and font size: one line at 14 px when it fits, else two balanced lines
    /// (font shrunk down to 10 px if needed), else as many lines at 10 px as it takes.
    /// The lines always concatenate to the full name: nothing is cut, no ellipsis.
    static func wrap(_ name: String, maxWidth: Double) -> (lines: [String], fontSize: Double) {
        let chars = Array(name)
        if chars.count < 2 || ems(name) * 14 <= maxWidth { return ([name], 14) }
        func isWordChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        let breakAfter: Set<Character> = [" ", "、", "/", "／", "-", "·", "）", ")", "，", ",", "；", ";", "与", "及", "和"]
        var best = 1
        var bestCost = Double.infinity
        for i in 1..<chars.count {
            let w1 = ems(String(chars[..<i]))
            let w2 = ems(String(chars[i...]))
            var cost = max(w1, w2)
            if isWordChar(chars[i - 1]) && isWordChar(chars[i]) { cost += 50 }  // never split a word if avoidable
            if chars[i] == " " { cost += 50 }  // no line starting with a space
            if breakAfter.contains(chars[i - 1]) { cost -= 0.6 }
            if cost < bestCost {
                bestCost = cost
                best = i
            }
        }
        let lines = [String(chars[..<best]), String(chars[best...])]
        let widest = lines.map { ems($0) }.max() ?? 1
        let size = min(14, (maxWidth / widest).rounded(.down))
        if size >= 10 { return (lines, size) }
        // Very long: greedy lines at 10 px.
        var out: [String] = []
        var line = ""
        for c in chars {
            if !line.isEmpty && ems(line + String(c)) * 10 > maxWidth {
                out.append(line)
                line = ""
            }
            line.append(c)
        }
        if !line.isEmpty { out.append(line) }
        return (out, 10)
    }

    // MARK: Rendering

    struct Box {
        var segment: ChainMapModel.Segment
        var column: Int
        var x: Double
        var y: Double
        var h: Double
        var lines: [String]
        var fontSize: Double
        var midY: Double { y + h / 2 }
    }

    static func n(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e12 else { return "0" }
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    static func text(
        _ x: Double, _ y: Double, _ s: String, anchor: String = "start", size: Double = 12,
        color: String = textColor, weight: String? = nil, cls: String? = nil
    ) -> String {
        let w = weight.map { " font-weight=\"\($0)\"" } ?? ""
        let c = cls.map { " class=\"\($0)\"" } ?? ""
        return
            "<text\(c) x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(n(size))\" fill=\"\(color)\"\(w)>\(SVGCharts.escape(s))</text>"
    }

    /// One standalone SVG document. `link(code)` gives the URL a segment box leads to (nil: not a link).
    /// `selected`: the segment whose panel is open, drawn with a heavier frame.
    static func render(_ map: ChainMapModel, en: Bool = false, selected: String? = nil, link: (String) -> String?) -> String {
        let title = caption(map, en: en)
        let markerID =
            "chainmap-arrow-"
            + String(
                map.chainCode.unicodeScalars.filter {
                    $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
                }.map(Character.init))

        // Boxes, stacked per column in the order given (first occurrence of a code wins).
        var boxes: [Box] = []
        var byCode: [String: Int] = [:]
        var columnBottom: [Double] = [boxesTop, boxesTop, boxesTop]
        let nameWidth = columnWidth - boxPadding * 2
        for s in map.segments where byCode[s.code] == nil {
            let col = columnIndex(s.position)
            let (lines, size) = wrap(displayName(s, en: en), maxWidth: nameWidth)
            let h = boxPadding + Double(lines.count) * (size + 4) + statsHeight + boxPadding - 2
            let y = columnBottom[col]
            byCode[s.code] = boxes.count
            boxes.append(Box(segment: s, column: col, x: columnX(s.position), y: y, h: h, lines: lines, fontSize: size))
            columnBottom[col] = y + h + boxGap
        }
        let tallest = boxes.isEmpty ? boxesTop - 10 : (columnBottom.max() ?? boxesTop) - boxGap
        // Room below the columns for flows routed under the middle one.
        let legendTop = tallest + 24 + boxGap
        let height = boxes.isEmpty ? legendTop + 10 : legendTop + legendHeight

        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(SVGCharts.escape(title))\" class=\"chainmap\" font-family=\"\(fontFamily)\">"
        svg += "<title>\(SVGCharts.escape(title))</title>"
        // Hover and print rules live in app.css: the pages' Content-Security-Policy allows no inline <style>.
        svg +=
            "<defs><marker id=\"\(markerID)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"14\" markerHeight=\"14\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"\(flowColor)\"/></marker></defs>"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>"
        svg += text(margin, captionY, title, size: 16, weight: "bold", cls: "caption")

        guard !boxes.isEmpty else {
            svg += text(width / 2, boxesTop, en ? "No segments" : "暂无环节", anchor: "middle", size: 14, color: mutedColor, cls: "empty")
            return svg + "</svg>"
        }

        for position in SegmentPosition.allCases {
            let x = columnX(position)
            svg += text(
                x + columnWidth / 2, headingY, heading(position, en: en), anchor: "middle", size: 14, color: mutedColor, weight: "bold",
                cls: "column-heading")
            svg +=
                "<line x1=\"\(n(x))\" y1=\"\(n(headingY + 8))\" x2=\"\(n(x + columnWidth))\" y2=\"\(n(headingY + 8))\" stroke=\"#d5dbe5\"/>"
        }

        svg += renderFlows(map, boxes: boxes, byCode: byCode, markerID: markerID, en: en)

        for box in boxes {
            svg += renderBox(box, en: en, href: link(box.segment.code), selected: box.segment.code == selected)
        }

        svg += renderLegend(top: legendTop, markerID: markerID, en: en)
        return svg + "</svg>"
    }

    /// No purchases recorded: the share, and so the status, is not known (a segment without local firms stays 缺失).
    static func noData(_ s: ChainMapModel.Segment) -> Bool { s.localShare == nil && s.status != .missing }

    static let noDataColors = (fill: "#eef1f5", stroke: "#8a94a6", dash: "2 3")

    static func renderBox(_ box: Box, en: Bool, href: String?, selected: Bool = false) -> String {
        let s = box.segment
        let (fill, stroke, dash) = noData(s) ? (noDataColors.fill, noDataColors.stroke, Optional(noDataColors.dash)) : colors(s.status)
        let status = s.status.rawValue
        let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        var inner = "<title>\(SVGCharts.escape(tooltip(s, en: en)))</title>"
        if selected {
            inner +=
                "<rect class=\"selected-frame\" x=\"\(n(box.x - 4))\" y=\"\(n(box.y - 4))\" width=\"\(n(columnWidth + 8))\" height=\"\(n(box.h + 8))\" rx=\"8\" fill=\"none\" stroke=\"\(selectedColor)\" stroke-width=\"3\"/>"
        }
        inner +=
            "<rect x=\"\(n(box.x))\" y=\"\(n(box.y))\" width=\"\(n(columnWidth))\" height=\"\(n(box.h))\" rx=\"6\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(s.status == .missing ? "2" : "1.5")\"\(dashAttr)/>"
        let cx = box.x + columnWidth / 2
        let lineH = box.fontSize + 4
        inner +=
            "<text class=\"name\" x=\"\(n(cx))\" y=\"\(n(box.y + boxPadding))\" text-anchor=\"middle\" font-size=\"\(n(box.fontSize))\" font-weight=\"bold\" fill=\"\(textColor)\">"
        for (i, line) in box.lines.enumerated() {
            inner +=
                "<tspan x=\"\(n(cx))\" y=\"\(n(box.y + boxPadding + box.fontSize + Double(i) * lineH))\">\(SVGCharts.escape(line))</tspan>"
        }
        inner += "</text>"
        let stats = statsLine(s, en: en)
        let statsSize = min(11, ((columnWidth - boxPadding * 2) / max(1, ems(stats))).rounded(.down))
        inner += text(cx, box.y + box.h - boxPadding, stats, anchor: "middle", size: statsSize, color: textColor, cls: "stats")
        let body = href.map { "<a href=\"\(SVGCharts.escape($0))\">\(inner)</a>" } ?? inner
        let classes = "segment status-\(status)" + (noData(s) ? " no-data" : "") + (selected ? " selected" : "")
        let current = selected ? " aria-current=\"true\"" : ""
        return "<g id=\"seg-\(SVGCharts.escape(s.code))\" class=\"\(classes)\" data-status=\"\(status)\"\(current)>\(body)</g>"
    }

    static func statsLine(_ s: ChainMapModel.Segment, en: Bool) -> String {
        let share = Display.pct(s.localShare)
        let status = noData(s) ? (en ? "no data" : "无数据") : (en ? s.status.rawValue : s.status.nameZh)
        return en ? "\(s.localFirms) local firms · local \(share) · \(status)" : "本地 \(s.localFirms) 家 · 配套 \(share) · \(status)"
    }

    static func tooltip(_ s: ChainMapModel.Segment, en: Bool) -> String {
        let tiers = s.firmsByTier.filter { $0.value > 0 }.sorted { $0.key > $1.key }
        let hhi = s.hhi.map { Display.grouped($0, decimals: 0) } ?? "—"
        if en {
            let names = s.nameEn.map { "\($0) (\(s.name))" } ?? s.name
            let byTier = tiers.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
            return [
                names,
                "\(heading(s.position, en: true)) · \(noData(s) ? "no data" : s.status.rawValue)",
                "Local firms: \(s.localFirms)" + (byTier.isEmpty ? "" : " (\(byTier))"),
                "Local share: \(Display.pct(s.localShare))",
                "Local supply HHI: \(hhi)",
                "Chain leaders' purchases: \(Display.wan(s.purchases)) (10k yuan)",
            ].joined(separator: "\n")
        }
        let byTier = tiers.map { "\($0.key.nameZh) \($0.value)" }.joined(separator: "、")
        return [
            s.name,
            "\(s.position.nameZh) · \(noData(s) ? "无数据" : s.status.nameZh)",
            "本地企业 \(s.localFirms) 家" + (byTier.isEmpty ? "" : "（\(byTier)）"),
            "本地配套率 \(Display.pct(s.localShare))",
            "本地供应集中度 HHI \(hhi)",
            "链主采购 \(Display.wan(s.purchases)) 万元",
        ].joined(separator: "\n")
    }

    static func renderLegend(top: Double, markerID: String, en: Bool) -> String {
        var svg = "<g class=\"legend\">"
        svg += "<line x1=\"\(n(margin))\" y1=\"\(n(top - 10))\" x2=\"\(n(width - margin))\" y2=\"\(n(top - 10))\" stroke=\"#e3e7ee\"/>"
        var x = margin
        let y = top + 8
        for status in SegmentStatus.allCases {
            let (fill, stroke, dash) = colors(status)
            let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            svg +=
                "<rect x=\"\(n(x))\" y=\"\(n(y - 11))\" width=\"22\" height=\"14\" rx=\"3\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"1.5\"\(dashAttr)/>"
            let label = statusName(status, en: en)
            svg += text(x + 28, y, label, size: 12)
            x += 28 + ems(label) * 12 + 22
        }
        svg +=
            "<rect x=\"\(n(x))\" y=\"\(n(y - 11))\" width=\"22\" height=\"14\" rx=\"3\" fill=\"\(noDataColors.fill)\" stroke=\"\(noDataColors.stroke)\" stroke-width=\"1.5\" stroke-dasharray=\"\(noDataColors.dash)\"/>"
        svg += text(x + 28, y, en ? "no data (no purchases recorded)" : "无数据（无采购记录）", size: 12)
        let note =
            en ? "Arrows: chain leaders' purchase flows; line width by amount, the amount printed beside" : "箭头：链主企业采购流向，线宽按金额，旁注采购金额"
        let ay = top + 32
        svg +=
            "<path class=\"legend-flow\" d=\"M\(n(margin)),\(n(ay - 4)) L\(n(margin + 40)),\(n(ay - 4))\" stroke=\"\(flowColor)\" stroke-opacity=\"0.6\" stroke-width=\"3\" marker-end=\"url(#\(markerID))\"/>"
        svg += text(margin + 52, ay, note, size: 12, color: mutedColor)
        return svg + "</g>"
    }
}
