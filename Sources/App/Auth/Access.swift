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
