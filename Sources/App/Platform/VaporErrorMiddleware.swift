import ChainLeadCore
import Vapor

/// Replaces Vapor's `ErrorMiddleware`: answers every error as the JSON error body, turns a
/// 404 on a known path with another method into 405 with `Allow`, and logs no headers
/// or bodies (they carry tokens and passwords). Also records the client IP for auditing.
struct VaporErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let clientIP = ClientAddress(trustedProxies: request.application.chainLead.trustedProxies)
            .resolve(peer: request.remoteAddress?.ipAddress, forwardedFor: request.headers.first(name: "X-Forwarded-For"))
        request.clientIP = clientIP
        var context = RequestContext.current
        context.caller.clientIP = clientIP
        if let name = Self.queryParameterWithNul(request.url.query) {
            // PostgreSQL text cannot hold U+0000: a value that holds it is invalid, like any other bad value.
            return APIError(DomainError.invalid(name, "参数不能包含空字符（%00）", code: "nul_character")).vaporResponse()
        }
        if request.url.path.range(of: "%00", options: .caseInsensitive) != nil {
            return APIError.badRequest("请求地址包含空字符（%00）").vaporResponse()
        }
        do {
            let response = try await RequestContext.$current.withValue(context) {
                try await next.respond(to: request)
            }
            // Set here, not in the spec: the generator percent-encodes declared headers.
            if response.status == .ok, let name = Self.downloadName(request.url.path) {
                let ascii = name.ascii
                let utf8 = name.utf8.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name.ascii
                response.headers.replaceOrAdd(
                    name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(utf8)")
            }
            return response
        } catch let error where APIErrorMiddleware.known(error) != nil {
            // Refusals (DomainError), stored values no rule wrote, a busy database: JSON or a page.
            let e = APIErrorMiddleware.known(error) ?? .internalError
            return Self.isAPI(request) ? e.vaporResponse() : await Self.page(request, e.status, e.message)
        } catch let abort as any AbortError where !Self.isAPI(request) {
            let message = abort.status == .notFound ? "页面不存在：地址可能有误，或该记录已被删除" : abort.reason
            return await Self.page(request, abort.status, message)
        } catch let abort as any AbortError {
            if abort.status == .notFound {
                let allowed = Self.allowedMethods(for: request)
                if !allowed.isEmpty {
                    var e = APIError(.methodNotAllowed, "method_not_allowed", "不支持该请求方法：\(request.method.rawValue)")
                    e.extraHeaders = [("Allow", allowed.joined(separator: ", "))]
                    return e.vaporResponse()
                }
                return APIError(.notFound, "not_found", "请求的地址不存在").vaporResponse()
            }
            let message = abort.status == .payloadTooLarge ? "请求体过大" : "请求无效"
            let code = abort.status == .payloadTooLarge ? "too_large" : "bad_request"
            return APIError(abort.status, code, message).vaporResponse()
        } catch {
            request.logger.error("\(request.method) \(request.url.path) failed: \(String(reflecting: type(of: error)))")
            return Self.isAPI(request)
                ? APIError.internalError.vaporResponse() : Self.page(.internalServerError, "服务器内部错误 / Internal error")
        }
    }

    /// The name of the first query parameter whose name or value holds an encoded NUL.
    static func queryParameterWithNul(_ query: String?) -> String? {
        guard let query, query.range(of: "%00", options: .caseInsensitive) != nil else { return nil }
        for pair in query.split(separator: "&") where pair.range(of: "%00", options: .caseInsensitive) != nil {
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            let decoded = (name.removingPercentEncoding ?? name).filter { $0 != "\u{0}" }
            return decoded.isEmpty ? "query" : decoded
        }
        return "query"
    }

    static func downloadName(_ path: String) -> (ascii: String, utf8: String)? {
        switch path {
        case "/api/v1/exports/enterprises.xlsx", "/exports/enterprises.xlsx": ("enterprises.xlsx", "企业名录.xlsx")
        case "/templates/enterprises.xlsx": ("enterprises-template.xlsx", "企业名录导入模板.xlsx")
        case "/templates/figures.xlsx": ("figures-template.xlsx", "年度经营数据导入模板.xlsx")
        case "/templates/supply-links.xlsx": ("supply-links-template.xlsx", "采购供应关系导入模板.xlsx")
        case "/api/v1/exports/leads.xlsx": ("leads.xlsx", "补链招商线索.xlsx")
        case "/api/v1/exports/requests.xlsx": ("requests.xlsx", "企业诉求.xlsx")
        case let p where p.hasPrefix("/api/v1/casebook/"):
            ("casebook-\(p.dropFirst(17)).docx", "链主企业创新发展案例汇编\(p.dropFirst(17)).docx")
        default: nil
        }
    }

    static func isAPI(_ request: Request) -> Bool { request.url.path.hasPrefix("/api/") }

    struct ErrorContent: Encodable, Sendable {
        var status: Int
        var heading: String
        var message: String
        /// What the user can do next.
        var hint: String
        /// Quoted to the administrator, who finds it in the logs (`X-Request-Id`).
        var requestId: String
    }

    static func hint(_ status: HTTPResponseStatus, loggedIn: Bool, texts: Texts) -> String {
        switch status {
        case .forbidden, .notFound, .conflict, .tooManyRequests, .payloadTooLarge: texts["errorHint\(status.code)"]
        case .preconditionFailed: texts["errorHint409"]
        case .unauthorized: texts[loggedIn ? "errorHint401Expired" : "errorHint401"]
        default: texts[status.code >= 500 ? "errorHint500" : "errorHint400"]
        }
    }

    /// An error page with the header and menu, saying in Chinese what happened and linking to the
    /// workbench; the plain page below when the template cannot be rendered.
    static func page(_ request: Request, _ status: HTTPResponseStatus, _ message: String) async -> Response {
        if request.webUser == nil, let cookie = request.cookies[WebSessionStore.cookieName]?.string {
            request.webUser = try? await WebSessionStore(db: request.db.sql).user(forCookie: cookie)
        }
        let heading: String
        switch status {
        case .forbidden: heading = "无权访问"
        case .notFound: heading = "页面不存在"
        case .unauthorized: heading = "请先登录"
        case .conflict, .preconditionFailed: heading = "操作冲突"
        case .tooManyRequests: heading = "操作过于频繁"
        default: heading = status.code >= 500 ? "服务暂时出错" : "请求无法完成"
        }
        do {
            let response = try await request.render(
                "platform/error", title: heading, nav: "",
                ErrorContent(
                    status: Int(status.code), heading: heading, message: message,
                    hint: hint(status, loggedIn: request.webUser != nil, texts: request.texts), requestId: request.id))
            response.status = status
            return response
        } catch {
            return page(status, message)
        }
    }

    /// A plain page for errors outside the API (no template: it must work when views fail).
    static func page(_ status: HTTPResponseStatus, _ message: String) -> Response {
        let escaped = message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let html = """
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>\(status.code)</title>
            <link rel="stylesheet" href="/static/app.css"></head><body><main><h1>\(status.code)</h1>
            <p class="error">\(escaped)</p><p><a href="/workbench">返回工作台 / Workbench</a></p></main></body></html>
            """
        return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: html))
    }

    /// The methods registered for routes whose pattern matches this request's path.
    static func allowedMethods(for request: Request) -> [String] {
        let parts = request.url.path.split(separator: "/").map(String.init)
        // As the router does: a path a route names word for word (`/honours/import`) is not also
        // the parameter of a looser one (`/honours/:id`).
        let matching = request.application.routes.all.filter { matches($0.path, parts) }
        let constants = { (r: Route) in r.path.filter { if case .constant = $0 { true } else { false } }.count }
        let best = matching.map(constants).max() ?? 0
        var methods = Set<String>()
        for route in matching where constants(route) == best {
            methods.insert(route.method.rawValue)
        }
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }

    static func matches(_ pattern: [PathComponent], _ parts: [String]) -> Bool {
        var i = 0
        for component in pattern {
            switch component {
            case .catchall: return i < parts.count
            case .anything, .parameter:
                guard i < parts.count else { return false }
            case .constant(let c):
                guard i < parts.count, parts[i] == c else { return false }
            }
            i += 1
        }
        return i == parts.count
    }
}
