import ChainLeadCore
import Vapor

/// The edit form of one enterprise and its save.
extension EnterprisePages {

    struct EditForm: Encodable, Sendable {
        var uscc: String
        var values: [String: String]
        var errors: [String: String]
        var districts: [Option]
        var ownerships: [Option]
        var statuses: [Option]
        /// Shown, not edited: tiers come from selection and pool decisions (Policy S2).
        var tier: String
        var tierLabel: String
        var primarySegments: [OptionGroup]
        var otherSegments: [OptionGroup]
        var failed: Bool
        /// `EditVersion` the form was read at; sent back with the save.
        var version: Int64
        /// Someone else saved meanwhile: each field where the stored value differs from the one sent.
        var conflicts: [Conflict] = []
    }

    struct Conflict: Encodable, Sendable {
        var field: String
        var yours: String
        var stored: String
    }

    struct OptionGroup: Encodable, Sendable {
        var label: String
        var options: [Option]
    }

    func editForm(req: Request) async throws -> Response {
        let uscc = req.parameters.get("uscc") ?? ""
        let detail: EnterpriseDetail
        do { detail = try await RegistryService(db: req.sql, caller: req.caller).current(uscc) } catch { throw DomainError.notFound("企业") }
        try await req.require(.update, Access.resource(detail))
        // The form shows what the caller may see: an editor who sees contacts masked gets them masked.
        return try await renderForm(
            req, draft: Access.present(detail, to: req.caller).record.draft, tierReason: "", errors: [:], version: detail.record.version)
    }

    func renderForm(
        _ req: Request, draft d: EnterpriseDraft, tierReason: String, errors: [String: String], version: Int64,
        conflicts: [Conflict] = []
    ) async throws -> Response {
        let en = req.locale == .en
        let values: [String: String] = [
            "name": d.name, "shortName": d.shortName ?? "", "formerNames": d.formerNames.joined(separator: "\n"),
            "address": d.address ?? "", "mainProducts": d.mainProducts ?? "", "founded": d.founded ?? "",
            "contactPerson": d.contactPerson ?? "", "contactPhone": d.contactPhone ?? "", "contactEmail": d.contactEmail ?? "",
            "statusDate": d.statusDate ?? "",
            "successorUscc": d.successorUscc ?? "", "tierReason": tierReason, "aboveScaleYear": d.aboveScaleYear.map(String.init) ?? "",
        ]
        let chains = try await TaxonomyQueries(db: req.sql).chains()
        var primary: [OptionGroup] = []
        var others: [OptionGroup] = []
        for chain in chains {
            let segs = try await TaxonomyQueries(db: req.sql).segments(chain: chain.code).filter { $0.retiredOn == nil }
            let label = en ? chain.nameEn : chain.name
            primary.append(
                OptionGroup(
                    label: label,
                    options: segs.map {
                        Option(value: $0.code, label: "\(label) · \(en ? $0.nameEn : $0.name)", selected: d.segments.first == $0.code)
                    }))
            others.append(
                OptionGroup(
                    label: label,
                    options: segs.map {
                        Option(
                            value: $0.code, label: "\(label) · \(en ? $0.nameEn : $0.name)",
                            selected: d.segments.dropFirst().contains($0.code))
                    }))
        }
        let form = EditForm(
            uscc: d.uscc, values: values, errors: errors,
            districts: District.all.map { Option(value: $0.code, label: en ? $0.nameEn : $0.name, selected: $0.code == d.district) },
            ownerships: Ownership.allCases.map {
                Option(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: $0 == d.ownership)
            },
            statuses: EnterpriseStatus.allCases.map {
                Option(value: $0.rawValue, label: en ? $0.rawValue : $0.nameZh, selected: $0 == d.status)
            },
            tier: d.tier.rawValue, tierLabel: en ? d.tier.rawValue : d.tier.nameZh,
            primarySegments: primary, otherSegments: others, failed: !errors.isEmpty && conflicts.isEmpty, version: version,
            conflicts: conflicts)
        let response = try await req.render("registry/enterprise_edit", title: d.name, nav: "enterprises", form)
        if !conflicts.isEmpty {
            response.status = .preconditionFailed
        } else if !errors.isEmpty {
            response.status = .unprocessableEntity
        }
        return response
    }

    struct EditInput: Content {
        var name: String?
        var shortName: String?
        var formerNames: String?
        var district: String?
        var address: String?
        var mainProducts: String?
        var founded: String?
        var ownership: String?
        var contactPerson: String?
        var contactPhone: String?
        var contactEmail: String?
        var status: String?
        var statusDate: String?
        var successorUscc: String?
        var aboveScaleYear: String?
        var tier: String?
        var tierReason: String?
        var primarySegment: String?
        var otherSegments: [String]?
        var version: String?
    }

