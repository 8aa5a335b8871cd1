import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

/// An official list of honours (.xlsx or .csv) imported at once (Policy S3, S4, G3): each row a
/// firm (USCC, or its name as the list prints it), the kind (code or name), the year, and for
/// product-level kinds the product. Names are resolved as supplier names are: an exact match with
/// one registered firm links; a likely match is a row error naming the registered firm, so the
/// official puts its USCC in the row. All or nothing: any bad row and nothing is written.
struct HonourImport {
    let db: any SQLDatabase
    let caller: Caller

    enum Column: String, CaseIterable {
        case uscc, name, kind, year, product, evidence

        static let headers: [String: Column] = [
            "统一社会信用代码": .uscc, "uscc": .uscc, "企业名称": .name, "名称": .name, "name": .name, "荣誉类型": .kind, "类型": .kind,
            "kind": .kind, "年度": .year, "名单年度": .year, "year": .year, "产品": .product, "产品名称": .product, "product": .product,
            "依据": .evidence, "文号": .evidence, "evidence": .evidence,
        ]
    }

    struct Report: Sendable, Codable {
        var rows: Int
        var recorded: Int
        var firstTime: Int
    }

    func run(_ data: Data) async throws -> Report {
        try await Access.require(.importData, .honours, caller: caller, db: db)
        let sheet = try ImportFile.rows(data)
        guard let (header, columns) = Self.header(sheet) else {
            throw DomainError.invalid("file", "未找到表头：需要“统一社会信用代码”或“企业名称”，以及“荣誉类型”和“年度”三列", code: "no_header")
        }
        let kinds = try await Honours.kinds(db)
        let byCode = Dictionary(kinds.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let byName = Dictionary(kinds.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let resolver = try await SupplierResolver.load(db)
        var errors: [DomainError.RowError] = []
        var inputs: [(row: Int, input: HonourInput, kind: HonourKind, product: String?)] = []
        var seen = Set<String>()
        for row in sheet where row.number > header {
            func text(_ c: Column) -> String? {
                columns[c].flatMap { row[column: $0]?.text.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
                    $0.isEmpty ? nil : $0
                }
            }
            func fail(_ c: Column, _ reason: String) {
                errors.append(.init(row: row.number, column: columns[c].map(columnLetter) ?? "-", reason: reason))
            }
            if Column.allCases.allSatisfy({ text($0) == nil }) { continue }
            var uscc: String?
            if let u = text(.uscc)?.uppercased() {
                if resolver.byUSCC[u] != nil { uscc = u } else { fail(.uscc, "统一社会信用代码 \(u) 不在企业库中") }
            } else if let name = text(.name) {
                switch resolver.resolve(name: name, city: nil) {
                case .registered(let u, _, _): uscc = u
                case .outside(_, let likely):
                    if let c = likely.first, let firm = resolver.byUSCC[c.uscc] {
                        fail(.name, "“\(name)”可能是企业库中的“\(firm.name)”（\(c.uscc)，\(c.reason)）：请在本行填写其统一社会信用代码")
                    } else {
                        fail(.name, "企业库中没有名为“\(name)”的企业：请先登记，或填写统一社会信用代码")
                    }
                }
            } else {
                fail(.name, "请填写统一社会信用代码或企业名称")
            }
            guard let kindText = text(.kind), let kind = byCode[kindText] ?? byName[kindText] else {
                fail(.kind, "荣誉类型“\(text(.kind) ?? "")”不在荣誉类型表中（可填代码或名称）")
                continue
            }
            guard let year = text(.year).flatMap({ Int($0.replacingOccurrences(of: "年", with: "")) }) else {
                fail(.year, "年度应为四位数字")
                continue
            }
            guard let firm = uscc else { continue }
            let input = HonourInput(enterprise: firm, kind: kind.code, year: year, product: text(.product), evidence: text(.evidence))
            do {
                let product = try Honours.check(input, kind: kind)
                let key = [firm, kind.code, HonourGrant(kind: kind.code, product: product, year: year).productKey, String(year)].joined(
                    separator: "|")
                if !seen.insert(key).inserted { fail(.kind, "与前面的行重复（同一企业、类型、产品和年度）") }
                inputs.append((row.number, input, kind, product))
            } catch let e as DomainError {
                fail(Column(rawValue: e.field ?? "") ?? .kind, e.message)
            }
        }
        if !errors.isEmpty {
            throw DomainError(.invalid, "import_rows", "文件中有 \(Set(errors.map(\.row)).count) 行需要修改，未导入任何记录", rows: errors)
        }
        guard !inputs.isEmpty else { throw DomainError.invalid("file", "文件中没有数据行", code: "empty") }
        // Earlier years first, so the first-time flag of a multi-year list is right.
        let ordered = inputs.sorted { ($0.input.year, $0.row) < ($1.input.year, $1.row) }
        let caller = self.caller
        return try await db.withTransaction { tx in
            var firstTime = 0
            for item in ordered {
                guard let made = try await Honours.insert(item.input, kind: item.kind, product: item.product, caller: caller, tx: tx) else {
                    throw DomainError(
                        .invalid, "import_rows", "文件中有 1 行需要修改，未导入任何记录",
                        rows: [.init(row: item.row, column: columns[.kind].map(columnLetter) ?? "-", reason: "该荣誉已记录（同一企业、类型、产品和年度）")])
                }
                if made.firstTime { firstTime += 1 }
            }
            try await AuditLog(db: tx, caller: caller).record(
                entity: "import", key: "honours", action: "import_honours", changes: ["rows": .init(from: nil, to: String(ordered.count))])
            return Report(rows: ordered.count, recorded: ordered.count, firstTime: firstTime)
        }
    }

    /// The first of the top rows naming a firm column, the kind and the year.
    static func header(_ sheet: [SheetRow]) -> (Int, [Column: Int])? {
        for row in sheet.prefix(30) {
            var columns: [Column: Int] = [:]
            for (i, cell) in row.cells.enumerated() {
                guard let text = cell?.text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), let c = Column.headers[text]
                else { continue }
                if columns[c] == nil { columns[c] = i }
            }
            if columns[.kind] != nil, columns[.year] != nil, columns[.uscc] != nil || columns[.name] != nil { return (row.number, columns) }
        }
        return nil
    }
}
