import ChainLeadAPI
import ChainLeadCore
import Foundation
import SQLKit

extension APIHandler {
    func checkUSCC(_ input: Operations.CheckUSCC.Input) async throws -> Operations.CheckUSCC.Output {
        try await require(.read, .enterpriseList)
        let raw = input.path.uscc
        guard !raw.isEmpty, raw.unicodeScalars.count <= 64,
            raw.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) })
        else {
            throw DomainError.malformed("统一社会信用代码只能包含字母和数字，且不超过64位", field: "uscc")
        }
        var out = Components.Schemas.USCCCheck(input: raw, valid: false)
        switch USCC.validate(raw) {
        case .success(let code):
            out.valid = true
            out.normalized = code.value
            out.divisionCode = code.divisionCode
            switch District.suggested(for: code) {
            case .district(let d):
                out.districtHint = .district
                out.suggestedDistrict = .init(rawValue: d.code)
            case .unknown: out.districtHint = .unknown
            case .outsideCity: out.districtHint = .outsideCity
            }
        case .failure(let e):
            out.error = e.code
            out.message = e.messageZh
        }
        return .ok(.init(body: .json(out)))
    }

    func listEnterprises(_ input: Operations.ListEnterprises.Input) async throws -> Operations.ListEnterprises.Output {
        try await require(.read, .enterpriseList)
        let query = input.query
        let page = try PageRequest.make(page: query.page.map(Int.init), per: query.per.map(Int.init))
        if let q = query.q, q.unicodeScalars.count > 100 { throw DomainError.invalid("q", "搜索词不能超过100个字符") }
        for (value, field) in [(query.cluster, "cluster"), (query.chain, "chain"), (query.segment, "segment")] {
            if let value { try Self.validateCode(value, field: field) }
        }
        let filter = EnterpriseFilter(
            q: query.q, cluster: query.cluster, chain: query.chain, segment: query.segment,
            district: query.district?.rawValue, tier: query.tier.flatMap { Tier(rawValue: $0.rawValue) },
            status: query.status.flatMap { EnterpriseStatus(rawValue: $0.rawValue) },
            sort: query.sort?.rawValue ?? "name", importBatch: query._import, scope: Policy.listScope(caller.grants))
        try Self.checkLengths([("import", query._import, 64)])
        try checkSortVisible(filter.sort)
        let result = try await EnterpriseQueries(db: sql).list(filter, page: page)
        let items = result.items.map { item in
            var s = Self.summary(item)
            if Access.listVisibility(item, caller: caller) < .masked {
                s.latestYear = nil
                s.latestOutputValue = nil
            }
            return s
        }
        return .ok(.init(body: .json(.init(items: items, metadata: page.metadata(total: result.total)))))
    }

    func getEnterprise(_ input: Operations.GetEnterprise.Input) async throws -> Operations.GetEnterprise.Output {
        let uscc = try Self.pathUSCC(input.path.uscc)
        guard let detail = try await EnterpriseQueries(db: sql).detail(uscc) else {
            throw DomainError.notFound("统一社会信用代码为 \(uscc) 的企业", field: "uscc")
        }
        let visibility = try await Access.visibility(of: detail, caller: caller, db: sql)
        return .ok(
            .init(
                headers: .init(eTag: EditVersion.etag(detail.record.version)),
                body: .json(Self.enterprise(Access.redact(detail, visibility)))))
    }

    func createEnterprise(_ input: Operations.CreateEnterprise.Input) async throws -> Operations.CreateEnterprise.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        try rejectNulls(except: [
            "shortName", "address", "mainProducts", "founded", "statusDate", "successorUscc", "tierReason",
            "usccOverrideReason", "contact.person", "contact.phone", "contact.email", "aboveScaleYear",
        ])
        try Self.checkLengths(
            [
                ("uscc", body.uscc, 64), ("name", body.name, 200), ("shortName", body.shortName, 50),
                ("address", body.address, 300), ("mainProducts", body.mainProducts, 500), ("founded", body.founded, 10),
                ("statusDate", body.statusDate, 10),
                ("successorUscc", body.successorUscc, 64), ("tierReason", body.tierReason, 500),
                ("usccOverrideReason", body.usccOverrideReason, 500), ("contact.person", body.contact?.person, 50),
                ("contact.phone", body.contact?.phone, 30), ("contact.email", body.contact?.email, 200),
            ] + (body.formerNames ?? []).map { ("formerNames", $0, 200) })
        var draft = EnterpriseDraft(uscc: body.uscc, name: body.name, district: body.district.rawValue)
        draft.shortName = body.shortName
        draft.formerNames = body.formerNames ?? []
        draft.address = body.address
        draft.mainProducts = body.mainProducts
        draft.founded = body.founded
        draft.ownership = body.ownership.flatMap { Ownership(rawValue: $0.rawValue) }
        draft.contactPerson = body.contact?.person
        draft.contactPhone = body.contact?.phone
        draft.contactEmail = body.contact?.email
        draft.status = body.status.flatMap { EnterpriseStatus(rawValue: $0.rawValue) } ?? .active
        draft.statusDate = body.statusDate
        draft.successorUscc = body.successorUscc
        draft.tier = body.tier.flatMap { Tier(rawValue: $0.rawValue) } ?? .none
        draft.segments = body.segments ?? []
        draft.usccOverrideReason = body.usccOverrideReason
        draft.aboveScaleYear = body.aboveScaleYear.map(Int.init)
        draft.normalise()
        // A valid code needs no override: keep the reason only where it was needed.
        if case .success = USCC.validate(draft.uscc) { draft.usccOverrideReason = nil }
        let tierReason = body.tierReason?.trimmingCharacters(in: .whitespaces)
        if let r = tierReason, r.unicodeScalars.count > 500 { throw DomainError.invalid("tierReason", "梯队调整原因不能超过500个字符") }
        try await require(.create, .newEnterprise(district: draft.district))
        try await registry.create(draft, tierReason: tierReason)
        return .created(.init(body: .json(try await enterprise(draft.uscc))))
    }

    func updateEnterprise(_ input: Operations.UpdateEnterprise.Input) async throws -> Operations.UpdateEnterprise.Output {
        let patch: Components.Schemas.EnterprisePatch
        switch input.body {
        case .json(let p), .applicationMergePatchJson(let p): patch = p
        }
        let uscc = try Self.pathUSCC(input.path.uscc)
        try rejectNulls(except: [
            "shortName", "formerNames", "address", "mainProducts", "founded", "statusDate", "successorUscc",
            "tierReason", "contact.person", "contact.phone", "contact.email", "aboveScaleYear",
        ])
        let current = try await registry.current(uscc)
        try await require(.update, Access.resource(current))
        let expected = try EditVersion.expected(ifMatch: input.headers.ifMatch, field: patch.version)
        try Self.checkLengths(
            [
                ("name", patch.name, 200), ("shortName", patch.shortName, 50),
                ("address", patch.address, 300), ("mainProducts", patch.mainProducts, 500), ("founded", patch.founded, 10),
                ("statusDate", patch.statusDate, 10),
                ("successorUscc", patch.successorUscc, 64), ("tierReason", patch.tierReason, 500),
                ("contact.person", patch.contact?.person, 50), ("contact.phone", patch.contact?.phone, 30),
                ("contact.email", patch.contact?.email, 200),
            ] + (patch.formerNames ?? []).map { ("formerNames", $0, 200) })
        let nulls = nullKeys
        let old = current.record.draft
        var draft = old
        if let v = patch.name { draft.name = v }
        draft.shortName = Self.merged(patch.shortName, old.shortName, null: nulls.contains("shortName"))
        if nulls.contains("formerNames") { draft.formerNames = [] } else if let v = patch.formerNames { draft.formerNames = v }
        if let v = patch.district { draft.district = v.rawValue }
        draft.address = Self.merged(patch.address, old.address, null: nulls.contains("address"))
        draft.mainProducts = Self.merged(patch.mainProducts, old.mainProducts, null: nulls.contains("mainProducts"))
        draft.founded = Self.merged(patch.founded, old.founded, null: nulls.contains("founded"))
        if let v = patch.ownership { draft.ownership = Ownership(rawValue: v.rawValue) }
        if let c = patch.contact {
            draft.contactPerson = Self.merged(c.person, old.contactPerson, null: nulls.contains("contact.person"))
            draft.contactPhone = Self.merged(c.phone, old.contactPhone, null: nulls.contains("contact.phone"))
            draft.contactEmail = Self.merged(c.email, old.contactEmail, null: nulls.contains("contact.email"))
        }
        if let v = patch.status { draft.status = EnterpriseStatus(rawValue: v.rawValue) ?? draft.status }
        draft.statusDate = Self.merged(patch.statusDate, old.statusDate, null: nulls.contains("statusDate"))
        draft.successorUscc = Self.merged(patch.successorUscc, old.successorUscc, null: nulls.contains("successorUscc"))
        if let v = patch.tier { draft.tier = Tier(rawValue: v.rawValue) ?? draft.tier }
        if let v = patch.segments { draft.segments = v }
        if let v = patch.aboveScaleYear {
            draft.aboveScaleYear = Int(v)
        } else if nulls.contains("aboveScaleYear") {
            draft.aboveScaleYear = nil
        }
        draft.normalise()
        let tierReason = patch.tierReason?.trimmingCharacters(in: .whitespaces) ?? ""
        if draft.district != old.district {
            // Moving a firm is also adding it to the new district.
            try await require(.create, .newEnterprise(district: draft.district))
        }
        try await registry.update(
            from: old, to: draft, tierReason: tierReason, segmentsChanged: patch.segments != nil,
            resource: Access.resource(current), expected: expected)
        let after = try await enterprise(uscc)
        return .ok(.init(headers: .init(eTag: after.version.map(EditVersion.etag)), body: .json(after)))
    }

    func putFigures(_ input: Operations.PutFigures.Input) async throws -> Operations.PutFigures.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        let uscc = try Self.pathUSCC(input.path.uscc)
        let year = Int(input.path.year)
        guard AnnualFigures.validYears.contains(year) else {
            throw DomainError.invalid("year", "年份应在1949至2100之间", code: "out_of_range")
        }
        try rejectNulls(except: [
            "outputValue", "revenue", "rdExpense", "employees", "taxPaid", "exports",
            "totalAssets", "totalLiabilities", "mainBusinessRevenue",
        ])
        let figures = AnnualFigures(
            year: year, outputValue: body.outputValue, revenue: body.revenue, rdExpense: body.rdExpense,
            employees: body.employees, taxPaid: body.taxPaid, exports: body.exports, totalAssets: body.totalAssets,
            totalLiabilities: body.totalLiabilities, mainBusinessRevenue: body.mainBusinessRevenue,
            source: body.source.flatMap { FigureSource(rawValue: $0.rawValue) } ?? .official)
        let resource = try await EnterpriseQueries(db: sql).detail(uscc).map(Access.resource)
        if let resource { try await require(.update, resource) }
        let expected = try EditVersion.expected(ifMatch: input.headers.ifMatch, field: body.version)
        try await registry.putFigures(uscc, figures, resource: resource, expected: expected)
        let all = try await EnterpriseQueries(db: sql).figures(of: uscc)
        let ratios = DerivedRatios.series(all)
        guard let stored = all.first(where: { $0.year == year }) else { throw DomainError.internal }
        var dto = Self.yearFigures(stored, ratios[year])
        dto.version = try await EnterpriseQueries(db: sql).figureVersion(uscc, year: year)
        return .ok(.init(headers: .init(eTag: dto.version.map(EditVersion.etag)), body: .json(dto)))
    }

    // MARK: helpers

    /// Callers sort only by what they see: an order by hidden figures would reveal them.
    func checkSortVisible(_ sort: String) throws {
        if sort.hasSuffix("outputValue") && !Policy.maySortByFigures(caller.grants) {
            throw DomainError.invalid("sort", "企业用户只能查看其他企业的目录信息，不能按产值排序", code: "sort_not_visible")
        }
    }

    /// A firm after a write, as the caller may see it (the same cut as a read).
    func enterprise(_ uscc: String) async throws -> Components.Schemas.Enterprise {
        guard let detail = try await EnterpriseQueries(db: sql).detail(uscc) else {
            throw DomainError.notFound("统一社会信用代码为 \(uscc) 的企业", field: "uscc")
        }
        return Self.enterprise(Access.present(detail, to: caller))
    }

    /// A USCC in a path: exactly 18 characters of the code's alphabet, upper case.
    static func pathUSCC(_ raw: String, field: String = "uscc") throws -> String {
        switch USCC.checkFormat(raw) {
        case .success(let code) where code.value == raw: return raw
        case .success: throw DomainError.invalid(field, "统一社会信用代码应为18位大写字母或数字", code: "uscc_character")
        case .failure(let e): throw DomainError.invalid(field, e.messageZh, code: e.code)
        }
    }

    /// JSON `null` is only meaningful where the contract allows it (merge-patch clearing).
    func rejectNulls(except allowed: Set<String>) throws {
        if let key = nullKeys.subtracting(allowed).sorted().first {
            throw DomainError.invalid(key, "字段 \(key) 不能为 null", code: "null_not_allowed")
        }
    }
}
