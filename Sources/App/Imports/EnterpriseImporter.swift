import ChainLeadCore
import Fluent
import Foundation
import OfficeFormats
import SQLKit

/// Imports an enterprise list: every row is checked first; with any bad row nothing is
/// written (unless skipping was asked for). Upserts by USCC: a column present in the file
/// overwrites (an empty cell clears an optional field), a column absent keeps the stored value.
struct EnterpriseImporter {
    let session: WriteSession
    let caller: Caller
    var progress: @Sendable (Int, Int) async -> Void = { _, _ in }
    var sql: any SQLDatabase { session.sql }

    struct Parsed {
        var row: Int
        var draft: EnterpriseDraft
        var old: EnterpriseDraft?
        /// The chain whose pool a changed tier enters (the primary segment's).
        var poolChain: String?
    }

    static let batch = 500

    /// Reads the stored rows inside the write transaction (locked on PostgreSQL; SQLite's
    /// `BEGIN IMMEDIATE` holds the write lock): an edit made meanwhile is never overwritten.
    func run(_ table: ImportTable, fileName: String, checksum: String, skipInvalid: Bool) async throws -> ImportReport {
        let progress = self.progress
        let segmentsInFile = table.has(.segments)
        let lock = !session.isSQLite
        let importer = self
        return try await session.transaction { tx -> ImportReport in
            let (parsed, errors) = try await ImportStageClock.time("e.parse") { try await importer.parse(table, db: tx, lockRows: lock) }
            var report = ImportReport(
                kind: .enterprises, fileName: fileName, checksum: checksum, totalRows: table.rows.count,
                inserted: 0, updated: 0, unchanged: 0, skipped: 0, errors: errors)
            if !errors.isEmpty && !skipInvalid { return report }
            report.skipped = Set(errors.map(\.row)).count
            let batch = UUID().uuidString.lowercased()
            report.batch = batch
            let new = parsed.filter { $0.old == nil }
            let changed = parsed.filter { $0.old != nil && $0.old != $0.draft }
            report.inserted = new.count
            report.updated = changed.count
            report.unchanged = parsed.count - new.count - changed.count
            let tierReason = "批量导入：\(fileName)"
            let total = new.count + changed.count
            let q = EnterpriseQueries(db: tx)
            let now = Date.nowSeconds()
            let who = importer.caller.username
            var done = 0
            try await FigureCache.bump(tx, FigureCache.registry)
            for chunk in new.chunked(Self.batch) {
                let building = Date()
                var insert = tx.insert(into: "enterprises")
                    .columns(
                        "uscc", "name", "short_name", "former_names", "search_text", "district_code", "address", "founded",
                        "ownership", "contact_person", "contact_phone", "contact_email", "status", "status_date",
                        "successor_uscc", "tier", "uscc_override_reason", "above_scale_year", "main_products", "name_sort", "name_pinyin",
                        "import_batch", "synthetic",
                        "created_at", "updated_at")
                for p in chunk {
                    insert = insert.values(
                        EnterpriseQueries.values(p.draft) + [SQLBind(batch), SQLBind(false), SQLBind(now), SQLBind(now)])
                }
                ImportStageClock.add("e.build", since: building)
                try await ImportStageClock.time("e.insert") { try await insert.run() }
                try await ImportStageClock.time("e.members") { try await Self.writeMemberships(tx, chunk.map(\.draft), new: true) }
                try await ImportStageClock.time("e.tiers") {
                    try await Self.writeNewTiers(tx, chunk.filter { $0.draft.tier != .none }, reason: tierReason, by: who, now: now)
                }
                done += chunk.count
                await progress(done, total)
            }
            for chunk in changed.chunked(Self.batch) {
                for p in chunk { try await q.update(p.draft, now: now) }
                try await tx.update("enterprises").set("import_batch", to: SQLBind(batch))
                    .where("uscc", .in, SQLBind.group(chunk.map(\.draft.uscc))).run()
                if segmentsInFile {
                    try await Self.writeMemberships(tx, chunk.filter { $0.old?.segments != $0.draft.segments }.map(\.draft))
                }
                for p in chunk where p.old?.tier != p.draft.tier {
                    guard let chain = p.poolChain else { continue }
                    try await ChainTiers.apply(
                        .init(enterprise: p.draft.uscc, chain: chain, tier: p.draft.tier, reason: tierReason), by: importer.caller,
                        today: SimpleDate.today(now: now), on: tx)
                }
                done += chunk.count
                await progress(done, total)
            }
            let final = report
            try await AuditLog(db: tx, caller: importer.caller).record(
                entity: "import", key: fileName, action: "import_enterprises",
                extra: [
                    "file": fileName, "sha256": checksum, "rows": String(final.totalRows), "inserted": String(final.inserted),
                    "updated": String(final.updated), "unchanged": String(final.unchanged), "skipped": String(final.skipped),
                ])
            return report
        }
    }

