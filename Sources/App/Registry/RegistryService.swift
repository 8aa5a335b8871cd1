import ChainLeadCore
import Fluent
import Foundation
import SQLKit

/// The registry's writes, shared by the API, the pages and the imports: validate with
/// ChainLeadCore, write in one transaction, record the tier history and the audit entry.
/// Errors are `DomainError`s naming the field at fault.
struct RegistryService {
    let db: any SQLDatabase
    /// Who acts: checked, and recorded in the audit trail.
    let caller: Caller
    var sql: any SQLDatabase { db }

    static let reasonLimit = 500

    /// The rules that need no database, then the segment codes against the taxonomy.
    func validate(_ draft: EnterpriseDraft, checkSegments: Bool = true) async throws {
        if let e = draft.validate().first { throw DomainError.invalid(e.field, e.message, code: e.code) }
        if checkSegments {
            let unknown = try await EnterpriseQueries(db: sql).unknownSegments(draft.segments)
            if !unknown.isEmpty {
                throw DomainError.invalid("segments", "产业链环节代码不存在或已停用：\(unknown.joined(separator: "、"))", code: "unknown_segment")
            }
        }
    }

    /// Creates an enterprise from a normalised draft; 409 when its USCC exists.
    func create(_ draft: EnterpriseDraft, tierReason: String?) async throws {
        if let r = tierReason, r.unicodeScalars.count > Self.reasonLimit {
            throw DomainError.invalid("tierReason", "梯队调整原因不能超过\(Self.reasonLimit)个字符")
        }
        try await validate(draft)
        let poolChain = try await Self.poolChain(for: draft, db: sql)
        let queries = EnterpriseQueries(db: sql)
        if try await queries.exists(draft.uscc) { throw Self.duplicate(draft.uscc) }
        let caller = self.caller
        let now = Date.nowSeconds()
        do {
            try await db.withTransaction { tx in
                let q = EnterpriseQueries(db: tx)
                try await q.insert(draft, synthetic: false, now: now)
                try await q.replaceMemberships(draft.uscc, segments: draft.segments)
                if let chain = poolChain {
                    let reason = tierReason.flatMap { $0.isEmpty ? nil : $0 } ?? "录入时设定"
                    try await ChainTiers.apply(
                        .init(enterprise: draft.uscc, chain: chain, tier: draft.tier, reason: reason), by: caller, today: .today(), on: tx)
                }
                try await AuditLog(db: tx, caller: caller).record(
                    entity: "enterprise", key: draft.uscc, action: "create",
                    changes: EnterpriseChanges.diff(nil, draft))
            }
        } catch {
            // Two creators raced: the loser gets the same 409 as a later one would.
            if try await queries.exists(draft.uscc) { throw Self.duplicate(draft.uscc) }
            throw error
        }
    }

    /// Saves an edited enterprise. A tier change needs a reason and enters the tier history.
    func update(
        from old: EnterpriseDraft, to draft: EnterpriseDraft, tierReason: String, segmentsChanged: Bool,
        resource: Resource, expected: Int64? = nil
    ) async throws {
        let changes = EnterpriseChanges.diff(old, draft, segmentsKnown: segmentsChanged)
        if let allowed = Policy.updatableFields(caller.grants, resource),
            let field = changes.keys.sorted().first(where: { !allowed.contains($0) })
        {
            // Self-service: an enterprise user keeps its contact data; the rest is the officials'.
            try await Access.deny(
                .update, resource, field: field, caller: caller, db: sql,
                reason: "企业用户只能修改本企业的地址、主要产品和联系人信息，不能修改“\(field)”")
        }
        if tierReason.unicodeScalars.count > Self.reasonLimit {
            throw DomainError.invalid("tierReason", "梯队调整原因不能超过\(Self.reasonLimit)个字符")
        }
        if draft.tier != old.tier { throw Self.tierByDecision(old.tier, draft.tier) }
        try await validate(draft, checkSegments: segmentsChanged)
        let now = Date.nowSeconds()
        try await db.withTransaction { tx in
            let q = EnterpriseQueries(db: tx)
            guard try await q.update(draft, now: now, expected: expected) else {
                throw EditVersion.stale("企业“\(old.name)”", stored: try await q.record(draft.uscc)?.version)
            }
            if segmentsChanged { try await q.replaceMemberships(draft.uscc, segments: draft.segments) }
            try await AuditLog(db: tx, caller: caller).record(entity: "enterprise", key: draft.uscc, action: "update", changes: changes)
        }
    }

    /// Tiers come from decisions (Policy S2): a leader only from a recognition, a pool tier from a
    /// pool move. A new firm may enter a pool of its primary chain; answers that chain (nil: no tier).
    static func poolChain(for draft: EnterpriseDraft, db: any SQLDatabase) async throws -> String? {
        guard draft.tier != .none else { return nil }
        if draft.tier == .leader { throw tierByDecision(.none, .leader) }
        guard let primary = draft.segments.first,
            let chain = try await db.raw("SELECT chain_code FROM segments WHERE code = \(bind: primary)")
                .first(decodingColumn: "chain_code", as: String.self)
        else { throw DomainError.invalid("tier", "培育库按产业链设立：设定梯队须先选择所属产业链环节", code: "segment_required") }
        return chain
    }

    static func tierByDecision(_ from: Tier, _ to: Tier) -> DomainError {
        let message =
            from == .leader || to == .leader
            ? "链主企业须经链主遴选认定或复核撤销产生，不能直接修改梯队（\(from.nameZh) → \(to.nameZh)）"
            : "企业梯队由培育库调整产生：请在培育库中调整（\(from.nameZh) → \(to.nameZh)，POST /api/v1/pools/moves）"
        return DomainError.invalid("tier", message, code: "tier_by_decision")
    }

    /// Replaces one year's figures of an existing enterprise.
    /// An enterprise user's figures are stored as self-reported, whatever source was sent.
    func putFigures(_ uscc: String, _ sent: AnnualFigures, resource: Resource?, expected: Int64? = nil) async throws {
        var adjusted = sent
        if let resource, Policy.writesSelfReported(caller.grants, resource) { adjusted.source = .selfReported }
        let figures = adjusted
        if let e = figures.validate().first { throw DomainError.invalid(e.field, e.message, code: e.code) }
        guard try await EnterpriseQueries(db: sql).exists(uscc) else {
            throw DomainError.notFound("统一社会信用代码为 \(uscc) 的企业", field: "uscc")
        }
        let now = Date.nowSeconds()
        try await db.withTransaction { tx in
            let q = EnterpriseQueries(db: tx)
            if let expected {
                guard try await q.replaceFigures(uscc, figures, now: now, expected: expected) else {
                    throw EditVersion.stale("\(figures.year)年经营数据", stored: try await q.figureVersion(uscc, year: figures.year))
                }
            } else {
                try await q.upsertFigures(uscc, figures, now: now)
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "figures", key: "\(uscc)/\(figures.year)", action: "put",
                changes: EnterpriseChanges.figures(figures))
        }
    }

    /// The stored enterprise with its segments (primary first) as a draft, for editing.
    func current(_ uscc: String) async throws -> EnterpriseDetail {
        guard var detail = try await EnterpriseQueries(db: sql).detail(uscc) else {
            throw DomainError.notFound("统一社会信用代码为 \(uscc) 的企业", field: "uscc")
        }
        detail.record.draft.segments = detail.memberships.map(\.segment)
        return detail
    }

    static func duplicate(_ uscc: String) -> DomainError {
        DomainError(.conflict, "duplicate", "统一社会信用代码为 \(uscc) 的企业已存在", field: "uscc")
    }
}
