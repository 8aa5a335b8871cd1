import ChainLeadAPI
import ChainLeadCore
import Foundation

extension APIHandler {
    func listDistricts(_ input: Operations.ListDistricts.Input) async throws -> Operations.ListDistricts.Output {
        try await require(.read, .taxonomy)
        let items: [Components.Schemas.District] = District.all.map { d in
            Components.Schemas.District(code: Self.districtCode(d.code), name: d.name, nameEn: d.nameEn)
        }
        return .ok(
            .init(body: .json(.init(items: items, metadata: .init(page: 1, per: Int32(clamping: items.count), total: Int64(items.count))))))
    }

    func listClusters(_ input: Operations.ListClusters.Input) async throws -> Operations.ListClusters.Output {
        try await require(.read, .taxonomy)
        let page = try PageRequest.make(page: input.query.page.map(Int.init), per: input.query.per.map(Int.init))
        let all = try await TaxonomyQueries(db: sql).clusters()
        let items = all.dropFirst(page.offset).prefix(page.per).map(Self.cluster)
        return .ok(.init(body: .json(.init(items: Array(items), metadata: page.metadata(total: all.count)))))
    }

    func getCluster(_ input: Operations.GetCluster.Input) async throws -> Operations.GetCluster.Output {
        try await require(.read, .taxonomy)
        let queries = TaxonomyQueries(db: sql)
        guard let cluster = try await queries.clusters(code: input.path.code).first else {
            throw DomainError.notFound("产业集群“\(input.path.code)”", field: "code")
        }
        let chains = try await queries.chains(cluster: cluster.code).map(Self.chain)
        return .ok(.init(body: .json(.init(value1: Self.cluster(cluster), value2: .init(chains: chains)))))
    }

    func listChains(_ input: Operations.ListChains.Input) async throws -> Operations.ListChains.Output {
        try await require(.read, .taxonomy)
        let page = try PageRequest.make(page: input.query.page.map(Int.init), per: input.query.per.map(Int.init))
        if let c = input.query.cluster { try Self.validateCode(c, field: "cluster") }
        let all = try await TaxonomyQueries(db: sql).chains(cluster: input.query.cluster)
        let items = all.dropFirst(page.offset).prefix(page.per).map(Self.chain)
        return .ok(.init(body: .json(.init(items: Array(items), metadata: page.metadata(total: all.count)))))
    }

    func getChain(_ input: Operations.GetChain.Input) async throws -> Operations.GetChain.Output {
        try await require(.read, .taxonomy)
        return .ok(.init(body: .json(try await chainDetail(code: input.path.code))))
    }

    func updateChain(_ input: Operations.UpdateChain.Input) async throws -> Operations.UpdateChain.Output {
        guard case .json(let patch) = input.body else { throw DomainError.malformed() }
        try await require(.editTaxonomy, .taxonomy)
        let code = input.path.code
        let queries = TaxonomyQueries(db: sql)
        guard let current = try await queries.chains(code: code).first else {
            throw DomainError.notFound("产业链“\(code)”", field: "code")
        }
        let nulls = nullKeys
        if patch.name == nil && patch.nameEn == nil && patch.chiefName == nil && patch.chiefTitle == nil && nulls.isEmpty {
            throw DomainError.invalid("body", "请至少提供一个要修改的字段", code: "empty_patch")
        }
        try Self.checkLengths([
            ("name", patch.name, 100), ("nameEn", patch.nameEn, 200),
            ("chiefName", patch.chiefName, 50), ("chiefTitle", patch.chiefTitle, 100),
        ])
        for key in ["name", "nameEn"] where nulls.contains(key) {
            throw DomainError.invalid(key, "\(key == "name" ? "产业链名称" : "英文名称")不能为空")
        }
        let name = patch.name?.trimmingCharacters(in: .whitespaces) ?? current.name
        let nameEn = patch.nameEn?.trimmingCharacters(in: .whitespaces) ?? current.nameEn
        guard !name.isEmpty, name.unicodeScalars.count <= 100 else { throw DomainError.invalid("name", "产业链名称不能为空且不超过100个字符") }
        guard !nameEn.isEmpty, nameEn.unicodeScalars.count <= 200 else { throw DomainError.invalid("nameEn", "英文名称不能为空且不超过200个字符") }
        let chiefName = Self.merged(patch.chiefName, current.chiefName, null: nulls.contains("chiefName"))
        let chiefTitle = Self.merged(patch.chiefTitle, current.chiefTitle, null: nulls.contains("chiefTitle"))
        if (chiefName?.unicodeScalars.count ?? 0) > 50 { throw DomainError.invalid("chiefName", "链长姓名不能超过50个字符") }
        if (chiefTitle?.unicodeScalars.count ?? 0) > 100 { throw DomainError.invalid("chiefTitle", "链长职务不能超过100个字符") }
        let caller = self.caller  // read here: the transaction runs in another task
        try await sql.withTransaction { tx in
            try await TaxonomyQueries(db: tx).updateChain(
                code: code, name: name, nameEn: nameEn, chiefName: chiefName, chiefTitle: chiefTitle)
            var changes: [String: AuditLog.Change] = [:]
            if name != current.name { changes["name"] = .init(from: current.name, to: name) }
            if nameEn != current.nameEn { changes["nameEn"] = .init(from: current.nameEn, to: nameEn) }
            if chiefName != current.chiefName { changes["chiefName"] = .init(from: current.chiefName, to: chiefName) }
            if chiefTitle != current.chiefTitle { changes["chiefTitle"] = .init(from: current.chiefTitle, to: chiefTitle) }
            try await AuditLog(db: tx, caller: caller).record(entity: "chain", key: code, action: "update", changes: changes)
        }
        return .ok(.init(body: .json(try await chainDetail(code: code))))
    }

