import ChainLeadCore
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Issue 10, items 2–5: bodies are read only after the caller is known and allowed, within the
/// route's own limit; xlsx bombs stop at the workbook cap; imports are capped in number; an
/// import whose process died is marked failed without touching another live instance's.
/// (The peak-memory figures are measured on a running server in `e2e/test_limits.py`.)
@Suite struct BodyLimitTests {
    static let csvHeader = "统一社会信用代码,企业名称,所在区县\n"

    @Test func anImportIsAuthorisedBeforeItsBodyIsRead() async throws {
        try await TestServer.with(over: .http, config: { $0.maxImportBytes = 64 << 10 }) { server in
            // setup
            let body = Data((Self.csvHeader + String(repeating: "x", count: 200 << 10)).utf8)
            let district = try await server.bearer("district", [Grant(.district, .district("320214"))])
            // act + check: no token → 401; a role that may not import → 403, both before reading
            let anonymous = try await server.send(
                .POST, "/imports/enterprises", body: body, headers: [("Content-Type", "text/csv")], token: .some(nil))
            #expect(anonymous.status == 401)
            let refused = try await server.send(
                .POST, "/imports/enterprises", body: body, headers: [("Content-Type", "text/csv")], token: .some(district))
            #expect(refused.status == 403)
            // an allowed caller beyond the route's limit → 413 with the error JSON
            let tooLarge = try await server.send(.POST, "/imports/enterprises", body: body, headers: [("Content-Type", "text/csv")])
            #expect(tooLarge.status == 413)
            #expect(try tooLarge.json()["error"] as? String == "too_large")
            // the connection is still usable, and a small file imports
            let small = try await server.send(
                .POST, "/imports/enterprises", body: Data((Self.csvHeader + "\(makeUSCC(serial: 7)),甲公司,新吴区\n").utf8),
                headers: [("Content-Type", "text/csv")])
            #expect(small.status == 200, "\(small.text)")
        }
    }

    @Test func importsBeyondTheCapAnswer429WithRetryAfter() async throws {
        try await TestServer.with(over: .http, config: { $0.maxConcurrentImports = 1 }) { server in
            // setup: one import running
            let running = try server.app.importSlots.acquire()
            // act
            let busy = try await server.send(
                .POST, "/imports/enterprises", body: Data(Self.csvHeader.utf8), headers: [("Content-Type", "text/csv")])
            running.release()
            let free = try await server.send(
                .POST, "/imports/enterprises", body: Data(Self.csvHeader.utf8), headers: [("Content-Type", "text/csv")])
            // check
            #expect(busy.status == 429)
            #expect(busy.headers.first(name: "Retry-After") == "30")
            #expect(try busy.json()["error"] as? String == "too_many_imports")
            #expect(free.status != 429)
            #expect(server.app.importSlots.inUse == 0)
        }
    }

