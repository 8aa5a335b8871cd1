import ChainLeadCore

/// Field-by-field before/after of an enterprise, for the audit trail.
enum EnterpriseChanges {
    static let fields: [(String, @Sendable (EnterpriseDraft) -> String?)] = [
        ("name", { $0.name }), ("shortName", { $0.shortName }),
        ("formerNames", { $0.formerNames.isEmpty ? nil : $0.formerNames.joined(separator: "；") }),
        ("district", { $0.district }), ("address", { $0.address }), ("mainProducts", { $0.mainProducts }),
        ("founded", { $0.founded }),
        ("ownership", { $0.ownership?.rawValue }), ("contact.person", { $0.contactPerson }),
        ("contact.phone", { $0.contactPhone }), ("contact.email", { $0.contactEmail }),
        ("status", { $0.status.rawValue }), ("statusDate", { $0.statusDate }),
        ("successorUscc", { $0.successorUscc }), ("aboveScaleYear", { $0.aboveScaleYear.map(String.init) }), ("tier", { $0.tier.rawValue }),
        ("usccOverrideReason", { $0.usccOverrideReason }),
    ]

    static func diff(_ old: EnterpriseDraft?, _ new: EnterpriseDraft, segmentsKnown: Bool = true) -> [String: AuditLog.Change] {
        var changes: [String: AuditLog.Change] = [:]
        for (name, get) in fields {
            let before = old.flatMap(get)
            let after = get(new)
            if before != after { changes[name] = .init(from: before, to: after) }
        }
        if segmentsKnown {
            let before = old.map { $0.segments.joined(separator: ",") }
            let after = new.segments.joined(separator: ",")
            if before != after && !(before == nil && after.isEmpty) { changes["segments"] = .init(from: before, to: after) }
        }
        return changes
    }

    static func figures(_ f: AnnualFigures) -> [String: AuditLog.Change] {
        let values: [(String, Int64?)] = [
            ("outputValue", f.outputValue), ("revenue", f.revenue), ("rdExpense", f.rdExpense),
            ("employees", f.employees), ("taxPaid", f.taxPaid), ("exports", f.exports),
            ("totalAssets", f.totalAssets), ("totalLiabilities", f.totalLiabilities),
            ("mainBusinessRevenue", f.mainBusinessRevenue),
        ]
        var out: [String: AuditLog.Change] = ["source": .init(from: nil, to: f.source.rawValue)]
        for (k, v) in values { out[k] = .init(from: nil, to: v.map(String.init)) }
        return out
    }
}
