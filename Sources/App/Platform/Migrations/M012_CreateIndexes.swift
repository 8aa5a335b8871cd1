import Fluent
import SQLKit

struct M012_CreateIndexes: AsyncMigration {
    static let indexes: [(String, String, String)] = [
        ("idx_chains_cluster", "chains", "cluster_code"),
        ("idx_segments_chain", "segments", "chain_code"),
        ("idx_enterprises_district", "enterprises", "district_code"),
        ("idx_enterprises_tier", "enterprises", "tier"),
        ("idx_enterprises_name", "enterprises", "name"),
        ("idx_memberships_segment", "memberships", "segment_code"),
        ("idx_tier_changes_enterprise", "tier_changes", "enterprise_uscc"),
        ("idx_audit_entity", "audit_entries", "entity_key"),
    ]

    func prepare(on db: any Database) async throws {
        let sql = db.sql
        for (name, table, column) in Self.indexes {
            try await sql.create(index: name).on(table).column(column).run()
        }
    }
    func revert(on db: any Database) async throws {
        let sql = db.sql
        for (name, _, _) in Self.indexes { try await sql.drop(index: name).run() }
    }
}
