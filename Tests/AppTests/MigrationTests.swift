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
        // setup: a database as version M030 left it, with a request routed to two co-departments
        try await ScratchDatabase.upgrade(
            before: { $0 is M031_RequestCoDepartments },
            setup: { sql in
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
            },
            check: { sql in
                let rows = try await sql.raw("SELECT department, position FROM request_co_departments ORDER BY position").all()
                #expect(try rows.map { try $0.decode(column: "department", as: String.self) } == ["市财政局", "市发展改革委"])
                let record = try await RequestService(db: sql, caller: .system("test")).find(1)
                #expect(record.coDepartments == ["市财政局", "市发展改革委"])
                #expect(RequestService.actorKinds([Grant(.department, .department("市财政局", head: false))], record) == [.coDepartment])
            })
    }
}

extension ScratchDatabase {
    /// A scratch database migrated up to the first migration `isCut` picks; `setup` writes rows as
    /// that version left them, the rest of the migrations run, and `check` reads the result.
    static func upgrade(
        before isCut: (any Migration) -> Bool, setup: (any SQLDatabase) async throws -> Void,
        check: (any SQLDatabase) async throws -> Void
    ) async throws {
        let all = AppMigrations.all
        guard let cut = all.firstIndex(where: isCut) else {
            Issue.record("the migration is not in AppMigrations.all")
            return
        }
        let scratch = try await ScratchDatabase.make(migrated: false)
        let app = try await Application.make(.testing)
        do {
            try app.useDatabase(scratch.location)
            app.migrations.add(Array(all[..<cut]))
            try await app.autoMigrate()
            try await setup(app.db.sql)
            app.migrations.add(Array(all[cut...]))
            try await app.autoMigrate()
            try await check(app.db.sql)
        } catch {
            try? await app.asyncShutdown()
            try? await scratch.drop()
            throw error
        }
        try await app.asyncShutdown()
        try await scratch.drop()
    }
}
