import ChainLeadCore
import Foundation

/// The supply queries' result rows (snake_case columns, decoded by `rows(_:)`).
enum SupplyRows {
    struct Rate: Decodable {
        var code: String
        var totalAmount: Double?
        var localAmount: Double?
        var suppliers: Int
        var localSuppliers: Int

        var row: SupplyQueries.RateRow {
            .init(
                code: code,
                figures: RateFigures(
                    localAmount: localAmount ?? 0, totalAmount: totalAmount ?? 0,
                    localSuppliers: localSuppliers, suppliers: suppliers))
        }
    }

    struct FirmsByTier: Decodable {
        var segment: String
        var tier: String
        var n: Int
    }

    struct SegmentSupply: Decodable {
        var segment: String
        var total: Double?
        var local: Double?
        var localSquares: Double?
        var localSuppliers: Int?
    }

    struct Flow: Decodable {
        var fromSegment: String
        var toSegment: String
        var amount: Double
        var localAmount: Double?

        var flow: ChainMapModel.Flow { .init(from: fromSegment, to: toSegment, amount: amount, localAmount: localAmount ?? 0) }
    }

    struct Fact: Decodable {
        var buyerUscc: String
        var supplierKey: String
        var supplierDistrict: String?
        var segment: String
        var category: String
        var amount: Double

        var fact: SupplyFact {
            SupplyFact(
                buyer: buyerUscc, supplierKey: supplierKey, supplierDistrict: supplierDistrict, segment: segment,
                category: SupplyCategory(rawValue: category) ?? .material, amount: amount)
        }
    }

    struct SupplierName: Decodable {
        var supplierKey: String
        var name: String
        var city: String?
    }

    struct SupplierInSegment: Decodable {
        var supplierKey: String
        var uscc: String?
        var name: String
        var city: String?
        var isLocal: Int
        var amount: Double
        var buyers: Int

        var supplier: SupplyQueries.SupplierInSegment {
            .init(key: supplierKey, uscc: uscc, name: name, city: city, local: isLocal == 1, amount: amount, buyers: buyers)
        }
    }
}
