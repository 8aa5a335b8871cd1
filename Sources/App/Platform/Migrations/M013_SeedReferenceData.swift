import ChainLeadCore
import Fluent
import SQLKit

/// The districts and the default taxonomy (Policy: reference data). Administrators edit
/// the taxonomy afterwards; later changes go in later migrations or through the API.
struct M013_SeedReferenceData: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql
        for (i, d) in District.all.enumerated() {
            try await sql.insert(into: "districts")
                .columns("code", "name", "name_en", "county_level", "sort_order")
                .values(SQLBind(d.code), SQLBind(d.name), SQLBind(d.nameEn), SQLBind(d.isCountyLevelCity), SQLBind(i))
                .run()
        }
        for (ci, cluster) in DefaultTaxonomy.clusters.enumerated() {
            try await sql.insert(into: "clusters")
                .columns("code", "name", "name_en", "kind", "sort_order")
                .values(SQLBind(cluster.code), SQLBind(cluster.name), SQLBind(cluster.nameEn), SQLBind(cluster.kind.rawValue), SQLBind(ci))
                .run()
            for (hi, chain) in cluster.chains.enumerated() {
                try await sql.insert(into: "chains")
                    .columns("code", "cluster_code", "name", "name_en", "sort_order")
                    .values(SQLBind(chain.code), SQLBind(cluster.code), SQLBind(chain.name), SQLBind(chain.nameEn), SQLBind(ci * 100 + hi))
                    .run()
                var insert = sql.insert(into: "segments")
                    .columns("code", "chain_code", "position", "name", "name_en", "sort_order")
                for (si, segment) in chain.segments.enumerated() {
                    insert = insert.values(
                        SQLBind(segment.code), SQLBind(chain.code), SQLBind(segment.position.rawValue),
                        SQLBind(segment.name), SQLBind(segment.nameEn), SQLBind(si))
                }
                try await insert.run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        for table in ["segments", "chains", "clusters", "districts"] {
            try await sql.delete(from: table).run()
        }
    }
}