    /// `new`: firms inserted in this transaction, which hold no memberships yet (nothing to delete).
    static func writeMemberships(_ tx: any SQLDatabase, _ drafts: [EnterpriseDraft], new: Bool = false) async throws {
        guard !drafts.isEmpty else { return }
        if !new {
            try await tx.delete(from: "memberships").where("enterprise_uscc", .in, SQLBind.group(drafts.map(\.uscc))).run()
        }
        let pairs = drafts.flatMap { d in d.segments.enumerated().map { (d.uscc, $0.element, $0.offset == 0) } }
        for chunk in pairs.chunked(2000) {
            var insert = tx.insert(into: "memberships").columns("enterprise_uscc", "segment_code", "is_primary")
            for (uscc, code, primary) in chunk { insert = insert.values(SQLBind(uscc), SQLBind(code), SQLBind(primary)) }
            try await insert.run()
        }
    }

    /// New firms entering a pool of their primary chain (Policy S2): one pool entry and one tier
    /// history row each, written in bulk (a new firm holds no other chain's tier).
    static func writeNewTiers(_ tx: any SQLDatabase, _ rows: [Parsed], reason: String, by: String?, now: Date) async throws {
        let rows = rows.filter { $0.poolChain != nil }
        guard !rows.isEmpty else { return }
        let today = SimpleDate.today(now: now).description
        var pools = tx.insert(into: "chain_tiers").columns("enterprise_uscc", "chain_code", "tier", "since")
        var history = tx.insert(into: "tier_changes")
            .columns("enterprise_uscc", "tier", "previous_tier", "changed_on", "reason", "changed_by", "created_at", "chain_code")
        for p in rows {
            pools = pools.values(SQLBind(p.draft.uscc), SQLBind(p.poolChain), SQLBind(p.draft.tier.rawValue), SQLBind(today))
            history = history.values(
                SQLBind(p.draft.uscc), SQLBind(p.draft.tier.rawValue), SQLBind(Tier.none.rawValue), SQLBind(today), SQLBind(reason),
                SQLBind(by),
                SQLBind(now), SQLBind(p.poolChain))
        }
        try await pools.run()
        try await history.run()
    }

    // MARK: parsing

    static let fieldColumns: [String: ImportColumn] = [
        "uscc": .uscc, "name": .name, "shortName": .shortName, "formerNames": .formerNames, "district": .district,
        "address": .address, "mainProducts": .mainProducts, "founded": .founded, "contact.person": .contactPerson,
        "contact.phone": .contactPhone, "contact.email": .contactEmail, "statusDate": .statusDate, "successorUscc": .successorUscc,
        "segments": .segments, "usccOverrideReason": .usccOverrideReason, "aboveScaleYear": .aboveScaleYear,
    ]

    func parse(_ table: ImportTable, db: any SQLDatabase, lockRows: Bool) async throws -> ([Parsed], [DomainError.RowError]) {
        let usccs = table.rows.compactMap { CellParsing.text(table.cell($0, .uscc))?.uppercased() }
        let existing = try await ImportStageClock.time("e.existing") {
            try await EnterpriseQueries(db: db).drafts(usccs: usccs, forUpdate: lockRows)
        }
        let context = Context(
            table: table, existing: existing, segmentNames: try await SegmentNames.load(db),
            chainOfSegment: try await EnterpriseQueries(db: db).chainsOfSegments(), today: SimpleDate.today())
        let checked = await RowChecks.map(table.rows) { Self.check($0, context) }
        var errors: [DomainError.RowError] = []
        var parsed: [Parsed] = []
        var seen: [String: Int] = [:]
        for var row in checked {
            let uscc = row.uscc
            if let first = seen[uscc], !uscc.isEmpty {
                row.errors.append(
                    .init(
                        row: row.parsed.row, column: table.letter(.uscc),
                        reason: "\(ImportColumn.uscc.header)：与第\(first)行的统一社会信用代码重复"))
            } else {
                seen[uscc] = row.parsed.row
                // Checked only for a row without other errors, as the pool rule needs a sound row.
                if let tierError = row.tierError { row.errors.append(tierError) }
            }
            if row.errors.isEmpty { parsed.append(row.parsed) } else { errors += row.errors }
        }
        return (parsed, errors)
    }

    /// What every row's checks read.
    struct Context: Sendable {
        var table: ImportTable
        var existing: [String: EnterpriseDraft]
        var segmentNames: SegmentNames
        var chainOfSegment: [String: String]
        var today: SimpleDate
    }

