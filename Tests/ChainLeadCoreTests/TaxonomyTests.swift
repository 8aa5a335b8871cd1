import Testing

@testable import ChainLeadCore

@Suite(.tags(.s2)) struct DefaultTaxonomyTests {
    @Test func fifteenClustersOfThreeKinds() {
        let clusters = DefaultTaxonomy.clusters
        #expect(clusters.count == 15)
        #expect(clusters.filter { $0.kind == .landmark }.count == 4)
        #expect(clusters.filter { $0.kind == .advantage }.count == 6)
        #expect(clusters.filter { $0.kind == .future }.count == 5)
    }

    @Test func aboutThirtyChainsEachWithSixSegmentsOverThreePositions() {
        let chains = DefaultTaxonomy.clusters.flatMap(\.chains)
        #expect((25...40).contains(chains.count))
        for chain in chains {
            #expect(chain.segments.count >= 6, "\(chain.code)")
            #expect(Set(chain.segments.map(\.position)) == Set(SegmentPosition.allCases), "\(chain.code)")
        }
    }

    @Test func codesAreUnique() {
        let chains = DefaultTaxonomy.clusters.flatMap(\.chains)
        let segments = chains.flatMap(\.segments).map(\.code)
        #expect(Set(segments).count == segments.count)
        #expect(Set(chains.map(\.code)).count == chains.count)
    }
}
