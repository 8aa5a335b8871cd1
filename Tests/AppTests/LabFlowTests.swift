import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Open labs and testing platforms (Policy L1): a chain leader lists a lab, an SME books it, the
/// leader declines one booking with a reason and approves and completes another; completed
/// bookings count per platform and per owner; moves are conditional writes.
@Suite(.tags(.l1)) struct LabFlowTests {
    static let leader = makeUSCC(division: "320214", serial: 951), sme = makeUSCC(division: "320282", serial: 952)
    static let other = makeUSCC(division: "320281", serial: 953)

    @Test func anSMEBooksALeadersLabAndCompletedBookingsAreCounted() async throws {
        try await TestServer.with { server in
            // setup
            for (u, name, d) in [
                (Self.leader, "无锡检测链主有限公司", "320214"), (Self.sme, "宜兴小微材料有限公司", "320282"), (Self.other, "江阴其他有限公司", "320281"),
            ] {
                let r = try await server.send(
                    .POST, "/enterprises", json: #"{"uscc":"\#(u)","name":"\#(name)","district":"\#(d)","segments":["ic-fab-u1"]}"#)
                #expect(r.status == 201, "\(r.text)")
            }
            let owner = try await server.bearer("lab_owner", [Grant(.enterprise, .enterprise(Self.leader))])
            let sme = try await server.bearer("lab_sme", [Grant(.enterprise, .enterprise(Self.sme))])
            let other = try await server.bearer("lab_other", [Grant(.enterprise, .enterprise(Self.other))])
            // act: the leader lists its lab; the SME asks twice
            let listed = try await server.send(
                .POST, "/labs",
                json:
                    #"{"owner":"\#(Self.leader)","name":"材料分析实验室","kind":"testing","capability":"SEM、XRD、成分分析","standards":"CNAS","priceBand":"按项目收费"}"#,
                token: .some(owner))
            #expect(listed.status == 201, "\(listed.text)")
            let lab = try #require(try listed.json()["id"] as? Int)
            let foreign = try await server.send(
                .POST, "/labs", json: #"{"owner":"\#(Self.leader)","name":"冒名","kind":"lab","capability":"x"}"#, token: .some(sme))
            func ask(_ purpose: String) async throws -> Int {
                let r = try await server.send(
                    .POST, "/lab-bookings",
                    json: #"{"lab":\#(lab),"requester":"\#(Self.sme)","from":"2027-01-04","to":"2027-01-06","purpose":"\#(purpose)"}"#,
                    token: .some(sme))
                #expect(r.status == 201, "\(r.text)")
                return try #require(try r.json()["id"] as? Int)
            }
            let first = try await ask("硅片表面成分分析，样品5片")
            let second = try await ask("断口形貌观察")
            let backwards = try await server.send(
                .POST, "/lab-bookings",
                json: #"{"lab":\#(lab),"requester":"\#(Self.sme)","from":"2027-01-06","to":"2027-01-04","purpose":"x"}"#, token: .some(sme))
            let smeApproves = try await server.send(.POST, "/lab-bookings/\(first)/moves", json: #"{"to":"approved"}"#, token: .some(sme))
            let unseen = try await server.send(.POST, "/lab-bookings/\(first)/moves", json: #"{"to":"approved"}"#, token: .some(other))
            let noReason = try await server.send(.POST, "/lab-bookings/\(second)/moves", json: #"{"to":"declined"}"#, token: .some(owner))
            let declined = try await server.send(
                .POST, "/lab-bookings/\(second)/moves", json: #"{"to":"declined","reason":"设备检修至二月"}"#, token: .some(owner))
            async let a = server.send(.POST, "/lab-bookings/\(first)/moves", json: #"{"to":"approved"}"#, token: .some(owner))
            async let b = server.send(.POST, "/lab-bookings/\(first)/moves", json: #"{"to":"approved"}"#, token: .some(owner))
            let racing = [try await a.status, try await b.status].sorted()
            let completed = try await server.send(.POST, "/lab-bookings/\(first)/moves", json: #"{"to":"completed"}"#, token: .some(owner))
            // check
            #expect(foreign.status == 403)
            #expect(backwards.status == 422)
            #expect(try backwards.json()["field"] as? String == "to")
            #expect(smeApproves.status == 409)
            #expect(unseen.status == 404)
            #expect(noReason.status == 422)
            #expect(try noReason.json()["field"] as? String == "reason")
            #expect(declined.status == 200)
            #expect(racing == [200, 409])
            #expect(completed.status == 200)
            #expect(try completed.json()["status"] as? String == "completed")
            let labs = try await server.send(.GET, "/labs?owner=\(Self.leader)")
            let rows = try #require(try JSONSerialization.jsonObject(with: labs.body) as? [[String: Any]])
            #expect(rows.first?["completedBookings"] as? Int == 1 && rows.first?["ownerCompletedBookings"] as? Int == 1)
            let official = try await server.browser("lab_official", [Grant(.official, .city)])
            let profile = try await server.page(.GET, "/enterprises/\(Self.leader)", cookie: official.cookie)
            #expect(profile.text.contains(#"id="firm-labs""#) && profile.text.contains("材料分析实验室"))
            let labsPage = try await server.page(.GET, "/labs", cookie: official.cookie)
            #expect(labsPage.status == 200 && labsPage.text.contains("1 / 1") && labsPage.text.contains("设备检修至二月"))
            let mine = try await server.send(.GET, "/lab-bookings", token: .some(other))
            #expect(mine.status == 200 && !mine.text.contains("硅片"))
        }
    }
}
