import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Issue 10, items 15–17: a state change is one conditional write, so of racing requests one
/// wins and the others answer 409 and change nothing; the login throttle counts atomically;
/// an import reads inside its write transaction; a visit and its requests are one transaction.
@Suite struct RaceTests {
    static let firm = makeUSCC(division: "320214", serial: 1601)

    /// `n` copies of `body` at once; the answers' statuses, sorted.
    func together(_ n: Int, _ body: @escaping @Sendable () async throws -> Int) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<n { group.addTask { try await body() } }
            var out: [Int] = []
            for try await status in group { out.append(status) }
            return out.sorted()
        }
    }

    func request(_ server: TestServer) async throws -> Int {
        _ = try await server.send(
            .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"竞争测试企业","district":"320214","segments":["ic-fab-u1"]}"#)
        let filed = try await server.send(
            .POST, "/requests", json: #"{"enterprise":"\#(Self.firm)","category":"power","title":"增容","description":"需要增容"}"#)
        return try #require(try filed.json()["id"] as? Int)
    }

    @Test func racingWorkflowActionsLeaveOneWinner() async throws {
        try await TestServer.with { server in
            // setup
            let id = try await request(server)
            let power = try await server.bearer("power", [Grant(.department, .department("国网无锡供电公司", head: false))])
            let firmUser = try await server.bearer("firm", [Grant(.enterprise, .enterprise(Self.firm))])
            // act: 12 accepts at once
            let accepts = try await together(12) {
                try await server.send(.POST, "/requests/\(id)/actions", json: #"{"action":"accept"}"#, token: .some(power)).status
            }
            // check
            #expect(accepts == [200] + Array(repeating: 409, count: 11))
            // setup: answered, then 12 "not satisfied" at once
            _ = try await server.send(.POST, "/requests/\(id)/actions", json: #"{"action":"answer","text":"已处理"}"#, token: .some(power))
            let confirms = try await together(12) {
                try await server.send(
                    .POST, "/requests/\(id)/actions", json: #"{"action":"confirm","satisfied":false,"reason":"未解决"}"#,
                    token: .some(firmUser)
                ).status
            }
            #expect(confirms == [200] + Array(repeating: 409, count: 11))
            let detail = try await server.send(.GET, "/requests/\(id)").json()
            #expect(detail["reopenCount"] as? Int == 1)
            let actions = (detail["history"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
            #expect(actions.filter { $0 == "accept" }.count == 1)
            #expect(actions.filter { $0 == "confirm" }.count == 1)
        }
    }

    @Test func racingDecisionsLeadMovesAndAccountChangesLeaveOneWinner() async throws {
        try await TestServer.with { server in
            // setup: a queued supplier match, a lead, an account
            _ = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"竞争测试企业","district":"320214","segments":["ic-fab-u1"]}"#)
            let match = try await server.sql.insert(into: "supplier_matches")
                .columns("supplier_key", "supplier_name", "supplier_city", "candidate_uscc", "reason", "status", "created_at")
                .values(
                    SQLBind("竞争测试|无锡"), SQLBind("竞争测试"), SQLBind("无锡"), SQLBind(Self.firm), SQLBind("名称相近"), SQLBind("pending"),
                    SQLBind(Date.nowSeconds())
                )
                .returning("id").first()!.decode(column: "id", as: Int64.self)
            let leadID = try await server.sql.insert(into: "leads")
                .columns("supplier_key", "supplier_name", "supplier_city", "stage", "one_matter", "created_at", "updated_at")
                .values(
                    SQLBind("上海某设备|上海"), SQLBind("上海某设备"), SQLBind("上海"), SQLBind("new"), SQLBind(false), SQLBind(Date.nowSeconds()),
                    SQLBind(Date.nowSeconds())
                )
                .returning("id").first()!.decode(column: "id", as: Int64.self)
            _ = try await server.send(.POST, "/users", json: #"{"username":"qian"}"#, token: .some(server.adminToken))
            let otherAdmin = try await server.bearer("admin2", [Grant(.admin, .city)])
            // act
            let decisions = try await together(8) {
                try await server.send(.POST, "/supplier-matches/\(match)/decision", json: #"{"confirm":true}"#).status
            }
            let moves = try await together(8) {
                try await server.send(.PATCH, "/leads/\(leadID)", json: #"{"stage":"contacted"}"#).status
            }
            let resets = try await together(6) {
                try await server.send(.POST, "/users/qian/password-reset", token: .some(otherAdmin)).status
            }
            // check
            #expect(decisions == [200] + Array(repeating: 409, count: 7), "\(decisions)")
            // a move that reads the lead after the winner committed finds it moved already: a no-op
            #expect(moves.allSatisfy { [200, 409].contains($0) } && moves.contains(200), "\(moves)")
            let moved = try await server.sql.raw("SELECT changes FROM audit_entries WHERE entity = 'lead' AND action = 'update'").all()
                .filter { try $0.decode(column: "changes", as: String.self).contains("stage") }
            #expect(moved.count == 1)
            // a reset that reads the account after another committed is a new change, not a lost one:
            // every 200 is a reset that happened, and none is lost
            #expect(resets.allSatisfy { [200, 409].contains($0) } && resets.contains(409), "\(resets)")
            let audited = try await server.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'reset_password' AND entity_key = 'qian'"
            ).first()?
            .decode(column: "n", as: Int.self)
            #expect(audited == resets.filter { $0 == 200 }.count)
            let version = try await server.sql.raw("SELECT version FROM users WHERE username = 'qian'").first()?.decode(
                column: "version", as: Int.self)
            #expect(version == resets.filter { $0 == 200 }.count)
        }
    }

    @Test func parallelWrongPasswordsAreCheckedAtMostTheLimit() async throws {
        try await TestServer.with { server in
            // setup
            _ = try await server.bearer("target", [Grant(.official, .city)])
            // act: 40 wrong passwords at once
            let answers = try await together(40) {
                try await server.send(
                    .POST, "/auth/token", json: #"{"username":"target","password":"Wrong-password-1"}"#, token: .some(nil)
                ).status
            }
            // check: at most 10 reached the password check; the rest were refused before it
            let checked =
                try await server.sql.raw("SELECT COUNT(*) AS n FROM login_failures WHERE username = 'target'").first()?
                .decode(column: "n", as: Int.self) ?? 0
            #expect(checked <= 10)
            #expect(answers.filter { $0 == 401 }.count == checked)
            #expect(answers.filter { $0 == 429 }.count == 40 - checked)
            // (parallel attempts refused together may leave fewer than 10 recorded: more wrong ones, one by one,
            // reach exactly the limit) — then the right password is refused too while the account is throttled
            var tries = 0
            while try await server.send(
                .POST, "/auth/token", json: #"{"username":"target","password":"Wrong-password-1"}"#, token: .some(nil)
            ).status == 401 {
                tries += 1
            }
            #expect(checked + tries == 10)
            #expect(
                try await server.send(
                    .POST, "/auth/token", json: #"{"username":"target","password":"\#(TestServer.userPassword)"}"#, token: .some(nil)
                ).status == 429)
        }
    }

    @Test func theEscalationJobSkipsARequestAnsweredMeanwhileAndStopsWithoutItsLease() async throws {
        try await TestServer.with { server in
            // setup: a request long overdue
            let id = try await request(server)
            try await server.sql.update("requests").set("accept_by", to: SQLBind("2026-01-05")).set("answer_by", to: SQLBind("2026-01-06"))
                .run()
            // act: the pass reads it, then the department answers before the pass writes
            let raised = try await EscalationJob.runOnce(server.sql, today: SimpleDate(iso: "2026-03-02")!) {
                try await server.sql.update("requests").set("status", to: SQLBind("answered")).where("id", .equal, SQLBind(id)).run()
                return true
            }
            // check
            #expect(raised == 0)
            let flag = try await server.sql.raw("SELECT escalation FROM requests WHERE id = \(bind: id)").first()?.decode(
                column: "escalation", as: Int.self)
            #expect(flag == 0)
            // a pass that lost its lease writes nothing
            try await server.sql.update("requests").set("status", to: SQLBind("assigned")).run()
            #expect(try await EscalationJob.runOnce(server.sql, today: SimpleDate(iso: "2026-03-02")!) { false } == 0)
            #expect(try await EscalationJob.runOnce(server.sql, today: SimpleDate(iso: "2026-03-02")!) == 1)
        }
    }

    @Test func anImportReadsInsideItsTransactionSoAnEditMeanwhileSurvives() async throws {
        try await TestServer.with { server in
            // setup: a firm with an address; a file that updates its name only
            _ = try await server.send(
                .POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"旧名有限公司","district":"320214","address":"旧地址"}"#)
            let csv = Data("统一社会信用代码,企业名称,所在区县\n\(Self.firm),新名有限公司,新吴区\n".utf8)
            let sql = server.sql
            // act: another user changes the address just as the import's transaction begins
            let session = try await WriteSession.open(server.app).beforeEachTransaction {
                try await sql.update("enterprises").set("address", to: SQLBind("新地址")).where("uscc", .equal, SQLBind(Self.firm)).run()
            }
            _ = try await ImportService(session: session, caller: Caller(username: "official", grants: [Grant(.official, .city)])).run(
                .enterprises, data: csv, fileName: "a.csv", skipInvalid: false)
            await session.close()
            // check: both changes are there
            let stored = try await server.send(.GET, "/enterprises/\(Self.firm)").json()
            #expect(stored["name"] as? String == "新名有限公司")
            #expect(stored["address"] as? String == "新地址")
        }
    }

    @Test func aVisitAndTheRequestsItFilesAreOneTransaction() async throws {
        try await TestServer.with { server in
            // setup: the database refuses a request titled "boom"
            _ = try await server.send(.POST, "/enterprises", json: #"{"uscc":"\#(Self.firm)","name":"走访企业","district":"320214"}"#)
            if TestServer.postgresAdminURL != nil {
                try await server.sql.raw(
                    """
                    CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN IF NEW.title = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                    """
                ).run()
                try await server.sql.raw("CREATE TRIGGER refuse_boom BEFORE INSERT ON requests FOR EACH ROW EXECUTE FUNCTION refuse_boom()")
                    .run()
            } else {
                try await server.sql.raw(
                    "CREATE TRIGGER refuse_boom BEFORE INSERT ON requests WHEN NEW.title = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END"
                ).run()
            }
            // act
            let visit = try await server.send(
                .POST, "/visits",
                json:
                    #"{"enterprise":"\#(Self.firm)","visitedOn":"2026-11-20","visitors":"链长办","demands":[{"category":"land","title":"用地","description":"50亩"},{"category":"talent","title":"boom","description":"x"}]}"#
            )
            // check: the failure left no visit and no request behind
            #expect(visit.status >= 500)
            let visits = try await server.sql.raw("SELECT COUNT(*) AS n FROM visits").first()?.decode(column: "n", as: Int.self)
            let requests = try await server.sql.raw("SELECT COUNT(*) AS n FROM requests").first()?.decode(column: "n", as: Int.self)
            #expect(visits == 0 && requests == 0)
        }
    }
}
