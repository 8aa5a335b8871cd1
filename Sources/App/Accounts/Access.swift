import ChainLeadCore
import Foundation
import SQLKit

/// The one way routes ask the policy (through `require` at the handler boundary). Denied writes
/// are audited (without their payload); the 403 carries the policy's reason.
enum Access {
    static func require(_ action: Action, _ resource: Resource, caller: Caller, db: any SQLDatabase) async throws {
        // The server's own command line and jobs act for the operator who runs them.
        if caller.isSystem { return }
        let decision = Policy.decide(caller.grants, action, resource)
        if decision.allowed { return }
        if action != .read && action != .readAudit {
            // Best effort: the refusal stands even when its audit entry cannot be written.
            try? await AuditLog(db: db, caller: caller).record(
                entity: "access", key: Self.key(resource), action: "denied_\(action.rawValue)",
                extra: ["reason": decision.reason])
        }
        throw DomainError(.forbidden, "forbidden", decision.reason)
    }

    /// A refusal decided by a rule finer than `Policy.decide` (e.g. a self-service field):
    /// audited like any denied write, 403 naming the field.
    static func deny(_ action: Action, _ resource: Resource, field: String, caller: Caller, db: any SQLDatabase, reason: String)
        async throws -> Never
    {
        // Best effort: the refusal stands even when its audit entry cannot be written.
        try? await AuditLog(db: db, caller: caller).record(
            entity: "access", key: key(resource), action: "denied_\(action.rawValue)",
            extra: ["reason": reason, "field": field])
        throw DomainError(.forbidden, "forbidden", reason, field: field)
    }

    /// The policy's view of a stored enterprise: its district and the chains of its segments.
    static func resource(_ detail: EnterpriseDetail) -> Resource {
        .enterprise(
            uscc: detail.record.draft.uscc, district: detail.record.draft.district,
            chains: Set(detail.memberships.map(\.chain)))
    }

    static func key(_ resource: Resource) -> String {
        switch resource {
        case .enterprise(let uscc, _, _): uscc
        case .newEnterprise(let district): "new@\(district)"
        default: "\(resource)"
        }
    }
}

extension Access {
    /// What the current caller may see of a firm. The one decision behind every path that shows a
    /// firm — profile, API read, write responses, edit form, list rows, exports: `chains` are the
    /// chains of all its segments.
    static func visibility(uscc: String, district: String, chains: Set<String>, caller: Caller) -> Visibility {
        Policy.visibility(caller.grants, uscc: uscc, district: district, chains: chains)
    }

    /// What the caller may see of this enterprise; 403 (with the policy's reason) when nothing.
    static func visibility(of detail: EnterpriseDetail, caller: Caller, db: any SQLDatabase) async throws -> Visibility {
        let d = detail.record.draft
        let v = visibility(uscc: d.uscc, district: d.district, chains: Set(detail.memberships.map(\.chain)), caller: caller)
        if v == .none { try await require(.read, resource(detail), caller: caller, db: db) }
        return v
    }

    /// The detail as the caller may see it.
    static func present(_ detail: EnterpriseDetail, to caller: Caller) -> EnterpriseDetail {
        let d = detail.record.draft
        return redact(detail, visibility(uscc: d.uscc, district: d.district, chains: Set(detail.memberships.map(\.chain)), caller: caller))
    }

    /// The detail cut down to what `visibility` allows: the directory fields only, or the
    /// contact's phone and e-mail masked.
    static func redact(_ detail: EnterpriseDetail, _ visibility: Visibility) -> EnterpriseDetail {
        var out = detail
        out.record.draft = redact(detail.record.draft, visibility)
        if visibility <= .directory {
            out.figures = []
            out.tierHistory = []
        }
        return out
    }

    static func redact(_ d: EnterpriseDraft, _ visibility: Visibility) -> EnterpriseDraft {
        switch visibility {
        case .full: return d
        case .masked:
            var out = d
            out.contactPhone = mask(d.contactPhone)
            out.contactEmail = mask(d.contactEmail)
            return out
        case .directory, .none:
            var dir = EnterpriseDraft(uscc: d.uscc, name: d.name, district: d.district)
            dir.shortName = d.shortName
            dir.status = d.status
            dir.tier = d.tier
            dir.segments = d.segments
            return dir
        }
    }

    /// Keeps the first three and last two characters: enough to recognise, not to use.
    static func mask(_ s: String?) -> String? {
        guard let s else { return nil }
        let chars = Array(s)
        guard chars.count > 5 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 5) + String(chars.suffix(2))
    }

    /// Of these firms, those the current user may open (a link to a profile they would get 403 on
    /// is no link): one query for their districts and chains.
    static func openable(_ usccs: [String], caller: Caller, db: any SQLDatabase) async throws -> Set<String> {
        let unique = Array(Set(usccs))
        guard !unique.isEmpty else { return [] }
        struct Row: Decodable {
            var uscc: String
            var districtCode: String
            var chainCode: String?
        }
        var districts: [String: String] = [:]
        var chains: [String: Set<String>] = [:]
        for chunk in unique.chunked(500) {
            for row in try await db.raw(
                """
                SELECT e.uscc, e.district_code, s.chain_code FROM enterprises e
                LEFT JOIN memberships m ON m.enterprise_uscc = e.uscc LEFT JOIN segments s ON s.code = m.segment_code
                WHERE e.uscc IN \(SQLGroupExpression(SQLList(Array(chunk).map { SQLBind($0) })))
                """
            ).rows(Row.self) {
                districts[row.uscc] = row.districtCode
                if let chain = row.chainCode { chains[row.uscc, default: []].insert(chain) }
            }
        }
        let grants = caller.grants
        return Set(
            districts.compactMap { uscc, district in
                Policy.visibility(grants, uscc: uscc, district: district, chains: chains[uscc] ?? []) > .none ? uscc : nil
            })
    }

    /// Figures in a list row are shown only to those who see the firm beyond its directory entry.
    static func listVisibility(_ item: EnterpriseSummaryRecord, caller: Caller) -> Visibility {
        visibility(uscc: item.uscc, district: item.district, chains: item.chains, caller: caller)
    }
}
