import ChainLeadCore
import SQLKit
import Vapor

/// Honours and innovation results per chain and per cluster (Policy L1, S3, S4, G3, G4): what a
/// chain's page lists for its firms and what the cluster list counts. Each query starts from the
/// innovation tables (thousands of rows), never from the registry.
enum InnovationSummary {
    struct Counts: Encodable, Sendable {
        var honours = 0
        var projects = 0
        var standards = 0
        var consortia = 0
    }

    /// Per cluster code: live honours and standards of its firms, projects in its chains or of its
    /// firms, consortia naming one of its chains.
    static func clusterCounts(_ db: any SQLDatabase) async throws -> [String: Counts] {
        struct Row: Decodable {
            var code: String
            var n: Int
        }
        var out: [String: Counts] = [:]
        let firmsInCluster = """
            JOIN memberships m ON m.enterprise_uscc = x.enterprise_uscc JOIN segments s ON s.code = m.segment_code
            JOIN chains c ON c.code = s.chain_code
            """
        for r in try await db.raw(
            "SELECT c.cluster_code AS code, COUNT(DISTINCT x.id) AS n FROM honours x \(unsafeRaw: firmsInCluster) WHERE x.deleted_at IS NULL GROUP BY c.cluster_code"
        ).rows(Row.self) { out[r.code, default: .init()].honours = r.n }
        for r in try await db.raw(
            "SELECT c.cluster_code AS code, COUNT(DISTINCT x.id) AS n FROM standards x \(unsafeRaw: firmsInCluster) GROUP BY c.cluster_code"
        ).rows(Row.self) { out[r.code, default: .init()].standards = r.n }
        for r in try await db.raw(
            """
            SELECT u.code, COUNT(DISTINCT u.id) AS n FROM (
              SELECT c.cluster_code AS code, p.id FROM projects p JOIN chains c ON c.code = p.chain_code
              UNION SELECT c.cluster_code AS code, x.id FROM projects x \(unsafeRaw: firmsInCluster)
            ) u GROUP BY u.code
            """
        ).rows(Row.self) { out[r.code, default: .init()].projects = r.n }
        let clusterOf = Dictionary(
            try await db.raw("SELECT code, cluster_code FROM chains").all().map {
                (try $0.decode(column: "code", as: String.self), try $0.decode(column: "cluster_code", as: String.self))
            }, uniquingKeysWith: { a, _ in a })
        for chains in try await db.raw("SELECT chains FROM consortia").all(decodingColumn: "chains", as: String.self) {
            for cluster in Set(chains.split(separator: ",").compactMap { clusterOf[String($0)] }) {
                out[cluster, default: .init()].consortia += 1
            }
        }
        return out
    }

    struct ChainSection: Encodable, Sendable {
        var honours: [[String]]
        var consortia: [[String]]
        var standards: [[String]]
        var projects: [[String]]
        var counts: Counts
    }

    /// The chain page's section, for those who may read the innovation records (nil otherwise).
    static func chain(_ req: Request, code: String) async throws -> ChainSection? {
        guard Policy.decide(req.caller.grants, .read, .honours).allowed else { return nil }
        let t = req.texts
        let en = req.locale == .en
        let honours = try await Honours(db: req.sql, caller: req.caller).list(
            HonourFilter(chain: code), page: PageRequest(page: 1, per: 50))
        let consortia = try await Consortia(db: req.sql, caller: req.caller).list(chain: code)
        let standards = try await Standards(db: req.sql, caller: req.caller).list(chain: code)
        let projects = try await Projects(db: req.sql, caller: req.caller).list(ProjectFilter(chain: code), limit: 200)
        return ChainSection(
            honours: honours.items.map {
                [
                    String($0.year), $0.enterpriseName, $0.kindName + ($0.product.map { "（\($0)）" } ?? ""),
                    $0.firstTime ? t["firstTime"] : "",
                ]
            },
            consortia: consortia.prefix(50).map { [$0.approvedOn, $0.name, $0.leadName, t["level_" + $0.level]] },
            standards: standards.prefix(50).map {
                [
                    String($0.year), $0.enterpriseName, $0.number + " " + $0.name,
                    StandardRole(rawValue: $0.role).map { en ? $0.rawValue : $0.nameZh } ?? $0.role,
                ]
            },
            projects: projects.prefix(50).map {
                [
                    String($0.year), $0.name, ProjectKind(rawValue: $0.kind).map { en ? $0.nameEn : $0.nameZh } ?? $0.kind,
                    $0.segmentName ?? "—", $0.amount.map { Display.wan(Double($0)) } ?? "—",
                ]
            },
            counts: Counts(honours: honours.total, projects: projects.count, standards: standards.count, consortia: consortia.count))
    }
}
