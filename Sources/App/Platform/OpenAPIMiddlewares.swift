import ChainLeadCore
import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// The outermost middleware of the generated API: turns every error into the JSON error
/// body with its status. Logs the error's type and operation only — never headers or bodies.
struct APIErrorMiddleware: ServerMiddleware {
    let logger: Logger

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch {
            let apiError = Self.apiError(for: error)
            if apiError.status.code >= 500 {
                let underlying = (error as? ServerError)?.underlyingError ?? error
                logger.error("\(operationID) failed: \(String(reflecting: type(of: underlying))): \(underlying)")
            }
            return (HTTPResponse(status: apiError.httpStatus, headerFields: apiError.httpHeaderFields), apiError.httpBody)
        }
    }

    /// The errors the app knows: refusals, stored values no rule wrote, a busy database.
    static func known(_ error: any Error) -> APIError? {
        if let e = error as? APIError { return e }
        if let e = error as? DomainError { return APIError(e) }
        if let stored = error as? StoredValueError { return APIError(.storedValue(stored.column)) }
        if let busy = DomainError.databaseBusy(error) { return APIError(busy) }
        if let shard = DomainError.shardUnreachable(error) { return APIError(shard) }
        return nil
    }

    static func apiError(for error: any Error) -> APIError {
        if let known = known(error) { return known }
        if let e = error as? APIError { return e }
        if let serverError = error as? ServerError {
            if let known = known(serverError.underlyingError) { return known }
            let status = serverError.httpStatus.code
            switch status {
            case 400: return .badRequest()
            case 413: return .tooLarge
            case 415: return APIError(.unsupportedMediaType, "unsupported_media_type", "不支持的 Content-Type")
            case 400..<500:
                return APIError(.init(statusCode: status), "bad_request", "请求无效")
            default: return .internalError
            }
        }
        return .internalError
    }
}

/// Collects a JSON body within its limit (413 beyond it) and records which JSON keys were
/// explicit nulls. Runs after `BearerAuthMiddleware`: nothing is read before the caller is known.
/// File uploads pass through unread: their handlers authorise, then read them (`Upload`).
struct BodyLimitMiddleware: ServerMiddleware {
    let limit: Int
    /// The login and password forms are read before anyone is known: small.
    var openLimit: Int = 16 << 10
    static let fileOperations: Set<String> = [
        "importEnterprises", "importFigures", "importSupplyLinks", "importHonours", "addRequestAttachment", "addApplicationAttachment",
        "addObjectionAttachment", "addCasePicture",
    ]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let body else { return try await next(request, nil, metadata) }
        if Self.fileOperations.contains(operationID) { return try await next(request, body, metadata) }
        let data = try await Upload.collect(body, limit: BearerAuthMiddleware.openOperations.contains(operationID) ? openLimit : limit)
        var context = RequestContext.current
        let isJSON = request.headerFields[.contentType]?.lowercased().contains("json") ?? false
        // Only to find explicit nulls: a body that is not JSON is refused by the generated decoder next.
        let object = data.isEmpty || !isJSON ? nil : try? JSONSerialization.jsonObject(with: data)
        if let key = Self.keyWithNulCharacter(in: object) {
            // PostgreSQL text cannot hold U+0000: refuse it up front, on both databases.
            throw DomainError.invalid(key, "文本不能包含空字符（U+0000）", code: "nul_character")
        }
        context.nullKeys = Self.nullKeys(in: object)
        return try await RequestContext.$current.withValue(context) {
            try await next(request, HTTPBody(data), metadata)
        }
    }

    static func keyWithNulCharacter(in value: Any?, key: String = "body") -> String? {
        switch value {
        case let s as String: return s.unicodeScalars.contains("\u{0}") ? key : nil
        case let a as [Any]: return a.lazy.compactMap { keyWithNulCharacter(in: $0, key: key) }.first
        case let o as [String: Any]:
            if o.keys.contains(where: { $0.unicodeScalars.contains("\u{0}") }) { return key }
            return o.lazy.compactMap { keyWithNulCharacter(in: $0.value, key: $0.key) }.first
        default: return nil
        }
    }

    static func nullKeys(in json: Any?) -> Set<String> {
        guard let object = json as? [String: Any] else { return [] }
        var keys: Set<String> = []
        for (key, value) in object {
            if value is NSNull { keys.insert(key) }
            if let nested = value as? [String: Any] {
                for (k, v) in nested where v is NSNull { keys.insert("\(key).\(k)") }
            }
        }
        return keys
    }
}

/// Requires a valid bearer token on every operation but the open ones, before any body is read
/// (an unread body is discarded by Vapor after the 401).
struct BearerAuthMiddleware: ServerMiddleware {
    static let openOperations: Set<String> = ["getHealth", "createToken", "changePassword"]
    let tokens: TokenStore
    var limiter: RateLimiter? = nil

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        if Self.openOperations.contains(operationID) {
            return try await next(request, body, metadata)
        }
        guard let header = request.headerFields[.authorization],
            header.count > 7, header.prefix(7).lowercased() == "bearer "
        else {
            throw APIError.unauthorized
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let user = try await tokens.user(forToken: token) else { throw APIError.unauthorized }
        if let wait = limiter?.admit(TokenStore.hash(token)) { throw RateLimiter.refused(wait) }
        var context = RequestContext.current
        context.caller = Caller(userID: user.id, username: user.username, grants: user.grants, clientIP: context.caller.clientIP)
        context.note.user = user.username
        return try await RequestContext.$current.withValue(context) {
            try await next(request, body, metadata)
        }
    }
}

/// `ETag` as HTTP writes it (`"7"`): the generated server encodes header values the URI way
/// (`%227%22`), which no client would match against its `If-Match`.
struct ETagMiddleware: ServerMiddleware {
    /// The operations that take `If-Match` (`EditVersion`).
    static let versioned: Set<String> = [
        "updateEnterprise", "putFigures", "updateLead", "setRouting", "updateSelectionScheme", "updateCampaign",
    ]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        // Judged as sent: the generated server hands the handler the header percent-decoded.
        if Self.versioned.contains(operationID), let ifMatch = request.headerFields[.ifMatch], ifMatch.unicodeScalars.count > 40 {
            throw DomainError.invalid("If-Match", "If-Match 过长：应为读取时得到的 ETag，例如 \"3\"", code: "bad_if_match")
        }
        var (response, body) = try await next(request, body, metadata)
        if let tag = response.headerFields[.eTag], let plain = tag.removingPercentEncoding { response.headerFields[.eTag] = plain }
        return (response, body)
    }
}
