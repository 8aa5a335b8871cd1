import ChainLeadCore
import SQLKit

struct ClusterRecord: Sendable {
    var code: String
    var name: String
    var nameEn: String
    var kind: ClusterKind
    var chainCount: Int
    var enterpriseCount: Int
}

struct ChainRecord: Sendable {
    var code: String
    var name: String
    var nameEn: String
    var cluster: String
    var clusterName: String
    var chiefName: String?
    var chiefTitle: String?
    var segmentCount: Int
    var enterpriseCount: Int
}

struct SegmentRecord: Sendable {
    var code: String
    var name: String
    var nameEn: String
    var position: SegmentPosition
    var order: Int
    var retiredOn: String?
    var enterpriseCount: Int
}

/// Rows as stored; the firm counts beside them come from `TaxonomyQueries.firmCounts()`.
struct ClusterRow: Decodable {
    var code: String
    var name: String
    var nameEn: String
    var kind: String
    var chainCount: Int
}

struct ChainRow: Decodable {
    var code: String
    var name: String
    var nameEn: String
    var clusterCode: String
    var clusterName: String
    var chiefName: String?
    var chiefTitle: String?
    var segmentCount: Int
}

struct SegmentRow: Decodable {
    var code: String
    var name: String
    var nameEn: String
    var position: String
    var sortOrder: Int
    var retiredOn: String?
}

/// Firms per cluster, chain and segment (a firm counted once per cluster or chain however many
/// of its segments fall in it).
struct TaxonomyFirmCounts: Codable, Sendable {
    var clusters: [String: Int] = [:]
    var chains: [String: Int] = [:]
    var segments: [String: Int] = [:]
}

/// Reads of the cluster → chain → segment taxonomy, each one statement; the firm counts beside
/// them come from `firmCounts()`.
struct TaxonomyQueries {
    let db: any SQLDatabase

    /// Three grouped passes over the memberships, kept in `figure_cache` until the next registry
    /// write (issue 21: every list and form page shows these counts).
    func firmCounts() async throws -> TaxonomyFirmCounts {
        struct Row: Decodable {
            var k: String
            var n: Int
        }
        let db = self.db
        return try await FigureCache.value(db, key: "taxonomy-firm-counts", of: FigureCache.registry) {
            func counts(_ sql: SQLQueryString) async throws -> [String: Int] {
                Dictionary(try await db.raw(sql).rows(Row.self).map { ($0.k, $0.n) }, uniquingKeysWith: +)
            }
            return TaxonomyFirmCounts(
                clusters: try await counts(
                    """
                    SELECT c.cluster_code AS k, COUNT(DISTINCT m.enterprise_uscc) AS n FROM memberships m
                    JOIN segments s ON s.code = m.segment_code JOIN chains c ON c.code = s.chain_code GROUP BY c.cluster_code
                    """),
                chains: try await counts(
                    """
                    SELECT s.chain_code AS k, COUNT(DISTINCT m.enterprise_uscc) AS n FROM memberships m
                    JOIN segments s ON s.code = m.segment_code GROUP BY s.chain_code
                    """),
                segments: try await counts("SELECT segment_code AS k, COUNT(*) AS n FROM memberships GROUP BY segment_code"))
        }
    }

    func clusters(code: String? = nil) async throws -> [ClusterRecord] {
        let filter: SQLQueryString = code.map { "WHERE cl.code = \(bind: $0)" } ?? ""
        let counts = try await firmCounts()
        return try await db.raw(
            """
            SELECT cl.code, cl.name, cl.name_en, cl.kind,
              (SELECT COUNT(*) FROM chains c WHERE c.cluster_code = cl.code) AS chain_count
            FROM clusters cl \(filter) ORDER BY cl.sort_order
            """
        ).rows(ClusterRow.self).map {
            ClusterRecord(
                code: $0.code, name: $0.name, nameEn: $0.nameEn, kind: ClusterKind(rawValue: $0.kind) ?? .advantage,
                chainCount: $0.chainCount, enterpriseCount: counts.clusters[$0.code] ?? 0)
        }
    }

    func chains(cluster: String? = nil, code: String? = nil) async throws -> [ChainRecord] {
        var conditions: [SQLQueryString] = ["1 = 1"]
        if let cluster { conditions.append("c.cluster_code = \(bind: cluster)") }
        if let code { conditions.append("c.code = \(bind: code)") }
        let counts = try await firmCounts()
        return try await db.raw(
            """
            SELECT c.code, c.name, c.name_en, c.cluster_code, cl.name AS cluster_name, c.chief_name, c.chief_title,
              (SELECT COUNT(*) FROM segments s WHERE s.chain_code = c.code AND s.retired_on IS NULL) AS segment_count
            FROM chains c JOIN clusters cl ON cl.code = c.cluster_code
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY c.sort_order
            """
        ).rows(ChainRow.self).map {
            ChainRecord(
                code: $0.code, name: $0.name, nameEn: $0.nameEn, cluster: $0.clusterCode, clusterName: $0.clusterName,
                chiefName: $0.chiefName, chiefTitle: $0.chiefTitle, segmentCount: $0.segmentCount,
                enterpriseCount: counts.chains[$0.code] ?? 0)
        }
    }

    func segments(chain: String) async throws -> [SegmentRecord] {
        let counts = try await firmCounts()
        return try await db.raw(
            """
            SELECT s.code, s.name, s.name_en, s.position, s.sort_order, s.retired_on
            FROM segments s WHERE s.chain_code = \(bind: chain) ORDER BY s.sort_order
            """
        ).rows(SegmentRow.self).map {
            SegmentRecord(
                code: $0.code, name: $0.name, nameEn: $0.nameEn, position: SegmentPosition(rawValue: $0.position) ?? .midstream,
                order: $0.sortOrder, retiredOn: $0.retiredOn, enterpriseCount: counts.segments[$0.code] ?? 0)
        }
    }

    func updateChain(code: String, name: String, nameEn: String, chiefName: String?, chiefTitle: String?) async throws {
        try await db.raw(
            """
            UPDATE chains SET name = \(bind: name), name_en = \(bind: nameEn), chief_name = \(bind: chiefName),
              chief_title = \(bind: chiefTitle) WHERE code = \(bind: code)
            """
        ).run()
    }
}

extension TaxonomyQueries {
    /// Segment names by code (a couple of hundred rows): pages show names, never codes.
    static func segmentNames(_ db: any SQLDatabase) async throws -> [String: String] {
        struct Row: Decodable {
            var code: String
            var name: String
        }
        var out: [String: String] = [:]
        for r in try await db.raw("SELECT code, name FROM segments").rows(Row.self) { out[r.code] = r.name }
        return out
    }
}
