import ChainLeadCore
import Foundation
import OfficeFormats
import SQLKit

/// Compiles the year's selected cases into the case book (Policy S7): one chapter per cluster in
/// the taxonomy's order, each case with its firm's figures of the case's year (or the latest
/// before it) beside the case's own key figures, and its pictures.
struct CaseBookExport {
    let db: any SQLDatabase
    let caller: Caller

    static let title = "重点产业链链主企业创新发展案例汇编"

    func docx(year: Int, progress: (@Sendable (String) -> Void)? = nil) async throws -> Data {
        try await Access.require(.export, .cases(.review), caller: caller, db: db)
        let year = try CaseRecords.year(year)
        let records = CaseRecords(db: db, caller: caller)
        let cases = try await records.list(CaseFilter(year: year, status: .selected))
        guard !cases.isEmpty else {
            throw DomainError(.notFound, "no_cases", "\(year)年尚无入选案例：请先在“典型案例”中审核入选", field: "year")
        }
        let figures = try await firmFigures(Array(Set(cases.map(\.enterprise))), year: year)
        var chapters: [CaseBook.Chapter] = []
        var done = 0
        for (n, cluster) in Self.grouped(cases).enumerated() {
            var items: [CaseBook.Case] = []
            for (k, c) in cluster.cases.enumerated() {
                var pictures: [(picture: Picture, caption: String)] = []
                for p in c.pictures.prefix(CaseRules.maxPictures) {
                    let (_, data) = try await records.picture(c.id, picture: p.id)
                    if let picture = Picture(Array(data)) { pictures.append((picture, p.caption)) }
                }
                items.append(
                    CaseBook.Case(
                        title: "（\(CaseRules.chineseNumber(k + 1))）\(c.title)",
                        byline:
                            "企业：\(c.enterpriseName)　产业链：\(c.chainName)　类别：\(CaseCategory(rawValue: c.category)?.nameZh ?? c.category)",
                        figures: (figures[c.enterprise] ?? []) + c.keyFigures.map { ($0.label, $0.value) },
                        paragraphs: c.body.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                            !$0.isEmpty
                        },
                        pictures: pictures))
                done += 1
            }
            chapters.append(CaseBook.Chapter(title: "\(CaseRules.chineseNumber(n + 1))、\(cluster.name)", cases: items))
            progress?("  \(done)/\(cases.count) cases · \(cluster.name)")
        }
        let book = CaseBook(
            title: Self.title, subtitle: "（\(year)年）", issuer: "链主企业培育工作专班",
            date: NoticePages.chineseDate(SimpleDate.today().description), chapters: chapters)
        return try CaseBookWriter.write(book, stamp: ExportStamp(caller))
    }

    static func grouped(_ cases: [CaseView]) -> [(name: String, cases: [CaseView])] {
        var out: [(name: String, cases: [CaseView])] = []
        for c in cases {
            if out.last?.name == c.clusterName { out[out.count - 1].cases.append(c) } else { out.append((c.clusterName, [c])) }
        }
        return out
    }

    /// Each firm's reported figures of the year (or the latest before it), in 万元 and persons.
    func firmFigures(_ firms: [String], year: Int) async throws -> [String: [(String, String)]] {
        guard !firms.isEmpty else { return [:] }
        struct Row: Decodable {
            var enterpriseUscc: String
            var year: Int
            var revenue: Int64?
            var rdExpense: Int64?
            var employees: Int64?
            var taxPaid: Int64?
        }
        let rows = try await db.raw(
            """
            SELECT f.enterprise_uscc, f.year, f.revenue, f.rd_expense, f.employees, f.tax_paid FROM figures f
            WHERE f.enterprise_uscc IN \(SQLBind.group(firms)) AND f.year = (
              SELECT MAX(g.year) FROM figures g WHERE g.enterprise_uscc = f.enterprise_uscc AND g.year <= \(bind: year))
            """
        ).rows(Row.self)
        var out: [String: [(String, String)]] = [:]
        for r in rows {
            var list: [(String, String)] = []
            if let v = r.revenue { list.append(("\(r.year)年营业收入", Self.wan(v))) }
            if let v = r.rdExpense { list.append(("\(r.year)年研发投入", Self.wan(v))) }
            if let v = r.rdExpense, let total = r.revenue, total > 0 {
                list.append(("研发投入强度", String(format: "%.1f%%", Double(v) / Double(total) * 100)))
            }
            if let v = r.taxPaid { list.append(("\(r.year)年纳税", Self.wan(v))) }
            if let v = r.employees { list.append(("从业人员", "\(v)人")) }
            out[r.enterpriseUscc] = list
        }
        return out
    }

    /// Yuan as 万元 (亿元 from 1亿), one decimal.
    static func wan(_ yuan: Int64) -> String {
        let v = Double(yuan)
        return v >= 1e8 ? String(format: "%.1f亿元", v / 1e8) : String(format: "%.1f万元", v / 1e4)
    }
}
