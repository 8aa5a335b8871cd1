import Foundation

/// Server-side SVG charts: no JavaScript, print well, scale with the page.
enum SVGCharts {
    struct Series {
        var name: String
        var color: String
        var values: [Double?]
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func open(_ width: Int, _ height: Int, _ title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\" class=\"chart\"><title>\(escape(title))</title>"
    }

    static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "start", size: Int = 12, color: String = "#27303f") -> String {
        "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(color)\">\(escape(s))</text>"
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ color: String, tooltip: String? = nil) -> String {
        let tip = tooltip.map { "<title>\(escape($0))</title>" } ?? ""
        return "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" fill=\"\(color)\">\(tip)</rect>"
    }

    /// The width a label needs: CJK characters are about one font size wide, others about half.
    static func textWidth(_ s: String, size: Double = 12) -> Double {
        s.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? size : size * 0.6) }
    }

    /// Grouped bars per label (one bar per series): a visible title, a legend, a value axis whose
    /// unit is printed above it, and every bar's value in its tooltip.
    static func groupedBars(
        title: String, labels: [String], series: [Series], unit: String = "", width: Int = 640, height: Int = 280
    ) -> String {
        let left = 70.0
        let right = 16.0
        let top = 62.0
        let bottom = 40.0
        let plotW = Double(width) - left - right
        let plotH = Double(height) - top - bottom
        let maxValue = max(1, series.flatMap { $0.values.compactMap { $0 } }.max() ?? 1)
        let niceMax = nice(maxValue)
        let decimals = niceMax < 10 ? 1 : 0
        var svg = open(width, height, title)
        svg += text(left, 18, title, size: 14)
        if !unit.isEmpty { svg += text(left - 6, top - 10, unit, anchor: "end", size: 11, color: "#5b6577") }
        for i in 0...4 {
            let v = niceMax * Double(i) / 4
            let y = top + plotH - plotH * Double(i) / 4
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(Double(width) - right)\" y2=\"\(y)\" stroke=\"#e3e7ee\"/>"
            svg += text(left - 6, y + 4, Display.grouped(v, decimals: decimals), anchor: "end", size: 11, color: "#5b6577")
        }
        let groupW = plotW / Double(max(1, labels.count))
        let barW = min(28, groupW * 0.7 / Double(max(1, series.count)))
        for (li, label) in labels.enumerated() {
            let gx = left + groupW * Double(li) + (groupW - barW * Double(series.count)) / 2
            for (si, s) in series.enumerated() {
                guard li < s.values.count, let v = s.values[li] else { continue }
                let h = plotH * v / niceMax
                svg += rect(
                    gx + barW * Double(si), top + plotH - h, barW - 2, h, s.color,
                    tooltip: "\(s.name) \(label): \(Display.grouped(v, decimals: 1))\(unit)")
            }
            svg += text(left + groupW * (Double(li) + 0.5), Double(height) - bottom + 16, label, anchor: "middle")
        }
        var lx = left
        for s in series {
            svg += rect(lx, 28, 12, 12, s.color)
            svg += text(lx + 16, 38, s.name)
            lx += 16 + textWidth(s.name) + 18
        }
        return svg + "</svg>"
    }

    /// Horizontal bars with their labels (e.g. firms by district): a visible title, each value with
    /// its unit, an optional dashed target line; labels are given the room they need.
    static func horizontalBars(
        title: String, items: [(String, Double)], unit: String = "", target: (value: Double, label: String)? = nil,
        color: String = "#2f6fb2", width: Int = 480
    ) -> String {
        let rowH = 24.0
        let top = 30.0
        let labelW = min(220, max(60, (items.map { textWidth($0.0) }.max() ?? 0) + 14))
        let valueW = 64.0
        let height = Int(top + Double(items.count) * rowH + 12)
        let scale = max(1, items.map(\.1).max() ?? 1, target?.value ?? 0)
        let plotW = Double(width) - labelW - valueW
        let decimals = unit == "%" ? 1 : 0
        var svg = open(width, height, title)
        svg += text(4, 18, title, size: 14)
        for (i, (label, value)) in items.enumerated() {
            let y = top + Double(i) * rowH
            let w = plotW * max(0, value) / scale
            svg += text(labelW - 8, y + 15, label, anchor: "end")
            svg += rect(labelW, y + 3, max(1, w), 16, color)
            svg += text(labelW + w + 6, y + 15, Display.grouped(value, decimals: decimals) + unit)
        }
        if let target {
            let x = labelW + plotW * target.value / scale
            svg +=
                "<line x1=\"\(x)\" y1=\"\(top - 4)\" x2=\"\(x)\" y2=\"\(Double(height) - 8)\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>"
            svg += text(x, top - 6, target.label, anchor: "middle", size: 11, color: "#c0392b")
        }
        return svg + "</svg>"
    }

    static func nice(_ v: Double) -> Double {
        let exponent = pow(10, floor(log10(v)))
        for m in [1.0, 2, 2.5, 5, 10] where m * exponent >= v { return m * exponent }
        return 10 * exponent
    }
}
