import ChainLeadCore
import Foundation
import Testing

@testable import App

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite(.tags(.l2)) struct ChainMapSVGTests {
    static let longName = "集成电路晶圆制造与先进封装测试及配套专用设备零部件"
    static let trickyName = "A&B <特种> \"电子\"气体"

    static func segment(
        _ code: String, _ name: String, _ position: SegmentPosition, _ status: SegmentStatus,
        firms: [Tier: Int], share: Double?, nameEn: String? = nil
    ) -> ChainMapModel.Segment {
        ChainMapModel.Segment(
            code: code, name: name, nameEn: nameEn, position: position, status: status,
            firmsByTier: firms, localShare: share, hhi: status == .concentrated ? 4200 : nil,
            purchases: 12_345_000)
    }

    static let model = ChainMapModel(
        chainCode: "ic", chainName: "集成电路", year: 2024,
        segments: [
            segment("ic-u1", "硅材料", .upstream, .strong, firms: [.leader: 1, .backbone: 3], share: 0.62, nameEn: "Silicon materials"),
            segment("ic-u2", trickyName, .upstream, .missing, firms: [:], share: nil),
            segment("ic-m1", longName, .midstream, .weak, firms: [.none: 1], share: 0.12),
            segment("ic-d1", "整机", .downstream, .concentrated, firms: [.candidate: 1, .emerging: 2], share: 0.45),
            segment("ic-d2", "终端应用", .downstream, .strong, firms: [.backbone: 4], share: 0.8),
        ],
        flows: [
            .init(from: "ic-u1", to: "ic-m1", amount: 50_000_000, localAmount: 20_000_000),
            .init(from: "ic-m1", to: "ic-d1", amount: 10_000_000, localAmount: 1_000_000),
            .init(from: "ic-u1", to: "ic-x9", amount: 90_000_000, localAmount: 0),  // unknown segment
            .init(from: "ic-d2", to: "ic-d2", amount: 5_000_000, localAmount: 0),  // to itself
        ])

    static func link(_ code: String) -> String? {
        code == "ic-d2" ? nil : "/chains/ic?segment=\(code)#segment"
    }

    /// Parses the SVG and collects, per segment group, the lines of its name text.
    final class Collector: NSObject, XMLParserDelegate {
        var nameLines: [String: [String]] = [:]
        var ids: [String] = []
        private var currentSegment: String?
        private var depthInSegment = 0
        private var inName = false
        private var inTspan = false
        private var buffer = ""

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            if currentSegment != nil { depthInSegment += 1 }
            if element == "g", let id = attributes["id"], id.hasPrefix("seg-") {
                currentSegment = String(id.dropFirst(4))
                depthInSegment = 0
                ids.append(id)
            }
            if currentSegment != nil, element == "text", attributes["class"] == "name" { inName = true }
            if inName, element == "tspan" {
                inTspan = true
                buffer = ""
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTspan { buffer += string }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if inTspan, element == "tspan", let seg = currentSegment {
                nameLines[seg, default: []].append(buffer)
                inTspan = false
            }
            if inName, element == "text" { inName = false }
            if currentSegment != nil {
                if depthInSegment == 0 { currentSegment = nil } else { depthInSegment -= 1 }
            }
        }
    }

    func parse(_ svg: String) -> (ok: Bool, collector: Collector) {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        let ok = parser.parse()
        return (ok, collector)
    }

    func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    @Test func rendersAWellFormedStandaloneSVG() {
        let svg = ChainMapSVG.render(Self.model, link: Self.link)
        #expect(parse(svg).ok)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains("viewBox=\"0 0 "))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("class=\"chainmap\""))
        #expect(svg.contains("<title>集成电路产业链图谱（2024年）</title>"))
        for heading in ["上游", "中游", "下游"] { #expect(svg.contains(">\(heading)</text>")) }
        #expect(svg.contains("箭头：链主企业采购流向，线宽按金额"))
        for status in SegmentStatus.allCases { #expect(svg.contains(">\(status.nameZh)</text>")) }
        #expect(svg.contains("<marker id=\"chainmap-arrow-ic\""))
    }

    @Test func namesEverySegmentInFull() {
        let svg = ChainMapSVG.render(Self.model, link: Self.link)
        let (ok, collector) = parse(svg)
        #expect(ok)
        for s in Self.model.segments {
            let lines = collector.nameLines[s.code] ?? []
            #expect(lines.joined() == s.name, "\(s.code): \(lines)")
            #expect(!svg.contains("…"))
        }
        #expect(svg.contains(">硅材料</tspan>"))
        let long = collector.nameLines["ic-m1"] ?? []
        #expect(long.count == 2)
        #expect(long.allSatisfy { !$0.isEmpty })
        #expect(long.joined() == Self.longName)
        for part in long { #expect(svg.contains(">\(part)</tspan>")) }
    }

    @Test func segmentGroupsCarryIdsStatusAndLinks() {
        let svg = ChainMapSVG.render(Self.model, link: Self.link)
        let (_, collector) = parse(svg)
        #expect(collector.ids == Self.model.segments.map { "seg-\($0.code)" })
        for s in Self.model.segments {
            #expect(
                svg.contains("<g id=\"seg-\(s.code)\" class=\"segment status-\(s.status.rawValue)\" data-status=\"\(s.status.rawValue)\">"))
        }
        #expect(svg.contains("<a href=\"/chains/ic?segment=ic-u1#segment\">"))
        #expect(svg.contains("<a href=\"/chains/ic?segment=ic-m1#segment\">"))
        #expect(!svg.contains("segment=ic-d2"))
        #expect(count("<a href=", in: svg) == 4)
        // The second line: local firms, local share, status.
        #expect(svg.contains("本地 4 家 · 配套 62.0% · 较强"))
        #expect(svg.contains("本地 0 家 · 配套 — · 缺失"))
        #expect(svg.contains("stroke-dasharray"))
    }

    @Test func drawsOnlyFlowsBetweenKnownDistinctSegments() {
        let svg = ChainMapSVG.render(Self.model, link: Self.link)
        #expect(count("<path class=\"flow\"", in: svg) == 2)
        #expect(svg.contains("data-from=\"ic-u1\" data-to=\"ic-m1\""))
        #expect(svg.contains("data-from=\"ic-m1\" data-to=\"ic-d1\""))
        #expect(!svg.contains("ic-x9"))
        #expect(!svg.contains("data-from=\"ic-d2\""))
        // Width by amount: the largest drawn flow is 8 px, a fifth of it 1 + 7 × 0.2.
        #expect(
            svg.contains(
                "stroke-width=\"8\" stroke-linecap=\"butt\" stroke-linejoin=\"round\" marker-end=\"url(#chainmap-arrow-ic)\"><title>硅材料 → ")
        )
        #expect(svg.contains("stroke-width=\"2.4\""))
        #expect(svg.contains("链主采购 5,000.0 万元，本地占 40.0%"))
        #expect(svg.contains("链主采购 1,000.0 万元，本地占 10.0%"))
    }

    @Test func escapesText() {
        let svg = ChainMapSVG.render(Self.model, link: Self.link)
        #expect(parse(svg).ok)
        #expect(svg.contains(SVGCharts.escape(Self.trickyName)))
        #expect(svg.contains("A&amp;B &lt;特种&gt; &quot;电子&quot;气体"))
        #expect(!svg.contains(Self.trickyName))
        var odd = Self.model
        odd.chainName = "R&D <链> \"x\""
        let oddSVG = ChainMapSVG.render(odd, link: Self.link)
        #expect(parse(oddSVG).ok)
        #expect(oddSVG.contains("R&amp;D &lt;链&gt; &quot;x&quot;产业链图谱"))
    }

    @Test func rendersInEnglish() {
        let svg = ChainMapSVG.render(Self.model, en: true, link: Self.link)
        #expect(parse(svg).ok)
        for heading in ["Upstream", "Midstream", "Downstream"] { #expect(svg.contains(">\(heading)</text>")) }
        #expect(svg.contains(">Silicon materials</tspan>"))
        #expect(svg.contains("data-status=\"concentrated\""))
        #expect(svg.contains(" · concentrated</text>"))
        #expect(svg.contains("2024"))
    }

    @Test func heightFollowsTheTallestColumn() {
        func height(_ svg: String) -> Double? {
            guard let r = svg.range(of: "viewBox=\"0 0 ") else { return nil }
            let rest = svg[r.upperBound...].prefix { $0 != "\"" }
            return rest.split(separator: " ").last.flatMap { Double($0) }
        }
        var taller = Self.model
        for i in 0..<6 {
            taller.segments.append(Self.segment("ic-d\(i + 3)", "环节\(i)", .downstream, .strong, firms: [.backbone: 2], share: 0.5))
        }
        let h1 = height(ChainMapSVG.render(Self.model, link: Self.link)) ?? 0
        let h2 = height(ChainMapSVG.render(taller, link: Self.link)) ?? 0
        #expect(h1 > 0)
        #expect(h2 > h1 + 6 * 50)
    }

    @Test func rendersAnEmptyMap() {
        let empty = ChainMapModel(
            chainCode: "x", chainName: "空链", year: 2023, segments: [],
            flows: [
                .init(from: "a", to: "b", amount: 1, localAmount: 1)
            ])
        let svg = ChainMapSVG.render(empty) { _ in nil }
        #expect(parse(svg).ok)
        #expect(svg.contains("暂无环节"))
        #expect(svg.contains("空链产业链图谱（2023年）"))
        #expect(!svg.contains("class=\"flow\""))
        #expect(parse(ChainMapSVG.render(empty, en: true) { _ in nil }).ok)
    }
}