    // MARK: helpers

    func chainDetail(code: String) async throws -> Components.Schemas.ChainDetail {
        let queries = TaxonomyQueries(db: sql)
        guard let chain = try await queries.chains(code: code).first else {
            throw DomainError.notFound("产业链“\(code)”", field: "code")
        }
        let segments = try await queries.segments(chain: code).map { s in
            Components.Schemas.Segment(
                code: s.code, name: s.name, nameEn: s.nameEn,
                position: .init(rawValue: s.position.rawValue) ?? .midstream,
                order: Int32(clamping: s.order), retiredOn: s.retiredOn, enterpriseCount: Int64(s.enterpriseCount))
        }
        return .init(value1: Self.chain(chain), value2: .init(clusterName: chain.clusterName, segments: segments))
    }

    /// Merge-patch for a nullable text: absent keeps, null clears, a value (trimmed; empty = clear) sets.
    static func merged(_ value: String?, _ current: String?, null: Bool) -> String? {
        if null { return nil }
        guard let value else { return current }
        let t = value.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }

    /// The contract's `maxLength`s, counted as JSON Schema counts (Unicode scalars), on the
    /// raw values: trimming must not make an over-long value acceptable.
    static func checkLengths(_ fields: [(String, String?, Int)]) throws {
        for (field, value, limit) in fields {
            if let value, value.unicodeScalars.count > limit {
                throw DomainError.invalid(field, "\(field) 不能超过\(limit)个字符", code: "too_long")
            }
        }
    }

    static func validateCode(_ code: String, field: String) throws {
        let ok =
            !code.isEmpty && code.count <= 40 && code.first.map { $0.isASCII && ($0.isLowercase || $0.isNumber) } == true
            && code.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        if !ok { throw DomainError.invalid(field, "代码“\(code)”格式不正确（小写字母、数字和连字符）") }
    }

    static func cluster(_ c: ClusterRecord) -> Components.Schemas.Cluster {
        .init(
            code: c.code, name: c.name, nameEn: c.nameEn, kind: .init(rawValue: c.kind.rawValue) ?? .advantage,
            chainCount: Int32(clamping: c.chainCount), enterpriseCount: Int64(c.enterpriseCount))
    }

    static func chain(_ c: ChainRecord) -> Components.Schemas.Chain {
        let chief: Components.Schemas.ChainChief? =
            (c.chiefName == nil && c.chiefTitle == nil) ? nil : .init(name: c.chiefName, title: c.chiefTitle)
        return .init(
            code: c.code, name: c.name, nameEn: c.nameEn, cluster: c.cluster, chief: chief,
            segmentCount: Int32(clamping: c.segmentCount), enterpriseCount: Int64(c.enterpriseCount))
    }
}

extension PageRequest {
    func metadata(total: Int) -> Components.Schemas.PageMetadata {
        .init(page: Int32(clamping: page), per: Int32(clamping: per), total: Int64(total))
    }
}
