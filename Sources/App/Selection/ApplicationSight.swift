import ChainLeadCore
import Foundation
import SQLKit

/// How much of an application a caller sees.
enum ApplicationSight: String, Sendable {
    /// Figures, evidence, scores, attachments.
    case full
    /// Who applied for which chain: an expert's assignment before they declare (Policy S1, S2).
    case identity
}

extension Applications {
    /// The one decision of what a caller sees of an application — API, pages and attachments ask
    /// it. Whoever the policy lets read the application sees it whole. An expert sees those
    /// assigned to them and not blocked: whole once they have declared on it, only who applied
    /// before; to an expert any other application does not exist (404, not 403).
    func read(_ id: Int64) async throws -> (ApplicationView, ApplicationSight) {
        let v = try await find(id)
        let resource = Resource.selection(.application(enterprise: v.enterprise, district: v.district, chain: v.chain))
        if caller.isSystem || Policy.decide(caller.grants, .read, resource).allowed { return (v, .full) }
        if caller.grants.contains(where: { $0.role == .expert }), let username = caller.username {
            switch try await Assignments.status(application: id, expert: username, db: db) {
            case "declared", "submitted":
                try await Access.require(.read, .selection(.assignedApplication), caller: caller, db: db)
                return (v, .full)
            case "pending":
                try await Access.require(.read, .selection(.assignedApplication), caller: caller, db: db)
                return (v.identityOnly(), .identity)
            default: throw DomainError.notFound("申报 \(id)", field: "application")
            }
        }
        try await Access.require(.read, resource, caller: caller, db: db)
        return (v, .full)
    }
}

extension ApplicationView {
    /// Who applied for which chain, nothing of the figures.
    func identityOnly() -> ApplicationView {
        var v = self
        v.figures = [:]
        v.evidence = [:]
        v.note = nil
        v.reasons = []
        v.indicators = []
        v.indicatorScore = nil
        v.finalScore = nil
        v.rank = nil
        v.districtReason = nil
        return v
    }
}