    /// One row's own checks (duplicates across rows are found after, in order). `tierError`:
    /// the pool rule's objection, which counts only when the row is not a duplicate.
    struct Checked: Sendable {
        /// As written in the file (upper-cased), before the draft's normalising.
        var uscc: String
        var parsed: Parsed
        var errors: [DomainError.RowError]
        var tierError: DomainError.RowError?
    }

    static func check(_ row: SheetRow, _ context: Context) -> Checked {
        let table = context.table
        var rowErrors: [DomainError.RowError] = []
        func fail(_ column: ImportColumn, _ reason: String) {
            rowErrors.append(.init(row: row.number, column: table.letter(column), reason: "\(column.header)：\(reason)"))
        }
        let uscc = (CellParsing.text(table.cell(row, .uscc)) ?? "").uppercased()
        let old = context.existing[uscc]
        var d = old ?? EnterpriseDraft(uscc: uscc, name: "", district: "")
        func text(_ c: ImportColumn) -> String? { CellParsing.text(table.cell(row, c)) }
        func set(_ c: ImportColumn, _ apply: (String?) throws -> Void) {
            guard table.has(c) else { return }
            do { try apply(text(c)) } catch let e as CellParsing.Failure { fail(c, e.reason) } catch { fail(c, "\(error)") }
        }
        d.uscc = uscc
        set(.name) { d.name = $0 ?? "" }
        set(.shortName) { d.shortName = $0 }
        set(.formerNames) { d.formerNames = $0.map(CellParsing.list) ?? [] }
        set(.district) { v in
            guard let v else { throw CellParsing.Failure(reason: "不能为空") }
            d.district = try CellParsing.district(v)
        }
        set(.address) { d.address = $0 }
        set(.mainProducts) { d.mainProducts = $0 }
        if table.has(.founded) {
            do { d.founded = try CellParsing.date(table.cell(row, .founded)) } catch let e as CellParsing.Failure {
                fail(.founded, e.reason)
            } catch { fail(.founded, "\(error)") }
        }
        set(.ownership) { d.ownership = try $0.map(CellParsing.ownership) }
        set(.contactPerson) { d.contactPerson = $0 }
        set(.contactPhone) { d.contactPhone = $0 }
        set(.contactEmail) { d.contactEmail = $0 }
        set(.status) { d.status = try $0.map(CellParsing.status) ?? .active }
        if table.has(.statusDate) {
            do { d.statusDate = try CellParsing.date(table.cell(row, .statusDate)) } catch let e as CellParsing.Failure {
                fail(.statusDate, e.reason)
            } catch { fail(.statusDate, "\(error)") }
        }
        set(.successorUscc) { d.successorUscc = $0 }
        set(.tier) { d.tier = try $0.map(CellParsing.tier) ?? .none }
        var segmentProblem: String?
        set(.segments) {
            let values = $0.map(CellParsing.list) ?? []
            segmentProblem = context.segmentNames.problem(values)
            d.segments = values.map { context.segmentNames.code($0) ?? $0 }
        }
        set(.usccOverrideReason) { d.usccOverrideReason = $0 }
        set(.aboveScaleYear) { v in
            guard let v else {
                d.aboveScaleYear = nil
                return
            }
            guard let year = Int(v.replacingOccurrences(of: "年", with: "")) else { throw CellParsing.Failure(reason: "应为年份，如 2021") }
            d.aboveScaleYear = year
        }
        d.normalise()
        if case .success = USCC.validate(d.uscc) { d.usccOverrideReason = nil }
        if rowErrors.isEmpty {
            for e in d.validate(today: context.today) {
                let column = Self.fieldColumns[e.field] ?? .uscc
                fail(column, e.message)
            }
            if let segmentProblem { fail(.segments, segmentProblem) }
        }
        // Tiers come from decisions (Policy S2): a row may put a firm into a pool of its primary
        // chain, never make or unmake a leader; an unchanged tier is accepted.
        var poolChain: String?
        var tierError: DomainError.RowError?
        if rowErrors.isEmpty, d.tier != (old?.tier ?? .none) {
            let reason: String?
            if d.tier == .leader || old?.tier == .leader {
                reason = "链主企业须经链主遴选认定或复核撤销产生，导入不能设为或取消链主"
            } else if let primary = d.segments.first, let chain = context.chainOfSegment[primary] {
                poolChain = chain
                reason = nil
            } else {
                reason = "培育库按产业链设立：设定梯队须有所属产业链环节"
            }
            tierError = reason.map {
                .init(row: row.number, column: table.letter(.tier), reason: "\(ImportColumn.tier.header)：\($0)")
            }
        }
        return Checked(
            uscc: uscc, parsed: Parsed(row: row.number, draft: d, old: old, poolChain: poolChain), errors: rowErrors, tierError: tierError)
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
