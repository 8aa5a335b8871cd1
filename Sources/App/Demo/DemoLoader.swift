import ChainLeadCore
import Fluent
import Foundation
import SQLKit

/// Writes the demo city into an empty registry in one transaction, in multi-row batches.
public struct DemoLoader {
    public let db: any Database
    public var progress: @Sendable (String) -> Void = { _ in }

    public init(db: any Database, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.db = db
        self.progress = progress
    }

    public enum LoadError: Error, CustomStringConvertible {
        case notEmpty(Int)
        public var description: String {
            switch self {
            case .notEmpty(let n): "The registry already holds \(n) enterprises; the demo city loads into an empty database only."
            }
        }
    }

    public func registryCount() async throws -> Int {
        try await (db.sql).raw("SELECT COUNT(*) AS n FROM enterprises").first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Generates and stores `enterprises` firms from `seed`; answers how many were written.
    @discardableResult
    public func load(enterprises: Int, seed: UInt64) async throws -> Int {
        let existing = try await registryCount()
        guard existing == 0 else { throw LoadError.notEmpty(existing) }
        progress("generating \(enterprises) synthetic enterprises (seed \(seed))")
        let firms = DemoCity(enterprises: enterprises, seed: seed).generate()
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let today = SimpleDate.today(now: now)
        let progress = self.progress
        try await db.sql.withTransaction { sql in
            try await FigureCache.bump(sql, FigureCache.registry)
            try await FigureCache.bump(sql)
            let batch = 400
            for start in stride(from: 0, to: firms.count, by: batch) {
                let slice = firms[start..<min(start + batch, firms.count)]
                var insert = sql.insert(into: "enterprises")
                    .columns(
                        "uscc", "name", "short_name", "former_names", "search_text", "district_code", "address", "founded",
                        "ownership", "contact_person", "contact_phone", "contact_email", "status", "status_date",
                        "successor_uscc", "tier", "uscc_override_reason", "above_scale_year", "main_products", "name_sort", "name_pinyin",
                        "synthetic", "created_at",
                        "updated_at")
                var members = sql.insert(into: "memberships").columns("enterprise_uscc", "segment_code", "is_primary")
                var figures = sql.insert(into: "figures")
                    .columns(
                        "enterprise_uscc", "year", "output_value", "revenue", "rd_expense", "employees", "tax_paid",
                        "exports", "total_assets", "total_liabilities", "main_business_revenue", "source", "updated_at")
                for firm in slice {
                    let d = firm.draft
                    insert = insert.values(EnterpriseQueries.values(d) + [SQLBind(true), SQLBind(now), SQLBind(now)])
                    for (i, s) in d.segments.enumerated() {
                        members = members.values(SQLBind(d.uscc), SQLBind(s), SQLBind(i == 0))
                    }
                    for f in firm.figures {
                        figures = figures.values(
                            SQLBind(d.uscc), SQLBind(f.year), SQLBind(f.outputValue), SQLBind(f.revenue), SQLBind(f.rdExpense),
                            SQLBind(f.employees), SQLBind(f.taxPaid), SQLBind(f.exports), SQLBind(f.totalAssets),
                            SQLBind(f.totalLiabilities), SQLBind(f.mainBusinessRevenue), SQLBind(f.source.rawValue), SQLBind(now))
                    }
                }
                try await insert.run()
                try await members.run()
                try await figures.run()
                progress("  \(min(start + batch, firms.count))/\(firms.count) enterprises written")
            }
            try await EnterpriseQueries(db: sql).refreshLatestOutput()
            let links = DemoSupply(firms: firms, seed: seed).generate()
            for start in stride(from: 0, to: links.count, by: batch) {
                var insert = sql.insert(into: "supply_links")
                    .columns(
                        "buyer_uscc", "supplier_uscc", "supplier_name", "supplier_city", "supplier_key", "supplier_district",
                        "segment", "chain", "year", "amount", "category", "resolution", "created_at")
                for l in links[start..<min(start + batch, links.count)] {
                    insert = insert.values(
                        SQLBind(l.buyer), SQLBind(l.supplierUscc), SQLBind(l.supplierName), SQLBind(l.supplierCity),
                        SQLBind(l.supplierKey), SQLBind(l.supplierDistrict), SQLBind(l.segment), SQLBind(l.chain),
                        SQLBind(l.year), SQLBind(l.amount), SQLBind(l.category.rawValue),
                        SQLBind(l.supplierUscc == nil ? "outside" : "uscc"), SQLBind(now))
                }
                try await insert.run()
            }
            progress("  \(links.count) supply links written (2023–2025)")
            let chains = DefaultTaxonomy.clusters.flatMap(\.chains)
            for (i, chain) in chains.enumerated() {
                let chief = DemoCity.chief(index: i)
                try await sql.update("chains").set("chief_name", to: SQLBind(chief.name))
                    .set("chief_title", to: SQLBind(chief.title))
                    .where("code", .equal, SQLBind(chain.code)).run()
            }
            try await AuditLog(db: sql, caller: .system("demo")).record(
                entity: "registry", key: "demo", action: "demo_load",
                extra: ["enterprises": String(firms.count), "seed": String(seed), "on": today.description])
        }
        try await DemoSelection(db: db.sql, progress: progress).load(firms, seed: seed, today: today)
        try await DemoInnovation(db: db.sql, progress: progress).load(firms, seed: seed, today: today)
        try await DemoMatchmaking(db: db.sql, progress: progress).load(seed: seed, scope: SupportingRateScope())
        try await DemoFinance(db: db.sql, progress: progress).load(seed: seed)
        try await DemoCases(db: db.sql, progress: progress).load(today: today)
        try await loadRequests(firms)
        return firms.count
    }

    /// A few service-express requests from chain leaders, so the queues are not empty (Policy S6).
    func loadRequests(_ firms: [Firm]) async throws {
        let leaders = firms.filter { $0.draft.tier == .leader && $0.draft.status == .active }.prefix(6)
        let samples: [(RequestCategory, String, String)] = [
            (.power, "新产线用电增容", "新产线投产需要增容 2000 千伏安（演示数据）"),
            (.finance, "流动资金贷款对接", "希望对接 3 亿元流动资金贷款（演示数据）"),
            (.land, "扩产用地", "扩产需要 50 亩工业用地（演示数据）"),
            (.talent, "高级工程师引进", "需要人才公寓和子女入学支持（演示数据）"),
            (.environment, "环评审批加快", "技改项目环评审批希望走绿色通道（演示数据）"),
            (.supply, "本地配套对接", "希望对接本地精密结构件供应商（演示数据）"),
        ]
        do {
            for (firm, sample) in zip(leaders, samples) {
                _ = try await RequestService(db: db.sql, caller: .system("demo")).file(
                    RequestInput(
                        enterprise: firm.draft.uscc, category: sample.0, title: sample.1,
                        description: sample.2, urgency: .normal, filedVia: "liaison"))
            }
        }
        progress("  \(min(leaders.count, samples.count)) service requests filed")
    }

    typealias Firm = DemoCity.Firm
}
