import ChainLeadCore
import Foundation
import SQLKit

/// Who a supplier is (Policy L3): by USCC when given; else by normalised name — an exact
/// match with one registered firm links at once, a remembered confirmation links, a likely
/// match waits in the resolution queue, anything else stays an outside firm (never dropped).
struct SupplierResolver: Sendable {
    /// A registered firm (`SELECT uscc, name, district_code AS district FROM enterprises`).
    struct Registered: Sendable, Decodable {
        var uscc: String
        var name: String
        var district: String
    }

    enum Outcome: Sendable, Equatable {
        case registered(uscc: String, district: String, how: String)  // "uscc", "exact", "confirmed"
        case outside(key: String, likely: [Candidate])  // candidates go to the queue
    }

    struct Candidate: Sendable, Equatable {
        var uscc: String
        var reason: String
    }

    var byUSCC: [String: Registered] = [:]
    var byKey: [String: [String]] = [:]
    var byStem: [String: [String]] = [:]
    /// Decided pairs: outside key → (candidate → confirmed?).
    var decisions: [String: [String: Bool]] = [:]

    /// One pass over the registry's names (an import builds this once).
    static func load(_ db: any SQLDatabase) async throws -> SupplierResolver {
        struct Decision: Decodable {
            var supplierKey: String
            var candidateUscc: String
            var status: String
        }
        var r = SupplierResolver()
        for firm in try await db.raw("SELECT uscc, name, district_code AS district FROM enterprises").rows(Registered.self) {
            r.byUSCC[firm.uscc] = firm
            r.byKey[SupplierName.normalise(firm.name), default: []].append(firm.uscc)
            r.byStem[SupplierName.matchingStem(firm.name), default: []].append(firm.uscc)
        }
        let decided = try await db.raw("SELECT supplier_key, candidate_uscc, status FROM supplier_matches WHERE status <> 'pending'")
            .rows(Decision.self)
        for d in decided {
            r.decisions[d.supplierKey, default: [:]][d.candidateUscc] = d.status == "confirmed"
        }
        return r
    }

    /// The key of an outside supplier: its normalised name and, when given, its city.
    static func outsideKey(name: String, city: String?) -> String {
        let c = city.map { SupplierName.normalise($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? ""
        return "name:" + SupplierName.normalise(name) + "|" + c
    }

    func resolve(name: String, city: String?) -> Outcome {
        let key = Self.outsideKey(name: name, city: city)
        if let confirmed = decisions[key]?.first(where: { $0.value })?.key, let firm = byUSCC[confirmed] {
            return .registered(uscc: firm.uscc, district: firm.district, how: "confirmed")
        }
        let exact = byKey[SupplierName.normalise(name)] ?? []
        if exact.count == 1, let firm = byUSCC[exact[0]] {
            return .registered(uscc: firm.uscc, district: firm.district, how: "exact")
        }
        var likely: [Candidate] = []
        for uscc in Set(exact + (byStem[SupplierName.matchingStem(name)] ?? [])).sorted() {
            guard decisions[key]?[uscc] == nil, let firm = byUSCC[uscc] else { continue }
            switch SupplierName.match(name, firm.name) {
            case .exact: likely.append(Candidate(uscc: uscc, reason: "名称相同，但有多家同名企业"))
            case .likely(let reason): likely.append(Candidate(uscc: uscc, reason: reason))
            case .none: break
            }
        }
        return .outside(key: key, likely: likely)
    }
}
