import ChainLeadCore
import Foundation
import SQLKit

/// Set-based reads and writes of the registry's enterprises (SQLKit; runs on SQLite and PostgreSQL).
struct EnterpriseQueries {
    let db: any SQLDatabase

    // MARK: list

    func list(_ filter: EnterpriseFilter, page: PageRequest) async throws -> (items: [EnterpriseSummaryRecord], total: Int) {
        let total = try await total(filter, Self.whereClause(filter))
        let query = Self.pageQuery(filter, page: page, postgres: db.dialect.name == "postgresql")
        return (try await db.raw(query).rows(EnterpriseRows.Summary.self).map(\.record), total)
    }

    /// One page of the list, in the order shown (the list indexes of M062 and M063 serve it), each
    /// firm with the chains of its segments in the same statement.
    static func pageQuery(_ filter: EnterpriseFilter, page: PageRequest, postgres: Bool) -> SQLQueryString {
        let chainCodes: SQLQueryString = postgres ? "string_agg(DISTINCT s.chain_code, ',')" : "group_concat(DISTINCT s.chain_code)"
        return """
            SELECT e.uscc, e.name, e.short_name, e.district_code, \(tierColumn(filter.chain)) AS tier, e.status, e.latest_year,
                   e.latest_output_value, e.synthetic, mp.segment_code AS primary_segment, sp.chain_code AS primary_chain,
                   (SELECT \(chainCodes) FROM memberships m JOIN segments s ON s.code = m.segment_code
                    WHERE m.enterprise_uscc = e.uscc) AS chain_codes
            FROM enterprises e
            LEFT JOIN memberships mp ON mp.enterprise_uscc = e.uscc AND mp.is_primary = \(bind: true)
            LEFT JOIN segments sp ON sp.code = mp.segment_code
            WHERE \(whereClause(filter))
            ORDER BY \(unsafeRaw: orderBy(filter.sort))
            LIMIT \(bind: page.per) OFFSET \(bind: page.offset)
            """
    }

    /// The list's total. Counting a million firms on every page load is the list's main cost, so
    /// the totals of code filters (a closed set of keys) are kept in `figure_cache` until the next
    /// registry write; a text search or an import batch is counted each time.
    func total(_ filter: EnterpriseFilter, _ whereClause: SQLQueryString) async throws -> Int {
        let count = {
            try await db.raw("SELECT COUNT(*) AS n FROM enterprises e WHERE \(whereClause)").first(decodingColumn: "n", as: Int.self) ?? 0
        }
        guard let key = Self.countKey(filter) else { return try await count() }
        return try await FigureCache.value(db, key: key, of: FigureCache.registry, compute: count)
    }

    /// The cache key of a filter's total, nil for a filter not worth keeping (free text, a batch).
    static func countKey(_ f: EnterpriseFilter) -> String? {
        guard (f.q ?? "").trimmingCharacters(in: .whitespaces).isEmpty, f.importBatch == nil else { return nil }
        let scope =
            f.scope.all
            ? "all" : "d=" + f.scope.districts.sorted().joined(separator: ",") + ";c=" + f.scope.chains.sorted().joined(separator: ",")
        let parts = [f.cluster, f.chain, f.segment, f.district, f.tier?.rawValue, f.status?.rawValue].map { $0 ?? "" }
        return "enterprise-count:" + parts.joined(separator: "|") + "|" + scope
    }

