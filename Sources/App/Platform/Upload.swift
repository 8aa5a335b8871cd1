import ChainLeadCore
import Foundation
import NIOCore
import OpenAPIRuntime
import Vapor

/// Request bodies are read only after the caller is known and allowed, within the route's own
/// limit: a declared length over the limit is refused before a byte is read (Vapor discards the
/// unread body after the answer); a body that streams past it is drained without keeping it. Large
/// uploads go to a temporary file while they arrive, so a refused one costs no memory.
enum Upload {
    /// Bodies up to this size are collected in memory; larger ones are spooled to a file first.
    static let inMemoryLimit = 1 << 20

    static func tooLarge(_ limit: Int) -> DomainError {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MB" : "\(limit >> 10) KB"
        return DomainError(.tooLarge, "too_large", "请求体过大（上限 \(size)）")
    }

    /// The whole body of an API request (nil body: empty).
    static func collect(_ body: HTTPBody?, limit: Int) async throws -> Data {
        guard let body else { return Data() }
        if case .known(let declared) = body.length, declared > Int64(limit) { throw tooLarge(limit) }
        let sink = try Sink(limit: limit)
        defer { sink.discard() }
        for try await chunk in body { try sink.append(chunk) }
        if sink.overLimit { throw tooLarge(limit) }
        return try sink.data()
    }

    /// The whole body of a page request whose route streams (`Route.readsItsOwnBody`).
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > limit { throw tooLarge(limit) }
        if let collected = request.body.data { return collected }
        let sink = try Sink(limit: limit)
        defer { sink.discard() }
        for try await chunk in request.body { try sink.append(chunk.readableBytesView) }
        if sink.overLimit { throw tooLarge(limit) }
        return ByteBuffer(data: try sink.data())
    }

    /// Keeps up to `limit` bytes: in memory up to `inMemoryLimit`, then in a temporary file.
    /// Past the limit it keeps counting (the rest of the body must still be read off the
    /// connection) but stores nothing more.
    final class Sink {
        let limit: Int
        private(set) var count = 0
        private(set) var overLimit = false
        private var memory = Data()
        private var file: (url: URL, handle: FileHandle)?

        init(limit: Int) throws { self.limit = limit }

        func append<Bytes: Collection>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
            count += bytes.count
            if overLimit { return }
            if count > limit {
                overLimit = true
                discard()
                return
            }
            if let file {
                try file.handle.write(contentsOf: Data(bytes))
            } else if count > Upload.inMemoryLimit {
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("chainlead-upload-\(UUID().uuidString)")
                guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw DomainError.internal
                }
                let handle = try FileHandle(forWritingTo: url)
                file = (url, handle)
                try handle.write(contentsOf: memory)
                try handle.write(contentsOf: Data(bytes))
                memory = Data()
            } else {
                memory.append(contentsOf: bytes)
            }
        }

        func data() throws -> Data {
            guard let file else { return memory }
            try file.handle.close()
            return try Data(contentsOf: file.url)
        }

        /// Forgets what was kept and removes the temporary file.
        func discard() {
            memory = Data()
            if let file {
                // Cleaning up a temporary file: nothing to tell anyone if it is already gone.
                try? file.handle.close()
                try? FileManager.default.removeItem(at: file.url)
                self.file = nil
            }
        }
    }
}

extension Route {
    private static let ownBodyKey = "chainlead.readsItsOwnBody"

    /// A page route that reads its own (large) body after authorising, and checks the form's CSRF
    /// token then; `CSRFMiddleware` leaves its body alone.
    @discardableResult
    func readsItsOwnBody() -> Route {
        userInfo[AnySendableHashable(Self.ownBodyKey)] = true
        return self
    }

    var readsOwnBody: Bool { userInfo[AnySendableHashable(Self.ownBodyKey)] as? Bool ?? false }
}

/// The CSRF field of a page form.
struct FormToken: Decodable {
    var _csrf: String?
}

extension Upload {
    /// A streamed page form (`multipart/form-data`), read within `limit` after the caller was
    /// authorised, with its `_csrf` field checked against the session; 403 when it does not match.
    static func form<Form: Decodable>(_ type: Form.Type, from request: Request, limit: Int) async throws -> Form {
        let buffer = try await collect(request, limit: limit)
        guard let user = request.webUser else { throw DomainError.unauthenticated }
        let decoded: (Form, FormToken)
        do {
            if let boundary = request.headers.contentType?.parameters["boundary"] {
                let decoder = FormDataDecoder()
                decoded = (
                    try decoder.decode(Form.self, from: buffer, boundary: boundary),
                    try decoder.decode(FormToken.self, from: buffer, boundary: boundary)
                )
            } else {
                let decoder = URLEncodedFormDecoder()
                let text = String(buffer: buffer)
                decoded = (try decoder.decode(Form.self, from: text), try decoder.decode(FormToken.self, from: text))
            }
        } catch {
            throw DomainError.malformed("表单格式不正确，请刷新页面后重新提交")
        }
        guard CSRFMiddleware.tokenMatches(request, user, form: decoded.1._csrf ?? request.headers.first(name: "X-CSRF-Token")) else {
            throw DomainError(.forbidden, "csrf", "表单已过期（CSRF 校验失败），请刷新页面后重试 / The form expired (CSRF check failed): reload and try again")
        }
        return decoded.0
    }
}