    func save(req: Request) async throws -> Response {
        let uscc = req.parameters.get("uscc") ?? ""
        let detail: EnterpriseDetail
        do { detail = try await RegistryService(db: req.sql, caller: req.caller).current(uscc) } catch { throw DomainError.notFound("企业") }
        try await req.require(.update, Access.resource(detail))
        let old = detail.record.draft
        let input = try req.content.decode(EditInput.self)
        var d = old
        d.name = input.name ?? ""
        d.shortName = input.shortName
        d.formerNames = (input.formerNames ?? "").split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        d.district = input.district ?? old.district
        d.address = input.address
        d.mainProducts = input.mainProducts
        d.founded = input.founded
        d.ownership = input.ownership.flatMap(Ownership.init(rawValue:))
        d.contactPerson = input.contactPerson
        d.contactPhone = input.contactPhone
        d.contactEmail = input.contactEmail
        // A masked value sent back unchanged keeps the stored one; a new value replaces it.
        let shown = Access.present(detail, to: req.caller).record.draft
        if shown.contactPhone != old.contactPhone && d.contactPhone == shown.contactPhone { d.contactPhone = old.contactPhone }
        if shown.contactEmail != old.contactEmail && d.contactEmail == shown.contactEmail { d.contactEmail = old.contactEmail }
        d.status = input.status.flatMap(EnterpriseStatus.init(rawValue:)) ?? old.status
        d.statusDate = input.statusDate
        d.successorUscc = input.successorUscc
        let aboveScale = input.aboveScaleYear?.trimmingCharacters(in: .whitespaces) ?? ""
        d.aboveScaleYear = aboveScale.isEmpty ? nil : (Int(aboveScale) ?? -1)
        d.tier = old.tier
        let primary = input.primarySegment.flatMap { $0.isEmpty ? nil : $0 }
        d.segments = (primary.map { [$0] } ?? []) + (input.otherSegments ?? []).filter { $0 != primary }
        d.normalise()
        let reason = (input.tierReason ?? "").trimmingCharacters(in: .whitespaces)
        // Every error at once, next to its field: the rules first, then the service's own checks.
        var errors: [String: String] = [:]
        for e in d.validate() where errors[e.field] == nil { errors[e.field] = e.message }
        if d.district != old.district {
            try await req.require(.create, .newEnterprise(district: d.district))
        }
        if errors.isEmpty {
            do {
                try await RegistryService(db: req.sql, caller: req.caller).update(
                    from: old, to: d, tierReason: reason,
                    segmentsChanged: d.segments != old.segments,
                    resource: Access.resource(detail), expected: input.version.flatMap { Int64($0) })
                return req.redirect(to: "/enterprises/\(uscc)?saved=1")
            } catch let e as DomainError where e.kind == .stale {
                // Show what is stored now beside what was sent (as this caller may see it), and
                // take the new version: saving again is then a choice made knowingly.
                let now = try await RegistryService(db: req.sql, caller: req.caller).current(uscc)
                let seen = Access.visibility(
                    uscc: uscc, district: now.record.draft.district, chains: Set(now.memberships.map(\.chain)), caller: req.caller)
                let changes = EnterpriseChanges.diff(Access.redact(now.record.draft, seen), Access.redact(d, seen))
                let conflicts = changes.sorted { $0.key < $1.key }.map { key, change in
                    Conflict(field: AuditWords.fields[key] ?? key, yours: change.to ?? "—", stored: change.from ?? "—")
                }
                return try await renderForm(
                    req, draft: d, tierReason: reason, errors: ["version": e.message], version: now.record.version, conflicts: conflicts)
            } catch let e as DomainError {
                errors[e.field ?? "name"] = e.message
            }
        }
        var again = d
        if shown.contactPhone != old.contactPhone && d.contactPhone == old.contactPhone { again.contactPhone = shown.contactPhone }
        if shown.contactEmail != old.contactEmail && d.contactEmail == old.contactEmail { again.contactEmail = shown.contactEmail }
        return try await renderForm(
            req, draft: again, tierReason: reason, errors: Self.formFieldNames(errors),
            version: input.version.flatMap { Int64($0) } ?? detail.record.version)
    }

    /// The API's field names → the form's.
    static func formFieldNames(_ errors: [String: String]) -> [String: String] {
        let map = [
            "contact.person": "contactPerson", "contact.phone": "contactPhone", "contact.email": "contactEmail",
            "segments": "primarySegment",
        ]
        var out: [String: String] = [:]
        for (k, v) in errors { out[map[k] ?? k] = v }
        return out
    }
}
