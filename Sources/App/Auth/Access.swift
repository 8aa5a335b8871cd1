import ChainLeadCore
import Foundation
import SQLKit

/// The one way routes ask the policy: `try await Access.require(...)`. Denied writes are
/// audited (without their payload); the 403 carries the policy's reason.
enum Access {
    static func require(_ action: Action, _ resource: Resource, db: any SQLDatabase) async throws {
        let context = RequestContext.current
        let decision = Policy.decide(context.grants, action, resource)
        if decision.allowed { return }
        if action != .read && action != .readAudit {
            try? await AuditLog(db: db).record(entity: "access", key: Self.key(resource), action: "denied_\(action.rawValue)",
                                               extra: ["reason": decision.reason])
        }
        throw APIError(.forbidden, "forbidden", decision.reason)
    }

    /// A refusal decided by a rule finer than `Policy.decide` (e.g. a self-service field):
    /// audited like any denied write, 403 naming the field.
    static func deny(_ action: Action, _ resource: Resource, field: String, db: any SQLDatabase, reason: String) async throws -> Never {
        try? await AuditLog(db: db).record(entity: "access", key: key(resource), action: "denied_\(action.rawValue)",
                                           extra: ["reason": reason, "field": field])
        throw APIError(.forbidden, "forbidden", reason, field: field)
    }

    /// The policy's view of a stored enterprise: its district and the chains of its segments.
    static func resource(_ detail: EnterpriseDetail) -> Resource {
        .enterprise(uscc: detail.record.draft.uscc, district: detail.record.draft.district,
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
    /// What the current user may see of this enterprise; 403 (with the policy's reason) when nothing.
    static func visibility(of detail: EnterpriseDetail, db: any SQLDatabase) async throws -> Visibility {
        let d = detail.record.draft
        let v = Policy.visibility(RequestContext.current.grants, uscc: d.uscc, district: d.district,
                                  chains: Set(detail.memberships.map(\.chain)))
        if v == .none { try await require(.read, resource(detail), db: db) }
        return v
    }

    /// The detail cut down to what `visibility` allows: the directory fields only, or the
    /// contact's phone and e-mail masked.
    static func redact(_ detail: EnterpriseDetail, _ visibility: Visibility) -> EnterpriseDetail {
        var out = detail
        switch visibility {
        case .full: break
        case .masked:
            out.record.draft.contactPhone = mask(detail.record.draft.contactPhone)
            out.record.draft.contactEmail = mask(detail.record.draft.contactEmail)
        case .directory, .none:
            let d = detail.record.draft
            var dir = EnterpriseDraft(uscc: d.uscc, name: d.name, district: d.district)
            dir.shortName = d.shortName
            dir.status = d.status
            dir.tier = d.tier
            dir.segments = d.segments
            out.record.draft = dir
            out.figures = []
            out.tierHistory = []
        }
        return out
    }

    /// Keeps the first three and last two characters: enough to recognise, not to use.
    static func mask(_ s: String?) -> String? {
        guard let s else { return nil }
        let chars = Array(s)
        guard chars.count > 5 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 5) + String(chars.suffix(2))
    }

    /// Figures in a list row are shown only to those who see the firm beyond its directory entry.
    static func listVisibility(_ item: EnterpriseSummaryRecord) -> Visibility {
        Policy.visibility(RequestContext.current.grants, uscc: item.uscc, district: item.district,
                          chains: Set([item.primaryChain].compactMap { $0 }))
    }
}
