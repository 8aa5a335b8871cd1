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

    /// Grouped bars per label (one bar per series), with a legend and a value axis.
    static func groupedBars(title: String, labels: [String], series: [Series], width: Int = 640, height: Int = 260) -> String {
        let left = 70.0
        let right = 16.0
        let top = 34.0
        let bottom = 40.0
        let plotW = Double(width) - left - right
        let plotH = Double(height) - top - bottom
        let maxValue = max(1, series.flatMap { $0.values.compactMap { $0 } }.max() ?? 1)
        let niceMax = nice(maxValue)
        var svg = open(width, height, title)
        for i in 0...4 {
            let v = niceMax * Double(i) / 4
            let y = top + plotH - plotH * Double(i) / 4
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(Double(width) - right)\" y2=\"\(y)\" stroke=\"#e3e7ee\"/>"
            svg += text(left - 6, y + 4, Display.grouped(v, decimals: 0), anchor: "end", size: 11, color: "#5b6577")
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
                    tooltip: "\(s.name) \(label): \(Display.grouped(v, decimals: 1))")
            }
            svg += text(left + groupW * (Double(li) + 0.5), Double(height) - bottom + 16, label, anchor: "middle")
        }
        var lx = left
        for s in series {
            svg += rect(lx, 10, 12, 12, s.color)
            svg += text(lx + 16, 20, s.name)
            lx += 16 + Double(s.name.count) * 13 + 18
        }
        return svg + "</svg>"
    }

    /// Horizontal bars with their labels (e.g. firms by district).
    static func horizontalBars(title: String, items: [(String, Double)], color: String = "#2f6fb2", width: Int = 480) -> String {
        let rowH = 24.0
        let labelW = 110.0
        let height = Int(Double(items.count) * rowH + 12)
        let maxValue = max(1, items.map(\.1).max() ?? 1)
        var svg = open(width, height, title)
        for (i, (label, value)) in items.enumerated() {
            let y = 6 + Double(i) * rowH
            let w = (Double(width) - labelW - 60) * value / maxValue
            svg += text(labelW - 8, y + 15, label, anchor: "end")
            svg += rect(labelW, y + 3, max(1, w), 16, color)
            svg += text(labelW + w + 6, y + 15, Display.grouped(value, decimals: 0))
        }
        return svg + "</svg>"
    }

    static func nice(_ v: Double) -> Double {
        let exponent = pow(10, floor(log10(v)))
        for m in [1.0, 2, 2.5, 5, 10] where m * exponent >= v { return m * exponent }
        return 10 * exponent
    }
}
