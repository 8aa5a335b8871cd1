import Foundation
import Testing

@testable import App

/// Charts carry a visible title, units, the G5 target line, and labels with room to be read.
@Suite struct SVGChartTests {
    @Test func horizontalBarsPrintTitleUnitsTargetAndWholeLabels() throws {
        // act
        let svg = SVGCharts.horizontalBars(
            title: "各集群配套率（%）", items: [("软件与信息技术服务", 62.5), ("物联网", 31.0)], unit: "%", target: (50, "G5目标 50%"))
        // check
        #expect(svg.contains(">各集群配套率（%）</text>"), "the title is drawn, not only a tooltip")
        #expect(svg.contains(">62.5%</text>") && svg.contains(">31.0%</text>"))
        #expect(svg.contains("stroke-dasharray") && svg.contains(">G5目标 50%</text>"))
        // the longest label ends at the bars and starts inside the picture
        let label = try #require(svg.range(of: ##"text-anchor="end" font-size="12" fill="#27303f">软件与信息技术服务"##))
        let x = try #require(Double(svg[..<label.lowerBound].components(separatedBy: "x=\"").last?.prefix { $0 != "\"" } ?? ""))
        #expect(x - SVGCharts.textWidth("软件与信息技术服务") >= 0, "starts at \(x - SVGCharts.textWidth("软件与信息技术服务"))")
        // the target line sits at 50 on a scale of 62.5
        let line = try #require(svg.components(separatedBy: "<line x1=\"").last?.prefix { $0 != "\"" })
        let labelW = SVGCharts.textWidth("软件与信息技术服务") + 14
        #expect(abs((Double(line) ?? 0) - (labelW + (480 - labelW - 64) * 50 / 62.5)) < 0.01)
    }

    @Test func groupedBarsPrintTheirUnitAboveTheAxis() {
        let svg = SVGCharts.groupedBars(
            title: "产值、营业收入与研发费用", labels: ["2024", "2025"],
            series: [.init(name: "产值", color: "#000", values: [1.2, 3.4])], unit: "亿元")
        #expect(svg.contains(">产值、营业收入与研发费用</text>") && svg.contains(">亿元</text>"))
        #expect(svg.contains("产值 2025: 3.4亿元"), "tooltips name the unit")
    }
}
