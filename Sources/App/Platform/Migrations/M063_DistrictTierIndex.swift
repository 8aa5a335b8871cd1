import Fluent
import SQLKit

/// The enterprise list filtered by district and tier together (issue 21): without this index a
/// district's firms are walked in name order to find the few of one tier — a whole district of
/// a hundred thousand firms when none matches (0.15 s a page at a million firms).
struct M063_DistrictTierIndex: AsyncMigration {
    static let name = "idx_enterprises_list_district_tier"

    func prepare(on db: any Database) async throws {
        try await db.sql.create(index: SQLIdentifier(Self.name)).on("enterprises")
            .column("district_code").column("tier").column("name_sort").column("uscc").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: SQLIdentifier(Self.name)).run()
    }
}