    /// The chains of each firm's segments, in one query per 500 firms.
    func chains(of usccs: [String]) async throws -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for chunk in usccs.chunked(500) where !chunk.isEmpty {
            for row in try await db.raw(
                """
                SELECT m.enterprise_uscc, s.chain_code FROM memberships m JOIN segments s ON s.code = m.segment_code
                WHERE m.enterprise_uscc IN \(SQLBind.group(Array(chunk)))
                """
            ).rows(EnterpriseRows.FirmChain.self) {
                out[row.enterpriseUscc, default: []].insert(row.chainCode)
            }
        }
        return out
    }

    /// The tier a list shows: the firm's tier in `chain` when one is named, else its highest.
    static func tierColumn(_ chain: String?) -> SQLQueryString {
        guard let chain else { return "e.tier" }
        return "COALESCE((SELECT t.tier FROM chain_tiers t WHERE t.enterprise_uscc = e.uscc AND t.chain_code = \(bind: chain)), 'none')"
    }

    static func whereClause(_ f: EnterpriseFilter) -> SQLQueryString {
        var parts: [SQLQueryString] = ["1 = 1"]
        if !f.scope.all {
            var any: [SQLQueryString] = []
            if !f.scope.districts.isEmpty { any.append("e.district_code IN \(SQLBind.group(f.scope.districts.sorted()))") }
            if !f.scope.chains.isEmpty {
                any.append(
                    """
                    EXISTS (SELECT 1 FROM memberships m JOIN segments s ON s.code = m.segment_code
                            WHERE m.enterprise_uscc = e.uscc AND s.chain_code IN \(SQLBind.group(f.scope.chains.sorted())))
                    """)
            }
            parts.append(any.isEmpty ? "1 = 0" : "(" + any.joined(separator: " OR ") + ")")
        }
        if let q = f.q?.trimmingCharacters(in: .whitespaces).lowercased(), !q.isEmpty {
            let like = "%" + likeEscaped(q) + "%"
            parts.append("(e.search_text LIKE \(bind: like) ESCAPE '\\' OR e.name_pinyin LIKE \(bind: like) ESCAPE '\\')")
        }
        if let d = f.district { parts.append("e.district_code = \(bind: d)") }
        if let t = f.tier {
            // Where a chain is named, the tier is the tier in that chain (Policy S2: recognition is per chain).
            if let c = f.chain {
                let held: SQLQueryString = "SELECT 1 FROM chain_tiers t WHERE t.enterprise_uscc = e.uscc AND t.chain_code = \(bind: c)"
                parts.append(t == .none ? "NOT EXISTS (" + held + ")" : "EXISTS (" + held + " AND t.tier = \(bind: t.rawValue))")
            } else {
                parts.append("e.tier = \(bind: t.rawValue)")
            }
        }
        if let s = f.status { parts.append("e.status = \(bind: s.rawValue)") }
        if let batch = f.importBatch { parts.append("e.import_batch = \(bind: batch)") }
        if let s = f.segment {
            parts.append("EXISTS (SELECT 1 FROM memberships m WHERE m.enterprise_uscc = e.uscc AND m.segment_code = \(bind: s))")
        }
        if let c = f.chain {
            parts.append(
                """
                EXISTS (SELECT 1 FROM memberships m JOIN segments s ON s.code = m.segment_code
                        WHERE m.enterprise_uscc = e.uscc AND s.chain_code = \(bind: c))
                """)
        }
        if let c = f.cluster {
            parts.append(
                """
                EXISTS (SELECT 1 FROM memberships m JOIN segments s ON s.code = m.segment_code
                        JOIN chains ch ON ch.code = s.chain_code
                        WHERE m.enterprise_uscc = e.uscc AND ch.cluster_code = \(bind: c))
                """)
        }
        return parts.joined(separator: " AND ")
    }

    static func likeEscaped(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// Only these columns can be sorted on; the key comes from a closed enum.
    static func orderBy(_ sort: String) -> String {
        let desc = sort.hasPrefix("-")
        let key = desc ? String(sort.dropFirst()) : sort
        let column: String
        switch key {
        case "uscc": column = "e.uscc"
        case "founded": column = "e.founded"
        case "outputValue": column = "e.latest_output_value"
        case "updatedAt": column = "e.updated_at"
        default: column = "e.name_sort"  // pinyin order (PinyinKey)
        }
        // Name keys and codes are never empty: no NULLS LAST, so the list indexes (M062) give the
        // rows in order on both databases.
        if column == "e.uscc" { return desc ? "e.uscc DESC" : "e.uscc ASC" }
        if column == "e.name_sort" { return desc ? "e.name_sort DESC, e.uscc DESC" : "e.name_sort ASC, e.uscc ASC" }
        return "\(column) \(desc ? "DESC" : "ASC") NULLS LAST, e.uscc ASC"
    }

    // MARK: one enterprise

    func exists(_ uscc: String) async throws -> Bool {
        try await db.raw("SELECT 1 AS x FROM enterprises WHERE uscc = \(bind: uscc)").first() != nil
    }

    func detail(_ uscc: String) async throws -> EnterpriseDetail? {
        guard let record = try await record(uscc) else { return nil }
        let memberships = try await db.raw(
            """
            SELECT m.segment_code, m.is_primary, s.name AS segment_name, s.position, s.chain_code, c.name AS chain_name
            FROM memberships m JOIN segments s ON s.code = m.segment_code JOIN chains c ON c.code = s.chain_code
            WHERE m.enterprise_uscc = \(bind: uscc)
            ORDER BY m.is_primary DESC, c.sort_order, s.sort_order
            """
        ).rows(EnterpriseRows.Membership.self).map(\.record)
        let history = try await db.raw(
            """
            SELECT tier, previous_tier, changed_on, reason, changed_by, chain_code, campaign_id FROM tier_changes
            WHERE enterprise_uscc = \(bind: uscc) ORDER BY id
            """
        ).rows(EnterpriseRows.TierChange.self).map(\.record)
        let rows = try await db.raw("SELECT * FROM figures WHERE enterprise_uscc = \(bind: uscc) ORDER BY year").rows(
            EnterpriseRows.Figures.self)
        return EnterpriseDetail(
            record: record, memberships: memberships, tierHistory: history, figures: rows.map(\.figures),
            figureVersions: Dictionary(rows.map { ($0.year, $0.version ?? 1) }, uniquingKeysWith: max))
    }

    func record(_ uscc: String) async throws -> EnterpriseRecord? {
        try await db.raw("SELECT * FROM enterprises WHERE uscc = \(bind: uscc)").row(EnterpriseRows.Enterprise.self)?.record
    }

    func figures(of uscc: String) async throws -> [AnnualFigures] {
        try await db.raw("SELECT * FROM figures WHERE enterprise_uscc = \(bind: uscc) ORDER BY year").rows(EnterpriseRows.Figures.self).map(
            \.figures)
    }

    /// The codes among `codes` that are not live segments of the taxonomy.
    func unknownSegments(_ codes: [String]) async throws -> [String] {
        guard !codes.isEmpty else { return [] }
        let known = try await db.raw(
            """
            SELECT code FROM segments WHERE retired_on IS NULL AND code IN (\(codes.map { SQLQueryString("\(bind: $0)") }.joined(separator: ", ")))
            """
        ).all(decodingColumn: "code", as: String.self)
        let knownSet = Set(known)
        return codes.filter { !knownSet.contains($0) }
    }

    // MARK: writes (call inside a transaction)

    static func searchText(_ d: EnterpriseDraft) -> String {
        ([d.name, d.shortName ?? "", d.uscc] + d.formerNames).joined(separator: "\n").lowercased()
    }

    func insert(_ d: EnterpriseDraft, synthetic: Bool, now: Date) async throws {
        try await FigureCache.bump(db, FigureCache.registry)
        try await db.insert(into: "enterprises")
            .columns(
                "uscc", "name", "short_name", "former_names", "search_text", "district_code", "address", "founded",
                "ownership", "contact_person", "contact_phone", "contact_email", "status", "status_date",
                "successor_uscc", "tier", "uscc_override_reason", "above_scale_year", "main_products", "name_sort", "name_pinyin",
                "synthetic",
                "created_at", "updated_at"
            )
            .values(Self.values(d) + [SQLBind(synthetic), SQLBind(now), SQLBind(now)])
            .run()
    }

    /// Writes the draft, one version on; with `expected`, only over that version (false: it was
    /// not the stored one, nothing written).
    @discardableResult
    func update(_ d: EnterpriseDraft, now: Date, expected: Int64? = nil) async throws -> Bool {
        let onlyIf: SQLQueryString = expected.map { " AND version = \(bind: $0)" } ?? ""
        try await FigureCache.bump(db, FigureCache.registry)
        return try await !db.raw(
            """
            UPDATE enterprises SET name = \(bind: d.name), name_sort = \(bind: PinyinKey.sortKey(d.name)),
              name_pinyin = \(bind: EnterpriseSearch.pinyin(d.name)), short_name = \(bind: d.shortName),
              former_names = \(bind: d.formerNames.joined(separator: "\n")), search_text = \(bind: Self.searchText(d)),
              district_code = \(bind: d.district), address = \(bind: d.address), main_products = \(bind: d.mainProducts),
              founded = \(bind: d.founded),
              ownership = \(bind: d.ownership?.rawValue), contact_person = \(bind: d.contactPerson),
              contact_phone = \(bind: d.contactPhone), contact_email = \(bind: d.contactEmail),
              status = \(bind: d.status.rawValue), status_date = \(bind: d.statusDate),
              successor_uscc = \(bind: d.successorUscc), tier = \(bind: d.tier.rawValue),
              uscc_override_reason = \(bind: d.usccOverrideReason), above_scale_year = \(bind: d.aboveScaleYear), updated_at = \(bind: now),
              version = version + 1
            WHERE uscc = \(bind: d.uscc)\(onlyIf) RETURNING uscc
            """
        ).all().isEmpty
    }

    /// The draft's columns from `uscc` to `name_pinyin`, in the order `insert` names them (the
    /// importer and the demo loader name the same).
    static func values(_ d: EnterpriseDraft) -> [any SQLExpression] {
        [
            SQLBind(d.uscc), SQLBind(d.name), SQLBind(d.shortName), SQLBind(d.formerNames.joined(separator: "\n")),
            SQLBind(searchText(d)), SQLBind(d.district), SQLBind(d.address), SQLBind(d.founded),
            SQLBind(d.ownership?.rawValue), SQLBind(d.contactPerson), SQLBind(d.contactPhone), SQLBind(d.contactEmail),
            SQLBind(d.status.rawValue), SQLBind(d.statusDate), SQLBind(d.successorUscc), SQLBind(d.tier.rawValue),
            SQLBind(d.usccOverrideReason), SQLBind(d.aboveScaleYear), SQLBind(d.mainProducts), SQLBind(PinyinKey.sortKey(d.name)),
            SQLBind(EnterpriseSearch.pinyin(d.name)),
        ]
    }

    /// Replaces the enterprise's segments; the first is primary.
    func replaceMemberships(_ uscc: String, segments: [String]) async throws {
        try await FigureCache.bump(db, FigureCache.registry)
        try await db.delete(from: "memberships").where("enterprise_uscc", .equal, SQLBind(uscc)).run()
        guard !segments.isEmpty else { return }
        var insert = db.insert(into: "memberships").columns("enterprise_uscc", "segment_code", "is_primary")
        for (i, code) in segments.enumerated() {
            insert = insert.values(SQLBind(uscc), SQLBind(code), SQLBind(i == 0))
        }
        try await insert.run()
    }

    /// Insert or replace one year's figures, then refresh the enterprise's latest output.
    func upsertFigures(_ uscc: String, _ f: AnnualFigures, now: Date) async throws {
        try await FiguresWrites(db: db).upsert([.init(uscc: uscc, figures: f)], now: now)
        try await refreshLatestOutput(uscc: uscc)
    }

    /// Replaces a stored year's figures only over version `expected` (false: not stored, or
    /// another version; nothing written).
    func replaceFigures(_ uscc: String, _ f: AnnualFigures, now: Date, expected: Int64) async throws -> Bool {
        let done = try await db.raw(
            """
            UPDATE figures SET output_value = \(bind: f.outputValue), revenue = \(bind: f.revenue), rd_expense = \(bind: f.rdExpense),
              employees = \(bind: f.employees), tax_paid = \(bind: f.taxPaid), exports = \(bind: f.exports),
              total_assets = \(bind: f.totalAssets), total_liabilities = \(bind: f.totalLiabilities),
              main_business_revenue = \(bind: f.mainBusinessRevenue), source = \(bind: f.source.rawValue), updated_at = \(bind: now),
              version = version + 1
            WHERE enterprise_uscc = \(bind: uscc) AND year = \(bind: f.year) AND version = \(bind: expected) RETURNING year
            """
        ).all()
        guard !done.isEmpty else { return false }
        try await refreshLatestOutput(uscc: uscc)
        return true
    }

    func figureVersion(_ uscc: String, year: Int) async throws -> Int64? {
        try await db.raw("SELECT version FROM figures WHERE enterprise_uscc = \(bind: uscc) AND year = \(bind: year)")
            .first(decodingColumn: "version", as: Int64.self)
    }

    /// `latest_year`/`latest_output_value`: the newest year with a known output (for sorting lists).
    func refreshLatestOutput(uscc: String? = nil) async throws {
        try await refreshLatestOutput(where: uscc.map { "uscc = \(bind: $0)" })
    }

    /// Only the rows whose latest output changes are written: a re-import of the same figures
    /// rewrites no firm's row (on PostgreSQL a rewrite also rewrites its eight index entries).
    func refreshLatestOutput(where filter: SQLQueryString?) async throws {
        let year: SQLQueryString =
            "(SELECT MAX(f.year) FROM figures f WHERE f.enterprise_uscc = enterprises.uscc AND f.output_value IS NOT NULL)"
        let value: SQLQueryString = """
            (SELECT f.output_value FROM figures f WHERE f.enterprise_uscc = enterprises.uscc
             AND f.output_value IS NOT NULL ORDER BY f.year DESC LIMIT 1)
            """
        let changed: SQLQueryString = "(latest_year IS DISTINCT FROM \(year) OR latest_output_value IS DISTINCT FROM \(value))"
        let rows: SQLQueryString = filter.map { $0 + " AND " } ?? ""
        try await db.raw(
            """
            UPDATE enterprises SET latest_year = \(year), latest_output_value = \(value)
            WHERE \(rows)\(changed)
            """
        ).run()
    }
}

