import ChainLeadCore
import Foundation

/// The registry's rows as stored (snake_case columns, decoded by `rows(_:)`), turned into records.
enum EnterpriseRows {
    /// `SELECT * FROM enterprises`.
    struct Enterprise: Decodable {
        var uscc: String
        var name: String
        var shortName: String?
        var formerNames: String
        var districtCode: String
        var address: String?
        var mainProducts: String?
        var founded: String?
        var ownership: String?
        var contactPerson: String?
        var contactPhone: String?
        var contactEmail: String?
        var status: String
        var statusDate: String?
        var successorUscc: String?
        var aboveScaleYear: Int?
        var tier: String
        var usccOverrideReason: String?
        var synthetic: Bool
        var createdAt: Date
        var updatedAt: Date
        var version: Int64?

        var record: EnterpriseRecord {
            var d = EnterpriseDraft(uscc: uscc, name: name, district: districtCode)
            d.shortName = shortName
            d.formerNames = formerNames.isEmpty ? [] : formerNames.components(separatedBy: "\n")
            d.address = address
            d.mainProducts = mainProducts
            d.founded = founded
            d.ownership = ownership.flatMap(Ownership.init(rawValue:))
            d.contactPerson = contactPerson
            d.contactPhone = contactPhone
            d.contactEmail = contactEmail
            d.status = EnterpriseStatus(rawValue: status) ?? .active
            d.statusDate = statusDate
            d.successorUscc = successorUscc
            d.aboveScaleYear = aboveScaleYear
            d.tier = Tier(rawValue: tier) ?? .none
            d.usccOverrideReason = usccOverrideReason
            return EnterpriseRecord(draft: d, synthetic: synthetic, createdAt: createdAt, updatedAt: updatedAt, version: version ?? 1)
        }
    }

    /// A row of the enterprise list.
    struct Summary: Decodable {
        var uscc: String
        var name: String
        var shortName: String?
        var districtCode: String
        var tier: String
        var status: String
        var primarySegment: String?
        var primaryChain: String?
        var latestYear: Int?
        var latestOutputValue: Int64?
        var synthetic: Bool
        /// The firm's chains, comma-separated (chain codes hold no comma).
        var chainCodes: String?

        var record: EnterpriseSummaryRecord {
            var out = EnterpriseSummaryRecord(
                uscc: uscc, name: name, shortName: shortName, district: districtCode, tier: Tier(rawValue: tier) ?? .none,
                status: EnterpriseStatus(rawValue: status) ?? .active, primarySegment: primarySegment,
                primaryChain: primaryChain, latestYear: latestYear, latestOutputValue: latestOutputValue, synthetic: synthetic)
            out.chains = Set((chainCodes ?? "").split(separator: ",").map(String.init))
            return out
        }
    }

    struct Membership: Decodable {
        var segmentCode: String
        var isPrimary: Bool
        var segmentName: String
        var position: String
        var chainCode: String
        var chainName: String

        var record: MembershipRecord {
            MembershipRecord(
                segment: segmentCode, segmentName: segmentName, chain: chainCode, chainName: chainName,
                position: SegmentPosition(rawValue: position) ?? .midstream, primary: isPrimary)
        }
    }

    struct TierChange: Decodable {
        var tier: String
        var previousTier: String?
        var changedOn: String
        var reason: String
        var changedBy: String?
        var chainCode: String?
        var campaignId: Int64?

        var record: TierChangeRecord {
            TierChangeRecord(
                tier: Tier(rawValue: tier) ?? .none, previousTier: previousTier.flatMap(Tier.init(rawValue:)),
                date: changedOn, reason: reason, by: changedBy, chain: chainCode, campaign: campaignId)
        }
    }

    /// `SELECT * FROM figures`.
    struct Figures: Decodable {
        var year: Int
        var outputValue: Int64?
        var revenue: Int64?
        var rdExpense: Int64?
        var employees: Int64?
        var taxPaid: Int64?
        var exports: Int64?
        var totalAssets: Int64?
        var totalLiabilities: Int64?
        var mainBusinessRevenue: Int64?
        var source: String
        var version: Int64?

        var figures: AnnualFigures {
            AnnualFigures(
                year: year, outputValue: outputValue, revenue: revenue, rdExpense: rdExpense, employees: employees,
                taxPaid: taxPaid, exports: exports, totalAssets: totalAssets, totalLiabilities: totalLiabilities,
                mainBusinessRevenue: mainBusinessRevenue, source: FigureSource(rawValue: source) ?? .official)
        }
    }

    /// A firm and one chain of its segments.
    struct FirmChain: Decodable {
        var enterpriseUscc: String
        var chainCode: String
    }

    struct FirmSegment: Decodable {
        var enterpriseUscc: String
        var segmentCode: String
    }
}
