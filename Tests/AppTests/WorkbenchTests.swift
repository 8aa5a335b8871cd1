import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Every role's first page (工作台): what waits for it, counted as the list it opens counts, and
/// the bell over the notifications.
@Suite(.tags(.s6)) struct WorkbenchTests {
    static let firm = makeUSCC(division: "320214", serial: 3101)

    func count(_ page: TestServer.Reply, _ item: String) -> Int? {
        guard let range = page.text.range(of: #"id="\#(item)""#) else { return nil }
        let rest = page.text[range.upperBound...]
        guard let open = rest.range(of: #"<strong class="count">"#),
            let close = rest.range(of: "</strong>", range: open.upperBound..<rest.endIndex)
        else { return nil }
        return Int(rest[open.upperBound..<close.lowerBound])
    }

    func bell(_ page: TestServer.Reply) -> Int? {
        guard let range = page.text.range(of: #"id="bell-count">"#),
            let end = page.text.range(of: "<", range: range.upperBound..<page.text.endIndex)
        else { return nil }
        return Int(page.text[range.upperBound..<end.lowerBound])
    }

    @Test func aDepartmentSeesWhatWaitsForItAndTheBellCountsItsNotifications() async throws {
        try await TestServer.with { server in
            // setup: a firm files a request; its lead department has an officer
            let made = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"工作台企业","district":"320214","segments":["ic-fab-m1"]}"#)
            #expect(made.status == 201)
            let filed = try await server.send(
                .POST, "/requests", json: #"{"enterprise":"\#(Self.firm)","category":"power","title":"用电增容","description":"请协调供电"}"#)
            #expect(filed.status == 201, "\(filed.text)")
            let department = try #require(try filed.json()["leadDepartment"] as? String)
            let officer = try await server.browser("dept_officer", [Grant(.department, .department(department, head: false))])
            // the officer is notified when a request is routed to the department: a second request now
            _ = try await server.send(
                .POST, "/requests", json: #"{"enterprise":"\#(Self.firm)","category":"power","title":"二号","description":"第二件"}"#)

            // act
            let page = try await server.page(.GET, "/workbench", cookie: officer.cookie)
            let list = try await server.page(.GET, "/requests?queue=accept", cookie: officer.cookie)

            // check: two to accept, as the list it links to shows; none overdue; the bell counts the unread
            #expect(page.status == 200)
            #expect(count(page, "wb-accept") == 2, "\(page.text.prefix(2000))")
            #expect(count(page, "wb-overdue") == 0)
            #expect(list.status == 200 && list.text.contains("用电增容") && list.text.contains("二号"))
            let unread = try #require(bell(page))
            #expect(unread >= 1)
            let read = try await server.page(.POST, "/notifications/read", cookie: officer.cookie, form: "_csrf=\(officer.csrf)")
            #expect(read.status == 200)
            #expect(bell(try await server.page(.GET, "/workbench", cookie: officer.cookie)) == 0)
        }
    }

    @Test func aDistrictSeesItsPlannedVisits() async throws {
        try await TestServer.with { server in
            // setup: a firm in 江阴 with one visit planned ahead and one done
            let uscc = makeUSCC(division: "320281", serial: 3150)
            #expect(
                try await server.send(
                    .POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"走访企业","district":"320281","segments":["ic-fab-m1"]}"#
                ).status == 201)
            let ahead = SimpleDate.today().adding(days: 10).description
            let planned = try await server.send(
                .POST, "/visits", json: #"{"enterprise":"\#(uscc)","visitedOn":"\#(ahead)","plannedOn":"\#(ahead)","visitors":"市领导"}"#)
            #expect(planned.status == 201, "\(planned.text)")
            #expect(try planned.json()["plannedOn"] as? String == ahead)
            #expect(
                try await server.send(
                    .POST, "/visits", json: #"{"enterprise":"\#(uscc)","visitedOn":"\#(SimpleDate.today())","visitors":"区领导"}"#
                ).status == 201)
            let officer = try await server.browser("w_jy", [Grant(.district, .district("320281"))])
            // act
            let page = try await server.page(.GET, "/workbench", cookie: officer.cookie)
            // check
            #expect(count(page, "wb-visits") == 1)
        }
    }

    @Test func everyRoleLandsOnItsWorkbenchAndItsMenuOpens() async throws {
        try await TestServer.with { server in
            // setup: one account of each role
            let roles: [(String, Grant)] = [
                ("w_admin", Grant(.admin, .city)), ("w_security", Grant(.security, .city)), ("w_auditor", Grant(.auditor, .city)),
                ("w_official", Grant(.official, .city)), ("w_dept", Grant(.department, .department("市发展改革委", head: true))),
                ("w_district", Grant(.district, .district("320281"))), ("w_chief", Grant(.chief, .chains(["ic-fab"]))),
                ("w_bank", Grant(.bank, .bank("示例银行"))), ("w_expert", Grant(.expert, .expert(employer: nil))),
            ]
            for (name, grant) in roles {
                let session = try await server.browser(name, [grant])
                // act: the start page, then every menu entry
                let start = try await server.page(.GET, "/", cookie: session.cookie)
                let bench = try await server.page(.GET, "/workbench", cookie: session.cookie)
                // check
                #expect([200, 303].contains(start.status), "\(name) /: \(start.status)")
                #expect(bench.status == 200, "\(name): \(bench.status)")
                #expect(bench.text.contains(#"id="work-\#(grant.role.rawValue)""#), "\(name) has no section of its own")
                for entry in Menu.entries([grant]) where entry.allowed {
                    let r = try await server.page(.GET, entry.href, cookie: session.cookie)
                    #expect(r.status == 200, "\(name) \(entry.href): \(r.status)")
                }
            }
        }
    }

    @Test func theErrorPageKeepsTheMenuAndSaysWhatHappened() async throws {
        try await TestServer.with { server in
            // setup
            let bank = try await server.browser("w_bank2", [Grant(.bank, .bank("示例银行"))])
            // act
            let refused = try await server.page(.GET, "/enterprises", cookie: bank.cookie)
            let missing = try await server.page(.GET, "/no-such-page", cookie: bank.cookie)
            // check
            #expect(refused.status == 403 && refused.text.contains("无权访问") && refused.text.contains(#"id="nav-workbench""#))
            #expect(refused.text.contains(#"href="/workbench""#))
            #expect(refused.text.contains("请联系本单位的系统管理员") && refused.text.contains(#"id="error-request-id""#))
            #expect(missing.text.contains("请核对网址"))
            #expect(missing.status == 404 && missing.text.contains("页面不存在") && missing.text.contains(#"id="nav-workbench""#))
        }
    }
}

/// Names, never codes, in what officials read (the issue's "Chinese everywhere").
@Suite struct NamesNotCodesTests {
    @Test func auditActionsAndScopesReadAsWords() {
        // act + check: a denied import, a grant change, an unknown key shown as it is
        #expect(AuditWords.action("denied_importData") == "无权导入数据")
        #expect(AuditWords.action("set_grants") == "设置角色与范围")
        #expect(AuditWords.action("something_new") == "something_new")
        var words = GrantWords()
        words.chains = ["ic-fab": "集成电路设计与制造", "ic-packaging": "集成电路封装测试"]
        #expect(words.describe(Grant(.district, .district("320281"))) == "江阴市 区县工作人员")
        #expect(words.describe(Grant(.chief, .chains(["ic-fab", "ic-packaging"]))) == "集成电路设计与制造、集成电路封装测试 链长及工作专班")
        // a changed field, with chain codes, tiers and statuses in words
        #expect(AuditWords.change("tier@ic-fab", from: "backbone", to: "candidate", chains: words.chains) == "梯队（集成电路设计与制造）：骨干企业 → 准链主")
        #expect(AuditWords.change("chains", from: nil, to: "ic-fab,ic-packaging", chains: words.chains) == "产业链：集成电路设计与制造、集成电路封装测试")
        #expect(AuditWords.change("status", from: nil, to: "submitted", chains: [:]) == "状态：已提交")
        #expect(AuditWords.change("brandNew", from: "a", to: "b", chains: [:]) == "brandNew：a → b")
        // innovation records: a project's segment by name, its kind, a standard's role, exports named
        #expect(AuditWords.change("segment", from: nil, to: "ic-fab-u1", chains: ["ic-fab-u1": "EDA与IP"]) == "环节：EDA与IP")
        #expect(AuditWords.change("kind", from: nil, to: "chain", chains: [:]) == "类型：强链补链延链项目")
        #expect(AuditWords.change("kind", from: nil, to: "single-champion", chains: [:]) == "类型：国家级制造业单项冠军企业")
        #expect(AuditWords.change("role", from: nil, to: "lead", chains: [:]) == "角色：主导")
        #expect(AuditWords.action("export_standards") == "导出标准" && AuditWords.entity("reward_notice") == "免申即享公示")
    }

    @Test func inPageLinksAreShownOnlyToThoseWhoMayFollowThem() async throws {
        try await TestServer.with { server in
            // setup: a department officer may read the supply pages but not the leads or the matches
            let officer = try await server.browser("w_dept3", [Grant(.department, .department("市发展改革委", head: true))])
            let official = try await server.browser("w_off3", [Grant(.official, .city)])
            // act
            let asOfficer = try await server.page(.GET, "/supply", cookie: officer.cookie)
            let asOfficial = try await server.page(.GET, "/supply", cookie: official.cookie)
            // check
            #expect(asOfficer.status == 200 && asOfficial.status == 200)
            #expect(!asOfficer.text.contains(#"href="/leads""#) && !asOfficer.text.contains(#"href="/supplier-matches""#))
            #expect(asOfficial.text.contains(#"href="/leads""#) && asOfficial.text.contains(#"href="/supplier-matches""#))
        }
    }

    @Test func theExportsNamesColumnIsNotAnImportColumn() {
        for header in EnterpriseExport.readOnlyHeaders { #expect(ImportColumn.parse(header: header) == nil, "\(header)") }
    }

    @Test func theAuditTrailNamesPeopleNotLogins() async throws {
        try await TestServer.with { server in
            // setup: an official with a name and a unit makes a change
            let token = try await server.bearer("zhang_ming", [Grant(.official, .city)])
            try await server.sql.raw("UPDATE users SET display_name = '张明', unit = '市工信局' WHERE username = 'zhang_ming'").run()
            let uscc = makeUSCC(division: "320214", serial: 3199)
            let made = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(uscc)","name":"审计企业","district":"320214","segments":["ic-fab-m1"]}"#,
                token: .some(token))
            #expect(made.status == 201)
            let auditor = try await server.browser("w_auditor", [Grant(.auditor, .city)])
            // act
            let page = try await server.page(.GET, "/audit", cookie: auditor.cookie)
            // check
            #expect(page.status == 200 && page.text.contains("张明（市工信局）"), "\(page.text.prefix(300))")
        }
    }
}
