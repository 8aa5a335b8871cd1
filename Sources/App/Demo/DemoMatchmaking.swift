import ChainLeadCore
import Foundation
import SQLKit

/// The demo city's matchmaking (Policy L1, L3): every firm's main products (from its primary
/// segment), offers of some smaller firms, and three leaders' suggested demands published with a
/// match or two under way — no deal, so the supporting rates stay those of the purchases.
/// Written through the same stores as users' records.
struct DemoMatchmaking {
    let db: any SQLDatabase
    var progress: @Sendable (String) -> Void = { _ in }
    let caller = Caller.system("demo")

    static let products = ["零部件", "成套设备", "关键材料", "检测服务", "精密加工", "模组"]
    static let certificates = ["ISO9001", "IATF16949", "ISO14001", "CE", "AS9100"]

    func load(seed: UInt64, scope: SupportingRateScope) async throws {
        var rng = DemoRandom(seed: seed &+ 1017)
        // One set-based statement: the primary segment's name and a generic product word.
        try await db.raw(
            """
            UPDATE enterprises SET main_products = (
              SELECT s.name || '及配套产品' FROM memberships m JOIN segments s ON s.code = m.segment_code
              WHERE m.enterprise_uscc = enterprises.uscc AND m.is_primary = \(bind: true) LIMIT 1)
            WHERE status = 'active' AND tier IN ('backbone', 'emerging', 'candidate')
            """
        ).run()
        struct Smaller: Decodable {
            var uscc: String
            var segment: String
            var segmentName: String
        }
        let smaller = try await db.raw(
            """
            SELECT e.uscc, m.segment_code AS segment, s.name AS segment_name FROM enterprises e
            JOIN memberships m ON m.enterprise_uscc = e.uscc AND m.is_primary = \(bind: true) JOIN segments s ON s.code = m.segment_code
            WHERE e.status = 'active' AND e.tier IN ('backbone', 'emerging') ORDER BY e.uscc LIMIT 40
            """
        ).rows(Smaller.self)
        let offers = Offers(db: db, caller: caller)
        for f in smaller {
            let product = rng.pick(Self.products)
            _ = try await offers.create(
                OfferInput(
                    enterprise: f.uscc, title: f.segmentName + product,
                    description: "可为链主企业提供\(f.segmentName)\(product)，支持定制开发和小批量试制（演示数据）。", segments: [f.segment],
                    certifications: Array(Set((0..<rng.int(0...2)).map { _ in rng.pick(Self.certificates) })).sorted(),
                    capacity: rng.chance(0.5) ? "年产能可满足链主企业批量采购" : nil, referenceCustomers: nil))
        }
        let suggestions = try await DemandSuggestions(db: db, caller: caller, scope: scope).list(buyer: nil, year: nil)
        var buyers = Set<String>()
        var published = 0
        for s in suggestions where !buyers.contains(s.buyer) && buyers.count < 3 {
            // A segment with no other active local firm has no one to rank: the demo shows one that has.
            guard s.localFirms > 0 else { continue }
            buyers.insert(s.buyer)
            let demand = try await Demands(db: db, caller: caller).create(
                DemandInput(
                    buyer: s.buyer, title: s.title, description: s.description, segment: s.segment, quantity: "年度框架采购",
                    certifications: ["ISO9001"]))
            published += 1
            let candidates = try await Candidates(db: db, caller: caller, scope: scope).rank(demand: demand.id, limit: 2)
            let matches = Matches(db: db, caller: caller, scope: scope)
            for (i, c) in candidates.enumerated() {
                let m = try await matches.open(demand: demand.id, supplier: c.enterprise)
                if i == 0 { _ = try await matches.move(m.id, MatchMoveInput(to: .contacted)) }
            }
        }
        progress("  main products, \(smaller.count) offers and \(published) demands with their first matches written")
    }
}
