import Foundation
import OfficeFormats
import SQLKit
import Testing

@testable import App

@Suite struct ImportTests {
    let a = makeUSCC(division: "320281", serial: 101)
    let b = makeUSCC(division: "320214", serial: 102)

    func post(_ server: TestServer, _ path: String, csv: String, type: String = "text/csv") async throws -> TestServer.Reply {
        try await server.send(.POST, path, body: Data(csv.utf8), headers: [("Content-Type", type)])
    }

    func count(_ server: TestServer, _ table: String) async throws -> Int {
        try await server.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    var enterprisesCSV: String {
        """
        无锡市重点企业名录（2025年）,,,,
        填报说明：金额单位见表头,,,,
        统一社会信用代码,企业名称,所属区县,成立日期,梯队,环节代码
        \(a),江阴甲钢铁有限公司,江阴市,2001/5/8,准链主,materials-metal-u1
        \(b),无锡乙芯片有限公司,新吴区,20150601,,ic-fab-m1
        """
    }

    @Test func importsEnterprisesBelowTitleRowsAndFiguresInWan() async throws {
        try await TestServer.with { server in
            // act
            let ent = try await post(server, "/imports/enterprises?file_name=名录.csv", csv: enterprisesCSV)
            let fig = try await post(
                server, "/imports/figures",
                csv: """
                    uscc,year,产值(万元),营业收入（万元）,从业人数,研发费用(元)
                    \(a),2024,"12,345.67",10000,850,50000
                    \(a),2025,13000,11000,900,-
                    """)
            // check
            #expect(ent.status == 200, "\(ent.text)")
            #expect(try ent.json()["inserted"] as? Int == 2)
            #expect(try ent.json()["fileName"] as? String == "名录.csv")
            #expect(fig.status == 200, "\(fig.text)")
            let detail = try await server.send(.GET, "/enterprises/\(a)").json()
            #expect(detail["founded"] as? String == "2001-05-08")
            #expect(detail["tier"] as? String == "candidate")
            let figures = try #require(detail["figures"] as? [[String: Any]])
            #expect(figures.first?["outputValue"] as? Int == 123_456_700)
            #expect(figures.first?["revenue"] as? Int == 100_000_000)
            #expect(figures.first?["rdExpense"] as? Int == 50_000)
            #expect(figures.last?["rdExpense"] == nil)
            #expect(try await server.send(.GET, "/enterprises/\(b)").json()["founded"] as? String == "2015-06-01")
            // one audit entry per import, with the checksum
            let audit = try await server.sql.raw("SELECT changes FROM audit_entries WHERE entity = 'import'").all()
            #expect(audit.count == 2)
            #expect(try audit.first?.decode(column: "changes", as: String.self).contains("sha256") == true)
        }
    }

    @Test func aSecondFileReplacesItsColumnsOfStoredYearsAndKeepsTheRest() async throws {
        try await TestServer.with { server in
            // setup: two years stored
            _ = try await post(server, "/imports/enterprises", csv: enterprisesCSV)
            let first = try await post(
                server, "/imports/figures",
                csv: """
                    uscc,year,产值(万元),营业收入（万元）
                    \(a),2024,100,200
                    \(a),2025,300,400
                    """)
            #expect(first.status == 200, "\(first.text)")
            // act: output only, for a stored year and a new one
            let second = try await post(
                server, "/imports/figures",
                csv: """
                    uscc,year,产值(万元)
                    \(a),2025,500
                    \(a),2026,600
                    """)
            // check: 2025's output replaced (version 2), its revenue kept; 2026 new; 2024 untouched
            #expect(second.status == 200, "\(second.text)")
            #expect(try second.json()["updated"] as? Int == 1)
            #expect(try second.json()["inserted"] as? Int == 1)
            struct Year: Decodable {
                var year: Int
                var outputValue: Int64?
                var revenue: Int64?
                var version: Int64
            }
            let years = try await server.sql.raw(
                "SELECT year, output_value, revenue, version FROM figures WHERE enterprise_uscc = \(bind: a) ORDER BY year"
            ).rows(Year.self).map { "\($0.year):\($0.outputValue ?? -1):\($0.revenue ?? -1):\($0.version)" }
            #expect(years == ["2024:1000000:2000000:1", "2025:5000000:4000000:2", "2026:6000000:-1:1"])
        }
    }

    @Test func anyBadRowWritesNothingAndEveryBadRowIsReported() async throws {
        try await TestServer.with { server in
            // act
            let reply = try await post(
                server, "/imports/enterprises",
                csv: """
                    统一社会信用代码,企业名称,所属区县,成立日期,环节代码
                    \(a),好企业,江阴市,2001-05-08,
                    91350203M0001QKT19,坏代码,江阴市,,
                    \(b),,火星区,2001-13-01,nope-u1
                    \(a),重复,江阴市,,
                    """)
            // check
            #expect(reply.status == 422)
            let json = try reply.json()
            #expect(json["error"] as? String == "invalid_rows")
            let rows = try #require(json["rows"] as? [[String: Any]])
            let found = Set(rows.map { "\($0["row"] as? Int ?? 0)\($0["column"] as? String ?? "")" })
            #expect(found.isSuperset(of: ["3A", "4C", "4D", "5A"]), "\(rows)")
            #expect(rows.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
            #expect(try await count(server, "enterprises") == 0)
        }
    }

    @Test func skipInvalidWritesTheGoodRows() async throws {
        try await TestServer.with { server in
            let reply = try await post(
                server, "/imports/enterprises?skip_invalid=true",
                csv: """
                    统一社会信用代码,企业名称,所属区县
                    \(a),好企业,江阴市
                    91350203M0001QKT19,坏代码,江阴市
                    """)
            #expect(reply.status == 200)
            #expect(try reply.json()["inserted"] as? Int == 1)
            #expect(try reply.json()["skipped"] as? Int == 1)
            #expect((try reply.json()["errors"] as? [[String: Any]])?.first?["row"] as? Int == 3)
            #expect(try await count(server, "enterprises") == 1)
        }
    }

    @Test func reimportingIsIdempotent() async throws {
        try await TestServer.with { server in
            _ = try await post(server, "/imports/enterprises", csv: enterprisesCSV)
            let again = try await post(server, "/imports/enterprises", csv: enterprisesCSV)
            #expect(try again.json()["unchanged"] as? Int == 2)
            #expect(try again.json()["inserted"] as? Int == 0)
            let history = try await server.sql.raw("SELECT COUNT(*) AS n FROM tier_changes").first()?.decode(column: "n", as: Int.self)
            #expect(history == 1)
        }
    }

    @Test func anImportsBatchListsTheFirmsItWrote() async throws {
        try await TestServer.with { server in
            // setup: one firm already in the registry, outside the file
            let other = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(makeUSCC(serial: 2901))","name":"名录外企业","district":"320214"}"#)
            #expect(other.status == 201)
            // act
            let first = try await post(server, "/imports/enterprises", csv: enterprisesCSV)
            let batch = try #require(try first.json()["batch"] as? String)
            let listed = try await server.send(.GET, "/enterprises?import=\(batch)").json()
            // check: the file's two firms, not the other one; a re-import that changes nothing writes no mark
            #expect((listed["metadata"] as? [String: Any])?["total"] as? Int == 2)
            let again = try await post(server, "/imports/enterprises", csv: enterprisesCSV)
            let second = try #require(try again.json()["batch"] as? String)
            #expect(second != batch)
            #expect(
                ((try await server.send(.GET, "/enterprises?import=\(second)").json())["metadata"] as? [String: Any])?["total"] as? Int == 0
            )
        }
    }

