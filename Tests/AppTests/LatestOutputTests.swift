import Foundation
import SQLKit
import Testing

@testable import App

/// The list's latest output per firm (G3's portrait, the registry's sort) is refreshed after figures
/// change, and a refresh that changes nothing writes no row.
@Suite(.tags(.g3)) struct LatestOutputTests {
    let first = makeUSCC(serial: 41)
    let second = makeUSCC(serial: 42)

    /// Rows the refresh of both firms wrote, counted by the database on one connection.
    func rowsWritten(_ server: TestServer) async throws -> Int {
        let firms = [first, second]
        return try await server.sql.withSession { session in
            if session.dialect.name == "sqlite" {
                let before = try await session.raw("SELECT total_changes() AS n").first(decodingColumn: "n", as: Int.self) ?? 0
                try await EnterpriseQueries(db: session).refreshLatestOutput(usccs: firms)
                let after = try await session.raw("SELECT total_changes() AS n").first(decodingColumn: "n", as: Int.self) ?? 0
                return after - before
            }
            // PostgreSQL: a row written gets a new xmin.
            let xmin = {
                try await session.raw("SELECT uscc, xmin::text AS x FROM enterprises WHERE uscc IN \(SQLBind.group(firms))").all()
                    .map { "\(try $0.decode(column: "uscc", as: String.self))@\(try $0.decode(column: "x", as: String.self))" }
            }
            let before = Set(try await xmin())
            try await EnterpriseQueries(db: session).refreshLatestOutput(usccs: firms)
            return Set(try await xmin()).subtracting(before).count
        }
    }

    @Test func aRefreshWritesOnlyTheFirmsWhoseLatestOutputChanged() async throws {
        try await TestServer.with { server in
            // setup: two firms with figures (the API refreshes their latest output as it writes)
            for (uscc, name) in [(first, "甲公司"), (second, "乙公司")] {
                let created = try await server.send(
                    .POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"\#(name)","district":"320214"}"#)
                #expect(created.status == 201, "\(created.text)")
                let put = try await server.send(.PUT, "/enterprises/\(uscc)/figures/2024", json: #"{"outputValue":1000000}"#)
                #expect(put.status == 200, "\(put.text)")
            }
            // act: nothing changed; then one firm's output is changed behind the refresh's back
            let unchanged = try await rowsWritten(server)
            try await server.sql.raw("UPDATE figures SET output_value = 2500000 WHERE enterprise_uscc = \(bind: second)").run()
            let oneChanged = try await rowsWritten(server)
            // check
            #expect(unchanged == 0)
            #expect(oneChanged == 1)
            let stored = try await server.sql.raw(
                "SELECT latest_year, latest_output_value FROM enterprises WHERE uscc = \(bind: second)"
            ).first()
            #expect(try stored?.decode(column: "latest_year", as: Int.self) == 2024)
            #expect(try stored?.decode(column: "latest_output_value", as: Int.self) == 2_500_000)
        }
    }
}
