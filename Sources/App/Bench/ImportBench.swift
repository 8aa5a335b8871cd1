import ChainLeadCore
import Foundation
import OfficeFormats
import Vapor

/// `chainlead bench import`: generates enterprises with three years of figures as .csv and
/// .xlsx, imports each into a fresh database (SQLite, or PostgreSQL with `--postgres`), and
/// times that database's shell loading the same CSV rows into tables with the same columns and
/// primary keys (`sqlite3 .import`, `psql \copy`), in the same run.
public enum ImportBench {
    public static func run(
        enterprises: Int, workDirectory: String, postgres: String? = nil, log: @escaping @Sendable (String) -> Void,
        emit: @Sendable (BenchFigure) -> Void = { _ in }
    ) async throws {
        let dir = URL(fileURLWithPath: workDirectory)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        log("generating \(enterprises) enterprises × 3 years …")
        let firms = DemoCity(enterprises: enterprises, seed: 42).generate()
        let entColumns = ImportKind.enterprises.columns
        // Chain leaders come from recognition, never from a file: the generated ones import unpooled.
        let entRows: [[XLSXValue]] = firms.map { f in
            var draft = f.draft
            if draft.tier == .leader { draft.tier = .none }
            return entColumns.map { EnterpriseExport.value(draft, $0) }
        }
        let figHeader = [
            "统一社会信用代码", "年度", "产值", "营业收入", "研发费用", "从业人数", "纳税额", "出口额", "资产总额",
            "负债总额", "主营业务收入", "数据来源",
        ]
        let figRows: [[XLSXValue]] = firms.flatMap { f in
            f.figures.map { y in
                [.text(f.draft.uscc), .integer(Int64(y.year))]
                    + [
                        y.outputValue, y.revenue, y.rdExpense, y.employees, y.taxPaid,
                        y.exports, y.totalAssets, y.totalLiabilities, y.mainBusinessRevenue,
                    ].map { $0.map(XLSXValue.integer) ?? .empty }
                    + [.text(y.source.nameZh)]
            }
        }
        let files = [
            ("enterprises.csv", csv(header: entColumns.map(\.header), rows: entRows)),
            ("figures.csv", csv(header: figHeader, rows: figRows)),
            ("enterprises.xlsx", try XLSXWriter.write(sheetName: "企业名录", header: entColumns.map(\.header), rows: entRows)),
            ("figures.xlsx", try XLSXWriter.write(sheetName: "年度经营数据", header: figHeader, rows: figRows)),
        ]
        for (name, data) in files {
            try data.write(to: dir.appendingPathComponent(name))
            log("  wrote \(name) (\(data.count / 1024) KiB)")
        }
        var results: [(String, Int, Double)] = []
        for format in ["csv", "xlsx"] {
            let database = try BenchDatabase.make(postgres: postgres, work: workDirectory, name: "bench-\(format).sqlite")
            try await database.fresh()
            let app = try await database.open()
            _ = ImportStageClock.dump()
            do {
                for kind in [ImportKind.enterprises, .figures] {
                    let data = try Data(contentsOf: dir.appendingPathComponent("\(kind.rawValue).\(format)"))
                    let start = Date()
                    let report = try await ImportService.run(
                        app, kind, caller: .system("bench"), data: data, fileName: "\(kind.rawValue).\(format)", skipInvalid: false)
                    let seconds = Date().timeIntervalSince(start)
                    results.append(("chainlead import \(kind.rawValue).\(format)", report.totalRows, seconds))
                    log("    stages (s): " + ImportStageClock.dump())
                    log(
                        String(
                            format: "  chainlead %@.%@: %d rows in %.2f s = %.0f rows/s", kind.rawValue, format, report.totalRows, seconds,
                            Double(report.totalRows) / seconds))
                }
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
        // The reference: the database's shell loading the same CSV rows into plain tables with
        // the same primary keys (`sqlite3 .import`, `psql \copy`).
        let entCols = entColumns.map { "\"\($0.rawValue)\" TEXT" + ($0 == .uscc ? " PRIMARY KEY" : "") }.joined(separator: ", ")
        let figCols =
            "uscc TEXT, year INTEGER, output_value BIGINT, revenue BIGINT, rd_expense BIGINT, employees BIGINT, tax_paid BIGINT, exports BIGINT, total_assets BIGINT, total_liabilities BIGINT, main_business_revenue BIGINT, source TEXT, PRIMARY KEY (uscc, year)"
        let reference = try BenchDatabase.make(postgres: postgres, work: workDirectory, name: "bench-shell.sqlite")
        if case .sqlite(let path) = reference { try? FileManager.default.removeItem(atPath: path) }
        let load: (String, String) -> String = { file, table in
            switch reference {
            case .sqlite: ".import --csv --skip 1 \(dir.appendingPathComponent(file).path) \(table)"
            case .postgres: "\\copy \(table) FROM '\(dir.appendingPathComponent(file).path)' WITH (FORMAT csv, HEADER true)"
            }
        }
        let script = """
            DROP TABLE IF EXISTS ref_enterprises; DROP TABLE IF EXISTS ref_figures;
            CREATE TABLE ref_enterprises (\(entCols));
            CREATE TABLE ref_figures (\(figCols));
            \(load("enterprises.csv", "ref_enterprises"))
            \(load("figures.csv", "ref_figures"))
            """
        let start = Date()
        let (status, output) = try reference.shell(script)
        guard status == 0 else {
            log("\(reference.shellName) could not load the CSV files: no reference figure\n\(output.suffix(1000))")
            return
        }
        let shellSeconds = Date().timeIntervalSince(start)
        let shellRows = firms.count * 4
        log(
            String(
                format: "  %@ shell loading both CSVs: %d rows in %.2f s = %.0f rows/s", reference.shellName,
                shellRows, shellSeconds, Double(shellRows) / shellSeconds))
        for (format, goal) in [("csv", 3.0), ("xlsx", 5.0)] {
            let mine = results.filter { $0.0.hasSuffix(format) }
            let seconds = mine.reduce(0) { $0 + $1.2 }
            log(String(format: "  chainlead %@ total: %.2f s, %.2f× the shell", format, seconds, seconds / shellSeconds))
            emit(
                BenchFigure(
                    bench: "import", database: reference, figure: "import-\(format)", seconds: seconds,
                    comparison: "\(reference.shellName) shell loading the same CSV rows", comparisonSeconds: shellSeconds, goalRatio: goal,
                    goal: "≤ \(Int(goal))× the shell"))
        }
    }

    static func csv(header: [String], rows: [[XLSXValue]]) -> Data {
        var out = "\u{FEFF}" + header.map(quote).joined(separator: ",") + "\r\n"
        out.reserveCapacity(rows.count * 200)
        for row in rows {
            out += row.map { v -> String in
                switch v {
                case .text(let s): return quote(s)
                case .integer(let i): return String(i)
                // As a spreadsheet saves it: 2021, not 2021.0.
                case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
                case .date(let y, let m, let d): return String(format: "%04d-%02d-%02d", y, m, d)
                case .empty: return ""
                }
            }.joined(separator: ",")
            out += "\r\n"
        }
        return Data(out.utf8)
    }

    static func quote(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
