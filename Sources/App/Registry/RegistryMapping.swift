import ChainLeadAPI
import ChainLeadCore
import Foundation

/// Stored records → the API's types.
extension APIHandler {
    static func districtCode(_ code: String) -> Components.Schemas.DistrictCode {
        Components.Schemas.DistrictCode(rawValue: code) ?? ._320200jk
    }

    static func summary(_ r: EnterpriseSummaryRecord) -> Components.Schemas.EnterpriseSummary {
        .init(
            uscc: r.uscc, name: r.name, shortName: r.shortName, district: districtCode(r.district),
            districtName: District.named(code: r.district)?.name ?? r.district,
            tier: .init(rawValue: r.tier.rawValue) ?? .none, status: .init(rawValue: r.status.rawValue) ?? .active,
            primarySegment: r.primarySegment, primaryChain: r.primaryChain,
            latestYear: r.latestYear.map(Int32.init), latestOutputValue: r.latestOutputValue, synthetic: r.synthetic)
    }

    static func enterprise(_ detail: EnterpriseDetail) -> Components.Schemas.Enterprise {
        let d = detail.record.draft
        let ratios = DerivedRatios.series(detail.figures)
        var out = Components.Schemas.Enterprise(
            uscc: d.uscc, name: d.name, shortName: d.shortName, formerNames: d.formerNames,
            district: districtCode(d.district), districtName: District.named(code: d.district)?.name ?? d.district,
            address: d.address, mainProducts: d.mainProducts, founded: d.founded,
            ownership: d.ownership.flatMap { .init(rawValue: $0.rawValue) },
            contact: .init(person: d.contactPerson, phone: d.contactPhone, email: d.contactEmail),
            status: .init(rawValue: d.status.rawValue) ?? .active, statusDate: d.statusDate, successorUscc: d.successorUscc,
            tier: .init(rawValue: d.tier.rawValue) ?? .none, aboveScaleYear: d.aboveScaleYear.map(Int32.init),
            usccOverrideReason: d.usccOverrideReason,
            segments: detail.memberships.map { m in
                .init(
                    code: m.segment, name: m.segmentName, chain: m.chain, chainName: m.chainName,
                    position: .init(rawValue: m.position.rawValue), primary: m.primary)
            },
            tierHistory: detail.tierHistory.map { t in
                .init(
                    tier: .init(rawValue: t.tier.rawValue) ?? .none,
                    previousTier: t.previousTier.flatMap { .init(rawValue: $0.rawValue) },
                    date: t.date, reason: t.reason, by: t.by, chain: t.chain, campaign: t.campaign)
            },
            figures: detail.figures.map {
                var f = yearFigures($0, ratios[$0.year])
                f.version = detail.figureVersions[$0.year]
                return f
            },
            synthetic: detail.record.synthetic, createdAt: detail.record.createdAt, updatedAt: detail.record.updatedAt)
        out.version = detail.record.version
        return out
    }

    static func yearFigures(_ f: AnnualFigures, _ r: YearRatios?) -> Components.Schemas.YearFigures {
        .init(
            year: Int32(clamping: f.year), outputValue: f.outputValue, revenue: f.revenue, rdExpense: f.rdExpense,
            employees: f.employees, taxPaid: f.taxPaid, exports: f.exports, totalAssets: f.totalAssets,
            totalLiabilities: f.totalLiabilities, mainBusinessRevenue: f.mainBusinessRevenue,
            source: .init(rawValue: f.source.rawValue) ?? .official,
            ratios: .init(
                rdIntensity: r?.rdIntensity, debtRatio: r?.debtRatio, outputGrowth: r?.outputGrowth,
                revenueGrowth: r?.revenueGrowth, outputCagr2y: r?.outputCagr2y))
    }
}
