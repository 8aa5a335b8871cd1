import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

/// Projects, standards or consortia from a sheet (.xlsx or .csv) officials keep (Policy L1, L4,
/// S4, S5, G4): headers in Chinese (or the API's field names), codes or names for kinds, chains
/// and segments, firms by USCC or by name resolved as supplier names are (an exact match links,
/// a likely match is a row error naming the registered firm). Each row passes the same checks
/// as the form; all or nothing: any bad row and nothing is written.
struct InnovationImport {
    let db: any SQLDatabase
    let caller: Caller

    enum Records: String, CaseIterable, Sendable {
        case projects, standards, consortia
    }

    struct Report: Sendable, Codable {
        var records: String
        var rows: Int
        var recorded: Int
    }

    /// Header text (lower-cased) → field, per kind of record.
    static let headers: [Records: [String: String]] = [
        .projects: [
            "项目类型": "kind", "类型": "kind", "kind": "kind", "项目名称": "name", "名称": "name", "name": "name",
            "统一社会信用代码": "uscc", "uscc": "uscc", "enterprise": "uscc", "承担企业": "firmName", "企业名称": "firmName", "投资方": "investor",
            "investor": "investor", "所属专项": "programme", "专项": "programme", "计划": "programme", "programme": "programme",
            "年度": "year", "year": "year", "投资额（万元）": "amountWan", "投资额(万元)": "amountWan", "金额（万元）": "amountWan", "amountwan": "amountWan",
            "产业链": "chain", "chain": "chain", "环节": "segment", "segment": "segment", "强链补链延链": "action", "action": "action",
            "阶段": "stage", "stage": "stage", "一事一议": "caseByCase", "casebycase": "caseByCase", "绿色通道": "greenChannel",
            "greenchannel": "greenChannel",
        ],
        .standards: [
            "统一社会信用代码": "uscc", "uscc": "uscc", "enterprise": "uscc", "企业名称": "firmName", "标准号": "number", "number": "number",
            "标准名称": "name", "name": "name", "级别": "level", "标准级别": "level", "level": "level", "主导或参与": "role", "角色": "role",
            "role": "role", "年度": "year", "发布年度": "year", "year": "year",
        ],
        .consortia: [
            "联合体名称": "name", "名称": "name", "name": "name", "牵头企业统一社会信用代码": "uscc", "统一社会信用代码": "uscc", "lead": "uscc",
            "牵头企业": "firmName", "类型": "type", "type": "type", "级别": "level", "level": "level", "批准日期": "approvedOn",
            "approvedon": "approvedOn", "产业链": "chain", "chains": "chain", "成员": "members", "members": "members", "承担项目": "projects",
            "projects": "projects", "取得成果": "outcomes", "outcomes": "outcomes",
        ],
    ]

    static let required: [Records: [String]] = [
        .projects: ["kind", "name", "year"], .standards: ["number", "name", "year"], .consortia: ["name", "approvedOn"],
    ]

    struct Row {
        var number: Int
        var values: [String: String]
        var letters: [String: String]
    }

