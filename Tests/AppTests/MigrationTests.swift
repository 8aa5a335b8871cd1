import ChainLeadCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Migrations that move data do it on both databases: a database at an older version is
/// upgraded and its rows read back in the new shape.
@Suite struct MigrationTests {
    @Test func coDepartmentsMoveToTheirOwnTable() async throws {
        let scratch = try await ScratchDatabase.make(migrated: false)
        let app = try await Application.make(.testing)
        do {
            // setup: a database as version M030 left it, with a request routed to two co-departments
            try app.useDatabase(scratch.location)
            let all = AppMigrations.all
            let cut = all.firstIndex { $0 is M031_RequestCoDepartments }!  // the list holds it: the test checks that move
            app.migrations.add(Array(all[..<cut]))
            try await app.autoMigrate()
            let sql = app.db.sql
            let firm = makeUSCC(serial: 1901)
            try await sql.raw(
                """
                INSERT INTO enterprises (uscc, name, former_names, search_text, district_code, status, tier, synthetic, created_at, updated_at)
                VALUES (\(bind: firm), '迁移测试', '', '迁移测试', '320214', 'active', 'none', \(bind: false), \(bind: Date.nowSeconds()), \(bind: Date.nowSeconds()))
                """
            ).run()
            try await sql.raw(
                """
                INSERT INTO requests (enterprise_uscc, district_code, category, title, description, urgency, status, lead_department,
                  co_departments, filed_on, accept_by, answer_by, reopen_count, escalation, filed_by, filed_via, created_at, updated_at)
                VALUES (\(bind: firm), '320214', 'finance', '贷款', '需要贷款', 'normal', 'assigned', '市委金融办',
                  \(bind: "市财政局\n市发展改革委"), '2026-11-02', '2026-11-03', '2026-11-16', 0, 0, 'x', 'enterprise', \(bind: Date.nowSeconds()), \(bind: Date.nowSeconds()))
                """
            ).run()
            // act: the rest of the migrations
            app.migrations.add(Array(all[cut...]))
            try await app.autoMigrate()
            // check
            let rows = try await sql.raw("SELECT department, position FROM request_co_departments ORDER BY position").all()
            #expect(try rows.map { try $0.decode(column: "department", as: String.self) } == ["市财政局", "市发展改革委"])
            let record = try await RequestService(db: sql, caller: .system("test")).find(1)
            #expect(record.coDepartments == ["市财政局", "市发展改革委"])
            #expect(RequestService.actorKinds([Grant(.department, .department("市财政局", head: false))], record) == [.coDepartment])
        } catch {
            try? await app.asyncShutdown()
            try? await scratch.drop()
            throw error
        }
        try await app.asyncShutdown()
        try await scratch.drop()
    }
}
