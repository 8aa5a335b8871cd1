import ChainLeadCore
import Foundation
import SQLKit
import Testing

@testable import App

/// Whom a notice reaches: read in one statement before the write transaction (Policy S6).
@Suite(.tags(.s6)) struct NotifierTests {
    @Test func recipientsComeAudienceByAudienceEachOnceAndNeverADisabledUser() async throws {
        try await TestServer.with { server in
            // setup: two departments (a head and an officer in one), a district, a firm, a chief, a disabled officer
            let users = UserStore(db: server.sql)
            let power = "国网无锡供电公司"
            let miit = "市工业和信息化局"
            _ = try await users.upsert(
                username: "p_officer", password: "Notice-pass-1", grants: [Grant(.department, .department(power, head: false))])
            _ = try await users.upsert(
                username: "m_zhead", password: "Notice-pass-1", grants: [Grant(.department, .department(miit, head: true))])
            _ = try await users.upsert(
                username: "m_officer", password: "Notice-pass-1", grants: [Grant(.department, .department(miit, head: false))])
            let gone = try await users.upsert(
                username: "m_gone", password: "Notice-pass-1", grants: [Grant(.department, .department(miit, head: false))])
            try await server.sql.raw("UPDATE users SET disabled = \(bind: true) WHERE id = \(bind: gone)").run()
            _ = try await users.upsert(username: "d_officer", password: "Notice-pass-1", grants: [Grant(.district, .district("320214"))])
            _ = try await users.upsert(username: "c_chief", password: "Notice-pass-1", grants: [Grant(.chief, .chains(["ic-fab"]))])
            let notifier = Notifier(db: server.sql)
            // act
            let filed = try await notifier.recipients([.department(power), .department(miit), .district("320214"), .department(power)])
            let heads = try await notifier.recipients([.departmentHead(miit)])
            let chiefs = try await notifier.recipients([.chiefs(["ic-fab"]), .department(power)])
            let nobody = try await notifier.recipients([.district("320206"), .chiefs(["auto-nev"])])
            // check: in the audiences' order, by name within one, once each, the disabled officer left out
            #expect(filed == ["p_officer", "m_officer", "m_zhead", "d_officer"])
            #expect(heads == ["m_zhead"])
            #expect(chiefs == ["c_chief", "p_officer"])
            #expect(nobody.isEmpty)
        }
    }
}