extension EnterpriseQueries {
    /// The stored drafts (with segments, primary first) of these USCCs, in batches.
    /// `forUpdate` (PostgreSQL, inside a transaction): the rows stay locked until it ends.
    func drafts(usccs: [String], forUpdate: Bool = false) async throws -> [String: EnterpriseDraft] {
        var out: [String: EnterpriseDraft] = [:]
        let lock: SQLQueryString = forUpdate ? " FOR UPDATE" : ""
        for chunk in Array(Set(usccs)).chunked(500) {
            for row in try await db.raw("SELECT * FROM enterprises WHERE uscc IN \(SQLBind.group(Array(chunk)))\(lock)").rows(
                EnterpriseRows.Enterprise.self)
            {
                out[row.uscc] = row.record.draft
            }
            let members = try await db.raw(
                """
                SELECT m.enterprise_uscc, m.segment_code FROM memberships m JOIN segments s ON s.code = m.segment_code
                JOIN chains c ON c.code = s.chain_code WHERE m.enterprise_uscc IN \(SQLBind.group(Array(chunk)))
                ORDER BY m.enterprise_uscc, m.is_primary DESC, c.sort_order, s.sort_order
                """
            ).rows(EnterpriseRows.FirmSegment.self)
            for m in members { out[m.enterpriseUscc]?.segments.append(m.segmentCode) }
        }
        return out
    }

    func existing(usccs: [String]) async throws -> Set<String> {
        var out = Set<String>()
        for chunk in Array(Set(usccs)).chunked(500) {
            out.formUnion(
                try await db.raw("SELECT uscc FROM enterprises WHERE uscc IN \(SQLBind.group(Array(chunk)))").all(
                    decodingColumn: "uscc", as: String.self))
        }
        return out
    }

    /// Every segment's chain, by segment code.
    func chainsOfSegments() async throws -> [String: String] {
        struct Row: Decodable {
            var code: String
            var chainCode: String
        }
        return Dictionary(
            try await db.raw("SELECT code, chain_code FROM segments").rows(Row.self).map { ($0.code, $0.chainCode) },
            uniquingKeysWith: { a, _ in a })
    }

    func liveSegmentCodes() async throws -> Set<String> {
        Set(try await db.raw("SELECT code FROM segments WHERE retired_on IS NULL").all(decodingColumn: "code", as: String.self))
    }

    func refreshLatestOutput(usccs: [String]) async throws {
        for chunk in usccs.chunked(500) {
            try await refreshLatestOutput(where: "uscc IN \(SQLBind.group(Array(chunk)))")
        }
    }
}
