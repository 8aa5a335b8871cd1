import Fluent
import SQLKit

/// The enterprise list's pages in the order they are shown (issue 21): with the district, the tier
/// or nothing as a filter, the first rows come straight off an index in pinyin order instead of
/// sorting a district's hundred thousand firms per page. Each replaces a narrower index of the
/// same prefix, so an import maintains as many indexes as before.
struct M062_ListIndexes: AsyncMigration {
    static let replaced: [(old: String, oldColumns: [String], new: String, columns: [String])] = [
        ("idx_enterprises_name_sort", ["name_sort"], "idx_enterprises_list_name", ["name_sort", "uscc"]),
        ("idx_enterprises_district", ["district_code"], "idx_enterprises_list_district", ["district_code", "name_sort", "uscc"]),
        ("idx_enterprises_tier", ["tier"], "idx_enterprises_list_tier", ["tier", "name_sort", "uscc"]),
    ]

    func prepare(on db: any Database) async throws {
        for r in Self.replaced {
            var index = db.sql.create(index: SQLIdentifier(r.new)).on("enterprises")
            for c in r.columns { index = index.column(c) }
            try await index.run()
            try await db.sql.drop(index: SQLIdentifier(r.old)).run()
        }
    }

    func revert(on db: any Database) async throws {
        for r in Self.replaced {
            var index = db.sql.create(index: SQLIdentifier(r.old)).on("enterprises")
            for c in r.oldColumns { index = index.column(c) }
            try await index.run()
            try await db.sql.drop(index: SQLIdentifier(r.new)).run()
        }
    }
}
