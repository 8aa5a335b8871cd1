import Fluent
import SQLKit

/// A chain's pool movement reads its tier changes of one year: indexed, not scanned (Policy S2).
struct M036_IndexTierChangesByChain: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.create(index: "idx_tier_changes_chain").on("tier_changes").column("chain_code").column("changed_on").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "idx_tier_changes_chain").run()
    }
}