    @Test func aWorkbookThatInflatesBeyondTheCapAnswers413() async throws {
        try await TestServer.with(over: .http) { server in
            // setup: a sheet part declaring 300 MiB (the cap is 256 MiB), a few bytes on disk
            let workbook = Array(#"<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>"#.utf8)
            let bomb = TestZip.raw([
                ("[Content_Types].xml", Array("<Types/>".utf8), 8),
                ("xl/workbook.xml", workbook, workbook.count),
                ("xl/worksheets/sheet1.xml", [0x03, 0x00], 300 << 20),
            ])
            // act
            let reply = try await server.send(
                .POST, "/imports/enterprises?fileName=bomb.xlsx", body: bomb,
                headers: [("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
            // check
            #expect(reply.status == 413, "\(reply.text)")
            #expect(try reply.json()["error"] as? String == "workbook_too_large")
            #expect((try reply.json()["message"] as? String)?.contains("256 MB") == true)
        }
    }

    @Test func anOversizedAttachmentAnswers413NotA500() async throws {
        try await TestServer.with(over: .http) { server in
            // setup: a firm and its request
            let firm = makeUSCC(serial: 31)
            _ = try await server.send(.POST, "/enterprises", json: #"{"uscc":"\#(firm)","name":"附件测试公司","district":"320214"}"#)
            let filed = try await server.send(
                .POST, "/requests", json: #"{"enterprise":"\#(firm)","category":"land","title":"用地","description":"需要用地"}"#)
            let id = try #require(try filed.json()["id"] as? Int)
            let big = Data(repeating: 0x41, count: 12 << 20)
            // act: API and page
            let api = try await server.send(
                .POST, "/requests/\(id)/attachments?file_name=big.pdf", body: big, headers: [("Content-Type", "application/octet-stream")])
            let (cookie, csrf) = try await server.browser("dispatcher", [Grant(.official, .city)])
            let boundary = "XyZ123"
            var form = Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
                    .utf8)
            form.append(big)
            form.append(Data("\r\n--\(boundary)--\r\n".utf8))
            let page = try await server.page(
                .POST, "/requests/\(id)/attachments", cookie: cookie, body: form,
                headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")])
            // check
            #expect(api.status == 413)
            #expect(try api.json()["field"] as? String == "file")
            #expect(page.status == 413)
            #expect(page.text.contains("10 MB"))
            let stored = try await server.sql.raw("SELECT COUNT(*) AS n FROM request_attachments").first()?.decode(
                column: "n", as: Int.self)
            #expect(stored == 0)
        }
    }

    @Test func pageFormsAreReadOnlyWithinTheirLimitAndUploadsCheckTheirToken() async throws {
        try await TestServer.with(over: .http) { server in
            // setup
            let (cookie, csrf) = try await server.browser("clerk", [Grant(.official, .city)])
            // act + check: 300 KiB to a form route without its token → 413 before the token is even looked at
            let big = try await server.page(
                .POST, "/account/password", cookie: cookie, form: "a=" + String(repeating: "x", count: 300 << 10))
            #expect(big.status == 413)
            // a small form without its token → 403
            #expect(try await server.page(.POST, "/account/password", cookie: cookie, form: "a=b").status == 403)
            // an upload route checks the token inside its multipart form
            let boundary = "b0und"
            let body =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nnot-the-token\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nenterprises\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n\(Self.csvHeader)\r\n--\(boundary)--\r\n"
            let forged = try await server.page(
                .POST, "/imports", cookie: cookie, body: Data(body.utf8),
                headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")])
            #expect(forged.status == 403)
            let genuine = try await server.page(
                .POST, "/imports", cookie: cookie, body: Data(body.replacingOccurrences(of: "not-the-token", with: csrf).utf8),
                headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")])
            #expect(genuine.status == 303, "\(genuine.status) \(genuine.text.prefix(200))")
            #expect(genuine.headers.first(name: .location)?.hasPrefix("/imports/") == true)
        }
    }

    @Test func anAbandonedImportIsFailedButAnotherInstancesLiveOneIsNot() async throws {
        try await TestServer.with(over: .http) { server in
            // setup: a job of a dead instance (no beat for 10 minutes), one of a live instance, one of ours
            let jobs = ImportJobs(db: server.sql)
            let dead = try await jobs.create(
                .enterprises, fileName: "a.xlsx", checksum: "0", skipInvalid: false, by: "x", owner: "host#1#dead")
            let live = try await jobs.create(
                .enterprises, fileName: "b.xlsx", checksum: "0", skipInvalid: false, by: "x", owner: "host#2#live")
            let mine = try await jobs.create(.enterprises, fileName: "c.xlsx", checksum: "0", skipInvalid: false, by: "x", owner: "me")
            try await server.sql.update("import_jobs").set("heartbeat_at", to: SQLBind(Date.nowSeconds().addingTimeInterval(-600)))
                .where("id", .in, SQLBind.group([dead, mine])).run()
            // act
            let failed = try await jobs.failAbandoned(except: "me", olderThan: ImportJobs.heartbeatTTL)
            // check
            #expect(failed == 1)
            #expect(try await jobs.get(dead)?.status == "failed")
            #expect(try await jobs.get(dead)?.error?.message.contains("导入中断") == true)
            #expect(try await jobs.get(live)?.status == "queued")
            #expect(try await jobs.get(mine)?.status == "queued")
        }
    }
}

/// A zip written byte by byte (CRC left 0), with sizes that need not be true.
enum TestZip {
    static func raw(_ entries: [(name: String, payload: [UInt8], uncompressedSize: Int)]) -> Data {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16((v >> 16) & 0xFFFF) }
        for entry in entries {
            let name = Array(entry.name.utf8)
            let method = entry.uncompressedSize == entry.payload.count ? 0 : 8
            let offset = out.count
            out +=
                le32(0x0403_4b50) + le16(20) + le16(0) + le16(method) + le32(0) + le32(0)
                + le32(entry.payload.count) + le32(entry.uncompressedSize) + le16(name.count) + le16(0) + name + entry.payload
            central +=
                le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(method) + le32(0) + le32(0)
                + le32(entry.payload.count) + le32(entry.uncompressedSize) + le16(name.count) + le16(0) + le16(0)
                + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let start = out.count
        out +=
            central + le32(0x0605_4b50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(central.count) + le32(start) + le16(0)
        return Data(out)
    }
}
