import ChainLeadCore
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Vapor

/// The HTTP form of every error the app answers: `{"error", "message" (Chinese), "field"?, "rows"?}`
/// with its status and headers. Services throw `DomainError`s; `init(_:)` is the one mapping to
/// HTTP (pages map them to messages in `VaporErrorMiddleware.page`).
public struct APIError: Error, HTTPResponseConvertible, AbortError, Sendable {
    public typealias Row = DomainError.RowError

    public var status: HTTPResponseStatus
    public var code: String
    public var message: String
    public var field: String?
    public var rows: [Row]?
    public var extraHeaders: [(String, String)] = []

    public init(_ status: HTTPResponseStatus, _ code: String, _ message: String, field: String? = nil, rows: [Row]? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.rows = rows
    }

    /// The one mapping from the domain's refusals to HTTP.
    public init(_ e: DomainError) {
        let status: HTTPResponseStatus
        switch e.kind {
        case .malformed: status = .badRequest
        case .unauthenticated: status = .unauthorized
        case .forbidden: status = .forbidden
        case .notFound: status = .notFound
        case .conflict: status = .conflict
        case .stale: status = .preconditionFailed
        case .tooLarge: status = .payloadTooLarge
        case .invalid: status = .unprocessableEntity
        case .tooMany: status = .tooManyRequests
        case .unavailable: status = .serviceUnavailable
        case .internal: status = .internalServerError
        }
        self.init(status, e.code, e.message, field: e.field, rows: e.rows)
        if let seconds = e.retryAfter { extraHeaders = [("Retry-After", String(seconds))] }
    }

    public var reason: String { message }

    // MARK: HTTP's own

    public static func badRequest(_ message: String = "请求格式错误（JSON 格式、字段类型或枚举值不正确）", field: String? = nil) -> APIError {
        APIError(.badRequest, "bad_request", message, field: field)
    }
    public static let unauthorized = APIError(DomainError.unauthenticated)
    public static let tooLarge = APIError(.payloadTooLarge, "too_large", "请求体过大")
    // swift-format-ignore: DontRepeatTypeInStaticProperties
    // (`internal` alone is a keyword.)
    public static let internalError = APIError(DomainError.internal)

    // MARK: rendering

    struct Body: Codable {
        var error: String
        var message: String
        var field: String?
        var rows: [Row]?
    }

    public var jsonData: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        return (try? encoder.encode(Body(error: code, message: message, field: field, rows: rows))) ?? Data()
    }

    public var httpStatus: HTTPTypes.HTTPResponse.Status { .init(code: Int(status.code)) }

    public var httpHeaderFields: HTTPTypes.HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        for (name, value) in extraHeaders {
            if let n = HTTPField.Name(name) { fields[n] = value }
        }
        return fields
    }

    public var httpBody: OpenAPIRuntime.HTTPBody? { HTTPBody(jsonData) }

    /// A Vapor response with the same body, for routes outside the generated API.
    public func vaporResponse() -> Response {
        var headers = HTTPHeaders([("Content-Type", "application/json; charset=utf-8")])
        for (n, v) in extraHeaders { headers.add(name: n, value: v) }
        return Response(status: status, headers: headers, body: .init(data: jsonData))
    }
}

extension DomainError {
    /// The HTTP status this refusal answers with (pages set it on the page they render).
    var status: HTTPResponseStatus { APIError(self).status }
}