    @Test func anExportReadsBackAndReimportsUnchanged() async throws {
        try await TestServer.with { server in
            // setup: a becomes a leader by recognition after the import
            _ = try await post(server, "/imports/enterprises", csv: enterprisesCSV)
            try await server.recognise(a)
            // act
            let export = try await server.send(.GET, "/exports/enterprises.xlsx?sort=uscc")
            // check
            #expect(export.status == 200)
            #expect(export.headers.first(name: "Content-Disposition")?.contains("attachment") == true)
            let rows = try XLSXReader.rows(of: export.body)
            #expect(rows.count == 3)
            #expect(rows[0].cells.first??.text == "统一社会信用代码")
            #expect(Set(rows.dropFirst().compactMap { $0.cells.first??.text }) == [a, b])
            let reimport = try await server.send(
                .POST, "/imports/enterprises", body: export.body,
                headers: [("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
            #expect(reimport.status == 200, "\(reimport.text)")
            #expect(try reimport.json()["unchanged"] as? Int == 2)
        }
    }

    @Test func brokenFilesGetClearErrors() async throws {
        try await TestServer.with { server in
            let empty = try await server.send(.POST, "/imports/enterprises", body: Data(), headers: [("Content-Type", "text/csv")])
            #expect(empty.status == 422 || empty.status == 400)
            var ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
            ole.append(Data(repeating: 0, count: 512))
            let xls = try await server.send(
                .POST, "/imports/enterprises", body: ole, headers: [("Content-Type", "application/octet-stream")])
            #expect(xls.status == 422)
            #expect((try xls.json()["message"] as? String)?.contains(".xlsx") == true)
            // sent with its own content type, an old .xls gets the same advice, not a 415
            let typed = try await server.send(
                .POST, "/imports/enterprises", body: ole, headers: [("Content-Type", "application/vnd.ms-excel")])
            #expect(typed.status == 422)
            #expect(try typed.json()["message"] as? String == (try xls.json()["message"] as? String))
            let good = try XLSXWriter.write(
                sheetName: "s", header: ["统一社会信用代码", "企业名称", "所属区县"], rows: [[.text(a), .text("甲"), .text("江阴市")]])
            let truncated = good.prefix(good.count / 2)
            let cut = try await server.send(
                .POST, "/imports/enterprises", body: Data(truncated), headers: [("Content-Type", "application/octet-stream")])
            #expect(cut.status == 422)
            let noHeader = try await post(server, "/imports/enterprises", csv: "a,b,c\n1,2,3\n")
            #expect(noHeader.status == 422)
            #expect(try noHeader.json()["error"] as? String == "header_not_found")
            let wrongType = try await server.send(
                .POST, "/imports/enterprises", body: Data("x".utf8), headers: [("Content-Type", "image/png")])
            #expect(wrongType.status == 415)
            #expect(try await count(server, "enterprises") == 0)
        }
    }

    @Test func gb18030CSVFromExcelOnChineseWindows() async throws {
        try await TestServer.with { server in
            // setup: GB18030 bytes made with iconv, as Excel on Chinese Windows saves
            let text = "统一社会信用代码,企业名称,所属区县\r\n\(a),宜兴环保科技有限公司,宜兴市\r\n"
            let data = try #require(iconvConvert(text, to: "GB18030"))
            #expect(String(data: data, encoding: .utf8) == nil)
            // act
            let reply = try await server.send(.POST, "/imports/enterprises", body: data, headers: [("Content-Type", "text/csv")])
            // check
            #expect(reply.status == 200, "\(reply.text)")
            #expect(try await server.send(.GET, "/enterprises/\(a)").json()["name"] as? String == "宜兴环保科技有限公司")
        }
    }
}

/// Encodes text with glibc's iconv (an independent encoder for the GB18030 test).
func iconvConvert(_ text: String, to encoding: String) -> Data? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "UTF-8", "-t", encoding]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    guard (try? process.run()) != nil else { return nil }
    input.fileHandleForWriting.write(Data(text.utf8))
    try? input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? data : nil
}
