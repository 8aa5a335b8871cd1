import ChainLeadCore
import Foundation
import SQLKit

/// The supply queries in a shape PostgreSQL can send to the shards of a province install
/// (issue 22, `docs/PROVINCE.md`), where `supply_links` is hash-partitioned by its buyer over
/// `postgres_fdw` servers: every condition on the links is on their own columns (so each shard
/// filters its own rows), and what can be grouped by buyer first is (so each shard aggregates
/// its buyers whole). The same SQL serves one PostgreSQL server; SQLite keeps its sub-selects.
extension SupplyQueries {
    var isPostgres: Bool { db.dialect.name == "postgresql" }

    /// Links bought by a chain leader (Policy G5 counts leaders' purchases).
    /// SQLite: a membership test against the few leaders — one small lookup, the links scanned once.
    /// PostgreSQL: the leaders bound as one array. postgres_fdw ships that test to every shard
    /// and prunes the partitions no leader hashes to; a sub-select on `enterprises` would instead
    /// bring every link of the year to the coordinator.
    func boughtByLeader() async throws -> SQLQueryString {
        guard isPostgres else { return Self.boughtByLeader }
        let leaders = try await db.raw("SELECT uscc FROM enterprises WHERE tier = 'leader' ORDER BY uscc")
            .all(decodingColumn: "uscc", as: String.self)
        return "l.buyer_uscc = ANY(\(bind: leaders))"
    }

    /// A cluster's chains as a test on the link's own column (PostgreSQL), for the same reason.
    func inCluster(_ cluster: String) async throws -> SQLQueryString {
        guard isPostgres else { return "" }
        let chains = try await db.raw("SELECT code FROM chains WHERE cluster_code = \(bind: cluster) ORDER BY code")
            .all(decodingColumn: "code", as: String.self)
        return " AND l.chain = ANY(\(bind: chains))"
    }

    /// Leaders' purchases per buyer, chain and segment (columns `buyer_uscc`, `chain`, `segment`,
    /// `amount`, `local_amount`) under `filter` on `l`. Grouped by the partition key, so on a
    /// partitioned table each shard sends its buyers' sums, not their links, for the join with
    /// the buyers' memberships on the coordinator. Sums of whole yuan in double precision are
    /// exact below 2^53 in any order (`Money`), so the figures equal the one-step ones.
    func perBuyerInSegments(where filter: SQLQueryString, scope: SupportingRateScope) -> SQLQueryString {
        """
        SELECT l.buyer_uscc, l.chain, l.segment, \(Self.sum("l.amount")) AS amount,
          \(Self.sum("CASE WHEN " + Self.local(scope) + " THEN l.amount ELSE 0 END")) AS local_amount
        FROM supply_links l WHERE \(filter) GROUP BY l.buyer_uscc, l.chain, l.segment
        """
    }
}
