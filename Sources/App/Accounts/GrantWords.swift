import ChainLeadCore
import SQLKit

/// A role with its scope in words, as officials say it: "江阴市 区县工作人员",
/// "集成电路设计与制造、集成电路封装测试 链长及工作专班" — names, never codes.
struct GrantWords {
    var chains: [String: String] = [:]
    var clusters: [String: String] = [:]
    var firms: [String: String] = [:]

    /// The names the grants mention, read in three small queries.
    static func load(_ grants: [Grant], db: any SQLDatabase) async throws -> GrantWords {
        var chainCodes = Set<String>()
        var clusterCodes = Set<String>()
        var usccs = Set<String>()
        for g in grants {
            switch g.scope {
            case .chains(let s): chainCodes.formUnion(s)
            case .clusters(let s): clusterCodes.formUnion(s)
            case .enterprise(let u): usccs.insert(u)
            case .expert(let e?): usccs.insert(e)
            default: break
            }
        }
        struct Name: Decodable {
            var code: String
            var name: String
        }
        var words = GrantWords()
        words.chains = try await chainNames(chainCodes, db: db)
        if !clusterCodes.isEmpty {
            for n in try await db.raw("SELECT code, name FROM clusters WHERE code IN \(SQLBind.group(clusterCodes.sorted()))").rows(
                Name.self)
            {
                words.clusters[n.code] = n.name
            }
        }
        if !usccs.isEmpty {
            for n in try await db.raw("SELECT uscc AS code, name FROM enterprises WHERE uscc IN \(SQLBind.group(usccs.sorted()))").rows(
                Name.self)
            {
                words.firms[n.code] = n.name
            }
        }
        return words
    }

    /// Chain names by code, in one query (none when `codes` is empty).
    static func chainNames(_ codes: Set<String>, db: any SQLDatabase) async throws -> [String: String] {
        struct Name: Decodable {
            var code: String
            var name: String
        }
        guard !codes.isEmpty else { return [:] }
        let rows = try await db.raw("SELECT code, name FROM chains WHERE code IN \(SQLBind.group(codes.sorted()))").rows(Name.self)
        return Dictionary(rows.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    func describe(_ g: Grant) -> String {
        let role = g.role.nameZh
        switch g.scope {
        case .city: return "全市 " + role
        case .clusters(let s): return s.sorted().map { clusters[$0] ?? $0 }.joined(separator: "、") + " " + role
        case .chains(let s): return s.sorted().map { chains[$0] ?? $0 }.joined(separator: "、") + " " + role
        case .department(let d, let head): return d + (head ? "（负责人）" : "") + " " + role
        case .district(let c): return (District.named(code: c)?.name ?? c) + " " + role
        case .enterprise(let u): return (firms[u] ?? u) + " " + role
        case .bank(let b): return b + " " + role
        case .expert(let e): return role + (e.map { "（" + (firms[$0] ?? $0) + "）" } ?? "")
        }
    }
}
