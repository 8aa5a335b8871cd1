import Testing

@testable import ChainLeadCore

@Suite(.tags(.g2)) struct DerivedRatiosTests {
    @Test func rdIntensityAndDebtRatio() {
        #expect(DerivedRatios.rdIntensity(rdExpense: 30, revenue: 1000) == 0.03)
        #expect(DerivedRatios.debtRatio(totalLiabilities: 600, totalAssets: 1000) == 0.6)
    }

    @Test func unknownForMissingOrZeroDenominators() {
        #expect(DerivedRatios.rdIntensity(rdExpense: 30, revenue: 0) == nil)
        #expect(DerivedRatios.rdIntensity(rdExpense: nil, revenue: 100) == nil)
        #expect(DerivedRatios.rdIntensity(rdExpense: 3, revenue: nil) == nil)
        #expect(DerivedRatios.debtRatio(totalLiabilities: 5, totalAssets: 0) == nil)
        #expect(DerivedRatios.growth(current: 5, previous: 0) == nil)
        #expect(DerivedRatios.growth(current: nil, previous: 10) == nil)
        #expect(DerivedRatios.cagr(current: 100, base: 0) == nil)
        #expect(DerivedRatios.cagr(current: nil, base: 10) == nil)
    }

    @Test func growthAndTwoYearCAGR() throws {
        #expect(DerivedRatios.growth(current: 110, previous: 100)! - 0.10 < 1e-12)
        let cagr = try #require(DerivedRatios.cagr(current: 121, base: 100, years: 2))
        #expect(abs(cagr - 0.10) < 1e-12)
        #expect(DerivedRatios.cagr(current: -5, base: 100) == nil)
    }

    @Test func seriesUsesTheRightNeighbours() throws {
        // setup: 2024 is missing, so 2025's growth is unknown but its 2-year CAGR is not
        let figures = [
            AnnualFigures(year: 2023, outputValue: 100, revenue: 100),
            AnnualFigures(year: 2025, outputValue: 144, revenue: 0, rdExpense: 5),
        ]
        // act
        let s = DerivedRatios.series(figures)
        // check
        let y2025 = try #require(s[2025])
        #expect(y2025.outputGrowth == nil)
        #expect(abs(y2025.outputCagr2y! - 0.2) < 1e-12)
        #expect(y2025.rdIntensity == nil)
        #expect(s[2023]?.outputCagr2y == nil)
    }

    @Test func validationRejectsNegativeAmountsAndBadYears() {
        let bad = AnnualFigures(year: 1948, outputValue: -1, employees: 20_000_000)
        let fields = bad.validate().map(\.field)
        #expect(fields == ["year", "outputValue", "employees"])
        #expect(AnnualFigures(year: 2100, outputValue: 0).validate().isEmpty)
    }
}