    func run(_ data: Data, records: Records) async throws -> Report {
        try await Access.require(.importData, .honours, caller: caller, db: db)
        let sheet = try ImportFile.rows(data)
        let map = Self.headers[records] ?? [:]
        var header: (row: Int, columns: [String: Int])?
        for row in sheet.prefix(30) {
            var columns: [String: Int] = [:]
            for (i, cell) in row.cells.enumerated() {
                guard let text = cell?.text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), let f = map[text] else {
                    continue
                }
                if columns[f] == nil { columns[f] = i }
            }
            if (Self.required[records] ?? []).allSatisfy({ columns[$0] != nil }) {
                header = (row.number, columns)
                break
            }
        }
        guard let header else {
            let names = (Self.required[records] ?? []).compactMap { f in map.first { $0.value == f && !$0.key.allSatisfy(\.isASCII) }?.key }
            throw DomainError.invalid("file", "未找到表头：需要“\(names.joined(separator: "”“"))”等列", code: "no_header")
        }
        var rows: [Row] = []
        for row in sheet where row.number > header.row {
            var values: [String: String] = [:]
            var letters: [String: String] = [:]
            for (field, i) in header.columns {
                letters[field] = columnLetter(i)
                if let t = row[column: i]?.text.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty { values[field] = t }
            }
            if values.isEmpty { continue }
            rows.append(Row(number: row.number, values: values, letters: letters))
        }
        guard !rows.isEmpty else { throw DomainError.invalid("file", "文件中没有数据行", code: "empty") }
        guard rows.count <= 5000 else { throw DomainError.invalid("file", "一次导入不超过5000行，请分批导入", code: "too_many_rows") }
        let context = try await Context.load(db)
        var errors: [DomainError.RowError] = []
        func fail(_ row: Row, _ field: String, _ reason: String) {
            errors.append(.init(row: row.number, column: row.letters[field] ?? row.letters["uscc"] ?? "-", reason: reason))
        }
        var writes: [@Sendable (any SQLDatabase, Caller) async throws -> Bool] = []
        var seen = Set<String>()
        for row in rows {
            do {
                switch records {
                case .projects:
                    let input = try await Projects(db: db, caller: caller).check(try context.project(row))
                    writes.append { tx, caller in
                        _ = try await Projects.insert(input, caller: caller, tx: tx)
                        return true
                    }
                case .standards:
                    let (input, _) = try await Standards(db: db, caller: caller).check(try context.standard(row))
                    if !seen.insert(input.enterprise + "|" + input.number).inserted {
                        fail(row, "number", "与前面的行重复（同一企业、同一标准号）")
                        continue
                    }
                    writes.append { tx, caller in try await Standards.insert(input, caller: caller, tx: tx) != nil }
                case .consortia:
                    let input = try await Consortia(db: db, caller: caller).check(try context.consortium(row))
                    writes.append { tx, caller in
                        _ = try await Consortia.insert(input, caller: caller, tx: tx)
                        return true
                    }
                }
            } catch let e as DomainError {
                let field = e.field.flatMap { f in ["enterprise": "uscc", "lead": "uscc", "chains": "chain"][f] ?? f } ?? "name"
                fail(row, field, e.message)
            }
        }
        if !errors.isEmpty {
            throw DomainError(.invalid, "import_rows", "文件中有 \(Set(errors.map(\.row)).count) 行需要修改，未导入任何记录", rows: errors)
        }
        let caller = self.caller
        let all = writes
        let numbers = rows.map(\.number)
        let letter = rows.first?.letters["number"] ?? "-"
        return try await db.withTransaction { tx in
            for (i, write) in all.enumerated() where try await !write(tx, caller) {
                throw DomainError(
                    .invalid, "import_rows", "文件中有 1 行需要修改，未导入任何记录",
                    rows: [.init(row: numbers[i], column: letter, reason: "该企业的这一标准号已记录")])
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "import", key: records.rawValue, action: "import_" + records.rawValue,
                changes: ["rows": .init(from: nil, to: String(all.count))])
            return Report(records: records.rawValue, rows: all.count, recorded: all.count)
        }
    }

    /// What rows are read against: firms (for names), chains and segments (codes or names).
    struct Context {
        let resolver: SupplierResolver
        let chains: [String: String]
        let segments: [String: (code: String, chain: String)]

        static func load(_ db: any SQLDatabase) async throws -> Context {
            var chains: [String: String] = [:]
            for row in try await db.raw("SELECT code, name FROM chains").all() {
                let code = try row.decode(column: "code", as: String.self)
                chains[code] = code
                chains[try row.decode(column: "name", as: String.self)] = code
            }
            var segments: [String: (code: String, chain: String)] = [:]
            for row in try await db.raw("SELECT code, name, chain_code FROM segments").all() {
                let code = try row.decode(column: "code", as: String.self)
                let chain = try row.decode(column: "chain_code", as: String.self)
                segments[code] = (code, chain)
                segments[chain + "|" + (try row.decode(column: "name", as: String.self))] = (code, chain)
            }
            return Context(resolver: try await SupplierResolver.load(db), chains: chains, segments: segments)
        }

        func firm(_ row: Row, required: Bool) throws -> String? {
            if let u = row.values["uscc"]?.uppercased() {
                guard resolver.byUSCC[u] != nil else { throw DomainError.invalid("uscc", "统一社会信用代码 \(u) 不在企业库中") }
                return u
            }
            guard let name = row.values["firmName"] else {
                if required { throw DomainError.invalid("uscc", "请填写统一社会信用代码或企业名称") }
                return nil
            }
            switch resolver.resolve(name: name, city: nil) {
            case .registered(let u, _, _): return u
            case .outside(_, let likely):
                if let c = likely.first, let firm = resolver.byUSCC[c.uscc] {
                    throw DomainError.invalid("firmName", "“\(name)”可能是企业库中的“\(firm.name)”（\(c.uscc)，\(c.reason)）：请在本行填写其统一社会信用代码")
                }
                throw DomainError.invalid("firmName", "企业库中没有名为“\(name)”的企业：请先登记，或填写统一社会信用代码")
            }
        }

        func year(_ row: Row) throws -> Int {
            guard let y = row.values["year"].flatMap({ Int($0.replacingOccurrences(of: "年", with: "")) }) else {
                throw DomainError.invalid("year", "年度应为四位数字")
            }
            return y
        }

        static func yes(_ text: String?) -> Bool { ["是", "y", "yes", "true", "1", "√"].contains((text ?? "").lowercased()) }

        func project(_ row: Row) throws -> ProjectInput {
            let kindText = row.values["kind"] ?? ""
            guard let kind = ProjectKind(rawValue: kindText) ?? ProjectKind.allCases.first(where: { $0.nameZh == kindText }) else {
                throw DomainError.invalid("kind", "项目类型“\(kindText)”应为：\(ProjectKind.allCases.map(\.nameZh).joined(separator: "、"))")
            }
            let amount = try row.values["amountWan"].map { try Projects.yuan(wan: $0, field: "amountWan") }
            var chain: String?
            if let c = row.values["chain"] {
                guard let code = chains[c] else { throw DomainError.invalid("chain", "产业链“\(c)”不存在（可填代码或名称）") }
                chain = code
            }
            var segment: String?
            if let s = row.values["segment"] {
                guard let found = segments[s] ?? chain.flatMap({ segments[$0 + "|" + s] }) else {
                    throw DomainError.invalid("segment", "环节“\(s)”不存在（可填代码，或在填了产业链时填名称）")
                }
                segment = found.code
                chain = chain ?? found.chain
            }
            var action: ChainAction?
            if let a = row.values["action"] {
                guard let found = ChainAction(rawValue: a) ?? ChainAction.allCases.first(where: { $0.nameZh == a }) else {
                    throw DomainError.invalid("action", "应为强链、补链或延链")
                }
                action = found
            }
            var stage = ProjectStage.planned
            if let s = row.values["stage"] {
                guard let found = ProjectStage(rawValue: s) ?? ProjectStage.allCases.first(where: { $0.nameZh == s }) else {
                    throw DomainError.invalid("stage", "阶段应为：\(ProjectStage.allCases.map(\.nameZh).joined(separator: "、"))")
                }
                stage = found
            }
            return ProjectInput(
                kind: kind, name: row.values["name"] ?? "", enterprise: try firm(row, required: false), investor: row.values["investor"],
                programme: row.values["programme"], year: try year(row), amount: amount, chain: chain, segment: segment, action: action,
                stage: stage, caseByCase: Self.yes(row.values["caseByCase"]), greenChannel: Self.yes(row.values["greenChannel"]))
        }

        func standard(_ row: Row) throws -> StandardInput {
            let levelText = row.values["level"] ?? ""
            guard
                let level = StandardLevel(rawValue: levelText)
                    ?? StandardLevel.allCases.first(where: {
                        $0.nameZh == levelText || $0.nameZh.hasPrefix(levelText) && !levelText.isEmpty
                    })
            else { throw DomainError.invalid("level", "级别应为国际标准、国家标准、行业标准或团体标准") }
            let roleText = row.values["role"] ?? ""
            guard let role = StandardRole(rawValue: roleText) ?? StandardRole.allCases.first(where: { $0.nameZh == roleText }) else {
                throw DomainError.invalid("role", "应为主导或参与")
            }
            guard let firm = try firm(row, required: true) else { throw DomainError.invalid("uscc", "请填写统一社会信用代码或企业名称") }
            return StandardInput(
                enterprise: firm, number: row.values["number"] ?? "", name: row.values["name"] ?? "", level: level, role: role,
                year: try year(row))
        }

        func consortium(_ row: Row) throws -> ConsortiumInput {
            guard let lead = try firm(row, required: true) else { throw DomainError.invalid("uscc", "请填写牵头企业") }
            guard let on = row.values["approvedOn"].flatMap({ SimpleDate(iso: $0.replacingOccurrences(of: "/", with: "-")) }) else {
                throw DomainError.invalid("approvedOn", "批准日期格式应为 YYYY-MM-DD")
            }
            let typeText = row.values["type"] ?? "task"
            let types = ["生态型": "ecosystem", "任务型": "task", "平台型": "platform"]
            let levels = ["国家级": "national", "省级": "provincial", "市级": "city"]
            var chainCodes: [String] = []
            if let c = row.values["chain"] {
                for part in c.split(whereSeparator: { "、,，;；".contains($0) }).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    guard let code = chains[part] else { throw DomainError.invalid("chain", "产业链“\(part)”不存在（可填代码或名称）") }
                    chainCodes.append(code)
                }
            }
            var members: [ConsortiumInput.Member] = []
            for part in (row.values["members"] ?? "").split(whereSeparator: { ";；\n".contains($0) }) {
                let bits = part.split(maxSplits: 1, whereSeparator: { "：:,，".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
                guard bits.count == 2, !bits[0].isEmpty, !bits[1].isEmpty else {
                    throw DomainError.invalid("members", "成员应写作“统一社会信用代码或机构名称：角色”，多个用分号隔开")
                }
                let who = bits[0].uppercased()
                if (try? USCC.checkFormat(who).get()) != nil {
                    members.append(.init(enterprise: who, institution: nil, role: bits[1]))
                } else {
                    members.append(.init(enterprise: nil, institution: bits[0], role: bits[1]))
                }
            }
            return ConsortiumInput(
                name: row.values["name"] ?? "", lead: lead, members: members, type: types[typeText] ?? typeText, chains: chainCodes,
                level: levels[row.values["level"] ?? "市级"] ?? row.values["level"] ?? "city", approvedOn: on,
                projects: row.values["projects"],
                outcomes: row.values["outcomes"])
        }
    }
}
